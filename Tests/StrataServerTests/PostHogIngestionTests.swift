import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct PostHogIngestionTests {
    @Test func acceptsEveryCaptureRouteAndBodyShape() async throws {
        try await ServerHarness.run { client, database in
            let bodies = [
                ("/batch/", #"{"api_key":"wk_test_write","batch":[{"event":"a","distinct_id":"d1","uuid":"p1"}]}"#),
                ("/capture/", #"{"api_key":"wk_test_write","event":"b","distinct_id":"d1","uuid":"p2"}"#),
                ("/e/", #"[{"token":"wk_test_write","event":"c","distinct_id":"d1","uuid":"p3"}]"#),
                ("/i/v0/e/", #"{"token":"wk_test_write","event":"d","distinct_id":"d1","uuid":"p4"}"#),
                ("/e", #"{"token":"wk_test_write","event":"e","distinct_id":"d1","uuid":"p5"}"#),
            ]
            for (path, body) in bodies {
                try await client.execute(uri: path, method: .post, body: body.buffer) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.json["status"] == "Ok", "\(path)")
                }
            }
            #expect(try database.stats().events == 5)
            #expect(try database.hasMessage("p4"))
        }
    }

    @Test func identifyMergesTheAnonymousDistinctIdAndSetStoresTraits() async throws {
        try await ServerHarness.run { client, database in
            let body = """
                {"api_key":"wk_test_write","batch":[
                 {"event":"$pageview","distinct_id":"anon-7","properties":{"$current_url":"https://x"}},
                 {"event":"$identify","distinct_id":"user-7","properties":{"$anon_distinct_id":"anon-7","$set":{"plan":"pro"}}},
                 {"event":"$set","distinct_id":"user-7","$set":{"city":"Chengdu"}},
                 {"event":"$create_alias","distinct_id":"user-7","properties":{"distinct_id":"user-7","alias":"email-7"}},
                 {"event":"signed_up","distinct_id":"email-7"}]}
                """
            try await client.execute(uri: "/batch/", method: .post, body: body.buffer) { response in
                #expect(response.json["accepted"] == 5)
            }
            let profile = try #require(try database.profile(externalId: "anon-7"))
            #expect(profile.userId == "user-7")
            #expect(profile.traits == ["plan": "pro", "city": "Chengdu"])
            #expect(try database.profile(externalId: "email-7")?.uid == profile.uid)
            #expect(profile.computed.eventCount == 2)
            #expect(try database.stats().users == 1)
        }
    }

    @Test func refusesCaptureWithoutAKey() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/capture/", method: .post,
                                     body: #"{"event":"a","distinct_id":"d"}"#.buffer) { #expect($0.status == .unauthorized) }
        }
    }
}
