import StrataCore
import StrataTestSupport
import Testing

@Suite struct MessageDecoderTests {
    let decoder = Fixtures.decoder
    let now = Fixtures.referenceTime

    func decode(_ text: String, type: MessageType? = nil) throws -> Message {
        try decoder.decode(Fixtures.json(text), forcedType: type, receivedAt: now)
    }

    @Test func correctsClientClockSkewFromSentAt() throws {
        // The client's clock is 10 minutes fast: it stamped the event 1 s before sending.
        let m = try decode("""
            {"type":"track","userId":"u","event":"e","timestamp":"2026-09-30T00:10:00.000Z",
             "sentAt":"2026-09-30T00:10:01.000Z"}
            """)
        #expect(m.timestamp == now - 1_000)
        #expect(m.originalTimestamp == "2026-09-30T00:10:00.000Z")
    }

    @Test func usesTimestampWithoutSentAtAndReceiveTimeWithoutEither() throws {
        let old = try decode(#"{"type":"track","userId":"u","event":"e","timestamp":"2025-01-01T00:00:00Z"}"#)
        #expect(old.timestamp == Timestamp.parse("2025-01-01T00:00:00Z"))
        let none = try decode(#"{"type":"track","userId":"u","event":"e"}"#)
        #expect(none.timestamp == now)
    }

    @Test func replacesATimeFarInTheFutureWithAWarning() throws {
        let m = try decode(#"{"type":"track","userId":"u","event":"e","timestamp":"2026-10-02T00:00:00Z"}"#)
        #expect(m.timestamp == now)
        #expect(m.warning?.contains("23 h") == true)
        let near = try decode(#"{"type":"track","userId":"u","event":"e","timestamp":"2026-09-30T22:00:00Z"}"#)
        #expect(near.warning == nil)
    }

    @Test func refusesAnUnreadableTimestampNamingTheField() {
        #expect(throws: StrataError.self) {
            try decode(#"{"type":"track","userId":"u","event":"e","timestamp":"tomorrow"}"#)
        }
        do {
            _ = try decode(#"{"type":"track","userId":"u","event":"e","timestamp":12}"#)
            Issue.record("expected an error")
        } catch let error as StrataError {
            #expect(error.code == .invalidTimestamp)
            #expect(error.field == "timestamp")
        } catch { Issue.record("\(error)") }
    }

    @Test func acceptsNullIdsNumericIdsAndEmptyIntegrations() throws {
        let m = try decode(#"{"type":"track","userId":null,"anonymousId":42,"event":"e","integrations":{}}"#)
        #expect(m.userId == nil)
        #expect(m.anonymousId == "42")
    }

    @Test func refusesAMessageWithoutAnyId() {
        #expect(throws: StrataError(.missingIdentity, "The message has neither userId nor anonymousId; "
            + "send at least one so it can be attributed to a user.", field: "userId")) {
            try decode(#"{"type":"track","event":"e","userId":null}"#)
        }
    }

    @Test func refusesUnknownTypesAndWrongFieldTypes() {
        for (text, code, field) in [
            (#"{"type":"purchase","userId":"u"}"#, StrataError.Code.unknownType, "type"),
            (#"{"userId":"u"}"#, .unknownType, "type"),
            (#"{"type":"track","userId":"u","event":"e","properties":[1]}"#, .invalidField, "properties"),
            (#"{"type":"track","userId":{"a":1},"event":"e"}"#, .invalidField, "userId"),
            (#"{"type":"track","userId":"u"}"#, .invalidField, "event"),
            (#"{"type":"track","userId":"u","event":"e","properties":{"revenue":"lots"}}"#, .invalidField,
             "properties.revenue"),
            (#"{"type":"alias","userId":"u"}"#, .missingIdentity, "previousId"),
            (#"{"type":"group","userId":"u"}"#, .missingIdentity, "groupId"),
        ] {
            do {
                _ = try decode(text)
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.code == code, "\(text)")
                #expect(error.field == field, "\(text)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func refusesAMessageOverThirtyTwoKilobytes() {
        let big = String(repeating: "x", count: 33 * 1024)
        #expect(throws: StrataError.self) {
            try decode(#"{"type":"track","userId":"u","event":"e","properties":{"blob":"\#(big)"}}"#)
        }
    }

    @Test func mergesRudderStackContextTraitsUnderTheBodyTraits() throws {
        let m = try decode("""
            {"type":"identify","userId":"u","context":{"traits":{"city":"Beijing","plan":"free"},"ip":"1.2.3.4"},
             "traits":{"plan":"pro"}}
            """)
        #expect(m.traits == ["city": "Beijing", "plan": "pro"])
        #expect(m.context["traits"] == nil)
        #expect(m.ip == "1.2.3.4")
        #expect(m.city == "Beijing")
    }

    @Test func appliesTheBatchContextAndSentAt() throws {
        let defaults = MessageDecoder.BatchDefaults(
            context: ["library": .object(["name": "analytics-python", "version": "2.3"])],
            sentAt: "2026-09-30T00:00:05Z")
        let m = try decoder.decode(
            Fixtures.json(#"{"type":"track","userId":"u","event":"e","timestamp":"2026-09-30T00:00:00Z"}"#),
            defaults: defaults, receivedAt: now)
        #expect(m.library == "analytics-python/2.3")
        #expect(m.timestamp == now - 5_000)
    }

    @Test func keepsRevenueCampaignAndPageNames() throws {
        let m = try decode("""
            {"type":"track","userId":"u","event":"purchase","properties":{"revenue":19.99},
             "context":{"campaign":{"source":"wechat"},"device":{"model":"iPhone15"}}}
            """)
        #expect(m.revenueMinor == 1999)
        #expect(m.campaignSource == "wechat")
        #expect(m.device == "iPhone15")
        let page = try decode(#"{"userId":"u","name":"Home","category":"Docs"}"#, type: .page)
        #expect(page.event == "$page")
        #expect(page.properties["name"] == "Home")
        #expect(page.properties["category"] == "Docs")
    }

    @Test func theEndpointTypeWinsAndMissingMessageIdsAreGenerated() throws {
        let m = try decode(#"{"type":"identify","userId":"u","event":"e"}"#, type: .track)
        #expect(m.type == .track)
        #expect(!m.messageId.isEmpty)
        let other = try decode(#"{"type":"identify","userId":"u","event":"e"}"#, type: .track)
        #expect(m.messageId != other.messageId)
    }

    @Test func batchKeepsEveryRefusedMessageWithItsIndex() {
        let batch = Fixtures.batch([
            #"{"type":"track","userId":"u","event":"a"}"#,
            #"{"type":"nope","userId":"u"}"#,
            #"[1,2]"#,
            #"{"type":"identify","anonymousId":"x"}"#,
        ])
        #expect(batch.entries.map(\.index) == [0, 3])
        #expect(batch.rejected.map(\.index) == [1, 2])
        #expect(batch.rejected[1].raw == "[1,2]")
        #expect(batch.rejected[0].error.field == "batch[1].type")
    }
}
