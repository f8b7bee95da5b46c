import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

// Tests of the analysis engines (Sources/StrataCore/Analysis): hand-worked histories with known
// answers, time zones, past `asOf`, merged profiles, and seeded random workloads checked against
// a brute-force reading of the same event list.

/// One event of a hand-written history.
struct AnalysisEvent {
    var uid: Int64
    var name: String
    var time: Int64
    var properties: [String: JSONValue] = [:]
}

/// Builders shared by the analysis suites.
enum AnalysisFixture {
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
    static let utc = TimeZone(identifier: "UTC")!
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func time(_ text: String) -> Int64 { Timestamp.parse(text)! }
    /// The day number of a `YYYY-MM-DD` date.
    static func dayNumber(_ text: String) -> Int { Int(Timestamp.parse(text)! / day) }
    static func settings(_ zone: TimeZone) -> WorkspaceSettings { WorkspaceSettings(timeZone: zone) }

    /// The profile each profile finally belongs to after `merges` (source, target).
    static func owner(_ uid: Int64, _ merges: [(Int64, Int64)]) -> Int64 {
        var u = uid
        while let next = merges.first(where: { $0.0 == u })?.1 { u = next }
        return u
    }

    /// An index over `events` counting days in `zone`: every uid of `events`, `profiles` and
    /// `merges` gets a profile whose first / last seen and event count agree with its events and
    /// those of the profiles merged into it (as the store keeps them); merges are applied after
    /// the events. With `shuffleSeed` the events are appended out of time order; events named in
    /// `late` are appended last, latest first (so only their columns are out of order).
    static func index(_ events: [AnalysisEvent], zone: TimeZone = utc, profiles: [Int64] = [],
                      merges: [(Int64, Int64)] = [], shuffleSeed: UInt64? = nil, late: Set<String> = []) -> UserIndex
    {
        var computed: [Int64: ComputedAttributes] = [:]
        for uid in events.map(\.uid) + profiles + merges.flatMap({ [$0.0, $0.1] }) {
            computed[uid] = computed[uid] ?? ComputedAttributes()
        }
        for event in events {
            // The event counts for its own profile and every profile it was merged into.
            var u: Int64? = event.uid
            while let current = u {
                var c = computed[current]!
                c.firstSeen = min(c.firstSeen ?? event.time, event.time)
                c.lastSeen = max(c.lastSeen ?? event.time, event.time)
                c.eventCount += 1
                computed[current] = c
                u = merges.first(where: { $0.0 == current })?.1
            }
        }
        var index = UserIndex(timeZone: zone)
        for (uid, attributes) in computed.sorted(by: { $0.key < $1.key }) {
            index.setUser(uid: uid, computed: attributes, traits: [:])
        }
        var ordered = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        if let shuffleSeed {
            var rng = SplitMix64(seed: shuffleSeed)
            ordered.shuffle(using: &rng)
        }
        if !late.isEmpty {
            ordered = ordered.filter { !late.contains($0.name) } + ordered.filter { late.contains($0.name) }.reversed()
        }
        for event in ordered {
            let text = event.properties.isEmpty ? nil : JSONValue.object(event.properties).jsonText
            index.appendEvent(uid: event.uid, name: event.name, time: event.time, propertiesText: text,
                              properties: { event.properties })
        }
        for (source, target) in merges { index.merge(source: source, into: target) }
        return index
    }

    /// Events at noon UTC of the given days after `base` (a `YYYY-MM-DD` date), per user.
    static func noonEvents(base: String, _ days: [Int64: [Int64]], name: String = "app_open") -> [AnalysisEvent] {
        let start = time(base) + 12 * hour
        return days.sorted(by: { $0.key < $1.key }).flatMap { entry in
            entry.value.map { AnalysisEvent(uid: entry.key, name: name, time: start + $0 * day) }
        }
    }
}

// MARK: - AnalysisRange

@Suite struct AnalysisRangeTests {
    typealias F = AnalysisFixture

    @Test func datesBecomeDayNumbers() throws {
        let asOf = F.time("2026-09-30T12:00:00Z")
        let range = try AnalysisRange(from: "2026-09-01", to: "2026-09-30", asOf: asOf, settings: WorkspaceSettings())
        #expect(range.fromDay == 20_697)  // 56 years of 365 days, 14 leap days, 243 days of 2026
        #expect(range.toDay == 20_726)
        #expect(Int64(range.toDay) * F.day == Fixtures.referenceTime)
        #expect(range.asOf == asOf)
        #expect(range.users == nil)
        // A date names a calendar day whatever the workspace zone is.
        let shanghai = try AnalysisRange(from: "2026-09-01", to: "2026-09-30", asOf: asOf, settings: F.settings(F.shanghai))
        #expect(shanghai.fromDay == 20_697 && shanghai.toDay == 20_726)
        #expect(WorkspaceSettings.dayText(dayNumber: range.fromDay) == "2026-09-01")
    }

    @Test func defaultsEndOnTheDayOfAsOfInTheWorkspaceZone() throws {
        let asOf = F.time("2026-09-30T20:00:00Z")  // already 2026-10-01 04:00 in Shanghai
        let utc = try AnalysisRange(from: nil, to: nil, asOf: asOf, settings: WorkspaceSettings())
        #expect(utc.fromDay == F.dayNumber("2026-09-01") && utc.toDay == F.dayNumber("2026-09-30"))
        let shanghai = try AnalysisRange(from: nil, to: nil, asOf: asOf, settings: F.settings(F.shanghai))
        #expect(shanghai.fromDay == F.dayNumber("2026-09-02") && shanghai.toDay == F.dayNumber("2026-10-01"))
        let week = try AnalysisRange(from: nil, to: "2026-09-10", asOf: asOf, settings: WorkspaceSettings(), defaultDays: 7)
        #expect(week.fromDay == F.dayNumber("2026-09-04") && week.toDay == F.dayNumber("2026-09-10"))
        let open = try AnalysisRange(from: "2026-09-20", to: nil, asOf: asOf, settings: WorkspaceSettings())
        #expect(open.fromDay == F.dayNumber("2026-09-20") && open.toDay == F.dayNumber("2026-09-30"))
        let one = try AnalysisRange(from: "2026-09-30", to: "2026-09-30", asOf: asOf, settings: WorkspaceSettings())
        #expect(one.fromDay == one.toDay)
    }

    @Test func unreadableOrTooLongRangesThrow() throws {
        let asOf = F.time("2026-09-30T12:00:00Z")
        let settings = WorkspaceSettings()
        let cases: [(from: String?, to: String?, field: String)] = [
            ("2026-9-30", nil, "from"),
            ("", nil, "from"),
            ("2026-09-30T00:00:00Z", nil, "from"),
            (nil, "2026-02-30", "to"),
            (nil, "2026/09/30", "to"),
            (nil, "30-09-2026", "to"),
            ("2026-09-30", "2026-09-29", "from"),  // from after to
        ]
        for c in cases {
            let error = try #require(throws: StrataError.self, "\(c)") {
                try AnalysisRange(from: c.from, to: c.to, asOf: asOf, settings: settings)
            }
            #expect(error.code == .invalidParameter && error.field == c.field, "\(c)")
        }
        // At most maxDays days, both ends included.
        let last = F.dayNumber("2026-09-30")
        let longest = try AnalysisRange(from: WorkspaceSettings.dayText(dayNumber: last - AnalysisRange.maxDays + 1),
                                        to: "2026-09-30", asOf: asOf, settings: settings)
        #expect(longest.toDay - longest.fromDay + 1 == AnalysisRange.maxDays)
        let error = try #require(throws: StrataError.self) {
            try AnalysisRange(from: WorkspaceSettings.dayText(dayNumber: last - AnalysisRange.maxDays), to: "2026-09-30",
                              asOf: asOf, settings: settings)
        }
        #expect(error.field == "from")
        // The default `from` is counted back from `to`, so a far `to` alone is fine.
        #expect(throws: Never.self) {
            try AnalysisRange(from: nil, to: "2036-01-01", asOf: asOf, settings: settings)
        }
    }

    @Test func daysStopAtTheLastDayBeforeAsOf() {
        let from = F.dayNumber("2026-09-01"), to = F.dayNumber("2026-09-30")
        let utc = WorkspaceSettings(), shanghai = F.settings(F.shanghai)
        func range(_ asOf: String) -> AnalysisRange { AnalysisRange(fromDay: from, toDay: to, asOf: F.time(asOf)) }
        #expect(range("2026-09-15T10:00:00Z").days(utc) == from...F.dayNumber("2026-09-15"))
        #expect(range("2026-10-15T00:00:00Z").days(utc) == from...to)
        // As of a midnight, the day that begins then has no instant before asOf yet.
        #expect(range("2026-10-01T00:00:00Z").days(utc) == from...to)
        #expect(range("2026-09-01T00:00:00.001Z").days(utc) == from...from)
        #expect(range("2026-09-01T00:00:00Z").days(utc) == nil)
        // 2026-08-31T16:00Z is 09-01 00:00 in Shanghai.
        #expect(range("2026-08-31T16:00:00.001Z").days(shanghai) == from...from)
        #expect(range("2026-08-31T16:00:00Z").days(shanghai) == nil)
        #expect(range("2026-08-31T16:00:00.001Z").days(utc) == nil)
    }
}

