import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct TagAPITests {
    func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
              contentType: String = "application/json") async throws -> (HTTPResponse.Status, JSONValue, String)
    {
        try await client.admin(method, uri, body, contentType: contentType)
    }

    func seed(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                 body: SegmentPreviewTests.seed.buffer) { #expect($0.status == .ok) }
    }

    @Test func tagsUsersByIdListCSVAndSegmentAndUsesTheTagInRules() async throws {
        try await ServerHarness.run { client, _ in
            try await seed(client)
            let (created, tag, _) = try await send(client, .post, "/api/v1/tags", #"{"name": "VIP", "description": "hand-picked"}"#)
            #expect(created == .created)
            #expect(tag["kind"] == "manual")
            #expect(tag["size"] == 0)

            let (ok, added, _) = try await send(client, .post, "/api/v1/tags/VIP/members", #"{"user_ids": ["a", "b", "a"]}"#)
            #expect(ok == .ok)
            #expect(added["changed"] == 2)
            #expect(added["size"] == 2)

            let (_, preview, _) = try await send(client, .post, "/api/v1/segments/preview",
                                                 #"{"text": "has tag VIP and city = Beijing"}"#)
            #expect(preview["size"] == 1)

            // CSV upload with a header and a quoted id; replace keeps exactly these.
            let (_, replaced, _) = try await send(client, .post, "/api/v1/tags/VIP/members?mode=replace",
                                                  "user_id,note\r\n\"c\",x\r\n", contentType: "text/csv")
            #expect(replaced["size"] == 1)

            // A snapshot of a segment's current members.
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "viewers", "text": "did view_item"}"#)
            let (_, fromSegment, _) = try await send(client, .post, "/api/v1/tags/VIP/members",
                                                     #"{"segment": "viewers", "mode": "add"}"#)
            #expect(fromSegment["size"] == 3)

            let (_, removed, _) = try await send(client, .post, "/api/v1/tags/VIP/members",
                                                 #"{"user_ids": ["b"], "mode": "remove"}"#)
            #expect(removed["size"] == 2)

            let (_, list, _) = try await send(client, .get, "/api/v1/tags")
            #expect(list["tags"]?.arrayValue?.first?["name"] == "VIP")
            #expect(list["tags"]?.arrayValue?.first?["size"] == 2)
        }
    }

    @Test func unknownIdsChangeNothing() async throws {
        try await ServerHarness.run { client, _ in
            try await seed(client)
            _ = try await send(client, .post, "/api/v1/tags", #"{"name": "VIP"}"#)
            let (status, error, _) = try await send(client, .post, "/api/v1/tags/VIP/members",
                                                    #"{"user_ids": ["a", "nobody"]}"#)
            #expect(status == .badRequest)
            #expect(error["error"]?["message"]?.stringValue?.contains("\"nobody\"") == true)
            let (_, shown, _) = try await send(client, .get, "/api/v1/tags/VIP")
            #expect(shown["size"] == 0)
            let (badMode, _, _) = try await send(client, .post, "/api/v1/tags/VIP/members",
                                                 #"{"user_ids": ["a"], "mode": "toggle"}"#)
            #expect(badMode == .badRequest)
            let (missing, _, _) = try await send(client, .post, "/api/v1/tags/nope/members", #"{"user_ids": ["a"]}"#)
            #expect(missing == .notFound)
        }
    }

    @Test func ruleTagsFollowTheirSegmentAndRefuseHandEditsAndCycles() async throws {
        try await ServerHarness.run { client, _ in
            try await seed(client)
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "buyers", "text": "did purchase"}"#)
            let (created, tag, _) = try await send(client, .post, "/api/v1/tags", #"{"name": "paying", "segment": "buyers"}"#)
            #expect(created == .created)
            #expect(tag["kind"] == "rule")
            #expect(tag["size"] == 1)
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"a","event":"purchase","properties":{"revenue":3}}"#.buffer) { _ in }
            let (_, shown, _) = try await send(client, .get, "/api/v1/tags/paying")
            #expect(shown["size"] == 2)
            let (conflict, _, _) = try await send(client, .post, "/api/v1/tags/paying/members", #"{"user_ids": ["c"]}"#)
            #expect(conflict == .conflict)

            // A segment using the tag cannot then be followed by the tag: a cycle.
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "loop", "text": "has tag paying"}"#)
            let (cycle, error, _) = try await send(client, .post, "/api/v1/tags", #"{"name": "paying", "segment": "loop"}"#)
            #expect(cycle == .badRequest)
            #expect(error["error"]?["message"]?.stringValue?.contains("cycle") == true)

            // In use: neither the segment nor the tag can be deleted from under their users.
            let (segmentInUse, _, _) = try await send(client, .delete, "/api/v1/segments/buyers")
            #expect(segmentInUse == .conflict)
            let (tagInUse, _, _) = try await send(client, .delete, "/api/v1/tags/paying")
            #expect(tagInUse == .conflict)
            #expect(try await send(client, .delete, "/api/v1/segments/loop").0 == .noContent)
            #expect(try await send(client, .delete, "/api/v1/tags/paying").0 == .noContent)
            #expect(try await send(client, .delete, "/api/v1/segments/buyers").0 == .noContent)
        }
    }

    @Test func exportsMembersAsCSVWithChosenTraits() async throws {
        try await ServerHarness.run { client, _ in
            try await seed(client)
            _ = try await send(client, .post, "/api/v1/segments", #"{"name": "viewers", "text": "did view_item"}"#)
            let (status, _, csv) = try await send(client, .get, "/api/v1/segments/viewers/export?traits=city,revenue")
            #expect(status == .ok)
            let lines = csv.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "uid,user_id,anonymous_ids,city,revenue")
            #expect(lines.count == 4)
            #expect(lines.contains { $0.hasSuffix(",b,,Beijing,5.00") })
            let (missing, _, _) = try await send(client, .get, "/api/v1/segments/nope/export")
            #expect(missing == .notFound)
        }
    }
}
