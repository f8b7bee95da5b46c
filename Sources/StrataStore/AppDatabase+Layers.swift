import Foundation
import GRDB
import StrataCore

/// Manual tags' members as last read, by name, with the revision they were read at; passed
/// back in so unchanged tags are not read again.
public typealias TagMemberCache = [String: (revision: Int64, users: UserSet)]

extension AppDatabase {
    /// The saved segments, tags and scoring models rules can refer to, reading a manual tag's
    /// members only when its revision differs from the cached one.
    public func membershipDirectory(cache: TagMemberCache = [:]) throws -> (MembershipDirectory, TagMemberCache) {
        var members: [String: MembershipDirectory.TagMembers] = [:]
        var fresh: TagMemberCache = [:]
        for stored in try tags() {
            let name = stored.tag.name
            if let segment = stored.tag.segment {
                members[name] = .followsSegment(segment)
                continue
            }
            if let cached = cache[name], cached.revision == stored.revision {
                fresh[name] = cached
            } else {
                fresh[name] = (stored.revision, try tagMembers(named: name))
            }
            members[name] = .users(fresh[name]!.users)
        }
        let directory = MembershipDirectory(
            segments: Dictionary(uniqueKeysWithValues: try segments().map { ($0.name, $0.rule) }),
            tags: members,
            scoringModels: Dictionary(uniqueKeysWithValues: try scoringModels().map { ($0.name, $0) }))
        return (directory, fresh)
    }

    /// The model a flow, snapshot or score request names: `rfm`, `lifecycle` (default settings)
    /// or a saved scoring model.
    ///
    /// - Throws: `StrataError.notFound` naming the models there are.
    public func layerModel(named name: String) throws -> LayerModel {
        switch name {
        case "rfm": return .rfm(RFMModel())
        case "lifecycle": return .lifecycle(.daily)
        default:
            let models = try scoringModels()
            guard let model = models.first(where: { $0.name == name }) else {
                throw StrataError(.notFound, "No model named \"\(name)\"; models are "
                    + (["rfm", "lifecycle"] + models.map(\.name)).joined(separator: ", ") + ".", field: "model")
            }
            return .scoring(model)
        }
    }

    /// Takes and stores the snapshot of every saved segment and of every layer of RFM, lifecycle
    /// (default settings) and each scoring model for a day, as of the end of that day (or `now`,
    /// for today).
    ///
    /// - Returns: how many snapshots were stored.
    /// - Throws: `StrataError.invalidParameter` for a day in the future.
    @discardableResult
    public func takeSnapshots(day: String, now: Int64, index: UserIndex, directory: MembershipDirectory) throws -> Int {
        let endOfDay = try settings.endOfDay(day, field: "day")
        guard now >= endOfDay - 86_400_000 + 1 else {
            throw StrataError(.invalidParameter, "day \(day) is in the future.", field: "day")
        }
        let models = [LayerModel.rfm(RFMModel()), .lifecycle(.daily)] + (try scoringModels().map { LayerModel.scoring($0) })
        let snapshots = try LayerSnapshot.take(directory, models: models, index: index, asOf: min(now, endOfDay),
                                               day: day, settings: settings)
        try saveSnapshots(snapshots)
        return snapshots.count
    }

    /// The layers of a model on a day: the stored snapshot when one was taken (for models with
    /// their snapshot settings), else computed from the index as of the end of that day.
    ///
    /// - Returns: the layers and whether they came from a snapshot.
    public func layers(of model: LayerModel, on day: String, useSnapshot: Bool, now: Int64, index: UserIndex) throws
        -> (layers: [(name: String, users: UserSet)], fromSnapshot: Bool)
    {
        let asOf = try settings.endOfDay(day, field: "day")
        if useSnapshot {
            let stored = try snapshots(.model, name: model.name, day: day)
            if !stored.isEmpty {
                let byName = Dictionary(stored.map { ($0.layer, $0.members) }, uniquingKeysWith: { a, _ in a })
                return (model.layerNames.map { ($0, byName[$0] ?? UserSet()) }, true)
            }
        }
        return (model.layers(index, asOf: min(asOf, now), settings: settings), false)
    }

    /// The flow between a model's layers from one day to another, over the users live now.
    ///
    /// - Returns: the matrix and, for each day, whether a snapshot was used.
    public func flow(_ model: LayerModel, from: String, to: String, useSnapshots: Bool, now: Int64, index: UserIndex)
        throws -> (flow: LayerFlow, fromSnapshot: (Bool, Bool))
    {
        let start = try settings.endOfDay(from, field: "from"), end = try settings.endOfDay(to, field: "to")
        guard start < end else {
            throw StrataError(.invalidParameter, "from (\(from)) must be a day before to (\(to)).", field: "from")
        }
        // The two days' layers are independent: computed at once, one per core.
        let days = try ParallelWork.run([from, to].map { day in
            { try self.layers(of: model, on: day, useSnapshot: useSnapshots, now: now, index: index) }
        })
        let (a, b) = (days[0], days[1])
        return (LayerFlow(from: a.layers, to: b.layers, universe: index.live), (a.fromSnapshot, b.fromSnapshot))
    }
}
