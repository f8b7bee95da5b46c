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
