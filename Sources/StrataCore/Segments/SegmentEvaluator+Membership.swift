extension SegmentEvaluator {
    /// An evaluator that resolves saved segments (by evaluating their rules, which validation
    /// keeps free of cycles), tags, the built-in model layers (`rfm:…` with the default RFM
    /// model, `lifecycle:…` with the daily preset) and the tiers of scoring models.
    public static func resolving(_ directory: MembershipDirectory, index: UserIndex, asOf: Int64,
                                 settings: WorkspaceSettings = WorkspaceSettings()) -> SegmentEvaluator
    {
        SegmentEvaluator(index: index, asOf: asOf, settings: settings) { membership in
            let nested = { resolving(directory, index: index, asOf: asOf, settings: settings) }
            switch membership {
            case .segment(let name):
                guard let rule = directory.segments[name] else {
                    throw StrataError(.invalidField, "No segment named \"\(name)\".", field: "rule")
                }
                return try nested().evaluate(rule)
            case .tag(let name):
                switch directory.tags[name] {
                case .users(let tagged)?:
                    var members = UserSet(capacity: index.userCapacity)
                    let canonical = index.canonical
                    for u in tagged where u < canonical.count { members.insert(Int(canonical[u])) }
                    return members
                case .followsSegment(let segment)?:
                    return try nested().evaluate(.member(.segment(segment)))
                case nil:
                    throw StrataError(.invalidField, "No tag named \"\(name)\".", field: "rule")
                }
            case .layer("rfm", let layer):
                guard let name = RFMModel.Layer(name: layer) else {
                    throw StrataError(.invalidField, "No RFM layer \"\(layer)\".", field: "rule")
                }
                return RFMModel().run(index, asOf: asOf, settings: settings).layers[name] ?? UserSet()
            case .layer("lifecycle", let layer):
                guard let stage = LifecycleModel.Stage(rawValue: layer) else {
                    throw StrataError(.invalidField, "No lifecycle stage \"\(layer)\".", field: "rule")
                }
                return LifecycleModel.daily.stages(index, asOf: asOf, settings: settings)[stage] ?? UserSet()
            case .layer(let model, let tier):
                guard let scoring = directory.scoringModels[model] else {
                    throw StrataError(.invalidField, "No model named \"\(model)\".", field: "rule")
                }
                guard let members = scoring.run(index, asOf: asOf, settings: settings).tiers[tier] else {
                    throw StrataError(.invalidField, "Model \(model) has no tier \"\(tier)\".", field: "rule")
                }
                return members
            }
        }
    }
}
