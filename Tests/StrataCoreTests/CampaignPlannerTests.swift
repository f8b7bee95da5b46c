import Foundation
import StrataCore
import StrataTestSupport
import Testing

// Tests of the audience split (holdout and variants by hash), the campaign planner (holdout,
// blocked users, the send policy, budget, daily limit, window, idempotency keys) with a seeded
// property test, and the proportion test campaign results use
// (Sources/StrataCore/Campaigns/AudienceSplit.swift, CampaignPlan.swift, Analysis/ProportionTest.swift).

// MARK: - Audience split

@Suite struct AudienceSplitTests {
    typealias Arm = AudienceSplit.Arm

    /// FNV-1a over the UTF-8 bytes, the SplitMix64 finaliser, the top 53 bits as a fraction:
    /// written again here so the split can be checked against an independent implementation.
    static func unit(_ text: String) -> Double {
        var h: UInt64 = 14_695_981_039_346_656_037
        for byte in Array(text.utf8) {
            h = (h ^ UInt64(byte)) &* 1_099_511_628_211
        }
        h = (h ^ (h >> 30)) &* 13_787_848_793_156_543_929
        h = (h ^ (h >> 27)) &* 10_723_151_780_598_845_931
        h ^= h >> 31
        return Double(h >> 11) / 9_007_199_254_740_992
    }

    static func expectedArm(campaign: String, holdout: Double, weights: [Int], key: String) -> Arm {
        if holdout > 0 && unit("\(campaign)\u{1}holdout\u{1}\(key)") < holdout { return .holdout }
        let total = weights.map { max(0, $0) }.reduce(0, +)
        guard total > 0 else { return .variant(0) }
        var point = unit("\(campaign)\u{1}variant\u{1}\(key)") * Double(total)
        for (i, w) in weights.enumerated() {
            point -= Double(max(0, w))
            if point < 0 { return .variant(i) }
        }
        return .variant(weights.count - 1)
    }

    @Test func knownUsersLandInKnownArms() {
        // Values computed once, independently: a change of hash would move every running
        // campaign's users between arms.
        let split = AudienceSplit(campaign: "cart-recovery", holdoutShare: 0.2, weights: [1, 3])
        let expected: [(String, Arm)] = [("u1", .variant(1)), ("u2", .variant(1)), ("u3", .variant(1)), ("u4", .variant(0)),
                                         ("u5", .variant(1)), ("u6", .variant(1)), ("u7", .holdout), ("u8", .variant(1)),
                                         ("用户-42", .variant(1)), ("", .variant(1))]
        for (key, arm) in expected {
            #expect(split.arm(forUser: key) == arm, "\(key)")
        }
        // u2's holdout draw is 0.2519: held out at a 30 % share, not at 20 %.
        #expect(AudienceSplit(campaign: "cart-recovery", holdoutShare: 0.3, weights: [1, 3]).arm(forUser: "u2") == .holdout)
        // u2's variant draw is 0.4757: the first of two equal variants, the second of [1, 3].
        #expect(AudienceSplit(campaign: "cart-recovery", holdoutShare: 0, weights: [1, 1]).arm(forUser: "u2") == .variant(0))
        #expect(AudienceSplit(campaign: "cart-recovery", holdoutShare: 0, weights: [1, 1]).arm(forUser: "u3") == .variant(1))
    }

    @Test func matchesAnIndependentImplementationAndIsStable() {
        let configs: [(String, Double, [Int])] = [("spring", 0.1, [1, 1]), ("春季促销", 0.5, [5, 3, 2]), ("x", 0, [1]),
                                                  ("y", 0.25, [0, 2, 0, 1]), ("z", 0.05, [])]
        for (name, holdout, weights) in configs {
            let split = AudienceSplit(campaign: name, holdoutShare: holdout, weights: weights)
            let again = AudienceSplit(campaign: name, holdoutShare: holdout, weights: weights)
            for i in 0..<3000 {
                let key = i % 3 == 0 ? "user-\(i)" : i % 3 == 1 ? "anon-\(i * 7919)" : "用户\(i)"
                let arm = split.arm(forUser: key)
                #expect(arm == Self.expectedArm(campaign: name, holdout: holdout, weights: weights, key: key), "\(name) \(key)")
                #expect(arm == split.arm(forUser: key) && arm == again.arm(forUser: key))
            }
        }
    }

    @Test func sharesFollowTheHoldoutShareAndTheWeights() {
        let n = 100_000
        for (holdout, weights) in [(0.1, [1, 1]), (0.5, [1]), (0.2, [1, 3]), (0.0, [5, 3, 2]), (0.05, [1, 1, 1, 1])] {
            let split = AudienceSplit(campaign: "share-\(holdout)-\(weights.count)", holdoutShare: holdout, weights: weights)
            var counts: [Arm: Int] = [:]
            for i in 0..<n { counts[split.arm(forUser: "user-\(i)"), default: 0] += 1 }
            let held = Double(counts[.holdout] ?? 0) / Double(n)
            // Binomial standard error at 100k is at most 0.0016: 0.008 is five of them.
            #expect(abs(held - holdout) < 0.008, "holdout \(held) for \(holdout)")
            let total = Double(weights.reduce(0, +))
            for (i, w) in weights.enumerated() {
                let share = Double(counts[.variant(i)] ?? 0) / Double(n)
                let expected = (1 - holdout) * Double(w) / total
                #expect(abs(share - expected) < 0.008, "variant \(i): \(share) for \(expected)")
            }
            #expect(counts.keys.allSatisfy { $0 == .holdout || weights.indices.contains(variantIndex($0)) })
        }
    }

