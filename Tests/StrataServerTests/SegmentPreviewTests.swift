import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct SegmentPreviewTests {
    static let seed = """
        {"batch":[
         {"type":"identify","userId":"a","traits":{"city":"Shanghai"},"timestamp":"2026-09-20T00:00:00Z"},
         {"type":"identify","userId":"b","traits":{"city":"Beijing"},"timestamp":"2026-09-20T00:00:00Z"},
         {"type":"identify","userId":"c","traits":{"city":"Chengdu"},"timestamp":"2026-09-20T00:00:00Z"},
         {"type":"track","userId":"a","event":"view_item","timestamp":"2026-09-28T00:00:00Z"},
         {"type":"track","userId":"a","event":"view_item","timestamp":"2026-09-29T00:00:00Z"},
         {"type":"track","userId":"a","event":"view_item","timestamp":"2026-09-29T01:00:00Z"},
         {"type":"track","userId":"b","event":"view_item","timestamp":"2026-09-28T00:00:00Z"},
         {"type":"track","userId":"b","event":"view_item","timestamp":"2026-09-28T00:00:00Z"},
         {"type":"track","userId":"b","event":"view_item","timestamp":"2026-09-28T02:00:00Z"},
         {"type":"track","userId":"b","event":"purchase","properties":{"revenue":5},"timestamp":"2026-09-29T00:00:00Z"},
         {"type":"track","userId":"c","event":"view_item","timestamp":"2026-09-29T00:00:00Z"}]}
        """
    static let rule = "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"

    func preview(_ client: some TestClientProtocol, _ body: String) async throws -> (HTTPResponse.Status, JSONValue) {
        try await client.execute(uri: "/api/v1/segments/preview", method: .post, headers: ServerHarness.bearer,
                                 body: body.buffer) { ($0.status, $0.json) }
    }

    @Test func previewsTextAndJSONRulesWithSizeSampleAndDescription() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            let (status, json) = try await preview(client, #"{"text": "\#(Self.rule)", "as_of": "2026-09-30"}"#)
            #expect(status == .ok)
            #expect(json["size"] == 1)
            #expect(json["sample"]?.arrayValue?.first?["user_id"] == "a")
            #expect(json["description"]?["zh"]?.stringValue?.contains("未做过 purchase") == true)
            let tree = try #require(json["rule"])
            let (_, again) = try await preview(client, #"{"rule": \#(tree.jsonText), "as_of": "2026-09-30"}"#)
            #expect(again["size"] == 1)
            let (_, wider) = try await preview(client, #"{"text": "did view_item in 14d", "as_of": "2026-09-30"}"#)
            #expect(wider["size"] == 3)
        }
    }

    @Test func aNewEventChangesTheSizeAtOnce() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            #expect(try await preview(client, #"{"text": "did view_item", "sample": 0}"#).1["size"] == 3)
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"c","event":"view_item"}"#.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"new","event":"view_item"}"#.buffer) { #expect($0.status == .ok) }
            #expect(try await preview(client, #"{"text": "did view_item", "sample": 0}"#).1["size"] == 4)
        }
    }

    @Test func refusesRulesThatNameUnknownThingsOrDoNotParse() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            let (status, json) = try await preview(client, #"{"text": "did view_itme in 14d"}"#)
            #expect(status == .badRequest)
            #expect(json["error"]?["message"]?.stringValue?.contains("did you mean \"view_item\"") == true)
            // 60 KB of "not " once took the server down with a stack overflow; now a 400 naming the limit.
            let deep = String(repeating: "not ", count: 15_000) + "city = x"
            let (deepStatus, deepJSON) = try await preview(client, #"{"text": "\#(deep)"}"#)
            #expect(deepStatus == .badRequest)
            #expect(deepJSON["error"]?["message"]?.stringValue?.contains("deeper than 32 levels") == true)
            #expect(try await preview(client, #"{"text": "did view_item", "sample": 0}"#).1["size"] == 3)
            let (parseStatus, parseJSON) = try await preview(client, #"{"text": "city in (Shanghai"}"#)
            #expect(parseStatus == .badRequest)
            #expect(parseJSON["error"]?["field"] == "rule")
            let (sampleStatus, _) = try await preview(client, #"{"text": "city exists", "sample": 1000}"#)
            #expect(sampleStatus == .badRequest)
            try await client.execute(uri: "/api/v1/segments/preview", method: .post,
                                     body: #"{"text": "city exists"}"#.buffer) { #expect($0.status == .unauthorized) }
        }
    }
}

@Suite struct SavedSegmentTests {
    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil)
        async throws -> (HTTPResponse.Status, JSONValue)
    {
        let (status, json, _) = try await client.admin(method, uri, body)
        return (status, json)
    }

    @Test func savedSegmentsAreListedWithLiveSizesAndUsableInRules() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: SegmentPreviewTests.seed.buffer) { #expect($0.status == .ok) }
            let (created, json) = try await call(client, .post, "/api/v1/segments",
                                                 #"{"name": "viewers", "owner": "ops", "text": "did view_item"}"#)
            #expect(created == .created)
            #expect(json["size"] == 3)
            #expect(json["rule_description"]?["en"] == "did view_item")
            _ = try await call(client, .post, "/api/v1/segments",
                               #"{"name": "northern viewers", "text": "in segment viewers and city = Beijing"}"#)
            let (_, list) = try await call(client, .get, "/api/v1/segments")
            #expect(list["segments"]?.arrayValue?.map { $0["name"] } == ["northern viewers", "viewers"])
            #expect(list["segments"]?.arrayValue?.map { $0["size"] } == [1, 3])
            // A new viewer shows up at once in both.
            try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"d","traits":{"city":"Beijing"}}"#.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"d","event":"view_item"}"#.buffer) { #expect($0.status == .ok) }
            let (_, shown) = try await call(client, .get, "/api/v1/segments/northern%20viewers")
            #expect(shown["size"] == 2)
            #expect(shown["sample"]?.arrayValue?.contains("d") == true)
            // Saving a rule that refers back to itself is a cycle.
            let (cycle, cycleJSON) = try await call(client, .post, "/api/v1/segments",
                                                    #"{"name": "viewers", "text": "in segment 'northern viewers'"}"#)
            #expect(cycle == .badRequest)
            #expect(cycleJSON["error"]?["message"]?.stringValue?.contains("cycle") == true)
            let (deleted, _) = try await call(client, .delete, "/api/v1/segments/northern%20viewers")
            #expect(deleted == .noContent)
            let (missing, _) = try await call(client, .get, "/api/v1/segments/northern%20viewers")
            #expect(missing == .notFound)
            let (noName, _) = try await call(client, .post, "/api/v1/segments", #"{"text": "did view_item"}"#)
            #expect(noName == .badRequest)
        }
    }
}
