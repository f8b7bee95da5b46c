import Foundation
import StrataCore
import Testing

/// Campaign results statistics, the monitor's alerts and the 复盘 review, against values worked
/// out by hand.
@Suite struct CampaignResultsTests {
    static func arm(_ name: String, share: Double, targeted: Int, measured: Int, converted: Int, revenue: Int64 = 0,
                    cost: Int64 = 0) -> CampaignResults.Arm
    {
        var arm = CampaignResults.Arm(name: name, expectedShare: share)
        arm.targeted = targeted
        arm.sent = name == "holdout" ? 0 : measured
        arm.measured = measured
        arm.converted = converted
        arm.revenueMinor = revenue
        arm.costMinor = cost
        return arm
    }

    @Test func wilsonIntervalOfTenInAHundred() {
        let (low, high) = CampaignResults.wilson(successes: 10, trials: 100)
        #expect(abs(low - 0.055229) < 1e-5)
        #expect(abs(high - 0.174366) < 1e-5)
        #expect(CampaignResults.wilson(successes: 0, trials: 0) == (0, 1))
    }

    @Test func upliftOverTheHoldoutWithPValueAndChanceToBeatIt() throws {
        let results = CampaignResults(arms: [
            Self.arm("holdout", share: 0.5, targeted: 1000, measured: 1000, converted: 100),
            Self.arm("A", share: 0.5, targeted: 1000, measured: 1000, converted: 120),
        ])
        let c = try #require(results.comparisons.first)
        #expect(c.variant == "A")
        #expect(abs(c.uplift - 0.02) < 1e-12)
        #expect(abs((c.relativeUplift ?? 0) - 0.2) < 1e-12)
        #expect(abs(c.test.z - 1.429301) < 1e-5)
        #expect(abs(c.test.pValue - 0.152918) < 1e-5)
        #expect(abs(c.chanceToBeatControl - 0.922907) < 1e-5)
        #expect(abs(c.incrementalConversions - 20) < 1e-9)
        #expect(!results.sampleRatioMismatch)
    }

    @Test func sampleRatioMismatchIsFlagged() {
        let balanced = CampaignResults(arms: [
            Self.arm("holdout", share: 0.1, targeted: 100, measured: 100, converted: 1),
            Self.arm("A", share: 0.45, targeted: 450, measured: 450, converted: 5),
            Self.arm("B", share: 0.45, targeted: 450, measured: 450, converted: 5),
        ])
        #expect(balanced.sampleRatioP == 1 && !balanced.sampleRatioMismatch)
        // 200 / 400 / 400 against 100 / 450 / 450: chi-square 111.1 on 2 degrees.
        let broken = CampaignResults(arms: [
            Self.arm("holdout", share: 0.1, targeted: 200, measured: 200, converted: 1),
            Self.arm("A", share: 0.45, targeted: 400, measured: 400, converted: 5),
            Self.arm("B", share: 0.45, targeted: 400, measured: 400, converted: 5),
        ])
        #expect(broken.sampleRatioMismatch)
    }

    @Test func roiCountsOnlyRevenueBeyondTheHoldout() {
        let results = CampaignResults(arms: [
            Self.arm("holdout", share: 0.1, targeted: 1000, measured: 1000, converted: 10, revenue: 100_000),
            Self.arm("A", share: 0.9, targeted: 1000, measured: 1000, converted: 20, revenue: 150_000, cost: 20_000),
        ])
        #expect(results.costMinor == 20_000)
        #expect(results.incrementalRevenueMinor == 50_000)
        #expect(results.roi == 1.5)
        // Without a holdout every variant's revenue counts.
        let alone = CampaignResults(arms: [Self.arm("A", share: 1, targeted: 10, measured: 10, converted: 1, revenue: 30_000,
                                                    cost: 10_000)])
        #expect(alone.comparisons.isEmpty && alone.incrementalRevenueMinor == nil && alone.roi == 2)
    }

    // MARK: - Monitor

    static func hours(_ values: [(sent: Int, failed: Int, converted: Int)]) -> [CampaignMonitor.Hour] {
        values.enumerated().map { i, v in
            CampaignMonitor.Hour(hour: Int64(500_000 + i), sent: v.sent, failed: v.failed, converted: v.converted)
        }
    }

    @Test func failureSpikeAboveFivePercentAndThreeTimesTheEarlierRate() {
        let calm = Array(repeating: (sent: 1000, failed: 10, converted: 0), count: 5)
        let spike = CampaignMonitor.alerts(hours: Self.hours(calm + [(900, 100, 0)]), pending: 0, budget: nil)
        #expect(spike.map(\.kind) == [.failureSpike])
        #expect(abs(spike[0].value - 0.1) < 1e-12 && spike[0].expectedHigh == 0.05)
        // 4% failing is under the 5% floor.
        #expect(CampaignMonitor.alerts(hours: Self.hours(calm + [(960, 40, 0)]), pending: 0, budget: nil).isEmpty)
        // Fewer than 50 attempts are not judged.
        #expect(CampaignMonitor.alerts(hours: Self.hours(calm + [(20, 20, 0)]), pending: 0, budget: nil).isEmpty)
    }

    @Test func conversionCollapseUnderAThirdOfTheEarlierRate() {
        let before = Array(repeating: (sent: 500, failed: 0, converted: 25), count: 4)  // 5%
        let after = Array(repeating: (sent: 100, failed: 0, converted: 1), count: 3)    // 1%
        let alerts = CampaignMonitor.alerts(hours: Self.hours(before + after), pending: 0, budget: nil)
        #expect(alerts.map(\.kind) == [.conversionCollapse])
        let steady = Array(repeating: (sent: 100, failed: 0, converted: 4), count: 3)    // 4%
        #expect(CampaignMonitor.alerts(hours: Self.hours(before + steady), pending: 0, budget: nil).isEmpty)
    }

