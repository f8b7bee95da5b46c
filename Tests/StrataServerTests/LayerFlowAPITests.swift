import Foundation
import Hummingbird
import HummingbirdTesting
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import Logging
import Testing

@Suite struct LayerFlowAPITests {
    /// a: active early, silent later; b: new late; c: active throughout.
    static let seed = """
        {"batch":[
         {"type":"track","userId":"a","event":"open","timestamp":"2026-09-01T10:00:00Z"},
         {"type":"track","userId":"a","event":"open","timestamp":"2026-08-01T10:00:00Z"},
         {"type":"track","userId":"c","event":"open","timestamp":"2026-08-01T10:00:00Z"},
         {"type":"track","userId":"c","event":"open","timestamp":"2026-09-01T10:00:00Z"},
         {"type":"track","userId":"c","event":"open","timestamp":"2026-09-20T10:00:00Z"},
         {"type":"track","userId":"b","event":"open","timestamp":"2026-09-19T10:00:00Z"}]}
        """

    func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil)
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        let (status, json, _) = try await client.admin(method, uri, body)
        return (status, json)
    }

    @Test func lifecycleFlowBetweenTwoDaysAndACellSavedAsASegment() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            let (status, flow) = try await send(client, .get, "/api/v1/flow/lifecycle?from=2026-09-02&to=2026-09-20")
            #expect(status == .ok)
            let layers = flow["layers"]?.arrayValue?.compactMap(\.stringValue) ?? []
            try #require(layers.count == 6)
            #expect(layers == ["new", "returning", "active", "silent", "churned", "(none)"])
            func cell(_ from: String, _ to: String) -> Double? {
                flow["matrix"]?.arrayValue?[layers.firstIndex(of: from)!].arrayValue?[layers.firstIndex(of: to)!].numberValue
            }
            // On 09-02: a returning (gap before 09-01), c returning too; b not yet seen.
            // On 09-20: a silent, c active (… returning within 7d after 09-01? 09-01 is outside 7d gap); b new.
            #expect(cell("returning", "silent") == 1)
            #expect(cell("(none)", "new") == 1)
            #expect(flow["from_sizes"]?.arrayValue?.compactMap(\.numberValue).reduce(0, +) == 3)
            #expect(flow["sources"]?["from"] == "computed")

            let (saved, segment) = try await send(client, .post, "/api/v1/flow/lifecycle/segment", """
                {"from": "2026-09-02", "to": "2026-09-20", "from_layer": "returning", "to_layer": "silent",
                 "name": "went quiet"}
                """)
            #expect(saved == .created)
            #expect(segment["size"] == 1)
            let (_, preview) = try await send(client, .post, "/api/v1/segments/preview",
                                              #"{"text": "in segment 'went quiet'", "sample": 1}"#)
            #expect(preview["sample"]?.arrayValue?.first?["user_id"] == "a")
            let (again, _) = try await send(client, .post, "/api/v1/flow/lifecycle/segment", """
                {"from": "2026-09-02", "to": "2026-09-20", "from_layer": "returning", "to_layer": "silent",
                 "name": "went quiet"}
                """)
            #expect(again == .conflict)
        }
    }

    @Test func refusesBadDaysModelsAndLayers() async throws {
        try await ServerHarness.run { client, _ in
            #expect(try await send(client, .get, "/api/v1/flow/lifecycle?from=2026-09-20&to=2026-09-02").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/flow/lifecycle?from=yesterday&to=2026-09-02").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/flow/lifecycle?from=2026-09-20").0 == .badRequest)
            let (missing, error) = try await send(client, .get, "/api/v1/flow/nope?from=2026-09-01&to=2026-09-02")
            #expect(missing == .notFound)
            #expect(error["error"]?["message"]?.stringValue?.contains("rfm, lifecycle") == true)
            let (badLayer, _) = try await send(client, .post, "/api/v1/flow/rfm/segment", """
                {"from": "2026-09-01", "to": "2026-09-02", "from_layer": "VIP", "to_layer": "重要价值", "name": "x"}
                """)
            #expect(badLayer == .badRequest)
        }
    }

    @Test func snapshotsKeepSegmentSizeHistoryAndFeedTheFlow() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "openers", "text": "did open in 7d"}"#)
            let (taken, result) = try await send(client, .post, "/api/v1/snapshots", #"{"day": "2026-09-02"}"#)
            #expect(taken == .created)
            // One segment, eight RFM layers, five lifecycle stages.
            #expect(result["snapshots"] == 14)
            _ = try await send(client, .post, "/api/v1/snapshots", #"{"day": "2026-09-20"}"#)
            let (_, history) = try await send(client, .get, "/api/v1/segments/openers/history")
            let sizes = history["history"]?.arrayValue ?? []
            #expect(sizes.count == 2)
            #expect(sizes.first?["day"] == "2026-09-02")
            #expect(sizes.first?["size"] == 2)
            #expect(sizes.last?["size"] == 2)
            let (_, flow) = try await send(client, .get, "/api/v1/flow/lifecycle?from=2026-09-02&to=2026-09-20")
            #expect(flow["sources"]?["from"] == "snapshot")
            #expect(flow["sources"]?["to"] == "snapshot")
            let (_, days) = try await send(client, .get, "/api/v1/snapshots")
            #expect(days["days"]?.arrayValue?.first == "2026-09-20")
            #expect(try await send(client, .post, "/api/v1/snapshots", #"{"day": "2999-01-01"}"#).0 == .badRequest)
        }
    }
}

@Suite struct SnapshotServiceTests {
    @Test func takesYesterdaysSnapshotOnceAfterTheDayEnds() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: LayerFlowAPITests.seed.buffer) { #expect($0.status == .ok) }
            let index = try IndexService(database: database, logger: Logger(label: "test"))
            let service = SnapshotService(index: index, database: database, logger: Logger(label: "test"))
            let now = try #require(Timestamp.parse("2026-09-21T00:05:00Z"))
            #expect(try await service.catchUp(now: now) == "2026-09-20")
            #expect(try await service.catchUp(now: now + 3_600_000) == nil)
            #expect(try database.snapshotDays() == ["2026-09-20"])
            let stages = try database.snapshots(.model, name: "lifecycle", day: "2026-09-20")
            #expect(stages.first { $0.layer == "new" }?.size == 1)
        }
    }
}
