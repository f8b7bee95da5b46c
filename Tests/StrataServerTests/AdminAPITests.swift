import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct AdminAPITests {
    static let seed = """
        {"batch":[
         {"type":"identify","userId":"u1","traits":{"city":"Shanghai","email":"u1@x.com"},"timestamp":"2026-09-01T00:00:00Z"},
         {"type":"identify","userId":"u2","traits":{"city":"Beijing"},"timestamp":"2026-09-01T00:00:00Z"},
         {"type":"track","userId":"u1","event":"purchase","properties":{"revenue":20},"timestamp":"2026-09-02T00:00:00Z"},
         {"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-03T00:00:00Z"},
         {"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-04T00:00:00Z"},
         {"type":"track","anonymousId":"a9","event":"view_item","timestamp":"2026-09-04T00:00:00Z"}]}
        """

    func seeded(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            try await test(client)
        }
    }

    @Test func statsCountUsersEventsAndQuarantine() async throws {
        try await seeded { client in
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: ServerHarness.bearer) { response in
                #expect(response.status == .ok)
                #expect(response.json["users"] == 3)
                #expect(response.json["known_users"] == 2)
                #expect(response.json["events"] == 6)
                #expect(response.json["quarantined"] == 0)
            }
        }
    }

    @Test func requiresTheSecretKey() async throws {
        try await seeded { client in
            try await client.execute(uri: "/api/v1/stats", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/stats", method: .get,
                                     headers: [.authorization: "Bearer wk_test_write"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func showsAProfileWithTraitsAndComputedAttributes() async throws {
        try await seeded { client in
            try await client.execute(uri: "/api/v1/users/u1", method: .get, headers: ServerHarness.bearer) { response in
                let json = response.json
                #expect(json["user_id"] == "u1")
                #expect(json["traits"]?["city"] == "Shanghai")
                #expect(json["computed"]?["event_count"] == 3)
                #expect(json["computed"]?["purchase_count"] == 1)
                #expect(json["computed"]?["revenue"] == 20)
                #expect(json["computed"]?["active_days"] == 4)
                #expect(json["computed"]?["last_seen"] == "2026-09-04T00:00:00.000Z")
            }
            try await client.execute(uri: "/api/v1/users/a9", method: .get, headers: ServerHarness.bearer) { response in
                #expect(response.json["user_id"] == .null)
                #expect(response.json["anonymous_ids"] == .array(["a9"]))
            }
            try await client.execute(uri: "/api/v1/users/nobody", method: .get, headers: ServerHarness.bearer) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"]?["code"] == "not_found")
            }
        }
    }

    @Test func pagesAUsersTimelineNewestFirst() async throws {
        try await seeded { client in
            let first = try await client.execute(uri: "/api/v1/users/u1/events?limit=2", method: .get,
                                                 headers: ServerHarness.bearer) { $0.json }
            #expect(first["events"]?.arrayValue?.map { $0["timestamp"] } == ["2026-09-04T00:00:00.000Z", "2026-09-03T00:00:00.000Z"])
            let cursor = try #require(first["next_cursor"]?.stringValue)
            let second = try await client.execute(uri: "/api/v1/users/u1/events?limit=2&cursor=\(cursor)", method: .get,
                                                  headers: ServerHarness.bearer) { $0.json }
            #expect(second["events"]?.arrayValue?.map { $0["event"] } == ["purchase", "$identify"])
            try await client.execute(uri: "/api/v1/users/u1/events?limit=5000", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["error"]?["field"] == "limit")
            }
        }
    }

    @Test func listsEventsByNameUserAndDays() async throws {
        try await seeded { client in
            try await client.execute(uri: "/api/v1/events?name=view_item&from=2026-09-04&to=2026-09-04", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["events"]?.arrayValue?.count == 2)
            }
            try await client.execute(uri: "/api/v1/events?user=u1&name=view_item", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["events"]?.arrayValue?.count == 2)
            }
            try await client.execute(uri: "/api/v1/events?from=last-week", method: .get,
                                     headers: ServerHarness.bearer) { #expect($0.status == .badRequest) }
        }
    }

    @Test func searchesUsersByTraitAndComputedAttribute() async throws {
        try await seeded { client in
            try await client.execute(uri: "/api/v1/users?trait.city=Shanghai&min_purchase_count=1", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["users"]?.arrayValue?.map { $0["user_id"] } == ["u1"])
            }
            try await client.execute(uri: "/api/v1/users?known=false", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["users"]?.arrayValue?.count == 1)
            }
        }
    }

    @Test func metricsCountMessagesInPrometheusFormat() async throws {
        try await seeded { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("strata_messages_accepted_total 6"))
                #expect(text.contains("strata_store_write_seconds_bucket"))
                #expect(text.contains("strata_http_request_seconds_count"))
            }
        }
    }
}

@Suite struct ErrorShapeTests {
    @Test func unknownRoutesAndMethodsAnswerInTheAPIsErrorShape() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: ServerHarness.bearer) { response in
                #expect(response.status == .notFound)
                #expect(response.json["error"]?["code"] == "not_found")
                #expect(response.json["code"] == "not_found")
            }
            try await client.execute(uri: "/v1/track", method: .get) { response in
                #expect(response.json["error"]?["code"] != nil)
                #expect(response.status.code >= 400)
            }
        }
    }
}

@Suite struct UserFilterTests {
    @Test func revenueBoundsAreInCurrencyUnits() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: AdminAPITests.seed.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/users?min_revenue=19.5&max_revenue=20", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["users"]?.arrayValue?.map { $0["user_id"] } == ["u1"])
            }
            try await client.execute(uri: "/api/v1/users?min_revenue=20.01", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["users"]?.arrayValue?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/users?min_event_count=lots", method: .get,
                                     headers: ServerHarness.bearer) { #expect($0.status == .badRequest) }
        }
    }
}