// MARK: - ActivityDays

@Suite struct ActivityDaysTests {
    typealias F = AnalysisFixture

    /// u1 around Shanghai midnight, u2 on UTC 09-30 = Shanghai 10-01, u3 and u5 purchases,
    /// u4 an anonymous profile merged into u1.
    static let events: [AnalysisEvent] = [
        AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-29T15:30:00Z")),  // SH 09-29 23:30
        AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-29T16:30:00Z")),  // SH 09-30 00:30
        AnalysisEvent(uid: 2, name: "app_open", time: F.time("2026-09-30T17:00:00Z")),  // SH 10-01 01:00
        AnalysisEvent(uid: 3, name: "purchase", time: F.time("2026-09-28T10:00:00Z"), properties: ["category": "books"]),
        AnalysisEvent(uid: 4, name: "purchase", time: F.time("2026-09-27T12:00:00Z"), properties: ["category": "toys"]),
        AnalysisEvent(uid: 5, name: "purchase", time: F.time("2026-09-27T18:00:00Z"), properties: ["category": "books"]),  // SH 09-28
    ]
    static let days = F.dayNumber("2026-09-26")...F.dayNumber("2026-10-02")

    static func index(_ zone: TimeZone) -> UserIndex { F.index(events, zone: zone, merges: [(4, 1)]) }

    /// Day text → users, for every day of `days`.
    static func table(_ activity: ActivityDays) -> [String: [Int]] {
        var table: [String: [Int]] = [:]
        for d in days { table[WorkspaceSettings.dayText(dayNumber: d)] = Array(activity.users(on: d)) }
        return table
    }

    static func expected(_ known: [String: [Int]]) -> [String: [Int]] {
        var table: [String: [Int]] = [:]
        for d in days { table[WorkspaceSettings.dayText(dayNumber: d)] = known[WorkspaceSettings.dayText(dayNumber: d)] ?? [] }
        return table
    }

    static let byUTCDays = expected(["2026-09-27": [1, 5], "2026-09-28": [3], "2026-09-29": [1], "2026-09-30": [2]])
    static let byShanghaiDays = expected(["2026-09-27": [1], "2026-09-28": [3, 5], "2026-09-29": [1], "2026-09-30": [1],
                                          "2026-10-01": [2]])

    @Test func daySetsAndTheEventScanCountTheWorkspaceZonesDays() {
        let asOf = F.time("2026-10-02T00:00:00Z")
        // Index zone = settings zone reads the day sets; the other zone scans the events.
        for indexZone in [F.utc, F.shanghai] {
            let index = Self.index(indexZone)
            #expect(Self.table(ActivityDays(index: index, settings: F.settings(F.utc), asOf: asOf)) == Self.byUTCDays,
                    "index in \(indexZone.identifier)")
            #expect(Self.table(ActivityDays(index: index, settings: F.settings(F.shanghai), asOf: asOf)) == Self.byShanghaiDays,
                    "index in \(indexZone.identifier)")
            let activity = ActivityDays(index: index, settings: F.settings(F.utc), asOf: asOf)
            #expect(Array(activity.users(on: F.dayNumber("2026-09-27")...F.dayNumber("2026-09-29"))) == [1, 3, 5])
            #expect(activity.users(on: [Int]()).isEmpty)
        }
    }

    @Test func aPastAsOfLeavesOutLaterEvents() {
        let u2 = F.time("2026-09-30T17:00:00Z")
        for indexZone in [F.utc, F.shanghai] {
            let index = Self.index(indexZone)
            for zone in [F.utc, F.shanghai] {
                let before = ActivityDays(index: index, settings: F.settings(zone), asOf: u2)
                var expected = zone == F.utc ? Self.byUTCDays : Self.byShanghaiDays
                expected[zone == F.utc ? "2026-09-30" : "2026-10-01"] = []
                #expect(Self.table(before) == expected, "index \(indexZone.identifier), settings \(zone.identifier)")
                // An event exactly at asOf does not count; 1 ms later it does.
                let at = ActivityDays(index: index, settings: F.settings(zone), asOf: u2 + 1)
                #expect(Self.table(at) == (zone == F.utc ? Self.byUTCDays : Self.byShanghaiDays))
            }
            #expect(Self.table(ActivityDays(index: index, settings: F.settings(F.utc), asOf: F.time("2026-09-01T00:00:00Z")))
                == Self.expected([:]))
        }
    }

    @Test func oneEventWithPropertyFilters() {
        let asOf = F.time("2026-10-02T00:00:00Z")
        let books = [PropertyFilter("category", .equals, ["books"])]
        for indexZone in [F.utc, F.shanghai] {
            let index = Self.index(indexZone)
            let utc = F.settings(F.utc), shanghai = F.settings(F.shanghai)
            #expect(Self.table(ActivityDays(index: index, settings: utc, asOf: asOf, event: "purchase"))
                == Self.expected(["2026-09-27": [1, 5], "2026-09-28": [3]]))
            #expect(Self.table(ActivityDays(index: index, settings: utc, asOf: asOf, event: "purchase", filters: books))
                == Self.expected(["2026-09-27": [5], "2026-09-28": [3]]))
            #expect(Self.table(ActivityDays(index: index, settings: shanghai, asOf: asOf, event: "purchase"))
                == Self.expected(["2026-09-27": [1], "2026-09-28": [3, 5]]))
            #expect(Self.table(ActivityDays(index: index, settings: utc, asOf: asOf, event: "app_open"))
                == Self.expected(["2026-09-29": [1], "2026-09-30": [2]]))
            #expect(Self.table(ActivityDays(index: index, settings: utc, asOf: asOf, event: "no_such_event")) == Self.expected([:]))
        }
    }
}

// MARK: - ActivityReport

@Suite struct ActivityReportTests {
    typealias F = AnalysisFixture

    /// Day offsets from 2026-09-10 (noon UTC) of each user's events; user 7 has a profile and no events.
    static let history: [Int64: [Int64]] = [
        1: [-20, 0, 1, 2, 3, 4],
        2: [0, 4],
        3: [-2, 1],
        4: [-10, 2],
        5: [3],
        6: [-40],
    ]
    static let day0 = F.dayNumber("2026-09-10")

    static func index(_ zone: TimeZone = F.utc) -> UserIndex {
        F.index(F.noonEvents(base: "2026-09-10", history), zone: zone, profiles: [7])
    }

    /// DAU, WAU, MAU, total users, new, returning, resurrected.
    static func figures(_ days: [ActivityReport.Day]) -> [[Int]] {
        days.map { [$0.dau, $0.wau, $0.mau, $0.totalUsers, $0.new, $0.returning, $0.resurrected] }
    }

