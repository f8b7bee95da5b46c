import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// Five campaigns racing for the same users under a cap of one message a day: claims are
/// checked in the claiming transaction, so no user ever gets two, and the highest-priority
/// campaign is the one that reaches them.
@Suite struct OutboxCapRaceTests {
    static let users: [Int64] = Array(1...40)

    /// Stores five running campaigns (priorities 10…50), each with a message queued for every user now.
    static func fiveCampaigns(_ database: AppDatabase, now: Int64) throws {
        for c in 1...5 {
            var campaign = Campaign(name: "race-\(c)", audience: .segment("all"),
                                    variants: [CampaignVariant(name: "A", messages: [(.inbox, CampaignMessage(title: "t", body: "b"))])],
                                    schedule: .once(at: now))
            campaign.rules.priority = c * 10
            _ = try database.createCampaign(campaign, author: "test")
            try database.setCampaignStatus(campaign.name, to: .scheduled)
            try database.setCampaignStatus(campaign.name, to: .running)
            let plan = CampaignPlan(occurrence: "once", messages: users.map { uid in
                CampaignPlan.Message(key: CampaignPlan.key(campaign: campaign.name, occurrence: "once", variant: "A",
                                                           user: String(uid)),
                                     uid: uid, variant: "A", channel: .inbox, address: "", sendAt: now, costMinor: 0)
            })
            #expect(try database.enqueue(plan, campaign: campaign.name, priority: campaign.rules.priority, now: now) == users.count)
        }
    }

    @Test func concurrentClaimsNeverPassTheCapAndPriorityWins() async throws {
        let directory = TemporaryDirectory()
        let database = try AppDatabase.open(directory: directory.path)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try Self.fiveCampaigns(database, now: now)
        let contact = ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil, explicitConsent: [])
        // Five dispatchers claim small batches at once until nothing is due.
        let claimed = try await withThrowingTaskGroup(of: [OutboxMessage].self) { group in
            for _ in 0..<5 {
                group.addTask {
                    var mine: [OutboxMessage] = []
                    while true {
                        let claim = try database.claimDueMessages(now: now, limit: 3, contact: contact)
                        if claim.messages.isEmpty && claim.skipped.isEmpty && claim.deferred == 0 { return mine }
                        try database.recordDeliveries(claim.messages.map { ($0, .sent(response: "ok")) }, now: now)
                        mine += claim.messages
                    }
                }
            }
            var all: [OutboxMessage] = []
            for try await part in group { all += part }
            return all
        }
        // Each user exactly once, from the highest-priority campaign.
        #expect(claimed.count == Self.users.count)
        #expect(Set(claimed.map(\.uid)) == Set(Self.users))
        #expect(claimed.allSatisfy { $0.campaign == "race-5" }, "\(Set(claimed.map(\.campaign)))")
        // Everything else was skipped as capped, nothing left pending.
        for c in 1...4 {
            #expect(try database.outboxCounts(campaign: "race-\(c)") == ["skipped": Self.users.count])
        }
        #expect(try database.outboxCounts(campaign: "race-5") == ["sent": Self.users.count])
        withExtendedLifetime(directory) {}
    }

    @Test func aFailedSendFreesTheCapForTheNextCampaign() async throws {
        let directory = TemporaryDirectory()
        let database = try AppDatabase.open(directory: directory.path)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try Self.fiveCampaigns(database, now: now)
        let contact = ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil, explicitConsent: [])
        // The first claim takes race-5's messages; they fail for good.
        let first = try database.claimDueMessages(now: now, limit: Self.users.count, contact: contact)
        #expect(first.messages.allSatisfy { $0.campaign == "race-5" } && first.messages.count == Self.users.count)
        try database.recordDeliveries(first.messages.map { ($0, .failed(reason: "gone", suppress: false)) }, now: now)
        // Failed sends do not count: the next campaign by priority reaches everyone.
        let second = try database.claimDueMessages(now: now, limit: Self.users.count, contact: contact)
        #expect(second.messages.count == Self.users.count && second.messages.allSatisfy { $0.campaign == "race-4" })
        withExtendedLifetime(directory) {}
    }
}
