import Foundation
import Hummingbird
import HummingbirdTesting
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import Testing

/// Erasure through the admin API: a person with merged anonymous ids, traits with an e-mail, a
/// phone and an openid, events (one quarantined, one from the far future), a manual tag and an
/// inbox message is erased; afterwards no byte of their ids or addresses is in the database
/// files, re-sent events are refused, and counts drop by exactly their contribution.
@Suite struct ErasureTests {
    typealias C = CampaignAPI

    static let person = "erase-me-7f3a"
    static let identifiers = [person, "anon-erase-1", "anon-erase-2", "erase.me.7f3a@example.com",
                              "+8613912345678", "oERASE7f3aOpenId", "Erasa Seventhree"]
    static let seed = """
        {"batch":[
         {"type":"track","anonymousId":"anon-erase-1","event":"page_view","messageId":"e-1","timestamp":"2026-09-01T08:00:00Z"},
         {"type":"identify","userId":"erase-me-7f3a","anonymousId":"anon-erase-1","messageId":"e-2","timestamp":"2026-09-01T09:00:00Z",
          "traits":{"email":"erase.me.7f3a@example.com","phone":"+8613912345678","wechat_openid":"oERASE7f3aOpenId",
                    "name":"Erasa Seventhree","plan":"gold"}},
         {"type":"track","anonymousId":"anon-erase-2","event":"page_view","messageId":"e-3","timestamp":"2026-09-02T08:00:00Z"},
         {"type":"identify","userId":"erase-me-7f3a","anonymousId":"anon-erase-2","messageId":"e-4","timestamp":"2026-09-02T09:00:00Z"},
         {"type":"track","userId":"erase-me-7f3a","event":"purchase","messageId":"e-5","properties":{"revenue":20},"timestamp":"2026-09-03T00:00:00Z"},
         {"type":"track","userId":"erase-me-7f3a","event":"purchase","messageId":"e-6","properties":{"revenue":30},"timestamp":"2026-09-04T00:00:00Z"},
         {"type":"track","userId":"erase-me-7f3a","event":"purchase","messageId":"e-7","properties":{"revenue":5},"timestamp":"2099-01-01T00:00:00Z"},
         {"type":"track","userId":"erase-me-7f3a","event":"purchase","messageId":"e-8","timestamp":"not a time"},
         {"type":"track","userId":"a","event":"purchase","messageId":"o-1","properties":{"revenue":9},"timestamp":"2026-09-03T00:00:00Z"}]}
        """

