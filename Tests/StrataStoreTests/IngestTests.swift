import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

@Suite struct IngestTests {
    let directory = TemporaryDirectory()

    @Test func storesEachMessageIdOnceAcrossRetriesAndWithinABatch() async throws {
        let database = try Fixtures.database(in: directory)
        let messages = [
            #"{"type":"track","userId":"u1","event":"a","messageId":"m1"}"#,
            #"{"type":"track","userId":"u1","event":"b","messageId":"m2"}"#,
            #"{"type":"track","userId":"u1","event":"b","messageId":"m2"}"#,
        ]
        let first = try await database.ingest(Fixtures.batch(messages))
        #expect(first.accepted == 2 && first.duplicates == 1)
        let retry = try await database.ingest(Fixtures.batch(messages))
        #expect(retry.accepted == 0 && retry.duplicates == 3)
        #expect(try database.stats().events == 2)
        let profile = try #require(try database.profile(externalId: "u1"))
        #expect(profile.computed.eventCount == 2)
    }

    @Test func mergesAnonymousProfileOnIdentifyWithoutCountingTwice() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","anonymousId":"a1","event":"view_item","timestamp":"2026-09-01T10:00:00Z"}"#,
            #"{"type":"track","anonymousId":"a1","event":"view_item","timestamp":"2026-09-02T10:00:00Z"}"#,
            #"{"type":"track","userId":"u1","event":"app_open","timestamp":"2026-09-02T11:00:00Z"}"#,
            #"{"type":"track","userId":"u1","event":"purchase","properties":{"revenue":10.5},"timestamp":"2026-09-03T10:00:00Z"}"#,
        ]))
        #expect(try database.stats().users == 2)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"u1","anonymousId":"a1","traits":{"city":"Wuhan"},"timestamp":"2026-09-03T12:00:00Z"}"#,
        ]))
        let stats = try database.stats()
        #expect(stats.users == 1 && stats.knownUsers == 1)
        let profile = try #require(try database.profile(externalId: "a1"))
        #expect(profile.userId == "u1")
        #expect(profile.anonymousIds == ["a1"])
        #expect(profile.computed.eventCount == 4)
        #expect(profile.computed.activeDays == 3)
        #expect(profile.computed.purchaseCount == 1 && profile.computed.revenueMinor == 1050)
        #expect(profile.computed.firstSeen == Timestamp.parse("2026-09-01T10:00:00Z"))
        #expect(profile.traits["city"] == "Wuhan")
        var query = EventQuery()
        query.uid = profile.uid
        #expect(try database.events(query).count == 5)
        // Later anonymous events land on the merged profile.
        _ = try await database.ingest(Fixtures.batch([#"{"type":"track","anonymousId":"a1","event":"share"}"#]))
        #expect(try database.profile(externalId: "u1")?.computed.eventCount == 5)
    }

    @Test func quarantinesAnIdentifyThatWouldMergeTwoKnownUsers() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"alice","anonymousId":"device1"}"#,
            #"{"type":"identify","userId":"bob"}"#,
        ]))
        let outcome = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"bob","event":"ok"}"#,
            #"{"type":"identify","userId":"bob","anonymousId":"device1","messageId":"bad"}"#,
        ]))
        #expect(outcome.accepted == 1)
        #expect(outcome.rejected.map(\.index) == [1])
        #expect(outcome.rejected.first?.error.code == .identityConflict)
        #expect(try database.profile(externalId: "device1")?.userId == "alice")
        let quarantined = try database.quarantine()
        #expect(quarantined.count == 1 && quarantined[0].raw.contains("\"bad\""))
        #expect(try database.hasMessage("bad") == false)
        #expect(try database.stats().users == 2)
    }

    @Test func traitsAreOrderedByEventTimeNotArrival() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"u","traits":{"plan":"pro","city":"Beijing"},"timestamp":"2026-09-10T00:00:00Z"}"#,
        ]))
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"u","traits":{"plan":"free","age":30},"timestamp":"2026-09-01T00:00:00Z"}"#,
            #"{"type":"identify","userId":"u","traits":{"city":null},"timestamp":"2026-09-11T00:00:00Z"}"#,
        ]))
        let traits = try #require(try database.profile(externalId: "u")).traits
        #expect(traits == ["plan": "pro", "age": 30])
    }

    @Test func aliasMergesAPreviousAnonymousIdIntoTheUser() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","anonymousId":"visitor","event":"view_item"}"#,
            #"{"type":"track","userId":"member","event":"sign_in"}"#,
            #"{"type":"alias","userId":"member","previousId":"visitor"}"#,
        ]))
        let a = try #require(try database.profile(externalId: "visitor"))
        let b = try #require(try database.profile(externalId: "member"))
        #expect(a.uid == b.uid)
        #expect(b.computed.eventCount == 2)
        #expect(try database.stats().users == 1)
    }

    @Test func firstTouchChannelAndLastCityFollowEventTime() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"u","event":"a","timestamp":"2026-09-05T00:00:00Z","context":{"campaign":{"source":"douyin"},"location":{"city":"Xian"}}}"#,
        ]))
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"u","event":"a","timestamp":"2026-09-01T00:00:00Z","context":{"campaign":{"source":"wechat"},"location":{"city":"Hefei"}}}"#,
        ]))
        let computed = try #require(try database.profile(externalId: "u")).computed
        #expect(computed.firstTouchChannel == "wechat")
        #expect(computed.lastCity == "Xian")
    }

    @Test func validationRejectsAreQuarantinedWithTheStoredMessagesInOneTransaction() async throws {
        let database = try Fixtures.database(in: directory)
        let outcome = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"u","event":"a"}"#,
            #"{"type":"track","userId":"u","event":"a","timestamp":"soon"}"#,
        ]))
        #expect(outcome.accepted == 1 && outcome.rejected.count == 1)
        let stats = try database.stats()
        #expect(stats.events == 1 && stats.quarantined == 1)
        #expect(try database.quarantine()[0].code == "invalid_timestamp")
    }

    @Test func dataSurvivesReopeningTheStore() async throws {
        do {
            let database = try Fixtures.database(in: directory)
            _ = try await database.ingest(Fixtures.batch([#"{"type":"track","userId":"u","event":"a","messageId":"keep"}"#]))
        }
        let reopened = try Fixtures.database(in: directory)
        #expect(try reopened.hasMessage("keep"))
        #expect(try reopened.integrityCheck() == "ok")
    }
}

@Suite struct GroupCommitTests {
    let directory = TemporaryDirectory()

    @Test func batchesWrittenTogetherKeepTheirOwnOutcomesAndDedupeAcrossEachOther() async throws {
        let database = try Fixtures.database(in: directory)
        let outcomes = try await database.ingest([
            Fixtures.batch([#"{"type":"track","userId":"u","event":"a","messageId":"m1"}"#,
                            #"{"type":"track","event":"no id"}"#]),
            Fixtures.batch([#"{"type":"track","userId":"u","event":"a","messageId":"m1"}"#,
                            #"{"type":"track","userId":"v","event":"b","messageId":"m2"}"#]),
        ])
        #expect(outcomes.map(\.accepted) == [1, 1])
        #expect(outcomes.map(\.duplicates) == [0, 1])
        #expect(outcomes.map(\.rejected.count) == [1, 0])
        let stats = try database.stats()
        #expect(stats.events == 2 && stats.users == 2 && stats.quarantined == 1)
        #expect(try database.profile(externalId: "u")?.computed.eventCount == 1)
    }
}

@Suite struct OriginalTimestampTests {
    let directory = TemporaryDirectory()

    @Test func keepsTheClientsTimestampTextInEveryCase() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"u","event":"canonical","timestamp":"2026-09-01T00:00:00.000Z"}"#,
            #"{"type":"track","userId":"u","event":"offset","timestamp":"2026-09-01T08:00:00+08:00"}"#,
            #"{"type":"track","userId":"u","event":"none"}"#,
            #"{"type":"track","userId":"u","event":"skewed","timestamp":"2026-09-01T00:00:00.000Z","sentAt":"2026-09-01T00:00:10.000Z"}"#,
        ]))
        var query = EventQuery()
        query.limit = 10
        let byName = Dictionary(uniqueKeysWithValues: try database.events(query).map { ($0.event, $0.originalTimestamp) })
        #expect(byName["canonical"] == "2026-09-01T00:00:00.000Z")
        #expect(byName["offset"] == "2026-09-01T08:00:00+08:00")
        #expect(byName["none"] == .some(nil))
        #expect(byName["skewed"] == "2026-09-01T00:00:00.000Z")
    }
}

@Suite struct WriteCacheTests {
    let directory = TemporaryDirectory()

    @Test func twoProcessesWritingOneStoreKeepExactCounts() async throws {
        // Two handles on one file stand for `strata serve` and `strata import` side by side.
        let server = try Fixtures.database(in: directory)
        let importer = try Fixtures.database(in: directory)
        for round in 0..<3 {
            for (n, database) in [server, importer].enumerated() {
                _ = try await database.ingest(Fixtures.batch([
                    #"{"type":"track","userId":"shared","event":"e","properties":{"revenue":1},"messageId":"r\#(round)-\#(n)"}"#,
                ]))
            }
        }
        let profile = try #require(try server.profile(externalId: "shared"))
        #expect(profile.computed.eventCount == 6)
        #expect(profile.computed.revenueMinor == 600)
    }

    @Test func aRolledBackTransactionLeavesNothingInTheCache() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([#"{"type":"track","userId":"u","event":"e","messageId":"a"}"#]))
        // A batch that fails inside the transaction (a message id over SQLite's limits is not
        // possible, so break the schema instead) must not leave its counts behind.
        try await database.writer.write { db in try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.message_id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END") }
        await #expect(throws: (any Error).self) {
            _ = try await database.ingest(Fixtures.batch([
                #"{"type":"track","userId":"u","event":"e","messageId":"b"}"#,
                #"{"type":"track","userId":"u","event":"e","messageId":"boom"}"#,
            ]))
        }
        try await database.writer.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        _ = try await database.ingest(Fixtures.batch([#"{"type":"track","userId":"u","event":"e","messageId":"c"}"#]))
        #expect(try database.profile(externalId: "u")?.computed.eventCount == 2)
        #expect(try database.hasMessage("b") == false)
    }
}