    @Test func dailyFiguresOfAHandWorkedHistory() {
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 4, asOf: F.time("2026-09-14T23:00:00Z"))
        for zone in [F.utc, F.shanghai] {  // the day sets, then the event scan
            let days = ActivityReport(dormantDays: 3).run(Self.index(zone), range: range, settings: WorkspaceSettings())
            #expect(days.map(\.day) == ["2026-09-10", "2026-09-11", "2026-09-12", "2026-09-13", "2026-09-14"])
            #expect(Self.figures(days) == [
                // dau wau mau total new returning resurrected
                [2, 3, 4, 5, 1, 0, 1],  // u2 new; u1 back after 20 days
                [2, 3, 4, 5, 0, 2, 0],  // u1, u3 both active within 3 days
                [2, 4, 4, 5, 0, 1, 1],  // u4 back after 12 days
                [2, 5, 5, 6, 1, 1, 0],  // u5 new
                [2, 5, 5, 6, 0, 1, 1],  // u2 last seen 4 days ago
            ], "index in \(zone.identifier)")
            #expect(days[0].activeRate == 2.0 / 5 && days[0].stickiness == 2.0 / 4)
            #expect(days[4].activeRate == 2.0 / 6 && days[4].stickiness == 2.0 / 5)
            // With the default 7 dormant days u2 returns on the last day instead of resurrecting.
            let week = ActivityReport().run(Self.index(zone), range: range, settings: WorkspaceSettings())
            #expect(ActivityReport().dormantDays == 7)
            #expect(Self.figures(week).map { [$0[5], $0[6]] } == [[0, 1], [2, 0], [1, 1], [1, 0], [2, 0]])
        }
    }

    @Test func weekAndMonthAreTheLast7And30DaysIncludingToday() {
        // Users last active 30, 29, 7, 6 and 0 days before 2026-09-10.
        let index = F.index(F.noonEvents(base: "2026-09-10", [1: [-30], 2: [-29], 3: [-7], 4: [-6], 5: [0]]))
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1, asOf: F.time("2026-09-11T23:00:00Z"))
        let days = ActivityReport(dormantDays: 7).run(index, range: range, settings: WorkspaceSettings())
        #expect(Self.figures(days) == [
            [1, 2, 4, 5, 1, 0, 0],  // WAU: users 4, 5; MAU: users 2…5
            [0, 1, 3, 5, 0, 0, 0],  // a day later user 4 leaves the week and user 2 the month
        ])
        #expect(days[0].stickiness == 0.25 && days[1].stickiness == 0)
    }

    @Test func usersOfTheRangeNarrowEveryFigure() {
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 4, asOf: F.time("2026-09-14T23:00:00Z"),
                                  users: UserSet([1, 2, 5]))
        let days = ActivityReport(dormantDays: 3).run(Self.index(), range: range, settings: WorkspaceSettings())
        #expect(Self.figures(days) == [
            [2, 2, 2, 2, 1, 0, 1],
            [1, 2, 2, 2, 0, 1, 0],
            [1, 2, 2, 2, 0, 1, 0],
            [2, 3, 3, 3, 1, 1, 0],
            [2, 3, 3, 3, 0, 1, 1],
        ])
        #expect(days[1].activeRate == 0.5 && days[1].stickiness == 0.5)
    }

    @Test func aPastAsOfEndsTheReportAndLeavesOutLaterEvents() {
        // Day 2's events are at noon; asOf is 11:00 that day.
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 4, asOf: F.time("2026-09-12T11:00:00Z"))
        for zone in [F.utc, F.shanghai] {
            let days = ActivityReport(dormantDays: 3).run(Self.index(zone), range: range, settings: WorkspaceSettings())
            #expect(days.map(\.day) == ["2026-09-10", "2026-09-11", "2026-09-12"])
            #expect(Self.figures(days) == [
                [2, 3, 4, 5, 1, 0, 1],
                [2, 3, 4, 5, 0, 2, 0],
                [0, 3, 4, 5, 0, 0, 0],
            ], "index in \(zone.identifier)")
            #expect(days[2].activeRate == 0 && days[2].stickiness == 0)
        }
        // A range that starts after asOf is empty.
        let later = AnalysisRange(fromDay: Self.day0 + 3, toDay: Self.day0 + 4, asOf: F.time("2026-09-12T11:00:00Z"))
        #expect(ActivityReport().run(Self.index(), range: later, settings: WorkspaceSettings()).isEmpty)
    }

    @Test func daysAreCountedInTheWorkspaceZone() {
        // a: 2026-09-10T17:00Z (Shanghai 09-11 01:00) and 09-11T15:00Z (Shanghai 09-11 23:00);
        // b: 2026-09-10T10:00Z (Shanghai 09-10 18:00).
        let events = [
            AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-10T17:00:00Z")),
            AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-11T15:00:00Z")),
            AnalysisEvent(uid: 2, name: "app_open", time: F.time("2026-09-10T10:00:00Z")),
        ]
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1, asOf: F.time("2026-09-12T00:00:00Z"))
        for indexZone in [F.utc, F.shanghai] {
            let index = F.index(events, zone: indexZone)
            let utc = ActivityReport().run(index, range: range, settings: F.settings(F.utc))
            #expect(Self.figures(utc) == [[2, 2, 2, 2, 2, 0, 0], [1, 2, 2, 2, 0, 1, 0]], "index in \(indexZone.identifier)")
            let shanghai = ActivityReport().run(index, range: range, settings: F.settings(F.shanghai))
            #expect(Self.figures(shanghai) == [[1, 1, 1, 1, 1, 0, 0], [1, 2, 2, 2, 1, 0, 0]], "index in \(indexZone.identifier)")
        }
    }

    @Test func anEmptyIndexGivesZeroes() {
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 2, asOf: F.time("2026-09-30T00:00:00Z"))
        let days = ActivityReport().run(UserIndex(), range: range, settings: WorkspaceSettings())
        #expect(days.count == 3)
        #expect(Self.figures(days).allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(days.allSatisfy { $0.activeRate == 0 && $0.stickiness == 0 })
        // Profiles without events are never counted.
        let profiles = F.index([], profiles: [1, 2])
        #expect(Self.figures(ActivityReport().run(profiles, range: range, settings: WorkspaceSettings()))
            .allSatisfy { $0.allSatisfy { $0 == 0 } })
    }
}

// MARK: - RetentionReport

@Suite struct RetentionReportTests {
    typealias F = AnalysisFixture

    /// Day offsets from Monday 2026-09-07 (noon UTC unless noted).
    static let day0 = F.dayNumber("2026-09-07")
    static var dailyEvents: [AnalysisEvent] {
        F.noonEvents(base: "2026-09-07", [1: [0, 1], 2: [0, 2], 3: [1, 2, 5], 4: [2], 5: [-1, 0]]) + [
            AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-10T10:00:00Z")),  // day 3, before asOf
            AnalysisEvent(uid: 6, name: "app_open", time: F.time("2026-09-10T18:00:00Z")),  // day 3, after asOf
        ]
    }
    /// Day 3 at noon: day 3 is the period under way.
    static let asOf = F.time("2026-09-10T12:00:00Z")

    static func rows(_ cohorts: [RetentionReport.Cohort]) -> [String] {
        cohorts.map { "\($0.start) \($0.size): " + $0.retained.map { $0.map(String.init) ?? "-" }.joined(separator: " ") }
    }

