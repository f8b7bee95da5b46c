import Foundation
import StrataCore
import Testing

/// `CampaignOutcome.measure`: a campaign's results from what the store holds, with no database;
/// every message status, member outcome and engagement kind, and the breakdowns.
@Suite struct CampaignMeasureTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let t0: Int64 = 1_790_726_400_000  // 2026-09-30T00:00:00Z

    static func campaign(goal: CampaignGoal.Metric? = nil, holdout: Double = 0.2) -> Campaign {
        Campaign(name: "c", goal: goal.map { CampaignGoal(metric: $0, target: 0.5, deadline: t0) }, holdoutShare: holdout,
                 variants: [CampaignVariant(name: "A", weight: 3, messages: []), CampaignVariant(name: "B", weight: 1, messages: [])])
    }

    /// A: 3 sent (one converted, 500 revenue), 1 failed (bounce), 1 pending, 1 sending;
    /// B: 1 sent (converted), 2 skipped at send time (unsubscribed); 2 skipped at planning
    /// (no consent); holdout: 2 users (one converted); a message of a variant since removed.
    static func records() -> CampaignRecords {
        var r = CampaignRecords()
        r.members = [
            .init(variant: "A", outcome: .queued, count: 6), .init(variant: "", outcome: .holdout, count: 2),
            .init(variant: "B", outcome: .skipped, reason: "no_consent", count: 2),
        ]
        r.messages = [
            .init(variant: "A", channel: "email", status: .sent, count: 3, costMinor: 30),
            .init(variant: "A", channel: "email", status: .failed, reason: "bounce", count: 1),
            .init(variant: "A", channel: "email", status: .pending, count: 1),
            .init(variant: "A", channel: "sms", status: .sending, count: 1),
            .init(variant: "B", channel: "sms", status: .sent, count: 1, costMinor: 5),
            .init(variant: "B", channel: "sms", status: .skipped, reason: "unsubscribed", count: 2),
            .init(variant: "old", channel: "push", status: .sent, count: 1),
        ]
        r.engagements = [.init(variant: "A", kind: .open, count: 2), .init(variant: "A", kind: .click, count: 1),
                         .init(variant: "B", kind: .unsubscribe, count: 1)]
        r.reached = [
            .init(uid: 1, variant: "A", channel: "email", at: t0 + 9 * 3_600_000),
            .init(uid: 2, variant: "A", channel: "email", at: t0 + 9 * 3_600_000),
            .init(uid: 3, variant: "A", channel: "email", at: t0 + 21 * 3_600_000),
            .init(uid: 4, variant: "B", channel: "sms", at: t0 + 9 * 3_600_000),
            .init(uid: 5, variant: "old", channel: "push", at: t0 + 10 * 3_600_000),
        ]
        r.holdout = [(uid: 6, at: t0), (uid: 7, at: t0)]
        return r
    }

    static let conversions = (converted: [true, false, false, true, false, true, false],
                              revenueMinor: [Int64(500), 0, 0, 0, 0, 300, 0])

    static func measure(_ campaign: Campaign, goalActual: Double? = nil,
                        layers: [(model: String, layers: [String?])] = []) -> CampaignOutcome {
        CampaignOutcome.measure(campaign, records: records(), conversions: conversions, layers: layers,
                                goalActual: goalActual, conversion: ("purchase", 72), timeZone: utc, asOf: t0)
    }

    @Test func everyStatusAndOutcomeLandsInItsArm() throws {
        let outcome = Self.measure(Self.campaign())
        let arms = Dictionary(uniqueKeysWithValues: outcome.results.arms.map { ($0.name, $0) })
        #expect(outcome.results.arms.map(\.name) == ["holdout", "A", "B", "old"])
        let a = try #require(arms["A"]), b = try #require(arms["B"]), h = try #require(arms["holdout"])
        #expect(a.targeted == 6 && a.sent == 3 && a.pending == 2 && a.failed == ["bounce": 1] && a.costMinor == 30)
        #expect(a.opened == 2 && a.clicked == 1 && a.unsubscribed == 0)
        #expect(b.targeted == 5 && b.sent == 1 && b.skipped == ["no_consent": 2, "unsubscribed": 2] && b.unsubscribed == 1)
        #expect(h.targeted == 2 && h.measured == 2 && h.converted == 1 && h.revenueMinor == 300)
        #expect(a.measured == 3 && a.converted == 1 && a.revenueMinor == 500)
        #expect(b.measured == 1 && b.converted == 1)
        #expect(arms["old"]?.expectedShare == 0 && arms["old"]?.sent == 1)
        #expect(abs(a.expectedShare - 0.6) < 1e-9 && abs(b.expectedShare - 0.2) < 1e-9)
        #expect(outcome.conversionEvent == "purchase" && outcome.windowHours == 72)
    }

    @Test func breakdownsByChannelHourAndLayer() {
        let outcome = Self.measure(Self.campaign(), layers: [
            (model: "lifecycle", layers: ["active", "active", "silent", nil, "active"]),
        ])
        #expect(outcome.byChannel.rows.map(\.key) == ["email", "push", "sms"])
        #expect(outcome.byChannel.rows.map(\.reached) == [3, 1, 1])
        #expect(outcome.byChannel.rows.map(\.converted) == [1, 0, 1])
        #expect(outcome.byHour.rows.map(\.key) == ["09:00", "10:00", "21:00"])
        #expect(outcome.byHour.rows.map(\.reached) == [3, 1, 1])
        let lifecycle = outcome.byLayer.first
        #expect(lifecycle?.dimension == "lifecycle")
        #expect(lifecycle?.rows.map(\.key) == ["active", "(none)", "silent"])
        #expect(lifecycle?.rows.map(\.reached) == [3, 1, 1])
        #expect(lifecycle?.rows.first?.revenueMinor == 500)
    }

    @Test func theGoalIsTheVariantsRateForConversionGoalsElseWhatWasMeasured() {
        // Variants' reached users: 5 measured, 2 converted; the holdout does not count.
        let conversion = Self.measure(Self.campaign(goal: .conversion(event: "purchase", withinHours: 24)), goalActual: 99)
        #expect(conversion.goalActual == 2.0 / 5.0)
        #expect(CampaignOutcome.conversion(of: Self.campaign(goal: .conversion(event: "signup", withinHours: 24)),
                                           defaultEvent: "purchase") == ("signup", 24))
        #expect(CampaignOutcome.conversion(of: Self.campaign(), defaultEvent: "Order Completed") == ("Order Completed", 72))
        let dau = Self.measure(Self.campaign(goal: .dau), goalActual: 1234)
        #expect(dau.goalActual == 1234)
        #expect(Self.measure(Self.campaign()).goalActual == nil)
    }

    @Test func aCampaignWithoutHoldoutHasNoHoldoutArm() {
        var records = CampaignRecords()
        records.messages = [.init(variant: "A", channel: "email", status: .sent, count: 1)]
        records.reached = [.init(uid: 1, variant: "A", channel: "email", at: Self.t0)]
        let outcome = CampaignOutcome.measure(Self.campaign(holdout: 0), records: records,
                                              conversions: ([false], [0]), layers: [], goalActual: nil,
                                              conversion: ("purchase", 72), timeZone: Self.utc, asOf: Self.t0)
        #expect(outcome.results.arms.map(\.name) == ["A", "B"])
        #expect(records.firstReach == Self.t0 && records.references.count == 1)
    }
}