    @Test func anErasedPersonLeavesNoTraceAndCannotComeBack() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: Self.seed.buffer) {
                #expect($0.status == .ok)
            }
            // A tag, an inbox campaign to the gold plan (the person included).
            #expect(try await client.admin(.post, "/api/v1/tags", #"{"name": "VIP"}"#).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/tags/VIP/members", #"{"user_ids": ["erase-me-7f3a", "a"]}"#).0 == .ok)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome", schedule: C.past)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/welcome/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "welcome", "completed"))
            #expect(try await client.admin(.get, "/api/v1/campaigns/welcome").1["messages"]?["sent"] == 4)
            #expect(try await client.admin(.get, "/api/v1/quarantine").2.contains(Self.person))

            // Points with a hold outstanding: forfeited and released with the person.
            let award = #"{"user_id": "erase-me-7f3a", "amount": 80}"#, hold = #"{"user_id": "erase-me-7f3a", "amount": 30}"#
            #expect(try await PointsAPITests.send(client, "/api/v1/points/awards", award, key: "e-award").0 == .created)
            #expect(try await PointsAPITests.send(client, "/api/v1/points/holds", hold, key: "e-hold").0 == .created)
            let personUid = try #require(try await client.admin(.get, "/api/v1/users/\(Self.person)").1["uid"]?.numberValue)

            let before = try await Self.counts(client)
            #expect(before.purchases == 5 && before.vip == 2)  // the person's 3, a's and d's

            let (accepted, job, text) = try await client.admin(.delete, "/api/v1/users/\(Self.person)")
            #expect(accepted == .accepted, "\(text)")
            let id = try #require(job["job"]?.stringValue)
            #expect(try await C.eventually {
                try await client.admin(.get, "/api/v1/deletions/\(id)").1["state"] == "done"
            })
            let (_, done, _) = try await client.admin(.get, "/api/v1/deletions/\(id)")
            #expect(done["removed"]?["events"] == 7, "\(done)")  // e-1…e-7 (e-8 was quarantined)
            #expect(done["removed"]?["profiles"] == 2 && done["removed"]?["inbox"] == 1 && done["removed"]?["quarantined"] == 1, "\(done)")

            // Gone from every answer, and the counts drop by exactly the person's share.
            for user in [Self.person, "anon-erase-1", "anon-erase-2"] {
                #expect(try await client.admin(.get, "/api/v1/users/\(user)").0 == .notFound)
            }
            #expect(done["removed"]?["points_forfeited"] == 80)
            #expect(try database.ledgerAccount(uid: Int64(personUid), currency: .points).map { ($0.balance, $0.held) }! == (0, 0))
            #expect(try database.verifyLedger() == [])
            // The person's ids are never given to anyone else (what the ledger keeps under them stays theirs).
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"newcomer","event":"signup"}"#.buffer) { #expect($0.status == .ok) }
            let newcomer = try #require(try await client.admin(.get, "/api/v1/users/newcomer").1["uid"]?.numberValue)
            #expect(newcomer > personUid)
            let after = try await Self.counts(client)
            #expect(after.events == before.events - 7 + 1)  // the newcomer's signup
            #expect(after.purchases == before.purchases - 3)
            #expect(after.revenue == before.revenue - 55)
            #expect(after.vip == before.vip - 1)
            #expect(after.gold == before.gold - 1)

            // Re-sent events and new ones under any of the ids are refused, not stored, not quarantined.
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: Self.seed.buffer) {
                let body = $0.json
                #expect(body["accepted"] == 0, "\(body)")
                #expect(body["rejected"]?.arrayValue?.filter { $0["code"] == "erased" }.count == 8, "\(body)")  // e-8 too
            }
            #expect(try await Self.counts(client).events == after.events)  // nothing of the re-sent batch
            #expect(try await client.admin(.get, "/api/v1/quarantine").2.contains(Self.person) == false)
            // Asking again answers with the same job.
            let (again, sameJob, _) = try await client.admin(.delete, "/api/v1/users/\(Self.person)")
            #expect(again == .ok && sameJob["job"]?.stringValue == id)

            // Not one byte of who they were is left in the database files.
            let path = try #require(database.path)
            // The scan reads what is stored: the other people are there.
            let all = [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
            #expect(all.contains { $0.range(of: Data("Alice".utf8)) != nil })
            for file in [path, path + "-wal", path + "-shm"] {
                guard let bytes = FileManager.default.contents(atPath: file) else { continue }
                for identifier in Self.identifiers {
                    let found = bytes.range(of: Data(identifier.utf8))
                    #expect(found == nil, "\(identifier) is still in \(file): \(found.map { String(decoding: bytes[max(0, $0.lowerBound - 200)..<min(bytes.count, $0.upperBound + 200)], as: UTF8.self) } ?? "")")
                }
            }
            // The audit log names the job, never the person.
            let (_, audit, auditText) = try await client.admin(.get, "/api/v1/audit?limit=20")
            #expect(auditText.contains("/api/v1/deletions/\(id)"), "\(audit)")
            for identifier in Self.identifiers { #expect(!auditText.contains(identifier)) }
        }
    }

    @Test func deleteOnlyKeepsNothingSoTheIdsMayReturn() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: Self.seed.buffer) {
                #expect($0.status == .ok)
            }
            let (accepted, job, _) = try await client.admin(.delete, "/api/v1/users/anon-erase-2?mode=delete_only")
            #expect(accepted == .accepted && job["mode"] == "delete_only")
            let id = try #require(job["job"]?.stringValue)
            #expect(try await C.eventually { try await client.admin(.get, "/api/v1/deletions/\(id)").1["state"] == "done" })
            // The same person may come back, as a new profile with only what is sent from now on.
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"erase-me-7f3a","event":"page_view","messageId":"n-1"}"#.buffer) {
                #expect($0.status == .ok)
            }
            let (found, profile, _) = try await client.admin(.get, "/api/v1/users/\(Self.person)")
            #expect(found == .ok && profile["computed"]?["event_count"] == 1 && profile["traits"]?["email"] == nil)
            // Bad requests say what to fix; nobody gets a 404 that leaks less than a 400 would.
            #expect(try await client.admin(.delete, "/api/v1/users/\(Self.person)?mode=later").0 == .badRequest)
            #expect(try await client.admin(.delete, "/api/v1/users/nobody-at-all").0 == .notFound)
            #expect(try await client.admin(.get, "/api/v1/deletions/del_1").0 == .badRequest)
            #expect(try await client.admin(.get, "/api/v1/deletions/del_00000000000000000000").0 == .notFound)
        }
    }

    @Test func onlyAdminsMayErase() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: Self.seed.buffer) {
                #expect($0.status == .ok)
            }
            let (operatorKey, _) = try database.createKey(kind: .secret, name: "ops", role: .operator)
            try await Task.sleep(for: .milliseconds(1100))  // keys made outside the server are read within a second
            try await client.execute(uri: "/api/v1/users/\(Self.person)", method: .delete,
                                     headers: [.authorization: "Bearer \(operatorKey)"]) { #expect($0.status == .forbidden) }
            #expect(try await client.admin(.get, "/api/v1/users/\(Self.person)").0 == .ok)
        }
    }

    /// Stored events, purchases and revenue over all time, and members of VIP and gold.
    static func counts(_ client: some TestClientProtocol) async throws
        -> (events: Double, purchases: Double, revenue: Double, vip: Double, gold: Double)
    {
        let (_, stats, _) = try await client.admin(.get, "/api/v1/stats")
        let query = "event=purchase&from=2026-01-01&to=2027-12-31&interval=month"
        let (_, trend, trendText) = try await client.admin(.get, "/api/v1/reports/trend?\(query)")
        let (_, revenue, _) = try await client.admin(.get, "/api/v1/reports/trend?\(query)&measure=sum:revenue")
        let total: (JSONValue) -> Double = { report in
            report["total"]?["total"]?.numberValue ?? -1
        }
        #expect(total(trend) >= 0, "\(trendText)")
        let (_, vip, _) = try await client.admin(.get, "/api/v1/tags/VIP")
        let (_, gold, _) = try await client.admin(.get, "/api/v1/segments/gold")
        return (stats["events"]?.numberValue ?? -1, total(trend), total(revenue),
                vip["size"]?.numberValue ?? 0, gold["size"]?.numberValue ?? 0)
    }
}
