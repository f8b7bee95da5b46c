/// The channel spend the demo starts with: monthly budgets on the paid channels of the demo's
/// generator, so the channel report shows CAC, ROI and payback rather than blank columns.
public enum DemoChannelSpend {
    /// Spend per 30-day period, in major units, by channel.
    public static let monthly: [(channel: String, amount: Int)] = [
        ("wechat", 30_000), ("douyin", 35_000), ("app_store", 12_000), ("xiaohongshu", 15_000),
        ("baidu_sem", 20_000), ("bilibili", 8_000),
    ]

    /// Entries for the three 30-day periods ending on `today` (a day number).
    public static func entries(today: Int) -> [ChannelSpend] {
        (0..<3).flatMap { period in
            monthly.map { channel, amount in
                ChannelSpend(id: nil, channel: channel, fromDay: today - 30 * (period + 1) + 1, toDay: today - 30 * period,
                             amountMinor: Int64(amount) * 100, note: "demo budget")
            }
        }
    }
}
