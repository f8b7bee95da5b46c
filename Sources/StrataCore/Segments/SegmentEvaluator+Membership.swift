extension SegmentEvaluator {
    /// An evaluator that resolves saved segments (by evaluating their rules, which validation
    /// keeps free of cycles) and the built-in model layers (`rfm:…` with the default RFM model,
    /// `lifecycle:…` with the daily preset).
    public static func resolving(segments: [String: SegmentRule], index: UserIndex, asOf: Int64,
                                 settings: WorkspaceSettings = WorkspaceSettings()) -> SegmentEvaluator
    {
        SegmentEvaluator(index: index, asOf: asOf, settings: settings) { membership in
            switch membership {
            case .segment(let name):
                guard let rule = segments[name] else {
                    throw StrataError(.invalidField, "No segment named \(name).", field: "rule")
                }
                return try resolving(segments: segments, index: index, asOf: asOf, settings: settings).evaluate(rule)
            case .layer("rfm", let layer):
                guard let name = RFMModel.Layer(name: layer) else {
                    throw StrataError(.invalidField, "No RFM layer \(layer).", field: "rule")
                }
                return RFMModel().run(index, asOf: asOf, settings: settings).layers[name] ?? UserSet()
            case .layer(_, let layer):
                guard let stage = LifecycleModel.Stage(rawValue: layer) else {
                    throw StrataError(.invalidField, "No lifecycle stage \(layer).", field: "rule")
                }
                return LifecycleModel.daily.stages(index, asOf: asOf, settings: settings)[stage] ?? UserSet()
            case .tag(let tag):
                throw StrataError(.invalidField, "No tag named \(tag).", field: "rule")
            }
        }
    }
}