    private func variantIndex(_ arm: Arm) -> Int {
        if case .variant(let i) = arm { return i }
        return -1
    }

    @Test func zeroWeightsAndNoHoldoutAreNeverChosen() {
        let split = AudienceSplit(campaign: "w", holdoutShare: 0, weights: [0, 2, -3, 1])
        var seen = Set<Arm>()
        for i in 0..<20_000 { seen.insert(split.arm(forUser: "k\(i)")) }
        #expect(seen == [.variant(1), .variant(3)])
        // No weight at all: everyone is variant 0.
        let none = AudienceSplit(campaign: "w", holdoutShare: 0, weights: [0, 0])
        #expect((0..<1000).allSatisfy { none.arm(forUser: "k\($0)") == .variant(0) })
        #expect((0..<1000).allSatisfy { AudienceSplit(campaign: "w", holdoutShare: 0, weights: []).arm(forUser: "k\($0)") == .variant(0) })
    }

    @Test func differentCampaignsSplitIndependently() {
        // With a 10 % holdout and two equal variants, two independent splits put a user in the
        // same arm with probability 0.1² + 2 · 0.45² = 0.415, and hold out the same user with 0.01.
        let a = AudienceSplit(campaign: "campaign-a", holdoutShare: 0.1, weights: [1, 1])
        let b = AudienceSplit(campaign: "campaign-b", holdoutShare: 0.1, weights: [1, 1])
        let n = 100_000
        var same = 0, bothHeld = 0, aHeld = 0
        for i in 0..<n {
            let key = "user-\(i)"
            let (x, y) = (a.arm(forUser: key), b.arm(forUser: key))
            if x == y { same += 1 }
            if x == .holdout { aHeld += 1 }
            if x == .holdout && y == .holdout { bothHeld += 1 }
        }
        #expect(abs(Double(same) / Double(n) - 0.415) < 0.01)
        #expect(abs(Double(bothHeld) / Double(n) - 0.01) < 0.002)
        // Holding out is independent of the variant draw within one campaign: among the users
        // held out of A, the variant A's weights would give them splits evenly.
        let unheld = AudienceSplit(campaign: "campaign-a", holdoutShare: 0, weights: [1, 1])
        var firstVariant = 0
        for i in 0..<n where a.arm(forUser: "user-\(i)") == .holdout {
            if unheld.arm(forUser: "user-\(i)") == .variant(0) { firstVariant += 1 }
        }
        #expect(abs(Double(firstVariant) / Double(aHeld) - 0.5) < 0.025)
    }

    @Test func aCampaignsSplitUsesItsNameHoldoutAndWeights() {
        let c = Campaign(name: "cart-recovery", holdoutShare: 0.2,
                         variants: [CampaignFixture.variant("A", weight: 1, [.email]), CampaignFixture.variant("B", weight: 3, [.email])])
        let split = AudienceSplit(c)
        #expect(split.campaign == "cart-recovery" && split.holdoutShare == 0.2)
        #expect(split.arm(forUser: "u7") == .holdout && split.arm(forUser: "u4") == .variant(0) && split.arm(forUser: "u1") == .variant(1))
    }
}

// MARK: - Planner

@Suite struct CampaignPlannerTests {
    typealias F = CampaignFixture

    /// No caps and no quiet hours unless a test adds them.
    static let open = SendPolicy(contact: ContactPolicy(caps: [], quietHours: nil))
    static let now = F.t("2026-09-30T10:00:00Z")

    static func campaign(_ name: String = "c", holdout: Double = 0, variants: [CampaignVariant]? = nil,
                         rules: CampaignRules = CampaignRules(), startsAt: Int64? = nil, endsAt: Int64? = nil) -> Campaign
    {
        Campaign(name: name, startsAt: startsAt, endsAt: endsAt, holdoutShare: holdout,
                 variants: variants ?? [F.variant("A", [.email])], rules: rules)
    }

    static func emailUsers(_ uids: ClosedRange<Int64>, zone: TimeZone = F.utc) -> [Recipient] {
        uids.map { F.recipient($0, ["email": .string("u\($0)@example.com")], zone: zone) }
    }