    @Test func dailyCohortsOnAndOnOrAfter() {
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 2, asOf: Self.asOf)
        for zone in [F.utc, F.shanghai] {
            let index = F.index(Self.dailyEvents, zone: zone)
            let on = RetentionReport(periods: 4).run(index, range: range, settings: WorkspaceSettings())
            #expect(Self.rows(on) == [
                "2026-09-07 2: 2 1 1 1",  // u1, u2; u5 joined the day before the range
                "2026-09-08 1: 1 1 0 -",  // u3; its day-5 event is after asOf
                "2026-09-09 1: 1 0 - -",  // u4
            ], "index in \(zone.identifier)")
            let after = RetentionReport(periods: 4, mode: .onOrAfter).run(index, range: range, settings: WorkspaceSettings())
            #expect(Self.rows(after) == [
                "2026-09-07 2: 2 2 2 1",
                "2026-09-08 1: 1 1 0 -",
                "2026-09-09 1: 1 0 - -",
            ], "index in \(zone.identifier)")
            let curve = RetentionReport.averageCurve(on, periods: 6)
            #expect(curve == [1, 0.5, 1.0 / 3, 0.5, nil, nil])
        }
    }

    @Test func emptyCohortsAndCohortsAfterAsOf() {
        // Day 3's only newcomer (u6) arrives after asOf: an empty cohort of zeroes up to asOf.
        let range = AnalysisRange(fromDay: Self.day0 + 2, toDay: Self.day0 + 6, asOf: Self.asOf)
        let index = F.index(Self.dailyEvents)
        let rows = RetentionReport(periods: 3).run(index, range: range, settings: WorkspaceSettings())
        #expect(Self.rows(rows) == ["2026-09-09 1: 1 0 -", "2026-09-10 0: 0 - -"])
        #expect(RetentionReport.averageCurve([rows[1]], periods: 3) == [nil, nil, nil])
        // Once asOf is past everything u6 has its cohort.
        let later = AnalysisRange(fromDay: Self.day0 + 3, toDay: Self.day0 + 3, asOf: F.time("2026-09-30T00:00:00Z"))
        #expect(Self.rows(RetentionReport(periods: 3).run(index, range: later, settings: WorkspaceSettings()))
            == ["2026-09-10 1: 1 0 0"])
        // No events at all: a row of zeroes per day.
        let empty = RetentionReport(periods: 2).run(UserIndex(), range: AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1,
                                                                                   asOf: Self.asOf), settings: WorkspaceSettings())
        #expect(Self.rows(empty) == ["2026-09-07 0: 0 0", "2026-09-08 0: 0 0"])
        // A range after asOf.
        let none = AnalysisRange(fromDay: Self.day0 + 4, toDay: Self.day0 + 5, asOf: Self.asOf)
        #expect(RetentionReport().run(index, range: none, settings: WorkspaceSettings()).isEmpty)
    }

    @Test func weeklyCohortsStartOnMonday() {
        // a: Wed 09-09, 09-15, 09-29; b: Sun 09-13, Mon 09-14; c: 09-14, 09-22; d: Sun 09-06, 09-08.
        let events = F.noonEvents(base: "2026-09-06", [1: [3, 9, 23], 2: [7, 8], 3: [8, 16], 4: [0, 2]])
        let asOf = F.time("2026-09-30T12:00:00Z")  // a Wednesday
        let range = AnalysisRange(fromDay: F.dayNumber("2026-09-09"), toDay: F.dayNumber("2026-09-16"), asOf: asOf)
        for zone in [F.utc, F.shanghai] {
            let index = F.index(events, zone: zone)
            let on = RetentionReport(periods: 5, unit: .week).run(index, range: range, settings: WorkspaceSettings())
            #expect(Self.rows(on) == ["2026-09-07 2: 2 2 0 1 -", "2026-09-14 1: 1 1 0 - -"], "index in \(zone.identifier)")
            for row in on { #expect((F.dayNumber(row.start) + 3) % 7 == 0, "\(row.start) is a Monday") }
            let after = RetentionReport(periods: 5, unit: .week, mode: .onOrAfter).run(index, range: range,
                                                                                       settings: WorkspaceSettings())
            #expect(Self.rows(after) == ["2026-09-07 2: 2 2 1 1 -", "2026-09-14 1: 1 1 0 - -"])
        }
        #expect(RetentionReport.Unit.week.days == 7 && RetentionReport.Unit.day.days == 1)
    }

    @Test func cohortDaysAreCountedInTheWorkspaceZone() {
        // x: 09-07T20:00Z (Shanghai 09-08 04:00), 09-08T10:00Z (Shanghai 09-08 18:00);
        // y: 09-07T10:00Z (Shanghai 09-07 18:00), 09-08T17:00Z (Shanghai 09-09 01:00).
        let events = [
            AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-07T20:00:00Z")),
            AnalysisEvent(uid: 1, name: "app_open", time: F.time("2026-09-08T10:00:00Z")),
            AnalysisEvent(uid: 2, name: "app_open", time: F.time("2026-09-07T10:00:00Z")),
            AnalysisEvent(uid: 2, name: "app_open", time: F.time("2026-09-08T17:00:00Z")),
        ]
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1, asOf: F.time("2026-09-10T00:00:00Z"))
        for zone in [F.utc, F.shanghai] {
            let index = F.index(events, zone: zone)
            #expect(Self.rows(RetentionReport(periods: 3).run(index, range: range, settings: F.settings(F.utc)))
                == ["2026-09-07 2: 2 2 0", "2026-09-08 0: 0 0 -"], "index in \(zone.identifier)")  // 09-10 not begun by asOf
            #expect(Self.rows(RetentionReport(periods: 3).run(index, range: range, settings: F.settings(F.shanghai)))
                == ["2026-09-07 1: 1 0 1", "2026-09-08 1: 1 0 0"], "index in \(zone.identifier)")
        }
    }

    @Test func startAndReturnEvents() {
        // u1 signs up on day 0 and buys on days 0 and 2; u2 was first seen on day -3, signs up on
        // day 1 and buys on day 2; u3 never signs up; u4 signs up on day 0 and never buys.
        let t = F.time("2026-09-07T12:00:00Z")
        let events = [
            AnalysisEvent(uid: 1, name: "signup", time: t),
            AnalysisEvent(uid: 1, name: "purchase", time: t + F.hour),
            AnalysisEvent(uid: 1, name: "app_open", time: t + F.day),
            AnalysisEvent(uid: 1, name: "purchase", time: t + 2 * F.day),
            AnalysisEvent(uid: 2, name: "app_open", time: t - 3 * F.day),
            AnalysisEvent(uid: 2, name: "signup", time: t + F.day),
            AnalysisEvent(uid: 2, name: "purchase", time: t + 2 * F.day + F.hour),
            AnalysisEvent(uid: 3, name: "app_open", time: t),
            AnalysisEvent(uid: 4, name: "signup", time: t + 2 * F.hour),
        ]
        let index = F.index(events)
        let range = AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1, asOf: t + 5 * F.day)
        let settings = WorkspaceSettings()
        func run(_ report: RetentionReport, _ range: AnalysisRange = range) -> [String] {
            Self.rows(report.run(index, range: range, settings: settings))
        }
        #expect(run(RetentionReport(startEvent: "signup", returnEvent: "purchase", periods: 3))
            == ["2026-09-07 2: 2 0 1", "2026-09-08 1: 1 1 0"])
        #expect(run(RetentionReport(startEvent: "signup", periods: 3)) == ["2026-09-07 2: 2 1 1", "2026-09-08 1: 1 1 0"])
        #expect(run(RetentionReport(returnEvent: "purchase", periods: 3)) == ["2026-09-07 3: 3 0 1", "2026-09-08 0: 0 0 0"])
        // Period 0 is the whole cohort even though u4 never buys.
        #expect(run(RetentionReport(startEvent: "signup", returnEvent: "purchase", periods: 3, mode: .onOrAfter))
            == ["2026-09-07 2: 2 1 1", "2026-09-08 1: 1 1 0"])
        // A start event after asOf (u4's, later on the same day) does not make a cohort; days stop at asOf's day.
        #expect(run(RetentionReport(startEvent: "signup", periods: 2),
                    AnalysisRange(fromDay: Self.day0, toDay: Self.day0 + 1, asOf: t + F.hour))
            == ["2026-09-07 1: 1 -"])
        // The range's users narrow the cohorts.
        #expect(run(RetentionReport(periods: 3), AnalysisRange(fromDay: Self.day0, toDay: Self.day0, asOf: t + 5 * F.day,
                                                                users: UserSet([3])))
            == ["2026-09-07 1: 1 0 0"])
    }

    @Test func validateChecksPeriodsAndEvents() throws {
        let events: Set<String> = ["signup", "purchase"]
        try RetentionReport(startEvent: "signup", returnEvent: "purchase", periods: 1).validate(events: events)
        try RetentionReport(periods: 120).validate(events: [])
        for (report, field) in [
            (RetentionReport(periods: 0), "periods"),
            (RetentionReport(periods: 121), "periods"),
            (RetentionReport(startEvent: "nope"), "start_event"),
            (RetentionReport(returnEvent: "nope"), "return_event"),
        ] {
            let error = try #require(throws: StrataError.self) { try report.validate(events: events) }
            #expect(error.code == .invalidParameter && error.field == field)
        }
    }
}

// MARK: - FunnelReport

@Suite struct FunnelReportTests {
    typealias F = AnalysisFixture

