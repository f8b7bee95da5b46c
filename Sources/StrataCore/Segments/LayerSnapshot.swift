/// The members of a saved segment or of one model layer on a calendar day, kept durably so the
/// size history of every layer and the flow of users between layers can be read later, even
/// for segments whose rules depend on traits that have since changed.
public struct LayerSnapshot: Sendable, Equatable {
    /// What was snapshotted.
    public enum Source: String, Sendable, CaseIterable {
        /// A saved segment (its one layer is named "").
        case segment
        /// A layering model (RFM, lifecycle, a scoring model), one snapshot per layer.
        case model
    }

    /// A segment or a model.
    public var source: Source
    /// The segment's or model's name.
    public var name: String
    /// The calendar day in the workspace time zone (`YYYY-MM-DD`).
    public var day: String
    /// The layer's name ("" for a segment).
    public var layer: String
    /// The members.
    public var members: UserSet
    /// How many members.
    public var size: Int

    /// Creates a snapshot.
    public init(source: Source, name: String, day: String, layer: String = "", members: UserSet) {
        self.source = source
        self.name = name
        self.day = day
        self.layer = layer
        self.members = members
        size = members.count
    }
}

extension LayerSnapshot {
    /// The instant a day's snapshot is taken as of: the next local midnight (so the whole day
    /// counts, as `AsOf` defines), or `now` for today.
    ///
    /// - Throws: `StrataError.invalidParameter` for a day that is not `YYYY-MM-DD` or is in the future.
    public static func instant(of day: String, now: Int64, settings: WorkspaceSettings) throws -> Int64 {
        let endOfDay = try settings.endOfDay(day, field: "day")
        guard now >= (try settings.startOfDay(day, field: "day")) else {
            throw StrataError(.invalidParameter, "day \(day) is in the future.", field: "day")
        }
        return min(now, endOfDay)
    }

    /// Snapshots of every saved segment and every layer of every model, as of `asOf`, labelled
    /// with `day`.
    ///
    /// - Throws: what evaluating a saved segment throws (a segment referring to something deleted).
    public static func take(_ directory: MembershipDirectory, models: [LayerModel], index: UserIndex, asOf: Int64,
                            day: String, settings: WorkspaceSettings) throws -> [LayerSnapshot]
    {
        let evaluator = SegmentEvaluator.resolving(directory, index: index, asOf: asOf, settings: settings)
        var snapshots: [LayerSnapshot] = []
        for (name, rule) in directory.segments.sorted(by: { $0.key < $1.key }) {
            snapshots.append(LayerSnapshot(source: .segment, name: name, day: day, members: try evaluator.evaluate(rule)))
        }
        for model in models {
            for layer in model.layers(index, asOf: asOf, settings: settings) {
                snapshots.append(LayerSnapshot(source: .model, name: model.name, day: day, layer: layer.name,
                                               members: layer.users))
            }
        }
        return snapshots
    }
}
