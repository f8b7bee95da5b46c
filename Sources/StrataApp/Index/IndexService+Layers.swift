import Foundation
import StrataCore
import StrataStore

extension IndexService {
    /// Takes and stores the snapshot of every saved segment and of every layer of RFM, lifecycle
    /// (default settings) and each scoring model for a day, as of the end of that day (or `now`,
    /// for today), after reading the latest writes.
    ///
    /// - Returns: how many snapshots were stored.
    /// - Throws: `StrataError.invalidParameter` for a day in the future.
    @discardableResult
    public func takeSnapshots(day: String, now: Int64) throws -> Int {
        try refresh()
        let settings = database.settings
        let asOf = try LayerSnapshot.instant(of: day, now: now, settings: settings)
        let models = LayerModel.snapshotted(scoringModels: try database.scoringModels())
        let snapshots = try LayerSnapshot.take(try directory(), models: models, index: index, asOf: asOf, day: day,
                                               settings: settings)
        try database.saveSnapshots(snapshots)
        return snapshots.count
    }

    /// The flow between a model's layers from one day to another, each day from its stored
    /// snapshot when `useSnapshots` and one was taken, else computed from the index.
    public func flow(_ model: LayerModel, from: String, to: String, useSnapshots: Bool, now: Int64) throws
        -> (flow: LayerFlow, fromSnapshot: (Bool, Bool))
    {
        try refresh()
        let database = self.database, name = model.name
        return try model.flow(from: from, to: to, now: now, index: index, settings: database.settings, stored: { day in
            useSnapshots ? try database.snapshots(.model, name: name, day: day) : []
        })
    }

    /// The layer of each profile in each built-in model (lifecycle, RFM) as of an instant,
    /// after reading the latest writes.
    public func layers(of users: [Int64], asOf: Int64) throws -> [(model: String, layers: [String?])] {
        guard !users.isEmpty else { return [("lifecycle", []), ("rfm", [])] }
        try refresh()
        return [LayerModel.lifecycle(.daily), .rfm(RFMModel())].map {
            ($0.name, $0.layer(of: users, index, asOf: asOf, settings: database.settings))
        }
    }
}