    static let t0 = F.time("2026-09-10T10:00:00Z")
    static let range = AnalysisRange(fromDay: F.dayNumber("2026-09-10"), toDay: F.dayNumber("2026-09-10"),
                                     asOf: F.time("2026-09-12T00:00:00Z"))
    static let shop = [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart"), FunnelReport.Step("purchase")]

    /// Events `minutes` after t0.
    static func at(_ uid: Int64, _ name: String, _ minutes: Int64, _ properties: [String: JSONValue] = [:]) -> AnalysisEvent {
        AnalysisEvent(uid: uid, name: name, time: t0 + minutes * F.minute, properties: properties)
    }

    static let shopEvents: [AnalysisEvent] = [
        at(1, "view_item", 0), at(1, "add_to_cart", 10), at(1, "purchase", 30),       // converts
        at(2, "view_item", 0), at(2, "add_to_cart", 50), at(2, "purchase", 61),       // purchase out of the hour
        at(3, "view_item", 0), at(3, "purchase", 5), at(3, "add_to_cart", 20),        // purchase before the cart
        at(4, "add_to_cart", 0), at(4, "view_item", 10),                              // cart before the view
        AnalysisEvent(uid: 5, name: "view_item", time: F.time("2026-09-09T23:30:00Z")),  // step 1 the day before
        AnalysisEvent(uid: 5, name: "add_to_cart", time: F.time("2026-09-10T00:10:00Z")),
        AnalysisEvent(uid: 6, name: "view_item", time: F.time("2026-09-10T23:50:00Z")),  // cart the next day
        AnalysisEvent(uid: 6, name: "add_to_cart", time: F.time("2026-09-11T00:20:00Z")),
        at(7, "view_item", 0), at(7, "view_item", 40), at(7, "add_to_cart", 45), at(7, "purchase", 95),  // the later view converts
        at(8, "view_item", 0), at(8, "search", 5), at(8, "add_to_cart", 10),           // another event between
    ]

    static func counts(_ results: [FunnelReport.StepResult]) -> [Int] { results.map(\.count) }

    @Test func looseFunnelOfAHandWorkedHistory() {
        // In time order, shuffled (every column out of order), then only the later steps' columns out of order.
        let indexes = [F.index(Self.shopEvents), F.index(Self.shopEvents, shuffleSeed: 7),
                       F.index(Self.shopEvents, late: ["add_to_cart", "purchase"])]
        for index in indexes {
            let results = FunnelReport(steps: Self.shop, window: F.hour).run(index, range: Self.range, settings: WorkspaceSettings())
            #expect(results.map(\.event) == ["view_item", "add_to_cart", "purchase"])
            #expect(results.map { Array($0.users) } == [[1, 2, 3, 4, 6, 7, 8], [1, 2, 3, 6, 7, 8], [1, 7]])
            #expect(Self.counts(results) == [7, 6, 2])
            #expect(results.map(\.dropped) == [0, 1, 4])
            #expect(results.map(\.conversion) == [1, 6.0 / 7, 2.0 / 7] as [Double])
            #expect(results.map(\.stepConversion) == [1, 6.0 / 7, 2.0 / 6] as [Double])
            #expect(results[0].times.isEmpty && results[0].medianTime == nil)
            #expect(results[1].times == [5, 10, 10, 20, 30, 50].map { $0 * F.minute })
            #expect(results[1].medianTime == 10 * F.minute)
            #expect(results[2].times == [20 * F.minute, 50 * F.minute])  // u7: 95 − 45
            #expect(results[2].medianTime == 20 * F.minute)
        }
    }

    @Test func strictFunnelBreaksAtAnyOtherEvent() {
        for index in [F.index(Self.shopEvents), F.index(Self.shopEvents, shuffleSeed: 7),
                      F.index(Self.shopEvents, late: ["add_to_cart", "purchase"])] {
            let results = FunnelReport(steps: Self.shop, window: F.hour, strict: true)
                .run(index, range: Self.range, settings: WorkspaceSettings())
            // u3 (purchase between) and u8 (search between) stop at step 1; u7's second view restarts.
            #expect(results.map { Array($0.users) } == [[1, 2, 3, 4, 6, 7, 8], [1, 2, 6, 7], [1, 7]])
            #expect(results[1].times == [5, 10, 30, 50].map { $0 * F.minute })
            #expect(results.map(\.stepConversion) == [1, 4.0 / 7, 2.0 / 4] as [Double])
        }
    }

    @Test func rangeUsersAndAsOf() {
        let index = F.index(Self.shopEvents)
        let settings = WorkspaceSettings()
        let funnel = FunnelReport(steps: Self.shop, window: F.hour)
        var narrowed = Self.range
        narrowed.users = UserSet([1, 2, 3])
        #expect(Self.counts(funnel.run(index, range: narrowed, settings: settings)) == [3, 3, 1])
        // Two days: u5's view of 09-09 starts a funnel too.
        let twoDays = AnalysisRange(fromDay: F.dayNumber("2026-09-09"), toDay: F.dayNumber("2026-09-10"), asOf: Self.range.asOf)
        let both = funnel.run(index, range: twoDays, settings: settings)
        #expect(Self.counts(both) == [8, 7, 2] && both[1].users.contains(5))
        // Only events before asOf: u1's purchase 1 ms before asOf counts, exactly at asOf it does not.
        let at = AnalysisRange(fromDay: Self.range.fromDay, toDay: Self.range.toDay, asOf: Self.t0 + 30 * F.minute + 1)
        #expect(funnel.run(index, range: at, settings: settings).map { Array($0.users) } == [[1, 2, 3, 4, 7, 8], [1, 3, 8], [1]])
        var before = at
        before.asOf -= 1
        #expect(Self.counts(funnel.run(index, range: before, settings: settings)) == [6, 3, 0])
        // A range after asOf, and an index without the events.
        let future = AnalysisRange(fromDay: Self.range.fromDay + 5, toDay: Self.range.toDay + 5, asOf: Self.range.asOf)
        let none = funnel.run(index, range: future, settings: settings)
        #expect(Self.counts(none) == [0, 0, 0] && none.map(\.conversion) == [0, 0, 0] && none.map(\.stepConversion) == [1, 0, 0])
        #expect(Self.counts(funnel.run(UserIndex(), range: Self.range, settings: settings)) == [0, 0, 0])
    }

    @Test func theWindowIncludesItsLastMillisecond() {
        let view = FunnelReport.Step("view_item"), cart = FunnelReport.Step("add_to_cart")
        let lastOfDay = F.time("2026-09-10T23:59:59.999Z"), firstOfDay = F.time("2026-09-10T00:00:00Z")
        let events = [
            AnalysisEvent(uid: 1, name: "view_item", time: Self.t0),
            AnalysisEvent(uid: 1, name: "add_to_cart", time: Self.t0 + F.hour),            // exactly the window
            AnalysisEvent(uid: 2, name: "view_item", time: Self.t0),
            AnalysisEvent(uid: 2, name: "add_to_cart", time: Self.t0 + F.hour + 1),        // one ms more
            AnalysisEvent(uid: 3, name: "view_item", time: lastOfDay),                      // last ms of the range
            AnalysisEvent(uid: 3, name: "add_to_cart", time: lastOfDay + F.hour),
            AnalysisEvent(uid: 4, name: "view_item", time: firstOfDay),                     // first ms of the range
            AnalysisEvent(uid: 4, name: "add_to_cart", time: firstOfDay + F.minute),
            AnalysisEvent(uid: 5, name: "view_item", time: firstOfDay - 1),                 // the day before
            AnalysisEvent(uid: 5, name: "add_to_cart", time: firstOfDay + 30_000),
            AnalysisEvent(uid: 6, name: "view_item", time: lastOfDay + 1),                  // the day after
            AnalysisEvent(uid: 6, name: "add_to_cart", time: lastOfDay + 2),
        ]
        let index = F.index(events)
        for strict in [false, true] {
            let results = FunnelReport(steps: [view, cart], window: F.hour, strict: strict)
                .run(index, range: Self.range, settings: WorkspaceSettings())
            #expect(results.map { Array($0.users) } == [[1, 2, 3, 4], [1, 3, 4]], "strict \(strict)")
            #expect(results[1].times == [F.minute, F.hour, F.hour])
        }
        // asOf one ms before u3's cart cuts it off.
        let early = AnalysisRange(fromDay: Self.range.fromDay, toDay: Self.range.toDay, asOf: lastOfDay + F.hour - 1)
        #expect(Array(FunnelReport(steps: [view, cart], window: F.hour).run(index, range: early, settings: WorkspaceSettings())[1]
            .users) == [1, 4])
    }

    @Test func stepOneDaysAreCountedInTheWorkspaceZone() {
        let events = [
            AnalysisEvent(uid: 1, name: "view_item", time: F.time("2026-09-09T17:00:00Z")),  // Shanghai 09-10 01:00
            AnalysisEvent(uid: 1, name: "add_to_cart", time: F.time("2026-09-09T17:10:00Z")),
            AnalysisEvent(uid: 2, name: "view_item", time: F.time("2026-09-10T17:00:00Z")),  // Shanghai 09-11 01:00
            AnalysisEvent(uid: 2, name: "add_to_cart", time: F.time("2026-09-10T17:10:00Z")),
        ]
        let steps = [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart")]
        for zone in [F.utc, F.shanghai] {
            let index = F.index(events, zone: zone)
            let utc = FunnelReport(steps: steps).run(index, range: Self.range, settings: F.settings(F.utc))
            #expect(utc.map { Array($0.users) } == [[2], [2]])
            let shanghai = FunnelReport(steps: steps).run(index, range: Self.range, settings: F.settings(F.shanghai))
            #expect(shanghai.map { Array($0.users) } == [[1], [1]])
        }
    }

    @Test func oneEventNeverAdvancesTwoSteps() {
        let steps = [FunnelReport.Step("view_item"), FunnelReport.Step("view_item"), FunnelReport.Step("purchase")]
        let events = [
            Self.at(1, "view_item", 0), Self.at(1, "purchase", 5),                                // one view
            Self.at(2, "view_item", 0), Self.at(2, "view_item", 3), Self.at(2, "purchase", 5),   // two views
            Self.at(3, "view_item", 0), Self.at(3, "purchase", 5), Self.at(3, "view_item", 7),   // purchase between
            Self.at(4, "view_item", 0), Self.at(4, "view_item", 61),                              // second view too late
        ]
        let index = F.index(events)
        let loose = FunnelReport(steps: steps, window: F.hour).run(index, range: Self.range, settings: WorkspaceSettings())
        #expect(loose.map { Array($0.users) } == [[1, 2, 3, 4], [2, 3], [2]])
        #expect(loose[1].times == [3 * F.minute, 7 * F.minute] && loose[2].times == [2 * F.minute])
        let strict = FunnelReport(steps: steps, window: F.hour, strict: true)
            .run(index, range: Self.range, settings: WorkspaceSettings())
        #expect(strict.map { Array($0.users) } == [[1, 2, 3, 4], [2], [2]])
        // A step repeated after another: view, cart, view.
        let back = [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart"), FunnelReport.Step("view_item")]
        let backIndex = F.index([Self.at(1, "view_item", 0), Self.at(1, "add_to_cart", 1), Self.at(1, "view_item", 2),
                                 Self.at(2, "view_item", 0), Self.at(2, "add_to_cart", 1)])
        #expect(Self.counts(FunnelReport(steps: back).run(backIndex, range: Self.range, settings: WorkspaceSettings())) == [2, 2, 1])
    }

    @Test func mergedProfilesCountAsOneUser() {
        // Anonymous 10 viewed; known 11 added to cart and bought; 10 was merged into 11.
        let events = [Self.at(10, "view_item", 0), Self.at(11, "add_to_cart", 10), Self.at(11, "purchase", 20),
                      // 20 → 21 → 22: a chain of merges
                      Self.at(20, "view_item", 0), Self.at(21, "add_to_cart", 5), Self.at(22, "purchase", 9)]
        let settings = WorkspaceSettings()
        let merged = F.index(events, merges: [(10, 11), (20, 21), (21, 22)])
        for strict in [false, true] {
            let results = FunnelReport(steps: Self.shop, strict: strict).run(merged, range: Self.range, settings: settings)
            #expect(results.map { Array($0.users) } == [[11, 22], [11, 22], [11, 22]], "strict \(strict)")
            #expect(results[1].times == [5 * F.minute, 10 * F.minute])
            #expect(results.map(\.conversion) == [1, 1, 1])
        }
        let separate = F.index(events)
        #expect(FunnelReport(steps: Self.shop).run(separate, range: Self.range, settings: settings).map { Array($0.users) }
            == [[10, 20], [], []])
        // The anonymous profile's activity counts for the user it joined.
        let activity = ActivityReport().run(merged, range: Self.range, settings: settings)
        #expect(activity.map(\.dau) == [2] && activity.map(\.new) == [2])
    }

    @Test func stepsWithPropertyFilters() {
        let books: [String: JSONValue] = ["category": "books"], toys: [String: JSONValue] = ["category": "toys"]
        let steps = [FunnelReport.Step("view_item", filters: [PropertyFilter("category", .equals, ["books"])]),
                     FunnelReport.Step("purchase", filters: [PropertyFilter("revenue", .greaterOrEqual, [10])])]
        let events = [
            Self.at(1, "view_item", 0, toys), Self.at(1, "purchase", 5, ["revenue": 50]),
            Self.at(2, "view_item", 0, books), Self.at(2, "purchase", 5, ["revenue": 50]),
            Self.at(3, "view_item", 0, books), Self.at(3, "view_item", 2, toys), Self.at(3, "purchase", 5, ["revenue": 50]),
            Self.at(4, "view_item", 0, books), Self.at(4, "purchase", 5, ["revenue": 5]),
            Self.at(5, "view_item", 0, books), Self.at(5, "purchase", 5, ["revenue": 5]), Self.at(5, "purchase", 8, ["revenue": 20]),
            Self.at(6, "view_item", 0, books), Self.at(6, "purchase", 5),
        ]
        let index = F.index(events)
        let loose = FunnelReport(steps: steps).run(index, range: Self.range, settings: WorkspaceSettings())
        #expect(loose.map { Array($0.users) } == [[2, 3, 4, 5, 6], [2, 3, 5]])
        #expect(loose[1].times == [5 * F.minute, 5 * F.minute, 8 * F.minute])
        // Strict: a view of toys or a purchase under 10 is another event.
        let strict = FunnelReport(steps: steps, strict: true).run(index, range: Self.range, settings: WorkspaceSettings())
        #expect(strict.map { Array($0.users) } == [[2, 3, 4, 5, 6], [2]])
    }

    @Test func windowTexts() throws {
        #expect(try FunnelReport.window("24h") == 86_400_000)
        #expect(try FunnelReport.window("30m") == 1_800_000)
        #expect(try FunnelReport.window("7d") == 604_800_000)
        #expect(try FunnelReport.window("1m") == 60_000)
        #expect(try FunnelReport.window("90d") == FunnelReport.maxWindow)
        for text in ["", "h", "24", "0h", "-5m", "1.5h", "24 h", " 24h", "24H", "1w", "24hh", "d7"] {
            let error = try #require(throws: StrataError.self, "\"\(text)\"") { try FunnelReport.window(text) }
            #expect(error.code == .invalidParameter && error.field == "window", "\"\(text)\"")
        }
    }

    @Test func aHugeWindowTextThrowsInsteadOfOverflowing() throws {
        // 106751991168 days (and 153722867280913 minutes) are past Int64.max milliseconds.
        for text in ["106751991168d", "153722867280913m", "91d"] {
            let error = try #require(throws: StrataError.self, "\(text)") { try FunnelReport.window(text) }
            #expect(error.field == "window")
        }
    }

    @Test func sameMillisecondStepsDoNotDependOnArrivalOrder() {
        // User 1 views and adds to cart in the same millisecond. The two indexes hold the same
        // events; only user 2's late view arrives before or after user 1's view, which leaves the
        // view column in or out of time order.
        let t = Self.t0
        let before = F.time("2026-09-10T09:00:00Z")
        func index(_ events: [(Int64, String, Int64)]) -> UserIndex {
            var index = UserIndex()
            for (uid, name, time) in events {
                index.appendEvent(uid: uid, name: name, time: time, propertiesText: nil, properties: { [:] })
            }
            var computed = ComputedAttributes()
            computed.firstSeen = before
            computed.lastSeen = t + F.minute
            for uid in [1, 2] as [Int64] { index.setUser(uid: uid, computed: computed, traits: [:]) }
            return index
        }
        let inOrder = index([(2, "add_to_cart", before), (1, "view_item", t), (2, "view_item", t + F.minute), (1, "add_to_cart", t)])
        let outOfOrder = index([(2, "add_to_cart", before), (2, "view_item", t + F.minute), (1, "view_item", t), (1, "add_to_cart", t)])
        #expect(inOrder.columns.map(\.isSorted) == [true, true] && outOfOrder.columns.map(\.isSorted) == [true, false])
        let funnel = FunnelReport(steps: [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart")])
        let a = funnel.run(inOrder, range: Self.range, settings: WorkspaceSettings())
        let b = funnel.run(outOfOrder, range: Self.range, settings: WorkspaceSettings())
        #expect(a[0].count == 2 && b[0].count == 2)
        #expect(a[1].count == 1 && b[1].count == 1)
    }

    @Test func validateChecksStepsWindowAndEvents() throws {
        let events: Set<String> = ["view_item", "add_to_cart", "purchase"]
        let two = [FunnelReport.Step("view_item"), FunnelReport.Step("purchase")]
        try FunnelReport(steps: two).validate(events: events)
        try FunnelReport(steps: Array(repeating: FunnelReport.Step("view_item"), count: 20)).validate(events: events)
        try FunnelReport(steps: two, window: 60_000).validate(events: events)
        try FunnelReport(steps: two, window: FunnelReport.maxWindow).validate(events: events)
        let cases: [(FunnelReport, String)] = [
            (FunnelReport(steps: [FunnelReport.Step("view_item")]), "steps"),
            (FunnelReport(steps: []), "steps"),
            (FunnelReport(steps: Array(repeating: FunnelReport.Step("view_item"), count: 21)), "steps"),
            (FunnelReport(steps: two, window: 59_999), "window"),
            (FunnelReport(steps: two, window: FunnelReport.maxWindow + 1), "window"),
            (FunnelReport(steps: two, window: -F.hour), "window"),
            (FunnelReport(steps: [FunnelReport.Step("view_item"), FunnelReport.Step("nope")]), "steps[1]"),
        ]
        for (funnel, field) in cases {
            let error = try #require(throws: StrataError.self, "\(field)") { try funnel.validate(events: events) }
            #expect(error.code == .invalidParameter && error.field == field)
        }
        #expect(FunnelReport(steps: two).window == 86_400_000 && !FunnelReport(steps: two).strict)
    }
}

// MARK: - Through the store

/// The reports over an index loaded from the store, where an `identify` merges the anonymous
/// visitor into the known user (who was seen on another device two days before).
@Suite struct FunnelReportStoreTests {
    typealias F = AnalysisFixture
    let directory = TemporaryDirectory()

    func ingested() async throws -> (UserIndex, AppDatabase) {
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"track","userId":"u-1","event":"app_open","timestamp":"2026-09-27T08:00:00Z"}"#,
            #"{"type":"track","anonymousId":"anon-1","event":"view_item","timestamp":"2026-09-29T10:00:00Z"}"#,
            #"{"type":"identify","userId":"u-1","anonymousId":"anon-1","timestamp":"2026-09-29T10:05:00Z"}"#,
            #"{"type":"track","userId":"u-1","event":"add_to_cart","timestamp":"2026-09-29T10:10:00Z"}"#,
            #"{"type":"track","userId":"u-1","event":"purchase","timestamp":"2026-09-29T10:20:00Z"}"#,
            #"{"type":"track","userId":"u-2","event":"view_item","timestamp":"2026-09-28T09:00:00Z"}"#,
            #"{"type":"track","userId":"u-2","event":"purchase","timestamp":"2026-09-29T10:00:00Z"}"#,
        ]))
        let (index, _) = try database.loadIndex()
        return (index, database)
    }

    @Test func anonymousStepOneAndKnownLaterStepsAreOneConvertedUser() async throws {
        let (index, database) = try await ingested()
        let u1 = try #require(try database.profile(externalId: "u-1")).uid
        let u2 = try #require(try database.profile(externalId: "u-2")).uid
        #expect(try database.profile(externalId: "anon-1")?.uid == u1)
        #expect(index.userCapacity == 4 && index.live.count == 2)  // ids 1…3; the visitor's profile was merged away
        let range = try AnalysisRange(from: "2026-09-28", to: "2026-09-29", asOf: Fixtures.referenceTime,
                                      settings: database.settings)
        let funnel = FunnelReport(steps: [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart"),
                                          FunnelReport.Step("purchase")], window: try FunnelReport.window("24h"))
        try funnel.validate(events: index.eventNames)
        let results = funnel.run(index, range: range, settings: database.settings)
        #expect(results.map { Array($0.users) } == [[Int(u1), Int(u2)].sorted(), [Int(u1)], [Int(u1)]])
        #expect(results[1].times == [10 * F.minute] && results[2].times == [10 * F.minute])

        let activity = ActivityReport().run(index, range: range, settings: database.settings)
        #expect(activity.map(\.day) == ["2026-09-28", "2026-09-29"])
        // u-1 was first seen on 09-27, so on 09-29 both users return (u-1 within the 7 dormant days).
        #expect(activity.map(\.dau) == [1, 2] && activity.map(\.new) == [1, 0] && activity.map(\.returning) == [0, 2])
        #expect(activity.map(\.totalUsers) == [2, 2])

        let retention = RetentionReport(periods: 2).run(index, range: range, settings: database.settings)
        #expect(RetentionReportTests.rows(retention) == ["2026-09-28 1: 1 1", "2026-09-29 0: 0 -"])  // 09-30 not begun by asOf
    }

    @Test func strictFunnelOverAnIdentify() async throws {
        let (index, database) = try await ingested()
        let range = try AnalysisRange(from: "2026-09-29", to: "2026-09-29", asOf: Fixtures.referenceTime,
                                      settings: database.settings)
        let strict = FunnelReport(steps: [FunnelReport.Step("view_item"), FunnelReport.Step("add_to_cart")], strict: true)
        let results = strict.run(index, range: range, settings: database.settings)
        #expect(results[0].count == 1)
        // The identify between the anonymous view and the known user's cart is bookkeeping, not
        // something the user did (MessageType.isBehaviour): it does not break a strict funnel.
        #expect(results[1].count == 1)
    }
}