    @Test func holdoutUsersAreListedAndTheOthersGetTheirVariant() {
        let c = Self.campaign("split", holdout: 0.3, variants: [F.variant("A", [.email]), F.variant("B", weight: 2, [.email])])
        let users = Self.emailUsers(1...1000)
        let plan = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc).plan(occurrence: "once", recipients: users, now: Self.now)
        let split = AudienceSplit(c)
        let held = users.filter { split.arm(forUser: $0.key) == .holdout }.map(\.uid)
        #expect(plan.holdout == held)
        #expect(plan.holdout.count > 250 && plan.holdout.count < 350)
        #expect(plan.skipped.isEmpty)
        #expect(plan.messages.count + plan.holdout.count == 1000 && plan.targeted == 1000)
        for m in plan.messages {
            guard case .variant(let v) = split.arm(forUser: "u\(m.uid)") else {
                Issue.record("held-out user \(m.uid) has a message")
                continue
            }
            #expect(m.variant == c.variants[v].name)
            #expect(m.channel == .email && m.address == "u\(m.uid)@example.com" && m.sendAt == Self.now && m.costMinor == 0)
        }
        // Messages keep the audience's order.
        #expect(plan.messages.map(\.uid) == plan.messages.map(\.uid).sorted())
    }

    @Test func blockedUsersAndPolicySkipsAreSkippedWithTheirVariantAndReason() {
        let c = Self.campaign(variants: [F.variant("A", [.sms, .email])])
        let users = [
            F.recipient(1, ["email": "a@x"]),
            F.recipient(2, ["email": "b@x"]),
            F.recipient(3, [:]),
            F.recipient(4, ["email": "d@x"], unsubscribed: [.email]),
            F.recipient(5, ["phone": "+861"]),
            F.recipient(6, ["phone": "+862", "sms_opt_in": "true"]),
            F.recipient(7, ["email": "g@x"], participations: 1),
        ]
        let plan = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "once", recipients: users, blocked: [2, 99], now: Self.now)
        #expect(plan.holdout.isEmpty)
        #expect(plan.messages.map(\.uid) == [1, 6])
        #expect(plan.messages.map(\.channel) == [.email, .sms])
        #expect(plan.messages.map(\.address) == ["a@x", "+862"])
        #expect(plan.skipped.map(\.uid) == [2, 3, 4, 5, 7])
        #expect(plan.skipped.map(\.reason) == [.blocked, .noConsent, .noConsent, .noConsent, .participationLimit])
        #expect(plan.skipped.allSatisfy { $0.variant == "A" })
        #expect(plan.skipCounts == [.blocked: 1, .noConsent: 3, .participationLimit: 1])
        #expect(plan.targeted == 7)
    }

    @Test func theBudgetStopsAfterTheMessagesItPaysFor() {
        // 3 (minor units) a message against 10: three messages (9), then the budget.
        var rules = CampaignRules(budgetMinor: 10, costPerMessageMinor: [.email: 3])
        let users = Self.emailUsers(1...6)
        func plan(_ spent: Int64 = 0) -> CampaignPlan {
            CampaignPlanner(campaign: Self.campaign(rules: rules), policy: Self.open, timeZone: F.utc)
                .plan(occurrence: "once", recipients: users, now: Self.now, spentMinor: spent)
        }
        #expect(plan().messages.map(\.uid) == [1, 2, 3])
        #expect(plan().messages.map(\.costMinor) == [3, 3, 3])
        #expect(plan().skipped.map(\.uid) == [4, 5, 6] && plan().skipCounts == [.budget: 3])
        // Exactly the budget is allowed: 9 pays for three.
        rules.budgetMinor = 9
        #expect(plan().messages.count == 3)
        rules.budgetMinor = 8
        #expect(plan().messages.count == 2)
        // What was spent before counts: 10 − 4 pays for two.
        rules.budgetMinor = 10
        #expect(plan(4).messages.count == 2)
        #expect(plan(10).messages.isEmpty && plan(10).skipCounts == [.budget: 6])
        // A budget of 0 still sends free messages; no budget sends everything.
        rules.costPerMessageMinor = [.sms: 3]
        rules.budgetMinor = 0
        #expect(plan().messages.count == 6)
        rules = CampaignRules(costPerMessageMinor: [.email: 1_000_000])
        #expect(plan().messages.count == 6)
    }

    @Test func aBudgetSkipOnADearChannelLeavesRoomForCheaperMessages() {
        // SMS costs 5, email 1; budget 12. In audience order: sms (5), email (6), sms (11),
        // sms would be 16 → budget, email (12), email would be 13 → budget.
        let c = Self.campaign(variants: [F.variant("A", [.sms, .email])],
                              rules: CampaignRules(budgetMinor: 12, costPerMessageMinor: [.sms: 5, .email: 1]))
        let sms: [String: JSONValue] = ["phone": "+861", "sms_opt_in": true]
        let users = [F.recipient(1, sms), F.recipient(2, ["email": "b@x"]), F.recipient(3, sms), F.recipient(4, sms),
                     F.recipient(5, ["email": "e@x"]), F.recipient(6, ["email": "f@x"])]
        let plan = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc).plan(occurrence: "o", recipients: users, now: Self.now)
        #expect(plan.messages.map(\.uid) == [1, 2, 3, 5])
        #expect(plan.messages.map(\.costMinor).reduce(0, +) == 12)
        #expect(plan.skipped.map(\.uid) == [4, 6] && plan.skipped.allSatisfy { $0.reason == .budget })
    }

    @Test func theDailyLimitPushesLaterMessagesToTheFollowingDaysStart() {
        let c = Self.campaign(rules: CampaignRules(maxSendsPerDay: 2))
        let plan = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "once", recipients: Self.emailUsers(1...5), now: Self.now)
        #expect(plan.messages.map(\.sendAt) == [Self.now, Self.now, F.t("2026-10-01T00:00:00Z"), F.t("2026-10-01T00:00:00Z"),
                                                 F.t("2026-10-02T00:00:00Z")])
        // Messages already queued today take their place.
        let queued = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "once", recipients: Self.emailUsers(1...3), now: Self.now,
                  queuedPerDay: [Int(F.t("2026-09-30") / F.day): 1, Int(F.t("2026-10-01") / F.day): 2])
        #expect(queued.messages.map(\.sendAt) == [Self.now, F.t("2026-10-02T00:00:00Z"), F.t("2026-10-02T00:00:00Z")])
    }

    @Test func theDailyLimitCountsWorkspaceDaysAndQuietHoursStillApply() {
        let c = Self.campaign(rules: CampaignRules(maxSendsPerDay: 1))
        let quiet = SendPolicy(contact: ContactPolicy(caps: []))  // 22:00–08:00 in each user's zone
        // Workspace in Shanghai: its 10-01 starts at 2026-09-30T16:00Z.
        let now = F.t("2026-09-30T12:00:00+08:00")
        let users = [F.recipient(1, ["email": "a@x"], zone: F.shanghai), F.recipient(2, ["email": "b@x"], zone: F.shanghai),
                     F.recipient(3, ["email": "c@x"], zone: F.newYork), F.recipient(4, ["email": "d@x"], zone: F.utc)]
        let plan = CampaignPlanner(campaign: c, policy: quiet, timeZone: F.shanghai).plan(occurrence: "o", recipients: users, now: now)
        #expect(plan.messages.map(\.uid) == [1, 2, 3, 4])
        #expect(plan.messages.map(\.sendAt) == [
            now,
            // Workspace 10-01 starts at 00:00 Shanghai, quiet there: 08:00.
            F.t("2026-10-01T08:00:00+08:00"),
            // Workspace 10-02 starts at 2026-10-01T16:00Z = 12:00 in New York: not quiet.
            F.t("2026-10-02T00:00:00+08:00"),
            // Workspace 10-03 starts at 2026-10-02T16:00Z = 16:00 UTC: not quiet.
            F.t("2026-10-03T00:00:00+08:00"),
        ])
    }

    @Test func messagesAfterTheEndAreOutsideTheWindow() {
        // The daily limit would push the third message past the end.
        let end = F.t("2026-10-01T12:00:00Z")
        let limited = Self.campaign(rules: CampaignRules(maxSendsPerDay: 1), endsAt: end)
        let plan = CampaignPlanner(campaign: limited, policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "once", recipients: Self.emailUsers(1...3), now: Self.now)
        #expect(plan.messages.map(\.sendAt) == [Self.now, F.t("2026-10-01T00:00:00Z")])
        #expect(plan.skipped.map(\.uid) == [3] && plan.skipped.map(\.reason) == [.outsideWindow])
        // Quiet hours defer a late-evening send past an end at midnight.
        let quiet = SendPolicy(contact: ContactPolicy(caps: []))
        let evening = F.t("2026-09-30T23:00:00Z")
        let ending = Self.campaign(endsAt: F.t("2026-10-01T00:00:00Z"))
        let users = [F.recipient(1, ["email": "a@x"], zone: F.utc), F.recipient(2, ["email": "b@x"], zone: F.newYork)]
        let deferred = CampaignPlanner(campaign: ending, policy: quiet, timeZone: F.utc).plan(occurrence: "o", recipients: users, now: evening)
        #expect(deferred.skipped.map(\.uid) == [1] && deferred.skipped.map(\.reason) == [.outsideWindow])
        #expect(deferred.messages.map(\.uid) == [2] && deferred.messages.map(\.sendAt) == [evening])
        // Exactly at the end is inside.
        let atEnd = CampaignPlanner(campaign: Self.campaign(endsAt: Self.now), policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "o", recipients: Self.emailUsers(1...1), now: Self.now)
        #expect(atEnd.messages.count == 1)
    }

    @Test func nothingIsSentBeforeTheStart() {
        let start = F.t("2026-10-05T09:00:00Z")
        let c = Self.campaign(startsAt: start)
        let plan = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc).plan(occurrence: "o", recipients: Self.emailUsers(1...2), now: Self.now)
        #expect(plan.messages.map(\.sendAt) == [start, start])
        // A start in the past does not move the send back.
        let past = CampaignPlanner(campaign: Self.campaign(startsAt: Self.now - F.day), policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "o", recipients: Self.emailUsers(1...1), now: Self.now)
        #expect(past.messages.map(\.sendAt) == [Self.now])
        // Caps are counted on the day of the start: sent one on 10-04, capped only if it were 10-05.
        let capped = CampaignPlanner(campaign: c, policy: SendPolicy(contact: ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil)),
                                     timeZone: F.utc)
        let sentOnTheFourth = [F.recipient(1, ["email": "a@x"], sent: [(F.t("2026-10-04T20:00:00Z"), .email)])]
        #expect(capped.plan(occurrence: "o", recipients: sentOnTheFourth, now: Self.now).messages.count == 1)
        let sentOnTheFifth = [F.recipient(1, ["email": "a@x"], sent: [(F.t("2026-10-05T01:00:00Z"), .email)])]
        #expect(capped.plan(occurrence: "o", recipients: sentOnTheFifth, now: Self.now).skipCounts == [.capped: 1])
    }

    @Test func idempotencyKeysNameTheCampaignOccurrenceUserAndVariant() {
        // Keys are stored in the outbox: a change of form would send again what was queued
        // before. A plain numeric user id is zero-padded to 12 digits (marked #) so keys sort in
        // planning order; %, | and # in the parts are escaped.
        #expect(CampaignPlan.key(campaign: "cart-recovery", occurrence: "2026-10-01", variant: "A", user: "u1")
            == "cart-recovery|2026-10-01|u1|A")
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B", user: "42") == "c|once|#000000000042|B")
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B", user: "#000000000042") == "c|once|%23000000000042|B")
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B", user: "123456789012") == "c|once|123456789012|B")
        // Not numeric (or not ASCII digits): as is.
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B", user: "4a") == "c|once|4a|B")
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B", user: "٤٢") == "c|once|٤٢|B")
        let c = Self.campaign("cart-recovery", variants: [F.variant("A", [.email]), F.variant("B", [.email])])
        let users = (1...20).map { F.recipient(Int64($0), key: "user-\($0)", ["email": .string("x\($0)@y")]) }
        let planner = CampaignPlanner(campaign: c, policy: Self.open, timeZone: F.utc)
        let first = planner.plan(occurrence: "2026-10-01", recipients: users, now: Self.now)
        #expect(first.messages.count == 20)
        for m in first.messages {
            #expect(m.key == "cart-recovery|2026-10-01|user-\(m.uid)|\(m.variant)")
        }
        #expect(Set(first.messages.map(\.key)).count == 20)
        // Planning the same occurrence again gives the same keys (so the outbox keeps one of
        // each); another occurrence gives new ones.
        #expect(planner.plan(occurrence: "2026-10-01", recipients: users, now: Self.now + F.hour).messages.map(\.key)
            == first.messages.map(\.key))
        let next = planner.plan(occurrence: "2026-10-02", recipients: users, now: Self.now)
        #expect(Set(next.messages.map(\.key)).isDisjoint(with: first.messages.map(\.key)))
    }

    @Test func distinctMessagesNeverShareAnIdempotencyKey() {
        // Plain names and ids give distinct keys.
        var plain = Set<String>()
        for campaign in ["c", "d"] {
            for occurrence in ["once", "2026-10-01"] {
                for variant in ["A", "B"] {
                    for user in (1...30).map({ "\($0)" }) + (1...30).map({ "u\($0)" }) {
                        plain.insert(CampaignPlan.key(campaign: campaign, occurrence: occurrence, variant: variant, user: user))
                    }
                }
            }
        }
        #expect(plain.count == 2 * 2 * 2 * 60)
        // User ids are free text: "42", "042" and "000000000042" are three users.
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "A", user: "42")
            != CampaignPlan.key(campaign: "c", occurrence: "once", variant: "A", user: "042"))
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "A", user: "42")
            != CampaignPlan.key(campaign: "c", occurrence: "once", variant: "A", user: "000000000042"))
        // In a plan: two users whose ids differ in leading zeros get one key, so the outbox would keep one message.
        let twins = [F.recipient(1, key: "42", ["email": "a@x"]), F.recipient(2, key: "042", ["email": "b@x"])]
        let plan = CampaignPlanner(campaign: Self.campaign(), policy: Self.open, timeZone: F.utc)
            .plan(occurrence: "once", recipients: twins, now: Self.now)
        #expect(plan.messages.map(\.uid) == [1, 2])
        #expect(Set(plan.messages.map(\.key)).count == 2, "\(plan.messages.map(\.key))")
        // Names and ids may hold "|": user "u|B" in variant "A" and user "u" in variant "B|A";
        // campaign "a|b" on occurrence "once" and campaign "a" on occurrence "b|once".
        #expect(CampaignPlan.key(campaign: "c", occurrence: "once", variant: "A", user: "u|B")
            != CampaignPlan.key(campaign: "c", occurrence: "once", variant: "B|A", user: "u"))
        #expect(CampaignPlan.key(campaign: "a|b", occurrence: "once", variant: "A", user: "u")
            != CampaignPlan.key(campaign: "a", occurrence: "b|once", variant: "A", user: "u"))
    }

    @Test func aMessageOutsideTheWindowDoesNotTakeADailySlot() {
        // Daily limit 1, today (09-30) already full, end 10-01 04:00 UTC, quiet 22:00–08:00.
        // User 1 (Moscow, UTC+3): pushed to 10-01 00:00 UTC = 03:00 there, quiet until 08:00 =
        // 05:00 UTC, after the end: outside the window. User 2 (New York): 10-01 00:00 UTC is
        // 20:00 there, not quiet, before the end: the free slot of 10-01 is theirs.
        let c = Self.campaign(rules: CampaignRules(maxSendsPerDay: 1), endsAt: F.t("2026-10-01T04:00:00Z"))
        let quiet = SendPolicy(contact: ContactPolicy(caps: []))
        let now = F.t("2026-09-30T12:00:00Z")
        let today = Int(now / F.day)
        let users = [F.recipient(1, ["email": "a@x"], zone: F.moscow), F.recipient(2, ["email": "b@x"], zone: F.newYork)]
        let plan = CampaignPlanner(campaign: c, policy: quiet, timeZone: F.utc)
            .plan(occurrence: "o", recipients: users, now: now, queuedPerDay: [today: 1])
        #expect(plan.skipped.first?.uid == 1 && plan.skipped.first?.reason == .outsideWindow)
        #expect(plan.messages.map(\.uid) == [2])
        #expect(plan.messages.map(\.sendAt) == [F.t("2026-10-01T00:00:00Z")])
    }
}

