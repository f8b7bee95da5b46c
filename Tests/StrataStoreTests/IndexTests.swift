import Foundation
import GRDB
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

@Suite struct IndexTests {
    let directory = TemporaryDirectory()
    static let end = Timestamp.parse("2026-09-30T00:00:00Z")!

    func demoDatabase() async throws -> AppDatabase {
        let database = try Fixtures.database(in: directory)
        var messages: [JSONValue] = []
        DemoDataGenerator(users: 300, days: 60, end: Self.end, seed: 11).generate { messages.append($0) }
        _ = try await database.ingest(Fixtures.decoder.batch(from: messages, receivedAt: Self.end, source: "test"))
        return database
    }

    /// Users selected by a straightforward SQL scan of the stored events.
    func scan(_ database: AppDatabase, event: String, min: Int, max: Int?, from: Int64, to: Int64) throws -> Set<Int> {
        try database.writer.read { db in
            let counts = try Row.fetchAll(db, sql: """
                SELECT u.id, (SELECT COUNT(*) FROM events e JOIN event_names n ON n.id = e.name_id
                              WHERE e.uid = u.id AND n.name = ? AND e.ts >= ? AND e.ts < ?) AS c
                FROM users u WHERE u.merged_into IS NULL
                """, arguments: [event, from, to])
            return Set(counts.filter { row in
                let c: Int = row["c"]
                return c >= min && c <= (max ?? Int.max)
            }.map { Int($0["id"] as Int64) })
        }
    }

    @Test func behaviourAnswersEqualADirectScanOfTheStore() async throws {
        let database = try await demoDatabase()
        let (index, _) = try database.loadIndex()
        var rng = SplitMix64(seed: 5)
        let events = ["app_open", "view_item", "purchase", "search", "add_to_cart"]
        for _ in 0..<40 {
            let event = events[Int(rng.next() % UInt64(events.count))]
            let min = Int(rng.next() % 4)
            let max: Int? = rng.nextDouble() < 0.3 ? min + Int(rng.next() % 3) : nil
            let days = 1 + Int(rng.next() % 45)
            let asOf = Self.end - Int64(rng.next() % 20) * 86_400_000 - 1
            let rule = SegmentRule.behaviour(BehaviourCondition(event: event, minCount: min, maxCount: max,
                                                                window: .lastDays(days)))
            let evaluator = SegmentEvaluator(index: index, asOf: asOf)
            let fromDay = asOf / 86_400_000 - Int64(days) + 1
            let expected = try scan(database, event: event, min: min, max: max, from: fromDay * 86_400_000, to: asOf + 1)
            #expect(Set(try evaluator.evaluate(rule)) == expected, "\(rule.json.jsonText) as of \(Timestamp.format(asOf))")
        }
    }

    @Test func refreshReadsNewEventsMergesAndTraits() async throws {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","anonymousId":"anon","event":"view_item","timestamp":"2026-09-29T00:00:00Z"}"#,
            #"{"type":"identify","userId":"known","traits":{"city":"Xian"},"timestamp":"2026-09-29T00:00:00Z"}"#,
        ]))
        var (index, cursor) = try database.loadIndex()
        #expect(index.live.count == 2)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"known","anonymousId":"anon","traits":{"city":"Hefei"},"timestamp":"2026-09-29T01:00:00Z"}"#,
            #"{"type":"track","userId":"known","event":"view_item","timestamp":"2026-09-29T02:00:00Z"}"#,
        ]))
        cursor = try database.refresh(&index, from: cursor)
        let evaluator = SegmentEvaluator(index: index, asOf: Self.end)
        let viewers = try evaluator.evaluate(SegmentRule(text: "did view_item >= 2 times and city = Hefei"))
        #expect(viewers.count == 1)
        #expect(index.live.count == 1)
        let (fresh, _) = try database.loadIndex()
        #expect(try SegmentEvaluator(index: fresh, asOf: Self.end).evaluate(SegmentRule(text: "did view_item >= 2 times")) == viewers)
        #expect(try database.refresh(&index, from: cursor) == cursor)
    }

    @Test func aParallelBuildGivesTheSameIndexAsASerialOne() async throws {
        let database = try await demoDatabase()
        let (serial, serialCursor) = try database.loadIndex(parallelAbove: .max)
        let (parallel, parallelCursor) = try database.loadIndex(parallelAbove: 0)
        #expect(serialCursor == parallelCursor)
        #expect(parallel.eventCount == serial.eventCount)
        #expect(parallel.latestTime == serial.latestTime)
        #expect(parallel.activeDayNumbers == serial.activeDayNumbers)
        for name in serial.eventNames {
            let a = try #require(serial.events(named: name)), b = try #require(parallel.events(named: name))
            #expect(a.users == b.users && a.times == b.times && a.isSorted == b.isSorted, "\(name)")
            #expect(a.propertyIds.map { serial.properties[Int($0)] } == b.propertyIds.map { parallel.properties[Int($0)] })
        }
        for day in serial.activeDayNumbers {
            #expect(serial.activeUsers(days: [day]) == parallel.activeUsers(days: [day]))
        }
        let rule = try SegmentRule(text: "did view_item(category = books) >= 2 times in 30d and not did purchase in 14d")
        #expect(try SegmentEvaluator(index: serial, asOf: Self.end).evaluate(rule)
            == SegmentEvaluator(index: parallel, asOf: Self.end).evaluate(rule))
        #expect(LifecycleModel.daily.stages(serial, asOf: Self.end) == LifecycleModel.daily.stages(parallel, asOf: Self.end))
    }
}
