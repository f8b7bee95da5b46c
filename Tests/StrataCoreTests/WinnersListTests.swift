import Foundation
import StrataCore
import StrataTestSupport
import Testing

/// The winners list of reward campaigns: ranking by score with ties to whoever got there first,
/// the window, the minimum score, merged profiles, and masked ids.
@Suite struct WinnersListTests {
    typealias A = AcquisitionFixture

    @Test func ranksByScoreWithTiesToWhoeverReachedItFirst() {
        let events = [
            A.event(1, "share", A.at(1)), A.event(1, "share", A.at(2)),
            A.event(2, "share", A.at(1)), A.event(2, "share", A.at(1, 12)),    // two, reached earlier than user 1
            A.event(3, "share", A.at(3)), A.event(3, "share", A.at(3, 11)), A.event(3, "share", A.at(3, 12)),
            A.event(4, "share", A.at(1)),                                         // one: under the minimum of 2
            A.event(5, "share", A.at(1)), A.event(5, "share", A.at(2)),          // not a participant
            A.event(1, "share", A.at(9)),                                         // after the window
        ]
        let list = WinnersList.rank(A.index(events), rule: RewardRule(score: .event("share"), winners: 3, minimumScore: 2),
                                    participants: [1, 2, 3, 4], from: A.at(0), to: A.at(5),
                                    displayIds: [3: "u300123", 2: "13800001234"])
        #expect(list.winners.map(\.uid) == [3, 2, 1])
        #expect(list.winners.map(\.rank) == [1, 2, 3])
        #expect(list.winners.map(\.score) == [3, 2, 2])
        #expect(list.winners[1].reachedAt == A.at(1, 12))
        #expect(list.winners.map(\.maskedId) == ["u3***23", "138****1234", "1***"])
        // Only as many winners as the rule gives.
        let top = WinnersList.rank(A.index(events), rule: RewardRule(score: .event("share"), winners: 1),
                                   participants: [1, 2, 3, 4], from: A.at(0), to: A.at(5))
        #expect(top.winners.map(\.uid) == [3])
    }

    @Test func revenueScoresAndMergedProfilesCountForTheirTarget() {
        let events = [A.event(1, "purchase", A.at(1), revenue: 10), A.event(2, "purchase", A.at(1), revenue: 25),
                      A.event(3, "purchase", A.at(2), revenue: 20), A.event(4, "purchase", A.at(2), revenue: 20)]
        // Profile 4 merged into 1: 1 has 10 + 20.
        let index = A.index(events, merges: [(4, 1)])
        let list = WinnersList.rank(index, rule: RewardRule(score: .revenue, winners: 10), participants: [1, 2, 3],
                                    from: A.at(0), to: A.at(5))
        #expect(list.winners.map(\.uid) == [1, 2, 3])
        #expect(list.winners.map(\.score) == [3_000, 2_500, 2_000])
    }

    /// Published ids follow the one masking policy: e-mails and phones as on every page, and
    /// other ids cut to their ends.
    @Test func masksEmailsPhonesAndOtherIds() {
        #expect(MaskingPolicy.maskForPublication("alice@example.com") == "a***@example.com")
        #expect(MaskingPolicy.maskForPublication("+86 138 0000 5678") == "+86*******5678")
        #expect(MaskingPolicy.maskForPublication("+86 138 0000 5678") == MaskingPolicy().mask("+8613800005678", key: "phone"))
        #expect(MaskingPolicy.maskForPublication("13800005678") == "138****5678")
        #expect(MaskingPolicy.maskForPublication("user_9876") == "us***76")
        #expect(MaskingPolicy.maskForPublication("abc") == "a***")
    }

    @Test func rewardRulesReadFromJSONWithErrorsNamingTheField() throws {
        let rule = try RewardRule(json: .object(["score": "event:purchase", "winners": 100]), path: "reward")
        #expect(rule == RewardRule(score: .event("purchase"), winners: 100))
        #expect(try RewardRule(json: rule.json, path: "reward") == rule)
        #expect(throws: StrataError.self) { try RewardRule(json: .object(["score": "clicks", "winners": 1]), path: "reward") }
        do {
            _ = try RewardRule(json: .object(["score": "revenue", "winners": 0]), path: "reward")
            Issue.record("winners 0 was accepted")
        } catch let error as StrataError {
            #expect(error.field == "reward.winners")
        }
    }
}