// MARK: - Property test

@Suite struct CampaignPlannerPropertyTests {
    typealias F = CampaignFixture

    static let zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Pacific/Auckland",
                        "America/Los_Angeles"].map { TimeZone(identifier: $0)! }
    static let channels: [ChannelKind] = [.email, .sms, .push, .inbox, .webhook]

    /// A random world: workspace rules, a campaign, recipients, blocked users and what was spent
    /// and queued before.
    struct World {
        var policy: SendPolicy
        var campaign: Campaign
        var zone: TimeZone
        var recipients: [Recipient]
        var blocked: Set<Int64>
        var now: Int64
        var spent: Int64
        var queued: [Int: Int]
    }

    static func world(seed: Int) -> World {
        var rng = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        func chance(_ p: Double) -> Bool { rng.nextDouble() < p }
        func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        func cap() -> FrequencyCap {
            FrequencyCap(limit: int(1...3), days: int(1...3), channel: chance(0.5) ? nil : pick([.email, .sms, .push]))
        }
        let zone = pick(zones)
        let now = Fixtures.referenceTime + Int64(int(0...(3 * 1440))) * F.minute + Int64(int(0...59_999))
        let quiet: QuietHours? = chance(0.3) ? nil : {
            let start = int(0...47) * 30
            var end = int(0...47) * 30
            if end == start { end = (start + 600) % 1440 }
            return QuietHours(start: start, end: end)
        }()
        let contact = ContactPolicy(caps: (0..<int(0...3)).map { _ in cap() }, quietHours: quiet,
                                    explicitConsent: Set(channels.filter { _ in chance(0.3) }))
        var variants: [CampaignVariant] = []
        for i in 0..<int(1...3) {
            let shuffled = channels.shuffled(using: &rng)
            let count = int(1...3)
            variants.append(CampaignVariant(name: "v\(i)", weight: int(1...5),
                                            messages: shuffled.prefix(count).map { ($0, F.message($0)) }))
        }
        var rules = CampaignRules(maxParticipationsPerUser: int(1...2))
        rules.maxSendsPerDay = chance(0.5) ? int(1...8) : nil
        rules.budgetMinor = chance(0.5) ? Int64(int(0...60)) : nil
        for channel in channels where chance(0.7) { rules.costPerMessageMinor[channel] = Int64(int(0...7)) }
        rules.caps = (0..<int(0...2)).map { _ in cap() }
        let startsAt: Int64? = chance(0.3) ? now + Int64(int(-2880...2880)) * F.minute : nil
        let endsAt: Int64? = chance(0.4) ? now + Int64(int(0...(5 * 1440))) * F.minute : nil
        let campaign = Campaign(name: "prop-\(seed)", startsAt: startsAt, endsAt: endsAt, holdoutShare: Double(int(0...50)) / 100,
                                variants: variants, rules: rules)
        let consents: [JSONValue?] = [nil, .bool(true), .bool(false), "true", "false", .number(1), .number(0), "maybe"]
        var recipients: [Recipient] = []
        for uid in 1...Int64(int(20...80)) {
            var traits: [String: JSONValue] = [:]
            if chance(0.7) { traits["email"] = chance(0.9) ? .string("u\(uid)@example.com") : "  " }
            if chance(0.6) { traits["phone"] = .string("+86138\(uid)") }
            if chance(0.4) { traits["push_token"] = .string("tok-\(uid)") }
            for channel in channels {
                if let consent = pick(consents) { traits[channel.consentTrait] = consent }
            }
            let sent = (0..<int(0...5)).map { _ in
                (at: now - Int64(int(0...(4 * 1440))) * F.minute, channel: pick(channels))
            }
            recipients.append(Recipient(uid: uid, key: chance(0.8) ? "user-\(uid)" : "anon-\(seed)-\(uid)", traits: traits,
                                        timeZone: pick(zones), unsubscribed: Set(channels.filter { _ in chance(0.1) }),
                                        unsubscribedAll: chance(0.05), sent: sent, participations: int(0...2)))
        }
        let blocked = Set(recipients.map(\.uid).filter { _ in chance(0.1) })
        var calendar = DayCalendar(timeZone: zone)
        var queued: [Int: Int] = [:]
        if let limit = rules.maxSendsPerDay, chance(0.5) {
            queued[calendar.day(max(now, startsAt ?? now))] = int(0...limit)
        }
        return World(policy: SendPolicy(contact: contact), campaign: campaign, zone: zone, recipients: recipients,
                     blocked: blocked, now: now, spent: Int64(int(0...20)), queued: queued)
    }

    static func localDay(_ ms: Int64, _ zone: TimeZone) -> Int {
        var calendar = DayCalendar(timeZone: zone)
        return calendar.day(ms)
    }

    static func localMinute(_ ms: Int64, _ zone: TimeZone) -> Int {
        var calendar = DayCalendar(timeZone: zone)
        let local = calendar.localTime(ms)
        return Int(((local % F.day) + F.day) % F.day / F.minute)
    }

    @Test(arguments: 0..<200) func everyPlanKeepsItsPromises(seed: Int) {
        let w = Self.world(seed: seed)
        let c = w.campaign
        let plan = CampaignPlanner(campaign: c, policy: w.policy, timeZone: w.zone)
            .plan(occurrence: "occ", recipients: w.recipients, blocked: w.blocked, now: w.now, spentMinor: w.spent,
                  queuedPerDay: w.queued)
        let byUid = Dictionary(uniqueKeysWithValues: w.recipients.map { ($0.uid, $0) })
        let split = AudienceSplit(c)
        let start = max(w.now, c.startsAt ?? w.now)
        var policy = w.policy

        // Every recipient is in exactly one of messages, holdout and skipped.
        let placed = plan.messages.map(\.uid) + plan.holdout + plan.skipped.map(\.uid)
        #expect(placed.sorted() == w.recipients.map(\.uid).sorted(), "seed \(seed)")
        #expect(plan.targeted == w.recipients.count)

        // The holdout is exactly the users the split holds out, blocked users aside (they are in no group).
        #expect(plan.holdout == w.recipients.filter { split.arm(forUser: $0.key) == .holdout && !w.blocked.contains($0.uid) }
            .map(\.uid), "seed \(seed)")

        // Messages never pass the budget (what is left of it: nothing when it was spent before).
        let cost = plan.messages.map(\.costMinor).reduce(0, +)
        if let budget = c.rules.budgetMinor {
            #expect(cost <= max(0, budget - w.spent), "seed \(seed): \(w.spent) + \(cost) > \(budget)")
        }

        // Each message: its user's variant, a reachable channel of it at its cost, a unique key,
        // inside the window, outside the user's quiet hours, and within every cap.
        #expect(Set(plan.messages.map(\.key)).count == plan.messages.count)
        for m in plan.messages {
            let r = byUid[m.uid]!
            guard case .variant(let v) = split.arm(forUser: r.key) else {
                Issue.record("seed \(seed): held-out user \(m.uid) has a message")
                continue
            }
            let variant = c.variants[v]
            #expect(m.variant == variant.name)
            #expect(m.key == CampaignPlan.key(campaign: c.name, occurrence: "occ", variant: variant.name, user: r.key))
            #expect(variant.messages.map(\.channel).contains(m.channel))
            #expect(policy.reachability(r, m.channel) == nil, "seed \(seed) uid \(m.uid)")
            #expect(m.address == (r.address(on: m.channel) ?? ""))
            #expect(m.costMinor == c.rules.cost(m.channel))
            #expect(!w.blocked.contains(m.uid) && r.participations < c.rules.maxParticipationsPerUser)
            #expect(m.sendAt >= start, "seed \(seed) uid \(m.uid)")
            if let end = c.endsAt { #expect(m.sendAt <= end, "seed \(seed) uid \(m.uid)") }
            if let quiet = w.policy.contact.quietHours {
                #expect(!quiet.contains(minuteOfDay: Self.localMinute(m.sendAt, r.timeZone)), "seed \(seed) uid \(m.uid)")
            }
            let today = Self.localDay(m.sendAt, r.timeZone)
            let history = r.sent.map { (day: Self.localDay($0.at, r.timeZone), channel: $0.channel) } + [(day: today, channel: m.channel)]
            for cap in w.policy.contact.caps + c.rules.caps where cap.channel == nil || cap.channel == m.channel {
                let counted = history.filter { $0.day > today - cap.days && $0.day <= today && (cap.channel == nil || $0.channel == cap.channel) }
                #expect(counted.count <= cap.limit, "seed \(seed) uid \(m.uid): \(counted.count) sends against \(cap)")
            }
        }

        // No workspace day gets more than the daily limit, counting what was queued before.
        if let limit = c.rules.maxSendsPerDay {
            var perDay = w.queued
            for m in plan.messages { perDay[Self.localDay(m.sendAt, w.zone), default: 0] += 1 }
            for (day, count) in perDay where count > limit && w.queued[day, default: 0] <= limit {
                Issue.record("seed \(seed): \(count) messages on day \(day), limit \(limit)")
            }
        }

        // Each skip has its reason.
        var spentSoFar = w.spent
        var messageIndex = 0
        var skipIndex = 0
        for r in w.recipients {
            if messageIndex < plan.messages.count, plan.messages[messageIndex].uid == r.uid {
                spentSoFar += plan.messages[messageIndex].costMinor
                messageIndex += 1
                continue
            }
            guard skipIndex < plan.skipped.count, plan.skipped[skipIndex].uid == r.uid else { continue }
            let skip = plan.skipped[skipIndex]
            skipIndex += 1
            if skip.reason == .blocked {
                #expect(w.blocked.contains(r.uid))
                #expect(skip.variant == c.variants[split.variant(forUser: r.key)].name)
                continue
            }
            guard case .variant(let v) = split.arm(forUser: r.key) else {
                Issue.record("seed \(seed): held-out user \(r.uid) is skipped")
                continue
            }
            #expect(skip.variant == c.variants[v].name)
            let decision = policy.decide(r, channels: c.variants[v].messages.map(\.channel), rules: c.rules, now: start)
            switch skip.reason {
            case .blocked:
                #expect(w.blocked.contains(r.uid))
            case .budget:
                // Skipped only when this message would really pass the budget.
                guard case .send(let channel, _, _) = decision, let budget = c.rules.budgetMinor else {
                    Issue.record("seed \(seed): budget skip of \(r.uid) without a send decision or a budget")
                    continue
                }
                #expect(spentSoFar + c.rules.cost(channel) > budget, "seed \(seed) uid \(r.uid)")
            case .outsideWindow:
                #expect(c.endsAt != nil)
                if case .send = decision {} else { Issue.record("seed \(seed): window skip of \(r.uid) without a send decision") }
            default:
                #expect(!w.blocked.contains(r.uid))
                #expect(decision == .skip(skip.reason), "seed \(seed) uid \(r.uid)")
            }
        }
        // Messages and skips were both in audience order.
        #expect(messageIndex == plan.messages.count && skipIndex == plan.skipped.count, "seed \(seed)")
    }
}

