import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct ScoringModelAPITests {
    static let model = """
        {"name": "engagement", "description": "who is worth a call",
         "factors": [{"attribute": "event_count", "weight": 1}, {"did": "purchase", "weight": 1}],
         "tiers": [{"name": "high", "min_score": 50}, {"name": "low", "min_score": 0}]}
        """

    func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil)
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        let (status, json, _) = try await client.admin(method, uri, body)
        return (status, json)
    }

    @Test func savesRunsAndUsesAScoringModelInRules() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: SegmentPreviewTests.seed.buffer) { #expect($0.status == .ok) }
            let (created, result) = try await send(client, .post, "/api/v1/models/scores", Self.model)
            #expect(created == .created)
            // b: most events (4) and the only purchase → 100; a: 3 events → 25; c: 1 event → 0.
            let tiers = result["tiers"]?.arrayValue ?? []
            #expect(tiers.first?["name"] == "high")
            #expect(tiers.first?["size"] == 1)
            #expect(tiers.first?["mean_score"] == 100)
            #expect(tiers.last?["size"] == 2)
            let (_, preview) = try await send(client, .post, "/api/v1/segments/preview",
                                              #"{"text": "in engagement:high", "sample": 1}"#)
            #expect(preview["sample"]?.arrayValue?.first?["user_id"] == "b")
            let (_, listed) = try await send(client, .get, "/api/v1/models/scores")
            #expect(listed["models"]?.arrayValue?.first?["name"] == "engagement")
            let (_, run) = try await send(client, .get, "/api/v1/models/scores/engagement")
            #expect(run["histogram"]?.arrayValue?.compactMap { $0["users"]?.numberValue }.reduce(0, +) == 3)
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "top", "text": "in engagement:high"}"#)
            #expect(try await send(client, .delete, "/api/v1/models/scores/engagement").0 == .conflict)
            #expect(try await send(client, .delete, "/api/v1/segments/top").0 == .noContent)
            #expect(try await send(client, .delete, "/api/v1/models/scores/engagement").0 == .noContent)
        }
    }

    @Test func refusesModelsThatBreakTheLimits() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: SegmentPreviewTests.seed.buffer) { #expect($0.status == .ok) }
            let noZeroTier = Self.model.replacingOccurrences(of: #""min_score": 0"#, with: #""min_score": 10"#)
            let (status, error) = try await send(client, .post, "/api/v1/models/scores/preview", noZeroTier)
            #expect(status == .badRequest)
            #expect(error["error"]?["field"] == "tiers")
            let unknownEvent = Self.model.replacingOccurrences(of: #""did": "purchase""#, with: #""did": "purchse""#)
            let (unknown, unknownError) = try await send(client, .post, "/api/v1/models/scores", unknownEvent)
            #expect(unknown == .badRequest)
            #expect(unknownError["error"]?["field"] == "factors[1].did")
            let reserved = Self.model.replacingOccurrences(of: #""name": "engagement""#, with: #""name": "rfm""#)
            #expect(try await send(client, .post, "/api/v1/models/scores", reserved).0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/models/scores/nope").0 == .notFound)
        }
    }

    @Test func rfmScoresByChosenOrNaturalBreakPointsWithCurves() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: SegmentPreviewTests.seed.buffer) { #expect($0.status == .ok) }
            let (ok, rfm) = try await send(client, .get, """
                /api/v1/models/rfm?as_of=2026-09-30&scoring=breaks&recency_breaks=7,30&frequency_breaks=1&monetary_breaks=10&curve=true
                """)
            #expect(ok == .ok)
            #expect(rfm["break_points"]?["recency_days"]?.arrayValue?.compactMap(\.numberValue) == [7, 30])
            #expect(rfm["curves"]?["monetary"]?["points"]?.arrayValue?.last?["value"] == 5)
            let (natural, _) = try await send(client, .get, "/api/v1/models/rfm?scoring=natural")
            #expect(natural == .ok)
            let (bad, error) = try await send(client, .get, "/api/v1/models/rfm?scoring=breaks&recency_breaks=30,7")
            #expect(bad == .badRequest)
            #expect(error["error"]?["field"] == "recency_breaks" || error["error"]?["field"] == "frequency_breaks")
        }
    }
}
