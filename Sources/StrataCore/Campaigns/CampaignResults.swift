import Foundation

/// A campaign's results (活动效果): per variant and for the holdout, who was targeted, reached,
/// skipped and failed, who engaged and converted, with the statistics an operations team needs
/// to decide — conversion rate with a 95% interval, uplift over the holdout with a p-value (two-
/// proportion z-test) and the chance to beat it, a sample-ratio-mismatch check, revenue per user,
/// cost and ROI.
///
/// Conversion is the goal event within the goal's window after a user was reached (after the
/// planned send time for holdout users, so both groups are measured over the same window).
public struct CampaignResults: Sendable {
    /// One group's counts, as gathered from the outbox, the members and the events.
    public struct Arm: Sendable, Equatable {
        /// The variant's name, or `holdout`.
        public var name: String
        /// Configured share of the audience (holdout share, or the variant's weighted share of the rest).
        public var expectedShare: Double
        public var targeted = 0
        /// Messages accepted by the provider.
        public var sent = 0
        public var failed: [String: Int] = [:]
        public var skipped: [String: Int] = [:]
        public var pending = 0
        public var opened = 0
        public var clicked = 0
        public var unsubscribed = 0
        /// Users measured (reached users; for the holdout, all of it) and those who converted.
        public var measured = 0
        public var converted = 0
        /// Revenue of the measured users within the window (minor units).
        public var revenueMinor: Int64 = 0
        /// Cost of the messages sent (minor units).
        public var costMinor: Int64 = 0

        /// Creates an arm.
        public init(name: String, expectedShare: Double) {
            self.name = name
            self.expectedShare = expectedShare
        }

        /// Converted ÷ measured.
        public var conversionRate: Double? { measured == 0 ? nil : Double(converted) / Double(measured) }
        /// The Wilson 95% interval of the conversion rate.
        public var interval: (low: Double, high: Double)? {
            measured == 0 ? nil : CampaignResults.wilson(successes: converted, trials: measured)
        }
        /// Revenue per measured user (minor units).
        public var revenuePerUser: Double? { measured == 0 ? nil : Double(revenueMinor) / Double(measured) }
    }

    /// A variant against the holdout.
    public struct Comparison: Sendable, Equatable {
        public var variant: String
        /// Variant rate − holdout rate (absolute), and relative to the holdout rate.
        public var uplift: Double
        public var relativeUplift: Double?
        public var test: ProportionTest
        /// Chance the variant's true rate beats the holdout's (normal approximation of the
        /// difference of the two Beta posteriors with uniform priors).
        public var chanceToBeatControl: Double
        /// Conversions beyond what the holdout rate predicts.
        public var incrementalConversions: Double
    }

    public var arms: [Arm]
    public var comparisons: [Comparison]
    /// The chi-square test of the arms' sizes against their configured shares; a p-value below
    /// 0.001 means the split is broken (sample-ratio mismatch) and comparisons cannot be trusted.
    public var sampleRatioP: Double?
    public var sampleRatioMismatch: Bool { (sampleRatioP ?? 1) < 0.001 }
    /// Revenue and cost of the variants (minor units), and ROI = (incremental revenue − cost) ÷ cost.
    public var costMinor: Int64
    public var incrementalRevenueMinor: Double?
    public var roi: Double?

    /// Works out the statistics for the arms (the holdout, if any, named `holdout`).
    public init(arms: [Arm]) {
        self.arms = arms
        let holdout = arms.first { $0.name == "holdout" }
        let variants = arms.filter { $0.name != "holdout" }
        comparisons = []
        if let holdout, holdout.measured > 0, let base = holdout.conversionRate {
            for v in variants where v.measured > 0 {
                let rate = v.conversionRate ?? 0
                let test = ProportionTest(successesA: v.converted, sizeA: v.measured, successesB: holdout.converted,
                                          sizeB: holdout.measured)
                comparisons.append(Comparison(
                    variant: v.name, uplift: rate - base, relativeUplift: base == 0 ? nil : (rate - base) / base, test: test,
                    chanceToBeatControl: Self.chanceToBeat(v.converted, v.measured, holdout.converted, holdout.measured),
                    incrementalConversions: Double(v.converted) - base * Double(v.measured)))
            }
        }
        // Sample ratio: observed sizes against the configured shares (blocked users are in no group).
        func size(_ arm: Arm) -> Int { arm.targeted - (arm.skipped["blocked"] ?? 0) }
        let total = arms.reduce(0) { $0 + size($1) }
        if arms.count > 1, total > 0 {
            var chiSquare = 0.0
            for arm in arms where arm.expectedShare > 0 {
                let expected = arm.expectedShare * Double(total)
                chiSquare += (Double(size(arm)) - expected) * (Double(size(arm)) - expected) / expected
            }
            sampleRatioP = ProportionTest.chiSquareP(chiSquare, degrees: arms.filter { $0.expectedShare > 0 }.count - 1)
        } else {
            sampleRatioP = nil
        }
        costMinor = variants.reduce(0) { $0 + $1.costMinor }
        if let holdout, holdout.measured > 0 {
            let basePerUser = Double(holdout.revenueMinor) / Double(holdout.measured)
            let incremental = variants.reduce(0.0) { $0 + Double($1.revenueMinor) - basePerUser * Double($1.measured) }
            incrementalRevenueMinor = incremental
            roi = costMinor > 0 ? (incremental - Double(costMinor)) / Double(costMinor) : nil
        } else {
            incrementalRevenueMinor = nil
            let revenue = variants.reduce(0) { $0 + $1.revenueMinor }
            roi = costMinor > 0 ? (Double(revenue) - Double(costMinor)) / Double(costMinor) : nil
        }
    }

    /// The Wilson score interval at 95%.
    public static func wilson(successes: Int, trials: Int, z: Double = 1.959964) -> (low: Double, high: Double) {
        guard trials > 0 else { return (0, 1) }
        let n = Double(trials), p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (max(0, centre - half), min(1, centre + half))
    }

    /// P(rate A > rate B) with Beta(1 + s, 1 + n − s) posteriors, by the normal approximation.
    public static func chanceToBeat(_ successesA: Int, _ trialsA: Int, _ successesB: Int, _ trialsB: Int) -> Double {
        func moments(_ s: Int, _ n: Int) -> (mean: Double, variance: Double) {
            let a = Double(s + 1), b = Double(n - s + 1)
            return (a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1)))
        }
        let x = moments(successesA, trialsA), y = moments(successesB, trialsB)
        let sd = (x.variance + y.variance).squareRoot()
        guard sd > 0 else { return 0.5 }
        return 0.5 * erfc(-(x.mean - y.mean) / sd / 2.0.squareRoot())
    }
}