extension CampaignPlannerPropertyTests {
    /// The random worlds reach every outcome, so the promises above are checked on real cases.
    @Test func theRandomWorldsCoverEveryOutcome() {
        var messages = 0, holdout = 0, moved = 0, deferred = 0
        var reasons: [SkipReason: Int] = [:]
        for seed in 0..<200 {
            let w = Self.world(seed: seed)
            let plan = CampaignPlanner(campaign: w.campaign, policy: w.policy, timeZone: w.zone)
                .plan(occurrence: "occ", recipients: w.recipients, blocked: w.blocked, now: w.now, spentMinor: w.spent,
                      queuedPerDay: w.queued)
            messages += plan.messages.count
            holdout += plan.holdout.count
            let start = max(w.now, w.campaign.startsAt ?? w.now)
            for m in plan.messages where m.sendAt > start {
                if Self.localDay(m.sendAt, w.zone) > Self.localDay(start, w.zone) + 1 { moved += 1 } else { deferred += 1 }
            }
            for (reason, count) in plan.skipCounts { reasons[reason, default: 0] += count }
        }
        #expect(messages > 1000 && holdout > 500 && moved > 20 && deferred > 100, "\(messages) \(holdout) \(moved) \(deferred)")
        for reason in SkipReason.allCases where reason != .exited {
            #expect(reasons[reason, default: 0] > 10, "\(reason): \(reasons)")
        }
    }
}

