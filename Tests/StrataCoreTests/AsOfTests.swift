import Foundation
import StrataCore
import Testing

/// The one window rule: N local days ending with the day that holds the last instant before T,
/// and only events before T. The bug it fixes: at a local midnight T the old rule counted the
/// (empty) day holding T as one of the N days, so the window held N − 1 days of data.
@Suite struct AsOfTests {
    static let zones = ["Asia/Shanghai", "America/New_York"]
    static let hour: Int64 = 3_600_000

    /// Local wall-clock time in a zone as an instant.
    static func local(_ text: String, _ zone: String) -> Int64 {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)!
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
        return Int64((formatter.date(from: text)!.timeIntervalSince1970 * 1000).rounded())
    }

    /// The rule before the fix: the N days ending with the day holding T itself, events up to T included.
    static func oldWindow(_ asOf: AsOf, days: Int) -> (from: Int64, to: Int64) {
        (asOf.startOfDay(asOf.day(of: asOf.instant) - days + 1), asOf.instant + 1)
    }

    /// Full local days a window holds before T: its days with at least one instant before T.
    static func daysWithData(from: Int64, to: Int64, _ asOf: AsOf) -> Int {
        guard from < to else { return 0 }
        return asOf.day(of: min(to, asOf.instant) - 1) - asOf.day(of: from) + 1
    }

    @Test(arguments: zones)
    func fourteenDaysAsOfMidnightAreTheFourteenFullDaysBefore(zone: String) {
        let midnight = AsOf(Self.local("2024-03-31T00:00:00.000", zone), timeZone: TimeZone(identifier: zone)!)
        let window = midnight.lastDays(14)
        #expect(window.lowerBound == Self.local("2024-03-17T00:00:00.000", zone))
        #expect(window.upperBound == midnight.instant)
        #expect(Self.daysWithData(from: window.lowerBound, to: window.upperBound, midnight) == 14)
        // The old rule reproduced: one day short at midnight.
        let old = Self.oldWindow(midnight, days: 14)
        #expect(old.from == Self.local("2024-03-18T00:00:00.000", zone))
        #expect(Self.daysWithData(from: old.from, to: old.to, midnight) == 13)
    }

    @Test(arguments: zones, ["12:00:00.000", "23:59:59.999"])
    func duringADayTheWindowIsTodaySoFarAndTheDaysBefore(zone: String, time: String) {
        let asOf = AsOf(Self.local("2024-03-31T\(time)", zone), timeZone: TimeZone(identifier: zone)!)
        let window = asOf.lastDays(14)
        #expect(window.lowerBound == Self.local("2024-03-18T00:00:00.000", zone))
        #expect(window.upperBound == asOf.instant)
        #expect(asOf.lastDay == asOf.day(of: asOf.instant))
        // Here the old rule and the new agree on the days (they differ only on the instant T itself).
        #expect(Self.oldWindow(asOf, days: 14).from == window.lowerBound)
    }

    @Test func onlyEventsStrictlyBeforeTCount() {
        let asOf = AsOf(Self.local("2024-03-31T00:00:00.000", "Asia/Shanghai"), timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        #expect(asOf.includes(asOf.instant - 1))
        #expect(!asOf.includes(asOf.instant))
        #expect(!asOf.lastDays(1).contains(asOf.instant))
        #expect(asOf.lastDays(1).contains(asOf.instant - 1))
    }

    @Test func daysAcrossTheNewYorkSpringAndAutumnChangesStartAtLocalMidnight() {
        let zone = TimeZone(identifier: "America/New_York")!
        // 2024-03-10 is 23 hours long, 2024-11-03 is 25.
        let march = AsOf(Self.local("2024-03-11T00:00:00.000", zone.identifier), timeZone: zone)
        #expect(march.lastDays(1).lowerBound == Self.local("2024-03-10T00:00:00.000", zone.identifier))
        #expect(march.lastDays(1).count == 23 * Int(Self.hour))
        #expect(march.lastDays(14).lowerBound == Self.local("2024-02-26T00:00:00.000", zone.identifier))
        let november = AsOf(Self.local("2024-11-04T00:00:00.000", zone.identifier), timeZone: zone)
        #expect(november.lastDays(1).count == 25 * Int(Self.hour))
    }

    @Test func aDateAsOfMeansTheNextLocalMidnight() {
        for zone in Self.zones {
            let parsed = AsOf.parse("2024-03-30", timeZone: TimeZone(identifier: zone)!)
            #expect(parsed == Self.local("2024-03-31T00:00:00.000", zone))
        }
        #expect(AsOf.parse("2024-03-30T10:00:00Z", timeZone: TimeZone(identifier: "Asia/Shanghai")!)
            == Timestamp.parse("2024-03-30T10:00:00Z"))
        #expect(AsOf.parse("yesterday", timeZone: TimeZone(identifier: "UTC")!) == nil)
    }

    @Test func betweenDatesAreWholeLocalDaysCutAtT() {
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let asOf = AsOf(Self.local("2024-03-31T14:00:00.000", "Asia/Shanghai"), timeZone: zone)
        let d1 = asOf.day(of: Self.local("2024-03-20T12:00:00.000", "Asia/Shanghai"))
        let window = asOf.days((d1)...(d1 + 20))
        #expect(window.lowerBound == Self.local("2024-03-20T00:00:00.000", "Asia/Shanghai"))
        #expect(window.upperBound == asOf.instant)
        #expect(asOf.days(d1...d1).upperBound == Self.local("2024-03-21T00:00:00.000", "Asia/Shanghai"))
    }

    /// The midnight bug end to end: `did view_item in 14d` and RFM over 90 days as of a local
    /// midnight count an event on the first of the N days, and not one on the day before.
    @Test(arguments: zones, ["00:00:00.000", "12:00:00.000", "23:59:59.999"])
    func segmentsAndRFMCountExactlyNDays(zone: String, time: String) throws {
        let settings = WorkspaceSettings(timeZone: TimeZone(identifier: zone)!)
        let T = Self.local("2024-03-31T\(time)", zone)
        let horizon = AsOf(T, settings: settings)
        let first = horizon.lastDay - 13          // the window's first day
        var index = UserIndex(timeZone: settings.timeZone)
        for uid in 1...6 { index.setUser(uid: Int64(uid), computed: ComputedAttributes(), traits: [:]) }
        let inside = horizon.startOfDay(first)                      // user 1: the window's first instant
        let outside = inside - 1                                    // user 2: the instant before it
        for (uid, t) in [(Int64(1), inside), (2, outside), (3, T - 1), (4, T)] {
            index.appendEvent(uid: uid, name: "view_item", time: t, propertiesText: nil, properties: { [:] })
        }
        // RFM over 90 days: a purchase at the window's first instant counts, one just before does not.
        let ninety = horizon.lastDays(90)
        for (uid, t) in [(Int64(5), ninety.lowerBound), (6, ninety.lowerBound - 1)] {
            index.appendEvent(uid: uid, name: "purchase", time: t, propertiesText: "{\"revenue\":10}",
                              properties: { ["revenue": .number(10)] })
        }
        let evaluator = SegmentEvaluator(index: index, asOf: T, settings: settings)
        #expect(Array(try evaluator.evaluate(SegmentRule(text: "did view_item in 14d"))) == [1, 3])
        #expect(Array(try evaluator.evaluate(SegmentRule(text: "last_seen >= 14d"))) == [1, 3])
        let rfm = RFMModel(event: "purchase", valueProperty: "revenue", windowDays: 90).run(index, asOf: T, settings: settings)
        #expect(rfm.scores.keys == [5])
        #expect(Self.daysWithData(from: ninety.lowerBound, to: ninety.upperBound, horizon) == 90)
        // At midnight the old rule would have started both windows a day later.
        if time == "00:00:00.000" {
            #expect(Self.oldWindow(horizon, days: 14).from > inside)
            #expect(Self.oldWindow(horizon, days: 90).from > ninety.lowerBound)
        }
    }
}