// MARK: - Random workloads against brute force

/// Seeded random workloads (time zones with and without DST, merged profiles, events appended in
/// and out of order, past `asOf`): funnels, retention and activity must equal a direct reading
/// of the event list.
@Suite struct FunnelRetentionActivityPropertyTests {
    typealias F = AnalysisFixture

    struct Workload {
        var events: [AnalysisEvent]
        var profiles: [Int64]
        var merges: [(Int64, Int64)]
        var asOf: Int64
        var indexZone: TimeZone
        var settings: WorkspaceSettings
        var shuffle: UInt64?
        var late: Set<String>
        var range: AnalysisRange
    }

    /// 2026-10-25 … 11-04 covers the end of summer time in Europe (10-25) and New York (11-01).
    static let base = F.time("2026-10-25T00:00:00Z")
    static let zones = [F.utc, F.shanghai, F.newYork]
    static let names = ["view", "cart", "buy", "other"]

    static func workload(seed: UInt64) -> Workload {
        var rng = SplitMix64(seed: seed)
        func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let users = 8 + int(8), anonymous = 2 + int(5)
        var events: [AnalysisEvent] = []
        var counter: Int64 = 0  // added in ms, so no two events share a time
        for uid in 1...Int64(users + anonymous) {
            let joins = base + Int64(int(7 * 24 * 60)) * F.minute  // users arrive on different days
            for _ in 0..<(1 + int(6)) {
                var t = joins + Int64(int(3 * 24 * 60)) * F.minute
                for _ in 0..<(1 + int(8)) {
                    counter += 1
                    let properties: [String: JSONValue] = int(3) == 0 ? [:] : ["category": int(2) == 0 ? "books" : "toys"]
                    events.append(AnalysisEvent(uid: uid, name: names[int(names.count)], time: t + counter, properties: properties))
                    t += Int64(1 + int(int(2) == 0 ? 20 : 300)) * F.minute
                }
            }
        }
        // Anonymous profiles join a user or an earlier anonymous profile (so chains of merges happen), or stay apart.
        var merges: [(Int64, Int64)] = []
        for a in Int64(users + 1)...Int64(users + anonymous) {
            switch int(10) {
            case 0..<5: merges.append((a, Int64(1 + int(users))))
            case 5..<7 where a > Int64(users + 1): merges.append((a, Int64(users + 1)))
            default: break
            }
        }
        merges.shuffle(using: &rng)
        let latest = events.map(\.time).max()!
        let settings = WorkspaceSettings(timeZone: zones[int(zones.count)])
        let asOf: Int64
        switch int(5) {
        case 0: asOf = latest + Int64(int(2 * 86_400)) * 1000
        case 1: asOf = events[int(events.count)].time  // exactly an event
        case 2: asOf = AsOf(0, settings: settings).startOfDay(settings.dayNumber(base) + 3 + int(7))  // a local midnight
        default: asOf = base + Int64(3 * 86_400 + int(7 * 86_400)) * 1000
        }
        let firstDay = settings.dayNumber(base) + int(5)
        let live = (1...Int64(users + anonymous + 2)).filter { uid in !merges.contains { $0.0 == uid } }
        let subset = int(3) == 0 ? UserSet(live.filter { _ in int(2) == 0 }.map { Int($0) }) : nil
        let arrival = int(4)  // in time order, shuffled, or some columns out of order
        return Workload(events: events, profiles: [Int64(users + anonymous + 1), Int64(users + anonymous + 2)],
                        merges: merges, asOf: asOf, indexZone: zones[int(zones.count)], settings: settings,
                        shuffle: arrival == 1 ? seed : nil, late: arrival == 2 ? ["cart", "buy"] : arrival == 3 ? ["view"] : [],
                        range: AnalysisRange(fromDay: firstDay, toDay: firstDay + int(7), asOf: asOf, users: subset))
    }

