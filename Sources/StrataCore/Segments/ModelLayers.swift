/// The layers of the built-in models, as rules refer to them (`rfm:重要价值`,
/// `rfm:important_value`, `lifecycle:silent`).
public enum ModelLayers {
    /// Layer names by model.
    public static var all: [String: Set<String>] {
        [
            "rfm": Set(RFMModel.Layer.allCases.flatMap {
                [$0.rawValue, $0.englishName.replacingOccurrences(of: " ", with: "_")]
            }),
            "lifecycle": Set(LifecycleModel.Stage.allCases.map(\.rawValue)),
        ]
    }
}
