import Foundation
import GRDB
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// SplitMix64: a tiny seeded generator, so every workload can be replayed from its seed.
struct SeededSplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    /// A random element.
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Random small workloads ingested through the store: the index's answers (fresh and refreshed
/// incrementally) must equal a direct scan of the stored events and profiles.
@Suite struct IndexPropertyTests {
    static let day: Int64 = 86_400_000
    /// Every event is within the 60 days before this instant (the batches' receive time).
    static let end = Fixtures.referenceTime
    /// A fixed instant inside the data: events after it must not count.
    static let asOf = end - 7 * day + 13 * 3_600_000 + 1_234
    static let events = ["view_item", "add_to_cart", "purchase", "search", "share"]
    static let categories = ["books", "toys", "food"]
    static let cities = ["Shanghai", "Beijing", "Chengdu", "Hangzhou"]

    // MARK: - Workloads

    /// Messages in three parts, ingested one after the other.
    static func workload(seed: UInt64) -> [[String]] {
        var rng = SeededSplitMix64(seed: seed)
        let userCount = rng.int(15...35)
        let anonCount = rng.int(8...20)
        // Each anonymous id belongs to at most one user, so no identify ever conflicts.
        let owners: [Int?] = (0..<anonCount).map { _ in rng.chance(0.6) ? rng.int(0...(userCount - 1)) : nil }
        var messages: [(part: Int, time: Int64, text: String)] = []
        func time() -> Int64 { end - 1 - Int64(rng.int(0...Int(60 * day - 2))) }
        func stamp(_ t: Int64) -> String { Timestamp.format(t) }
        for _ in 0..<rng.int(200...400) {
            let actor = rng.chance(0.7) ? #""userId":"u\#(rng.int(0...(userCount - 1)))""#
                : #""anonymousId":"a\#(rng.int(0...(anonCount - 1)))""#
            let t = time()
            var properties = ""
            if rng.chance(0.9) {
                var fields = [#""category":"\#(rng.pick(categories))""#]
                if rng.chance(0.8) { fields.append(#""price":\#(rng.int(1...100))"#) }
                properties = #","properties":{\#(fields.joined(separator: ","))}"#
            }
            let event = rng.pick(events)
            messages.append((rng.int(0...2), t,
                             #"{"type":"track",\#(actor),"event":"\#(event)","timestamp":"\#(stamp(t))"\#(properties)}"#))
        }
        for _ in 0..<rng.int(10...30) {
            var traits: [String] = []
            if rng.chance(0.85) {
                traits.append(rng.chance(0.1) ? #""city":null"# : #""city":"\#(rng.pick(cities))""#)
            }
            if rng.chance(0.6) {
                let age = rng.int(18...70)
                traits.append(rng.chance(0.2) ? #""age":"\#(age)""# : #""age":\#(age)"#)
            }
            let t = time()
            let user = rng.int(0...(userCount - 1))
            messages.append((rng.int(0...2), t, #"{"type":"identify","userId":"u\#(user)","#
                + #""traits":{\#(traits.joined(separator: ","))},"timestamp":"\#(stamp(t))"}"#))
        }
        // Merges: identify with both ids moves the anonymous profile (and its events) into the user.
        for (a, owner) in owners.enumerated() {
            guard let owner else { continue }
            let t = time()
            messages.append((rng.int(0...2), t,
                             #"{"type":"identify","userId":"u\#(owner)","anonymousId":"a\#(a)","timestamp":"\#(stamp(t))"}"#))
        }
        // The first part in time order, the others shuffled (events arrive late and out of order).
        var parts = (0...2).map { part in messages.filter { $0.part == part } }
        parts[0].sort { $0.time < $1.time }
        parts[1].shuffle(using: &rng)
        parts[2].shuffle(using: &rng)
        return parts.map { $0.map(\.text) }
    }

    static func randomRule(_ rng: inout SeededSplitMix64, depth: Int = 0) -> SegmentRule {
        let roll = rng.int(0...9)
        if depth < 2 {
            switch roll {
            case 0, 1: return .not(randomRule(&rng, depth: depth + 1))
            case 2, 3: return .all([randomRule(&rng, depth: depth + 1), randomRule(&rng, depth: depth + 1)])
            case 4: return .any([randomRule(&rng, depth: depth + 1), randomRule(&rng, depth: depth + 1)])
            default: break
            }
        }
        if rng.chance(0.3) {
            let city = JSONValue.string(rng.pick(cities + ["Xi'an"]))
            let age = JSONValue.number(Double(rng.int(18...70)))
            switch rng.int(0...5) {
            case 0: return .attribute(AttributeCondition(.trait("city"), .equals, [city]))
            case 1: return .attribute(AttributeCondition(.trait("city"), .notEquals, [city]))
            case 2: return .attribute(AttributeCondition(.trait("city"), .exists))
            case 3: return .attribute(AttributeCondition(.trait("city"), .notExists))
            case 4: return .attribute(AttributeCondition(.trait("age"), .greaterOrEqual, [age]))
            default: return .attribute(AttributeCondition(.trait("age"), .less, [age]))
            }
        }
        var condition = BehaviourCondition(event: rng.chance(0.05) ? "refund" : rng.pick(events))
        switch rng.int(0...9) {
        case 0, 1, 2: condition.filters = [PropertyFilter("category", .equals, [.string(rng.pick(categories))])]
        case 3: condition.filters = [PropertyFilter("category", .oneOf, [.string(rng.pick(categories)),
                                                                          .string(rng.pick(categories))])]
        case 4, 5: condition.filters = [PropertyFilter("price", .greaterOrEqual, [.number(Double(rng.int(1...100)))])]
        default: break
        }
        condition.minCount = rng.int(0...3)
        condition.maxCount = rng.chance(0.3) ? condition.minCount + rng.int(0...3) : nil
        condition.window = rng.chance(0.2) ? .ever : .lastDays(rng.int(1...60))
        return .behaviour(condition)
    }

    // MARK: - The scan

    /// What the store holds, read back with SQL, to answer rules without the index.
    struct Scan {
        let database: AppDatabase
        let live: Set<Int>
        let city: [Int: String]
        let age: [Int: Double]

        init(_ database: AppDatabase) throws {
            self.database = database
            let read = try database.writer.read { db in
                var live = Set<Int>(), city: [Int: String] = [:], age: [Int: Double] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT id, json_extract(traits, '$.city') AS city, json_extract(traits, '$.age') AS age
                    FROM users WHERE merged_into IS NULL
                    """) {
                    let id = Int(row["id"] as Int64)
                    live.insert(id)
                    if let text = row["city"] as String? { city[id] = text }
                    switch (row["age"] as DatabaseValue).storage {
                    case .int64(let n): age[id] = Double(n)
                    case .double(let n): age[id] = n
                    case .string(let s): age[id] = Double(s)
                    default: break
                    }
                }
                return (live, city, age)
            }
            live = read.0
            city = read.1
            age = read.2
        }

        /// Each user's count of matching events, by the live profile the event's profile is now part of.
        func counts(_ condition: BehaviourCondition, asOf: Int64) throws -> [Int: Int] {
            let from: Int64
            switch condition.window {
            // The README's rule (UTC): the N days ending with the day holding asOf - 1 ms.
            case .lastDays(let days): from = ((asOf - 1) / IndexPropertyTests.day - Int64(days) + 1) * IndexPropertyTests.day
            default: from = Int64.min
            }
            var sql = """
                SELECT COALESCE(u.merged_into, u.id) AS owner, COUNT(*) AS c
                FROM events e JOIN event_names n ON n.id = e.name_id JOIN users u ON u.id = e.uid
                WHERE n.name = ? AND e.ts >= ? AND e.ts < ?
                """
            var arguments: [(any DatabaseValueConvertible)?] = [condition.event, from, asOf]
            for filter in condition.filters {
                let path = "$.\(filter.property)"
                switch filter.op {
                case .equals:
                    sql += " AND json_extract(e.properties, '\(path)') = ?"
                    arguments.append(filter.values[0].stringValue!)
                case .oneOf:
                    let marks = filter.values.map { _ in "?" }.joined(separator: ",")
                    sql += " AND json_extract(e.properties, '\(path)') IN (\(marks))"
                    arguments += filter.values.map { $0.stringValue! }
                case .greaterOrEqual:
                    sql += " AND json_extract(e.properties, '\(path)') >= ?"
                    arguments.append(filter.values[0].numberValue!)
                default:
                    Issue.record("no scan for \(filter.op)")
                }
            }
            sql += " GROUP BY owner"
            return try database.writer.read { db in
                var counts: [Int: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
                    counts[Int(row["owner"] as Int64)] = row["c"] as Int
                }
                return counts
            }
        }

        func users(_ rule: SegmentRule, asOf: Int64) throws -> Set<Int> {
            switch rule {
            case .all(let rules):
                return try rules.reduce(live) { $0.intersection(try users($1, asOf: asOf)) }
            case .any(let rules):
                return try rules.reduce(Set<Int>()) { $0.union(try users($1, asOf: asOf)) }
            case .not(let inner):
                return live.subtracting(try users(inner, asOf: asOf))
            case .behaviour(let condition):
                let counts = try counts(condition, asOf: asOf)
                return live.filter {
                    let c = counts[$0] ?? 0
                    return c >= condition.minCount && c <= (condition.maxCount ?? Int.max)
                }
            case .attribute(let c):
                guard case .trait(let key) = c.attribute else { Issue.record("no scan for \(c)"); return [] }
                return live.filter { u in
                    switch (key, c.op) {
                    case ("city", .equals): return city[u] == c.values[0].stringValue
                    // Absent passes "!=": the user's city is not that one.
                    case ("city", .notEquals): return city[u] != c.values[0].stringValue
                    case ("city", .exists): return city[u] != nil
                    case ("city", .notExists): return city[u] == nil
                    case ("age", .greaterOrEqual): return age[u].map { $0 >= c.values[0].numberValue! } ?? false
                    case ("age", .less): return age[u].map { $0 < c.values[0].numberValue! } ?? false
                    default: Issue.record("no scan for \(c)"); return false
                    }
                }
            case .member:
                Issue.record("no scan for \(rule)")
                return []
            }
        }
    }

    // MARK: - The property

    @Test(arguments: 1...20)
    func indexAnswersEqualAScanOfTheStoreFreshAndRefreshed(seed: Int) async throws {
        let directory = TemporaryDirectory()
        let database = try Fixtures.database(in: directory)
        let parts = Self.workload(seed: UInt64(seed))
        var messageCount = 0
        var index = UserIndex()
        var cursor = IndexCursor()
        // A third index built only from what the writer hands over after each commit.
        var fed = UserIndex()
        var fedCursor = IndexCursor()
        for (i, part) in parts.enumerated() {
            let (outcomes, delta) = try await database.ingestCommitted([Fixtures.batch(part)])
            let outcome = outcomes[0]
            #expect(delta.after == fedCursor, "seed \(seed): the delta starts where the last one ended")
            fed.apply(delta)
            fedCursor = delta.through
            #expect(outcome.rejected.isEmpty, "seed \(seed): \(outcome.rejected)")
            #expect(outcome.accepted == part.count)
            messageCount += part.count
            if i == 0 {
                (index, cursor) = try database.loadIndex()
            } else {
                cursor = try database.refresh(&index, from: cursor)
            }
        }
        let (fresh, freshCursor) = try database.loadIndex()
        #expect(cursor == freshCursor)
        #expect(fedCursor == freshCursor)
        #expect(fed.eventCount == messageCount)
        #expect(try database.stats().events == messageCount)
        #expect(index.eventCount == messageCount && fresh.eventCount == messageCount)

        let scan = try Scan(database)
        #expect(Set(fresh.live) == scan.live, "seed \(seed)")
        #expect(Set(index.live) == scan.live, "seed \(seed)")
        #expect(Set(fed.live) == scan.live, "seed \(seed) fed")
        // Some events are after asOf, so the window's end matters.
        let later = try await database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE ts > ?", arguments: [Self.asOf]) ?? 0
        }
        #expect(later > 0)

        var rng = SeededSplitMix64(seed: UInt64(seed) &* 7919)
        for _ in 0..<25 {
            let rule = Self.randomRule(&rng)
            for asOf in [Self.asOf, Self.end] {
                let expected = try scan.users(rule, asOf: asOf).sorted()
                let fromFresh = Array(try SegmentEvaluator(index: fresh, asOf: asOf).evaluate(rule))
                let fromRefreshed = Array(try SegmentEvaluator(index: index, asOf: asOf).evaluate(rule))
                #expect(fromFresh == expected,
                        "seed \(seed), as of \(Timestamp.format(asOf)): \(rule.json.jsonText)")
                #expect(fromRefreshed == expected,
                        "seed \(seed) refreshed, as of \(Timestamp.format(asOf)): \(rule.json.jsonText)")
                let fromFed = Array(try SegmentEvaluator(index: fed, asOf: asOf).evaluate(rule))
                #expect(fromFed == expected,
                        "seed \(seed) fed by the writer, as of \(Timestamp.format(asOf)): \(rule.json.jsonText)")
            }
        }
    }

    @Test func workloadsMergeProfilesAndPlaceEventsAroundAsOf() async throws {
        // The generator is deterministic and the workloads are what the property needs.
        #expect(Self.workload(seed: 3) == Self.workload(seed: 3))
        #expect(Self.workload(seed: 3) != Self.workload(seed: 4))
        let directory = TemporaryDirectory()
        let database = try Fixtures.database(in: directory)
        for part in Self.workload(seed: 1) { _ = try await database.ingest(Fixtures.batch(part)) }
        let (merged, anonymous) = try await database.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE merged_into IS NOT NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE user_id IS NULL AND merged_into IS NULL") ?? 0)
        }
        #expect(merged > 0)
        #expect(anonymous > 0)
    }
}
