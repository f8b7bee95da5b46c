import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import Testing

/// The points ledger over HTTP: idempotent writes, no double spend under concurrency, holds,
/// refunds, history and verification.
@Suite struct PointsAPITests {
    static func send(_ client: some TestClientProtocol, _ path: String, _ body: String, key: String?,
                     bearer: String = ServerHarness.secretKey) async throws -> (HTTPResponse.Status, JSONValue, String, Bool) {
        var headers: HTTPFields = [.authorization: "Bearer \(bearer)", .contentType: "application/json"]
        if let key { headers[.init("Idempotency-Key")!] = key }
        return try await client.execute(uri: path, method: .post, headers: headers, body: body.buffer) {
            ($0.status, $0.json, String(buffer: $0.body), $0.headers[.init("Idempotent-Replayed")!] == "true")
        }
    }

    static func seed(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                 body: #"{"batch":[{"type":"identify","userId":"mia","traits":{"plan":"gold"}}]}"#.buffer) {
            #expect($0.status == .ok)
        }
    }

    @Test func writesNeedAKeyAndAReplayGetsTheFirstAnswer() async throws {
        try await ServerHarness.run { client, _ in
            try await Self.seed(client)
            let award = #"{"user_id": "mia", "amount": 100, "reason": "welcome"}"#
            #expect(try await Self.send(client, "/api/v1/points/awards", award, key: nil).0 == .badRequest)
            let (created, first, firstText, replayed) = try await Self.send(client, "/api/v1/points/awards", award, key: "k1")
            #expect(created == .created && !replayed, "\(firstText)")
            #expect(first["amount"] == 100 && first["state"] == "posted" && first["source"] == "api")
            let (again, _, againText, wasReplayed) = try await Self.send(client, "/api/v1/points/awards", award, key: "k1")
            #expect(again == .created && wasReplayed && againText == firstText)
            // The same key with another body is refused; nothing moved twice.
            let other = try await Self.send(client, "/api/v1/points/awards", #"{"user_id": "mia", "amount": 101}"#, key: "k1")
            #expect(other.0 == .conflict && other.2.contains("Idempotency-Key"))
            let (_, standing, _) = try await client.admin(.get, "/api/v1/users/mia/points")
            #expect(standing["points"] == 100 && standing["points_available"] == 100)
            #expect(standing["lots"]?.arrayValue?.first?["expires_at"]?.stringValue?.isEmpty == false)  // end of the 12th month
            // A refusal is an answer too: replayed as it was.
            let (refused, _, refusedText, _) = try await Self.send(client, "/api/v1/points/spends", #"{"user_id": "mia", "amount": 500}"#, key: "k2")
            #expect(refused == .conflict && refusedText.contains("insufficient_balance"))
            #expect(try await Self.send(client, "/api/v1/points/spends", #"{"user_id": "mia", "amount": 500}"#, key: "k2").2 == refusedText)
            let (_, verified, _) = try await client.admin(.get, "/api/v1/points/verify")
            #expect(verified["sound"] == true)
        }
    }

    @Test func concurrentRedemptionsNeverSpendOneBalanceTwice() async throws {
        try await ServerHarness.run { client, _ in
            try await Self.seed(client)
            #expect(try await Self.send(client, "/api/v1/points/awards", #"{"user_id": "mia", "amount": 100}"#, key: "grant").0 == .created)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        try await Self.send(client, "/api/v1/points/spends", #"{"user_id": "mia", "amount": 10, "reason": "coupon"}"#,
                                            key: "redeem-\(i)").0
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 10)
            #expect(statuses.filter { $0 == .conflict }.count == 54)
            let (_, standing, _) = try await client.admin(.get, "/api/v1/users/mia/points")
            #expect(standing["points"] == 0)
            #expect(try await client.admin(.get, "/api/v1/points/verify").1["sound"] == true)
        }
    }

    @Test func aThousandConcurrentCallsWithOneKeyMakeOneTransfer() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seed(client)
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String).self) { group in
                for _ in 0..<1000 {
                    group.addTask {
                        let (status, _, text, _) = try await Self.send(client, "/api/v1/points/awards",
                                                                       #"{"user_id": "mia", "amount": 7}"#, key: "once")
                        return (status, text)
                    }
                }
                return try await group.reduce(into: [(HTTPResponse.Status, String)]()) { $0.append($1) }
            }
            #expect(Set(answers.map(\.0)) == [.created])
            #expect(Set(answers.map(\.1)).count == 1, "every caller gets the same answer")
            #expect(try database.ledgerAccount(uid: 1, currency: .points)?.balance == 7)
            #expect(try database.ledgerTransfers(after: 0).count == 1)
        }
    }

    @Test func holdsCompleteOrVoidOnceAndRefundsReturnPoints() async throws {
        try await ServerHarness.run { client, _ in
            try await Self.seed(client)
            #expect(try await Self.send(client, "/api/v1/points/awards", #"{"user_id": "mia", "amount": 100}"#, key: "a").0 == .created)
            let (held, hold, holdText, _) = try await Self.send(client, "/api/v1/points/holds",
                                                               #"{"user_id": "mia", "amount": 60, "timeout_seconds": 600}"#, key: "h")
            #expect(held == .created && hold["state"] == "pending", "\(holdText)")
            let holdId = try #require(hold["id"]?.stringValue)
            #expect(try await client.admin(.get, "/api/v1/users/mia/points").1["points_available"] == 40)
            let (posted, post, _, _) = try await Self.send(client, "/api/v1/points/holds/\(holdId)/post", "", key: "p")
            #expect(posted == .created && post["related"]?.stringValue == holdId)
            #expect(try await Self.send(client, "/api/v1/points/holds/\(holdId)/void", "{}", key: "v").0 == .conflict)
            let refund = #"{"transfer_id": "\#(post["id"]?.stringValue ?? "")", "amount": 20, "reason": "returned"}"#
            #expect(try await Self.send(client, "/api/v1/points/refunds", refund, key: "r").0 == .created)
            let (_, standing, _) = try await client.admin(.get, "/api/v1/users/mia/points")
            #expect(standing["points"] == 60 && standing["points_held"] == 0)
            let (_, history, _) = try await client.admin(.get, "/api/v1/users/mia/points/history")
            #expect(history["transfers"]?.arrayValue?.map { $0["state"]?.stringValue ?? "" } == ["posted", "posted", "completed", "posted"])
        }
    }

    @Test func analystsMayReadButNotMovePoints() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seed(client)
            let (analyst, _) = try database.createKey(kind: .secret, name: "analyst", role: .analyst)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await Self.send(client, "/api/v1/points/awards", #"{"user_id": "mia", "amount": 1}"#, key: "x",
                                        bearer: analyst).0 == .forbidden)
            try await client.execute(uri: "/api/v1/users/mia/points", method: .get, headers: [.authorization: "Bearer \(analyst)"]) {
                #expect($0.status == .ok)
            }
        }
    }
}