/// The choice of layer model by name and the flow between two days, from snapshots or the index.
@Suite struct LayerModelChoiceTests {
    @Test func namesMeanTheBuiltInModelsOrASavedScoringModel() throws {
        #expect(try LayerModel.named("rfm", scoringModels: []).name == "rfm")
        #expect(try LayerModel.named("lifecycle", scoringModels: []).layerNames.count == 5)
        do {
            _ = try LayerModel.named("engaged", scoringModels: [])
            Issue.record("an unknown model was chosen")
        } catch let error as StrataError {
            #expect(error.code == .notFound && error.message.contains("rfm, lifecycle"))
        }
        #expect(LayerModel.snapshotted(scoringModels: []).map(\.name) == ["rfm", "lifecycle"])
    }

    @Test func aFlowReadsStoredSnapshotsAndRefusesBackwardDays() throws {
        let index = UserIndex()
        let settings = WorkspaceSettings()
        let model = LayerModel.lifecycle(.daily)
        let stored: @Sendable (String) throws -> [LayerSnapshot] = { day in
            day == "2026-09-01" ? [LayerSnapshot(source: .model, name: "lifecycle", day: day, layer: "active",
                                                 members: UserSet())] : []
        }
        let (_, sources) = try model.flow(from: "2026-09-01", to: "2026-09-02", now: CampaignMeasureTests.t0, index: index,
                                         settings: settings, stored: stored)
        #expect(sources == (true, false))
        #expect(throws: StrataError.self) {
            _ = try model.flow(from: "2026-09-02", to: "2026-09-01", now: CampaignMeasureTests.t0, index: index,
                               settings: settings, stored: stored)
        }
        #expect(throws: StrataError.self) {
            _ = try LayerSnapshot.instant(of: "2026-10-02", now: CampaignMeasureTests.t0, settings: settings)
        }
        // Today is taken as of now, a past day as of its end.
        #expect(try LayerSnapshot.instant(of: "2026-09-30", now: CampaignMeasureTests.t0, settings: settings)
                == CampaignMeasureTests.t0)
        let past = try LayerSnapshot.instant(of: "2026-09-28", now: CampaignMeasureTests.t0, settings: settings)
        #expect(past == (try settings.endOfDay("2026-09-28", field: "day")) && past < CampaignMeasureTests.t0)
    }
}
