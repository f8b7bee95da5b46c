import Foundation
import StrataCore
import StrataStore

/// The layer-model use cases, written once for the API, the dashboard and the CLI: RFM,
/// lifecycle and weighted scoring models, the flow between two days, snapshots.
public struct ModelUseCases: Sendable {
    let app: AppServices

    /// Runs an RFM model as of an instant (now by default).
    public func rfm(_ model: RFMModel, asOf: Int64? = nil) async throws -> (result: RFMModel.Result, asOf: Int64) {
        let instant = asOf ?? app.clock.now()
        return (try await app.index.rfm(model, asOf: instant), instant)
    }

    /// Runs a lifecycle model as of an instant (now by default).
    public func lifecycle(_ model: LifecycleModel, asOf: Int64? = nil) async throws
        -> (stages: [LifecycleModel.Stage: UserSet], asOf: Int64)
    {
        let instant = asOf ?? app.clock.now()
        return (try await app.index.lifecycle(model, asOf: instant), instant)
    }

    /// A lifecycle model's stages and an RFM model's layers as of an instant, side by side (the
    /// model settings page tries parameters this way).
    public func layers(lifecycle: LifecycleModel, rfm: RFMModel, asOf: Int64) async throws -> BuiltInLayers {
        try await app.index.layers(lifecycle: lifecycle, rfm: rfm, asOf: asOf)
    }

    /// The saved scoring models.
    public func scoringModels() throws -> [ScoringModel] {
        try app.database.scoringModels()
    }

    /// A saved scoring model.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func scoringModel(named name: String) throws -> ScoringModel {
        guard let model = try app.database.scoringModels().first(where: { $0.name == name }) else {
            throw StrataError(.notFound, "No scoring model named \"\(name)\".", field: "name")
        }
        return model
    }

    /// Runs a scoring model, saved or not, as of an instant (now by default).
    public func score(_ model: ScoringModel, asOf: Int64? = nil) async throws
        -> (result: ScoringModel.Result, asOf: Int64)
    {
        let instant = asOf ?? app.clock.now()
        return (try await app.index.score(model, asOf: instant), instant)
    }

    /// Saves (or replaces) a scoring model after checking its events and traits exist.
    public func saveScoring(_ model: ScoringModel) async throws {
        try await app.index.validate(model)
        try app.database.saveScoringModel(model)
    }

    /// Deletes a scoring model no segment uses.
    ///
    /// - Throws: `StrataError.conflict` naming the segments that use its layers.
    public func deleteScoring(named name: String) async throws {
        let users = try await app.index.directory().segments(using: {
            if case .layer(name, _) = $0 { return true } else { return false }
        })
        guard users.isEmpty else {
            throw StrataError(.conflict, "Model \"\(name)\" is used by segment(s) \(users.joined(separator: ", ")); "
                + "change or delete them first.", field: "name")
        }
        try app.database.deleteScoringModel(named: name)
    }

    /// The model a name means: `rfm`, `lifecycle` or a saved scoring model.
    public func layerModel(named name: String) throws -> LayerModel {
        try LayerModel.named(name, scoringModels: try app.database.scoringModels())
    }

    /// The transition matrix of a model between two days, each from its snapshot where one was
    /// taken; `now` (default: the clock's) caps a day that has not ended.
    ///
    /// - Returns: the model, the flow and, for each day, whether a snapshot was used.
    public func flow(_ modelName: String, from: String, to: String, now: Int64? = nil) async throws
        -> (model: LayerModel, flow: LayerFlow, fromSnapshot: (Bool, Bool))
    {
        let model = try layerModel(named: modelName)
        let (flow, sources) = try await app.index.flow(model, from: from, to: to, useSnapshots: true,
                                                       now: now ?? app.clock.now())
        return (model, flow, sources)
    }

    /// Saves the users of one cell of a flow as a fixed segment named `name` (backed by a tag of
    /// the same name).
    ///
    /// - Returns: the segment and its size.
    public func saveFlowCell(_ modelName: String, from: String, to: String, fromLayer: String, toLayer: String,
                             name: String, description: String?, owner: String) async throws
        -> (segment: SavedSegment, size: Int)
    {
        let (model, flow, _) = try await self.flow(modelName, from: from, to: to)
        let users = try flow.users(from: fromLayer, to: toLayer)
        let text = description ?? "\(model.name): \(fromLayer) on \(from) → \(toLayer) on \(to)"
        let segment = try app.database.saveFixedSegment(name: name, description: text, owner: owner,
                                                        uids: users.map(Int64.init))
        return (segment, users.count)
    }

    /// Takes the snapshot of every segment and model layer for a day (today by default; a past
    /// day as of its end).
    ///
    /// - Returns: the day and how many snapshots were stored.
    public func takeSnapshots(day: String? = nil) async throws -> (day: String, count: Int) {
        let now = app.clock.now()
        let day = day ?? app.settings.dayText(now)
        return (day, try await app.index.takeSnapshots(day: day, now: now))
    }

    /// The days that have snapshots, newest first.
    public func snapshotDays() throws -> [String] {
        try app.database.snapshotDays()
    }
}

extension AppServices {
    /// Layer models: RFM, lifecycle, scoring, flow, snapshots.
    public var models: ModelUseCases { ModelUseCases(app: self) }
}