    /// The brute-force view of a workload: each live user's events up to asOf, in time order.
    struct Truth {
        let w: Workload
        var byUser: [Int: [AnalysisEvent]] = [:]
        var live: [Int] = []
        var days: ClosedRange<Int>?

        init(_ w: Workload) {
            self.w = w
            let all = Set(w.events.map(\.uid) + w.profiles + w.merges.flatMap { [$0.0, $0.1] })
            live = all.filter { uid in !w.merges.contains { $0.0 == uid } }.map { Int($0) }.sorted()
            // The README's rule: only events before asOf; the last day is the one holding asOf - 1 ms.
            for event in w.events where event.time < w.asOf {
                byUser[Int(F.owner(event.uid, w.merges)), default: []].append(event)
            }
            for u in byUser.keys { byUser[u]!.sort { $0.time < $1.time } }
            let last = min(w.range.toDay, w.settings.dayNumber(w.asOf - 1))
            days = w.range.fromDay <= last ? w.range.fromDay...last : nil
        }

        var counted: [Int] { live.filter { w.range.users?.contains($0) ?? true } }
        func day(_ t: Int64) -> Int { w.settings.dayNumber(t) }
        func firstDay(_ u: Int) -> Int? { byUser[u]?.first.map { day($0.time) } }
        func active(_ u: Int, on days: ClosedRange<Int>) -> Bool { byUser[u]?.contains { days.contains(day($0.time)) } ?? false }

