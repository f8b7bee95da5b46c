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
