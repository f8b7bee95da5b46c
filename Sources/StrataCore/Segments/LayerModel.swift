/// A layering model as one thing: the built-in RFM and lifecycle models and the weighted scoring
/// models all split users into named layers as of an instant. Snapshots, the flow matrix and
/// the model endpoints use this one shape.
public enum LayerModel: Sendable {
    /// RFM's eight value layers (buyers in the window only).
    case rfm(RFMModel)
    /// The five lifecycle stages (every user).
    case lifecycle(LifecycleModel)
    /// A scoring model's tiers (every user).
    case scoring(ScoringModel)

    /// The name rules use for the model (`rfm`, `lifecycle`, or the scoring model's name).
    public var name: String {
        switch self {
        case .rfm: "rfm"
        case .lifecycle: "lifecycle"
        case .scoring(let model): model.name
        }
    }

    /// Layer names in their display order.
    public var layerNames: [String] {
        switch self {
        case .rfm: RFMModel.Layer.allCases.map(\.rawValue)
        case .lifecycle: LifecycleModel.Stage.allCases.map(\.rawValue)
        case .scoring(let model): model.tiers.map(\.name)
        }
    }

    /// The users of each layer as of `asOf`, in display order.
    public func layers(_ index: UserIndex, asOf: Int64, settings: WorkspaceSettings) -> [(name: String, users: UserSet)] {
        switch self {
        case .rfm(let model):
            let layers = model.run(index, asOf: asOf, settings: settings).layers
            return RFMModel.Layer.allCases.map { ($0.rawValue, layers[$0] ?? UserSet()) }
        case .lifecycle(let model):
            let stages = model.stages(index, asOf: asOf, settings: settings)
            return LifecycleModel.Stage.allCases.map { ($0.rawValue, stages[$0] ?? UserSet()) }
        case .scoring(let model):
            let tiers = model.run(index, asOf: asOf, settings: settings).tiers
            return model.tiers.map { ($0.name, tiers[$0.name] ?? UserSet()) }
        }
    }

    /// The layer each profile is in as of `asOf` (`nil`: in none, or not a known profile);
    /// merged profiles count for the profile they joined. Used to break results down by layer.
    public func layer(of users: [Int64], _ index: UserIndex, asOf: Int64, settings: WorkspaceSettings) -> [String?] {
        let layers = layers(index, asOf: asOf, settings: settings)
        let canonical = index.canonical
        return users.map { uid in
            guard uid >= 0, Int(uid) < index.userCapacity else { return nil }
            let user = Int(canonical[Int(uid)])
            return layers.first { $0.users.contains(user) }?.name
        }
    }
}

extension LayerModel {
    /// The model a flow, snapshot or score request names: `rfm`, `lifecycle` (default settings)
    /// or one of the saved scoring models.
    ///
    /// - Throws: `StrataError.notFound` naming the models there are.
    public static func named(_ name: String, scoringModels: [ScoringModel]) throws -> LayerModel {
        switch name {
        case "rfm": return .rfm(RFMModel())
        case "lifecycle": return .lifecycle(.daily)
        default:
            guard let model = scoringModels.first(where: { $0.name == name }) else {
                throw StrataError(.notFound, "No model named \"\(name)\"; models are "
                    + (["rfm", "lifecycle"] + scoringModels.map(\.name)).joined(separator: ", ") + ".", field: "model")
            }
            return .scoring(model)
        }
    }

    /// Every model whose layers are snapshotted each day: RFM and lifecycle with default
    /// settings, then each saved scoring model.
    public static func snapshotted(scoringModels: [ScoringModel]) -> [LayerModel] {
        [.rfm(RFMModel()), .lifecycle(.daily)] + scoringModels.map { .scoring($0) }
    }

    /// The model's layers on a day: the stored snapshot when there is one (`stored` returns the
    /// day's snapshot rows, empty when none was taken), else computed from the index as of the
    /// end of that day (the next local midnight), or `now` for today.
    ///
    /// - Returns: the layers in display order and whether they came from a snapshot.
    /// - Throws: `StrataError.invalidParameter` for a day that is not `YYYY-MM-DD`.
    public func layers(on day: String, field: String = "day", now: Int64, index: UserIndex, settings: WorkspaceSettings,
                       stored: (String) throws -> [LayerSnapshot]) throws
        -> (layers: [(name: String, users: UserSet)], fromSnapshot: Bool)
    {
        let asOf = try settings.endOfDay(day, field: field)
        let snapshot = try stored(day)
        if !snapshot.isEmpty {
            let byName = Dictionary(snapshot.map { ($0.layer, $0.members) }, uniquingKeysWith: { a, _ in a })
            return (layerNames.map { ($0, byName[$0] ?? UserSet()) }, true)
        }
        return (layers(index, asOf: min(asOf, now), settings: settings), false)
    }

    /// How users flowed between the model's layers from one day to another, over the users live
    /// now; each day's layers come from its snapshot when `stored` has one. The two days are
    /// computed at once, one per core.
    ///
    /// - Returns: the matrix and, for each day, whether a snapshot was used.
    /// - Throws: `StrataError.invalidParameter` when `from` is not a day before `to`.
    public func flow(from: String, to: String, now: Int64, index: UserIndex, settings: WorkspaceSettings,
                     stored: @escaping @Sendable (String) throws -> [LayerSnapshot]) throws
        -> (flow: LayerFlow, fromSnapshot: (Bool, Bool))
    {
        let start = try settings.endOfDay(from, field: "from"), end = try settings.endOfDay(to, field: "to")
        guard start < end else {
            throw StrataError(.invalidParameter, "from (\(from)) must be a day before to (\(to)).", field: "from")
        }
        let days = try ParallelWork.run([(from, "from"), (to, "to")].map { day, field in
            { try self.layers(on: day, field: field, now: now, index: index, settings: settings, stored: stored) }
        })
        let (a, b) = (days[0], days[1])
        return (LayerFlow(from: a.layers, to: b.layers, universe: index.live), (a.fromSnapshot, b.fromSnapshot))
    }
}