        static func matches(_ event: AnalysisEvent, _ step: FunnelReport.Step) -> Bool {
            event.name == step.event && step.filters.allSatisfy { event.properties[$0.property] == $0.values.first }
        }

        /// Users reaching each step: the deepest chain from any step-1 event in the range's days.
        func funnel(_ funnel: FunnelReport) -> [[Int]] {
            var reached = [[Int]](repeating: [], count: funnel.steps.count)
            guard let days else { return reached }
            for u in counted {
                let events = byUser[u] ?? []
                var best = 0
                for (i, start) in events.enumerated()
                where Self.matches(start, funnel.steps[0]) && days.contains(day(start.time)) {
                    var depth = 1
                    for next in events[(i + 1)...] where depth < funnel.steps.count {
                        guard next.time - start.time <= funnel.window else { break }
                        if Self.matches(next, funnel.steps[depth]) {
                            depth += 1
                        } else if funnel.strict {
                            break
                        }
                    }
                    best = max(best, depth)
                }
                for s in 0..<best { reached[s].append(u) }
            }
            return reached
        }

        /// Daily cohorts by first (start) event, retained on (or on or after) each later day with
        /// the return event.
        func retention(periods: Int, mode: RetentionReport.Mode, start: String? = nil, return returnEvent: String? = nil)
            -> [String]
        {
            guard let days else { return [] }
            let asOfDay = day(w.asOf - 1)
            func first(_ u: Int) -> Int? {
                (byUser[u] ?? []).first { start == nil || $0.name == start }.map { day($0.time) }
            }
            func returned(_ u: Int, on days: ClosedRange<Int>) -> Bool {
                (byUser[u] ?? []).contains { (returnEvent == nil || $0.name == returnEvent) && days.contains(day($0.time)) }
            }
            return days.map { c in
                let cohort = counted.filter { first($0) == c }
                let known = min(periods, asOfDay - c + 1)
                let retained: [Int?] = (0..<periods).map { n in
                    guard n < known else { return nil }
                    if n == 0 { return cohort.count }
                    let upper = mode == .on ? c + n : Int.max - 1
                    return cohort.filter { returned($0, on: (c + n)...upper) }.count
                }
                return "\(WorkspaceSettings.dayText(dayNumber: c)) \(cohort.count): "
                    + retained.map { $0.map(String.init) ?? "-" }.joined(separator: " ")
            }
        }

        /// DAU, WAU, MAU, total, new, returning, resurrected per day.
        func activity(dormantDays: Int) -> [[Int]] {
            guard let days else { return [] }
            return days.map { d in
                let active = counted.filter { self.active($0, on: d...d) }
                let new = active.filter { firstDay($0) == d }
                let old = active.filter { firstDay($0) != d }
                let returning = old.filter { self.active($0, on: (d - dormantDays)...(d - 1)) }
                return [active.count, counted.filter { self.active($0, on: (d - 6)...d) }.count,
                        counted.filter { self.active($0, on: (d - 29)...d) }.count,
                        counted.filter { firstDay($0).map { $0 <= d } ?? false }.count,
                        new.count, returning.count, old.count - returning.count]
            }
        }
    }

    static let books = [PropertyFilter("category", .equals, ["books"])]
    static let funnels: [[FunnelReport.Step]] = [
        [FunnelReport.Step("view"), FunnelReport.Step("cart"), FunnelReport.Step("buy")],
        [FunnelReport.Step("view"), FunnelReport.Step("view"), FunnelReport.Step("buy")],
        [FunnelReport.Step("view", filters: books), FunnelReport.Step("cart"), FunnelReport.Step("buy", filters: books)],
        [FunnelReport.Step("cart"), FunnelReport.Step("view"), FunnelReport.Step("cart"), FunnelReport.Step("buy")],
        [FunnelReport.Step("other"), FunnelReport.Step("view")],
    ]

    @Test(arguments: 1...24)
    func reportsEqualABruteForceReading(seed: Int) {
        let w = Self.workload(seed: UInt64(seed) &* 0x9E37)
        let index = F.index(w.events, zone: w.indexZone, profiles: w.profiles, merges: w.merges, shuffleSeed: w.shuffle,
                            late: w.late)
        let truth = Truth(w)
        let context = "seed \(seed): index \(w.indexZone.identifier), settings \(w.settings.timeZone.identifier), "
            + "arrival \(w.shuffle == nil ? "late \(w.late.sorted())" : "shuffled"), asOf \(Timestamp.format(w.asOf)), days \(w.range.fromDay)…\(w.range.toDay), users \(w.range.users.map { Array($0) } ?? [])"
        var rng = SplitMix64(seed: UInt64(seed))
        let windows = [30 * F.minute, 2 * F.hour, F.day]
        for steps in Self.funnels {
            for strict in [false, true] {
                let funnel = FunnelReport(steps: steps, window: windows[Int(rng.next() % 3)], strict: strict)
                let results = funnel.run(index, range: w.range, settings: w.settings)
                let expected = truth.funnel(funnel)
                #expect(results.map { Array($0.users) } == expected,
                        "\(context); \(steps.map(\.event)) window \(funnel.window) strict \(strict)")
                #expect(results.map(\.count) == expected.map(\.count))
                #expect(results.dropFirst().allSatisfy { $0.times.count == $0.count && $0.times.allSatisfy { $0 > 0 } })
            }
        }
        let periods = 1 + Int(rng.next() % 8)
        for mode in RetentionReport.Mode.allCases {
            for (start, returnEvent) in [(nil, nil), ("view", "buy"), (nil, "cart"), ("other", nil)] as [(String?, String?)] {
                let report = RetentionReport(startEvent: start, returnEvent: returnEvent, periods: periods, mode: mode)
                let rows = report.run(index, range: w.range, settings: w.settings)
                #expect(RetentionReportTests.rows(rows) == truth.retention(periods: periods, mode: mode, start: start,
                                                                            return: returnEvent),
                        "\(context); \(mode) \(start ?? "first seen") → \(returnEvent ?? "any")")
            }
        }
        let dormant = 1 + Int(rng.next() % 7)
        let days = ActivityReport(dormantDays: dormant).run(index, range: w.range, settings: w.settings)
        #expect(ActivityReportTests.figures(days) == truth.activity(dormantDays: dormant), "\(context); dormant \(dormant)")
        if let range = truth.days {
            #expect(days.map(\.day) == range.map { WorkspaceSettings.dayText(dayNumber: $0) })
        }
    }
}
