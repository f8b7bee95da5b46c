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

    /// A conversion campaign to the high-intent segment through the in-app inbox, with a 10%
    /// holdout and two variants, scheduled to send when the demo server starts.
    public static func campaign(now: Int64) -> Campaign {
        var campaign = Campaign(
            name: "高意向召回", description: "Users who viewed a lot this fortnight but bought nothing this month.",
            purpose: .conversion, goal: CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.05,
                                                     deadline: now + 14 * 86_400_000),
            audience: .segment("高意向未购买"), holdoutShare: 0.1,
            variants: [
                CampaignVariant(name: "A", messages: [(.inbox, CampaignMessage(
                    title: "{{traits.name}}，购物车里的宝贝还在等你", body: "今天下单享 9 折。", url: "https://example.com/cart",
                    defaults: ["traits.name": "你好"]))]),
                CampaignVariant(name: "B", messages: [(.inbox, CampaignMessage(
                    title: "{{traits.name}}，送你一张 20 元券", body: "满 199 可用，三天内有效。", url: "https://example.com/coupon",
                    defaults: ["traits.name": "你好"]))]),
            ],
            schedule: .once(at: now))
        campaign.rules.costPerMessageMinor = [.inbox: 0]
        return campaign
    }
}