    @Test func budgetBurningAheadOfTheWindow() {
        let hours = Self.hours([(10, 0, 0)])
        #expect(CampaignMonitor.alerts(hours: hours, pending: 0, budget: (10_000, 6_000, 0.2)).map(\.kind) == [.budgetBurn])
        #expect(CampaignMonitor.alerts(hours: hours, pending: 0, budget: (10_000, 2_500, 0.3)).isEmpty)
        #expect(CampaignMonitor.alerts(hours: hours, pending: 0, budget: (10_000, 1_500, 0.0)).isEmpty)  // under 20% spent
    }

    @Test func stalledWhenNothingIsSentWhileMessagesWait() {
        let busy = [(sent: 100, failed: 0, converted: 0), (110, 0, 0), (90, 0, 0), (105, 0, 0), (95, 0, 0), (100, 0, 0)]
        let stalled = CampaignMonitor.alerts(hours: Self.hours(busy + [(0, 0, 0)]), pending: 50, budget: nil)
        #expect(stalled.map(\.kind) == [.stalled])
        #expect(CampaignMonitor.alerts(hours: Self.hours(busy + [(0, 0, 0)]), pending: 0, budget: nil).isEmpty)
    }

    // MARK: - Review

    static func outcome(significant: Bool, holdout: Bool = true) -> CampaignOutcome {
        var campaign = Campaign(name: "cart <recovery>", description: "Users who left carts.\nSecond line.",
                                purpose: .conversion, audience: .segment("carts"), holdoutShare: holdout ? 0.5 : 0,
                                variants: [CampaignVariant(name: "A", messages: [(.webhook, CampaignMessage())])])
        campaign.goal = CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.15,
                                     deadline: 1_790_000_000_000)
        var arms = [Self.arm("A", share: holdout ? 0.5 : 1, targeted: 1000, measured: 1000,
                             converted: significant ? 160 : 105)]
        if holdout { arms.insert(Self.arm("holdout", share: 0.5, targeted: 1000, measured: 1000, converted: 100), at: 0) }
        return CampaignOutcome(
            campaign: campaign, results: CampaignResults(arms: arms),
            byChannel: CampaignBreakdown(dimension: "channel", rows: [.init(key: "webhook", reached: 1000, converted: 160)]),
            byHour: CampaignBreakdown(dimension: "hour", rows: [.init(key: "09:00", reached: 600, converted: 120),
                                                              .init(key: "20:00", reached: 400, converted: 40)]),
            byLayer: [CampaignBreakdown(dimension: "lifecycle", rows: [.init(key: "active", reached: 700, converted: 140),
                                                                       .init(key: "silent", reached: 300, converted: 20)])],
            goalActual: significant ? 0.16 : 0.105, conversionEvent: "purchase", windowHours: 72, asOf: 1_790_000_000_000)
    }

    @Test func reviewHasEverySectionAndSeedsFindingsFromTheData() {
        let review = CampaignReview(outcome: Self.outcome(significant: true))
        let markdown = review.markdown
        for heading in ["# 复盘 Review: cart <recovery>", "## 背景 Background", "## 目标 Goal", "## 效果 Results",
                        "## 详细分析 Detailed analysis", "### 按版本 By variant", "### 按发送时段 By send hour",
                        "### 按分层 By lifecycle layer", "| active | 700 | 140 | 20.0% | 0.00 |",
                        "最佳分层 Among lifecycle layers, active converted best (20.0% of 700 reached).",
                        "## 经验总结 Lessons", "## 后续计划 Next steps"] {
            #expect(markdown.contains(heading + "\n"), "missing \(heading)")
        }
        #expect(review.findings.contains { $0.hasPrefix("最佳版本 Variant A converted 16.0% against the holdout's 10.0%") })
        #expect(review.findings.contains { $0.hasPrefix("最佳时段 Sends at 09:00 converted best (20.0% of 600)") })
        #expect(review.findings.contains { $0.hasPrefix("目标达成") })
        #expect(review.suggestedNextSteps.first == "Roll variant A out to the whole audience and keep a small holdout to watch it.")
        #expect(review.suggestedNextSteps.contains("Schedule the next send at 09:00."))
        #expect(markdown.contains("| A | 1000 | 1000 | 160 | 16.0% |"))
    }

    @Test func reviewSaysWhenNothingBeatTheHoldoutOrThereWasNone() {
        let flat = CampaignReview(outcome: Self.outcome(significant: false))
        #expect(flat.findings.contains { $0.hasPrefix("No variant beat the holdout significantly (best: A, +0.5 points") })
        #expect(flat.findings.contains { $0.hasPrefix("目标未达成") && $0.contains("10.5% against 15.0%") })
        let none = CampaignReview(outcome: Self.outcome(significant: false, holdout: false))
        #expect(none.findings.contains { $0.hasPrefix("There was no holdout group") })
    }

    @Test func writtenTextsReplaceTheSeededOnesAndHTMLIsEscaped() {
        let review = CampaignReview(outcome: Self.outcome(significant: true), lessons: "We learned <a lot>.",
                                    nextSteps: "Send again in March.")
        #expect(review.markdown.contains("## 经验总结 Lessons\n\nWe learned <a lot>.\n"))
        #expect(!review.markdown.contains("最佳版本"))
        let html = review.html
        #expect(html.contains("<h1>复盘 Review: cart &lt;recovery&gt;</h1>"))
        #expect(html.contains("<p>We learned &lt;a lot&gt;.</p>"))
        #expect(html.contains("<p>Users who left carts.</p><p>Second line.</p>"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("<script"))
    }
}
