/// The saved segments, tag and scoring model the demo starts with, so a person opening the
/// demo sees layering at work rather than empty lists.
public enum DemoLayering {
    /// Saved segments: name, description, rule in the text form.
    public static let segments: [(name: String, description: String, rule: String)] = [
        ("高意向未购买", "Viewed a lot in two weeks but bought nothing in a month: a conversion campaign's audience.",
         "did view_item >= 3 times in 14d and not did purchase in 30d"),
        ("沉默高价值", "Important customers gone quiet: the recall journey's audience.",
         "in rfm:重要保持 or in rfm:重要挽留"),
        ("北上广深活跃", "Active users in the four first-tier cities.",
         "city in (Beijing, Shanghai, Guangzhou, Shenzhen) and did app_open in 7d"),
    ]

    /// A manual tag and the rule of the users it starts with.
    public static let tag = (name: "种子用户", description: "Hand-picked seed users for early feature tests.",
                             rule: "vip = true and did share in 30d")

    /// A weighted scoring model (要素权重分层) over activity, purchases and recency.
    public static let scoringModel = ScoringModel(
        name: "engagement", description: "Engagement score: activity, buying and recency.",
        factors: [
            .init(.computed(.activeDays), weight: 3, normalisation: .rank),
            .init(.behaviour(event: "purchase", withinDays: 30), weight: 4),
            .init(.recency, weight: 3, normalisation: .rank),
        ],
        tiers: [.init(name: "high", minScore: 70), .init(name: "medium", minScore: 40), .init(name: "low", minScore: 0)])

    /// Days of snapshots taken for the demo's history (size history and flow between days).
    public static let snapshotDays = 30
}
