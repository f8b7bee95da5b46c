import StrataCore
import StrataTestSupport
import Testing

@Suite struct PostHogTranslatorTests {
    let translator = PostHogTranslator(decoder: Fixtures.decoder)

    @Test func findsEventsAndKeyInEveryBodyShape() {
        let single = translator.events(in: Fixtures.json(#"{"api_key":"k","event":"e","distinct_id":"d"}"#))
        #expect(single.events.count == 1 && single.apiKey == "k")
        let array = translator.events(in: Fixtures.json(#"[{"token":"k","event":"a"},{"event":"b"}]"#))
        #expect(array.events.count == 2 && array.apiKey == "k")
        let batch = translator.events(in: Fixtures.json(#"{"api_key":"k","batch":[{"event":"a"}]}"#))
        #expect(batch.events.count == 1 && batch.apiKey == "k")
    }

    @Test func mapsIdentifyAliasAndSet() throws {
        let identify = try translator.translate(Fixtures.json("""
            {"event":"$identify","distinct_id":"u1","uuid":"abc",
             "properties":{"$anon_distinct_id":"anon1","$set":{"plan":"pro"},"$set_once":{"first":"x"}}}
            """), receivedAt: 0)
        #expect(identify.type == .identify && identify.userId == "u1" && identify.anonymousId == "anon1")
        #expect(identify.messageId == "abc")
        #expect(identify.traits == ["plan": "pro"])
        #expect(identify.traitsSetOnce == ["first": "x"])
        #expect(identify.identityScheme == .distinctId)

        let alias = try translator.translate(Fixtures.json("""
            {"event":"$create_alias","distinct_id":"u1","properties":{"distinct_id":"u1","alias":"a2"}}
            """), receivedAt: 0)
        #expect(alias.type == .alias && alias.userId == "u1" && alias.previousId == "a2")

        let set = try translator.translate(Fixtures.json(#"{"event":"$set","distinct_id":"u1","$set":{"a":1}}"#),
                                           receivedAt: 0)
        #expect(set.type == .identify && set.traits == ["a": 1])
    }

    @Test func capturedEventsAreTracksOfTheirDistinctId() throws {
        let m = try translator.translate(Fixtures.json("""
            {"event":"clicked","distinct_id":"d1","properties":{"color":"red","$set":{"x":1}},
             "timestamp":"2026-09-30T00:00:00.123456+00:00"}
            """), receivedAt: Fixtures.referenceTime + 1_000)
        #expect(m.type == .track && m.event == "clicked" && m.anonymousId == "d1")
        #expect(m.properties["color"] == "red" && m.properties["$set"] == nil)
        #expect(m.traits == ["x": 1])
        #expect(m.timestamp == Fixtures.referenceTime + 123)
        #expect(throws: StrataError.self) { try translator.translate(Fixtures.json(#"{"event":"x"}"#), receivedAt: 0) }
    }
}
