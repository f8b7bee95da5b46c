/// Watches a running campaign hour by hour against what its own recent hours lead one to
/// expect, and raises alerts (活动监控预警): a failure spike, a conversion collapse, the budget
/// burning faster than the window allows, or sending that stalled while messages wait.
public struct CampaignMonitor: Sendable {
    /// One hour of a campaign.
    public struct Hour: Sendable, Equatable {
        /// Hours since 1970 (UTC).
        public var hour: Int64
        public var sent: Int
        public var failed: Int
        /// Conversions among the users reached in this hour (so far).
        public var converted: Int
        public var costMinor: Int64

        /// Creates an hour.
        public init(hour: Int64, sent: Int = 0, failed: Int = 0, converted: Int = 0, costMinor: Int64 = 0) {
            self.hour = hour
            self.sent = sent
            self.failed = failed
            self.converted = converted
            self.costMinor = costMinor
        }
    }

    /// An alert.
    public struct Alert: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case failureSpike = "failure_spike"
            case conversionCollapse = "conversion_collapse"
            case budgetBurn = "budget_burn"
            case stalled
        }

        public var kind: Kind
        /// The hour it concerns (hours since 1970).
        public var hour: Int64
        public var message: String
        /// The value seen and the band expected.
        public var value: Double
        public var expectedLow: Double
        public var expectedHigh: Double

        /// Creates an alert.
        public init(kind: Kind, hour: Int64, message: String, value: Double, expectedLow: Double, expectedHigh: Double) {
            self.kind = kind
            self.hour = hour
            self.message = message
            self.value = value
            self.expectedLow = expectedLow
            self.expectedHigh = expectedHigh
        }
    }

    /// The expected band of a series: the mean of the earlier hours ± 3 standard deviations
    /// (at least ±1 and never below 0).
    public static func band(_ values: [Double]) -> (low: Double, high: Double)? {
        guard values.count >= 3 else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let spread = max(1, 3 * variance.squareRoot())
        return (max(0, mean - spread), mean + spread)
    }

    /// Alerts for the latest complete hour of `hours` (oldest first, one per hour, gaps as zeros).
    ///
    /// - Parameters:
    ///   - pending: messages waiting to be sent now.
    ///   - budget: the budget and what is spent (minor units), with the window's share elapsed (0…1).
    public static func alerts(hours: [Hour], pending: Int, budget: (total: Int64, spent: Int64, elapsed: Double)?) -> [Alert] {
        guard let last = hours.last else { return [] }
        let earlier = Array(hours.dropLast())
        var alerts: [Alert] = []
        // Failure spike: the hour's failure rate far above the earlier hours' (and at least 5%).
        let attempts = last.sent + last.failed
        if attempts >= 50 {
            let rate = Double(last.failed) / Double(attempts)
            let before = earlier.reduce((0, 0)) { ($0.0 + $1.failed, $0.1 + $1.sent + $1.failed) }
            let baseline = before.1 == 0 ? 0 : Double(before.0) / Double(before.1)
            let limit = max(0.05, 3 * baseline)
            if rate > limit {
                alerts.append(Alert(kind: .failureSpike, hour: last.hour,
                                    message: "\(ReportFormat.percent(rate)) of sends failed in the last hour (expected at most "
                                        + "\(ReportFormat.percent(limit))); check the channel.",
                                    value: rate, expectedLow: 0, expectedHigh: limit))
            }
        }
        // Conversion collapse: the recent hours' rate under a third of the earlier hours'.
        let recent = hours.suffix(3), older = hours.dropLast(3)
        let recentSent = recent.reduce(0) { $0 + $1.sent }, olderSent = older.reduce(0) { $0 + $1.sent }
        if recentSent >= 200, olderSent >= 200 {
            let recentRate = Double(recent.reduce(0) { $0 + $1.converted }) / Double(recentSent)
            let olderRate = Double(older.reduce(0) { $0 + $1.converted }) / Double(olderSent)
            if olderRate >= 0.01, recentRate < olderRate / 3 {
                alerts.append(Alert(kind: .conversionCollapse, hour: last.hour,
                                    message: "Conversion fell to \(ReportFormat.percent(recentRate)) in the last 3 hours from "
                                        + "\(ReportFormat.percent(olderRate)) before; check the offer, the landing page or the audience.",
                                    value: recentRate, expectedLow: olderRate / 3, expectedHigh: 1))
            }
        }
        // Budget burn: spent share well ahead of the window's elapsed share.
        if let budget, budget.total > 0 {
            let spent = Double(budget.spent) / Double(budget.total)
            if spent >= 0.2, spent > budget.elapsed * 1.5 + 0.05 {
                alerts.append(Alert(kind: .budgetBurn, hour: last.hour,
                                    message: "\(ReportFormat.percent(spent)) of the budget is spent with "
                                        + "\(ReportFormat.percent(budget.elapsed)) of the window gone; at this pace it runs out early.",
                                    value: spent, expectedLow: 0, expectedHigh: budget.elapsed * 1.5 + 0.05))
            }
        }
        // Stalled: nothing sent in the hour while messages wait, after hours that sent.
        if pending > 0, last.sent + last.failed == 0, let band = band(earlier.suffix(6).map { Double($0.sent) }), band.low > 0 {
            alerts.append(Alert(kind: .stalled, hour: last.hour,
                                message: "Nothing was sent in the last hour while \(pending) messages wait (expected "
                                    + "\(Int(band.low))–\(Int(band.high))); check the dispatcher and the channel.",
                                value: 0, expectedLow: band.low, expectedHigh: band.high))
        }
        return alerts
    }
}
