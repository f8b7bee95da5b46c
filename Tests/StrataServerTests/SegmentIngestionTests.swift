import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import Testing

@Suite struct SegmentIngestionTests {
    @Test func everySingleMessageRouteStoresItsTypeAndAnswersExactly200() async throws {
        try await ServerHarness.run { client, database in
            let bodies: [(String, String, String)] = [
                ("identify", #"{"userId":"u1","traits":{"plan":"pro"}}"#, "$identify"),
                ("track", #"{"userId":"u1","event":"view_item"}"#, "view_item"),
                ("page", #"{"userId":"u1","name":"Home"}"#, "$page"),
                ("screen", #"{"userId":"u1","name":"Feed"}"#, "$screen"),
                ("group", #"{"userId":"u1","groupId":"g1","traits":{"name":"Acme"}}"#, "$group"),
                ("alias", #"{"userId":"u1","previousId":"old-id"}"#, "$alias"),
            ]
            for (path, body, stored) in bodies {
                try await client.execute(uri: "/v1/\(path)", method: .post, headers: ServerHarness.basicAuth,
                                         body: body.buffer) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.json["success"] == .bool(true))
                    #expect(response.json["accepted"] == 1)
                }
                var query = EventQuery()
                query.name = stored
                #expect(try database.events(query).count == 1, "\(path)")
            }
            #expect(try database.profile(externalId: "old-id")?.userId == "u1")
        }
    }

    @Test func answersWithAndWithoutATrailingSlashAndOnShortForms() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/track/", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"u","event":"a"}"#.buffer) { #expect($0.status == .ok) }
            // analytics.js: key in the body, text/plain, short route.
            let body = #"{"writeKey":"wk_test_write","anonymousId":"b1","event":"clicked"}"#
            try await client.execute(uri: "/v1/t", method: .post, headers: [.contentType: "text/plain"],
                                     body: body.buffer) { #expect($0.status == .ok) }
            let batch = #"{"writeKey":"wk_test_write","batch":[{"type":"page","anonymousId":"b1"}]}"#
            try await client.execute(uri: "/v1/b", method: .post, headers: [.contentType: "text/plain"],
                                     body: batch.buffer) { #expect($0.status == .ok) }
            #expect(try database.stats().events == 3)
        }
    }

    @Test func refusesRequestsWithoutAValidWriteKey() async throws {
        try await ServerHarness.run { client, database in
            let body = #"{"userId":"u","event":"a"}"#.buffer
            try await client.execute(uri: "/v1/track", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.json["code"] == "unauthorized")
                #expect(response.json["error"]?["code"] == "unauthorized")
            }
            let wrong: HTTPFields = [.authorization: "Basic " + Data("nope:".utf8).base64EncodedString()]
            try await client.execute(uri: "/v1/track", method: .post, headers: wrong, body: body) {
                #expect($0.status == .unauthorized)
            }
            #expect(try database.stats().events == 0)
        }
    }

    @Test func aSecondDeliveryOfABatchStoresNothing() async throws {
        try await ServerHarness.run { client, database in
            let batch = #"{"batch":[{"type":"track","userId":"u","event":"a","messageId":"x1"},{"type":"track","userId":"u","event":"b","messageId":"x2"}]}"#
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: batch.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: batch.buffer) { response in
                #expect(response.status == .ok)
                #expect(response.json["accepted"] == 0)
                #expect(response.json["duplicates"] == 2)
            }
            #expect(try database.stats().events == 2)
        }
    }

    @Test func storesValidMessagesAndQuarantinesInvalidOnesOfABatch() async throws {
        try await ServerHarness.run { client, database in
            let batch = """
                {"batch":[{"type":"track","userId":"u","event":"a"},{"type":"track","event":"a"},
                 {"type":"wat","userId":"u"},{"type":"track","userId":"u","event":"a","timestamp":"noon"}],
                 "context":{"library":{"name":"analytics-python","version":"2.3.3"}}}
                """
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: batch.buffer) { response in
                #expect(response.status == .ok)
                #expect(response.json["accepted"] == 1)
                let rejected = response.json["rejected"]?.arrayValue ?? []
                #expect(rejected.map { $0["index"] } == [1, 2, 3])
                #expect(rejected.map { $0["code"] } == ["missing_identity", "unknown_type", "invalid_timestamp"])
            }
            #expect(try database.events(EventQuery()).first?.library == "analytics-python/2.3.3")
            try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: ServerHarness.bearer) { response in
                let messages = response.json["messages"]?.arrayValue ?? []
                #expect(messages.count == 3)
                #expect(messages.contains { $0["raw"]?.stringValue?.contains("noon") == true })
            }
        }
    }