// MARK: - Campaign results' significance

@Suite struct CampaignProportionTests {
    @Test func aVariantAgainstItsHoldout() {
        // Variant 120 of 1000 converted against holdout 10 of 100: pooled 130/1100,
        // SE = √(p(1−p)(1/1000 + 1/100)), z = 0.02 / SE ≈ 0.5907, p ≈ 0.5547: no evidence.
        let weak = ProportionTest(successesA: 120, sizeA: 1000, successesB: 10, sizeB: 100)
        let pooled = 130.0 / 1100
        #expect(abs(weak.z - 0.02 / (pooled * (1 - pooled) * 0.011).squareRoot()) < 1e-12)
        #expect(abs(weak.z - 0.5907025) < 1e-6)
        #expect(abs(weak.pValue - 0.5547198) < 1e-6)
        // 600 of 4500 (13.3 %) against 40 of 500 (8 %): pooled 0.128, SE ≈ 0.0157491, z ≈ 3.3864, p ≈ 0.00071.
        let strong = ProportionTest(successesA: 600, sizeA: 4500, successesB: 40, sizeB: 500)
        #expect(abs(strong.z - 3.386427) < 1e-5)
        #expect(abs(strong.pValue - 0.000708090) < 1e-8)
        // A holdout that did better gives a negative z with the same p-value as the other way round.
        let worse = ProportionTest(successesA: 40, sizeA: 500, successesB: 600, sizeB: 4500)
        #expect(abs(worse.z + strong.z) < 1e-12 && abs(worse.pValue - strong.pValue) < 1e-15)
        // A campaign with no holdout has nothing to compare with.
        #expect(ProportionTest(successesA: 50, sizeA: 1000, successesB: 0, sizeB: 0) == ProportionTest(successesA: 0, sizeA: 0, successesB: 0, sizeB: 1))
        #expect(ProportionTest(successesA: 50, sizeA: 1000, successesB: 0, sizeB: 0).pValue == 1)
    }
}
