import Foundation
import StrataApp
import StrataCore
import StrataStore
import StrataTestSupport
import Synchronization
import Testing

/// The retention policy: events older than the event period and quarantined messages older than
/// the quarantine period leave the store and the index; reports count only what is kept.
@Suite struct RetentionTests {
    static let day: Int64 = 86_400_000
    static let now: Int64 = 1_790_000_000_000  // 2026-09-21

    static func track(_ user: String, _ id: String, daysAgo: Int64) -> String {
        #"{"type":"track","userId":"\#(user)","event":"purchase","messageId":"\#(id)","timestamp":"\#(Timestamp.format(now - daysAgo * day))","properties":{"revenue":10}}"#
    }

    @Test func oldEventsAndQuarantineGoFromTheStoreAndTheIndex() async throws {
        let directory = TemporaryDirectory()
        let clock = Mutex(Self.now - 40 * Self.day)
        let settings = WorkspaceSettings(retention: RetentionPolicy(eventDays: 60, quarantineDays: 30))
        let database = try AppDatabase.open(directory: directory.path, settings: settings,
                                            clock: StrataClock { clock.withLock { $0 } })
        let app = try AppServices(database: database)
        // Received 40 days before now: one message quarantined then.
        _ = try await app.ingest.store(Fixtures.batch([
            Self.track("a", "m1", daysAgo: 100), Self.track("a", "m2", daysAgo: 70), Self.track("b", "m3", daysAgo: 61),
            #"{"type":"track","userId":"a","event":"purchase","messageId":"bad","timestamp":"yesterday"}"#,
        ]))
        clock.withLock { $0 = Self.now }
        _ = try await app.ingest.store(Fixtures.batch([
            Self.track("a", "m4", daysAgo: 59), Self.track("b", "m5", daysAgo: 1),
            #"{"type":"track","userId":"b","event":"purchase","messageId":"bad2","timestamp":"today"}"#,
        ]))
        let trend = ["event": "purchase", "from": Timestamp.format(Self.now - 120 * Self.day).prefix(10).description,
                     "to": Timestamp.format(Self.now).prefix(10).description]
        let total: () async throws -> Double? = {
            try await app.reports(.cli).run("trend", parameters: trend).output.json["total"]?["total"]?.numberValue
        }
        #expect(try await total() == 5)
        #expect(try app.events(.cli).stats().quarantined == 2)

        let run = try await app.retention.applyNow(batch: 1)  // one event per transaction: the loop must finish
        #expect(run.events == 3 && run.quarantined == 1)
        #expect(run.eventCutoff == Self.now - 60 * Self.day)
        #expect(try await total() == 2)  // m4 and m5, from the index
        let stats = try app.events(.cli).stats()
        #expect(stats.events == 2 && stats.quarantined == 1)
        // A fresh index built from the store agrees; the profiles stay.
        let rebuilt = try AppServices(database: try AppDatabase.open(directory: directory.path, settings: settings,
                                                                     clock: .fixed(Self.now)))
        #expect(try await rebuilt.reports(.cli).run("trend", parameters: trend).output.json["total"]?["total"]?.numberValue == 2)
        #expect(try rebuilt.profiles(.cli).find("a") != nil)
        #expect(try app.lastRetentionRun() == run)
        // Applied again: nothing more to remove.
        let again = try await app.retention.applyNow()
        #expect(again.events == 0 && again.quarantined == 0)
    }
}