    @Test func anInvalidSingleMessageIsQuarantinedAndRefusedWith400() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"u","event":42}"#.buffer) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["code"] == "invalid_field")
                #expect(response.json["error"]?["field"] == "event")
            }
            #expect(try database.stats().quarantined == 1)
        }
    }

    @Test func rejectsBatchOver500KBAndMessageOver32KB() async throws {
        try await ServerHarness.run { client, database in
            let filler = String(repeating: "a", count: 20_000)
            let messages = (0..<30).map { _ in #"{"type":"track","userId":"u","event":"e","properties":{"f":"\#(filler)"}}"# }
            let big = #"{"batch":[\#(messages.joined(separator: ","))]}"#
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: big.buffer) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.json["message"]?.stringValue?.contains("500 KB") == true)
            }
            let single = #"{"userId":"u","event":"e","properties":{"f":"\#(String(repeating: "b", count: 40_000))"}}"#
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                     body: single.buffer) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.json["message"]?.stringValue?.contains("32 KB") == true)
            }
            #expect(try database.stats().events == 0)
        }
    }

    @Test func rejectsMoreThan2500MessagesInABatch() async throws {
        try await ServerHarness.run { client, _ in
            let messages = Array(repeating: #"{"type":"track","userId":"u","event":"e"}"#, count: 2_501)
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"batch":[\#(messages.joined(separator: ","))]}"#.buffer) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.json["message"]?.stringValue?.contains("2500") == true)
            }
        }
    }

    @Test func malformedJSONGets400WithThePosition() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: "{\"batch\": [\n  {\"type\": tr}]}".buffer) { response in
                #expect(response.status == .badRequest)
                #expect(response.json["code"] == "malformed_json")
                #expect(response.json["message"]?.stringValue?.contains("line 2") == true)
            }
        }
    }

    @Test func acceptsGzipBodiesAndRefusesOversizedOnesAfterDecompression() async throws {
        try await ServerHarness.run { client, database in
            var plain = ByteBuffer(string: #"{"batch":[{"type":"track","userId":"gz","event":"zipped"}]}"#)
            let compressed = try plain.compress(with: .gzip())
            var headers = ServerHarness.basicAuth
            headers[.contentEncoding] = "gzip"
            try await client.execute(uri: "/v1/batch", method: .post, headers: headers, body: compressed) {
                #expect($0.status == .ok)
            }
            #expect(try database.profile(externalId: "gz") != nil)
            // A small body that inflates past 500 KB is refused.
            let padding = String(repeating: " ", count: 600_000)
            var bomb = ByteBuffer(string: #"{"batch":[]\#(padding)}"#)
            try await client.execute(uri: "/v1/batch", method: .post, headers: headers,
                                     body: try bomb.compress(with: .gzip())) { #expect($0.status == .contentTooLarge) }
            try await client.execute(uri: "/v1/batch", method: .post, headers: headers,
                                     body: "not gzip".buffer) { #expect($0.status == .badRequest) }
        }
    }

    @Test func rateLimitsPerKeyWithRetryAfter() async throws {
        // One token per 100 s: however slow a loaded machine answers, no token comes back during the test.
        try await ServerHarness.run(configure: { $0.rateLimitPerSecond = 0.01; $0.rateLimitBurst = 2 }) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for _ in 0..<4 {
                try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                         body: #"{"userId":"u","event":"a"}"#.buffer) { response in
                    statuses.append(response.status)
                    if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
                }
            }
            #expect(statuses.prefix(2).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            #expect(retryAfter.flatMap(Int.init).map { (50...100).contains($0) } == true, "\(retryAfter ?? "none")")  // wide: a loaded machine answers slowly
        }
    }

    @Test func identifyMergesAnonymousHistoryAndReportsConflicts() async throws {
        try await ServerHarness.run { client, database in
            let batch = """
                {"batch":[{"type":"track","anonymousId":"device9","event":"view_item"},
                 {"type":"identify","userId":"alice","anonymousId":"device9"},
                 {"type":"identify","userId":"bob"},
                 {"type":"identify","userId":"bob","anonymousId":"device9"}]}
                """
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: batch.buffer) { response in
                #expect(response.json["accepted"] == 3)
                #expect(response.json["rejected"]?.arrayValue?.first?["code"] == "identity_conflict")
            }
            #expect(try database.profile(externalId: "device9")?.userId == "alice")
        }
    }
}

@Suite struct ConcurrentIngestionTests {
    @Test func concurrentBatchesAreEachAcknowledgedAndStoredOnce() async throws {
        try await ServerHarness.run { client, database in
            try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
                for b in 0..<20 {
                    group.addTask {
                        // Every batch repeats message 0 of batch 0, as a retrying SDK would.
                        let messages = (0..<25).map { i in
                            #"{"type":"track","userId":"u\#(i % 7)","event":"e","messageId":"b\#(b)-\#(i)"}"#
                        } + [#"{"type":"track","userId":"u0","event":"e","messageId":"b0-0"}"#]
                        let body = #"{"batch":[\#(messages.joined(separator: ","))]}"#
                        return try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                                        body: body.buffer) { response in
                            (Int(response.status.code), response.json)
                        }
                    }
                }
                var accepted = 0
                var duplicates = 0
                for try await (status, json) in group {
                    #expect(status == 200)
                    accepted += Int(json["accepted"]?.numberValue ?? 0)
                    duplicates += Int(json["duplicates"]?.numberValue ?? 0)
                }
                #expect(accepted == 500)
                #expect(duplicates == 20)
            }
            #expect(try database.stats().events == 500)
            #expect(try database.profile(externalId: "u0")?.computed.eventCount == 20 * 4)
        }
    }
}
