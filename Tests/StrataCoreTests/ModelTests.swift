import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct LifecycleTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T12:00:00Z")!

    @Test func everyUserIsInExactlyTheStageItsActivityDefines() throws {
        var index = UserIndex()
        // uid: days ago of each event
        let history: [Int64: [Int64]] = [
            1: [2],            // first seen 2 days ago → new
            2: [40, 10, 1],    // active, with activity in the gap window (10 days ago) → active
            3: [60, 1],        // active after 59 silent days → returning
            4: [60, 20],       // last active 20 days ago → silent
            5: [90, 45],       // last active 45 days ago → churned
            6: [],             // no activity → churned
            7: [29, -1],       // activity after asOf is ignored: last active 29 days ago → silent
        ]
        for (uid, days) in history.sorted(by: { $0.key < $1.key }) {
            index.setUser(uid: uid, computed: ComputedAttributes(), traits: [:])
            for d in days {
                index.appendEvent(uid: uid, name: "app_open", time: Self.asOf - d * Self.day, propertiesText: nil,
                                  properties: { [:] })
            }
        }
        let stages = LifecycleModel.daily.stages(index, asOf: Self.asOf)
        #expect(Array(stages[.new]!) == [1])
        #expect(Array(stages[.active]!) == [2])
        #expect(Array(stages[.returning]!) == [3])
        #expect(Array(stages[.silent]!) == [4, 7])
        #expect(Array(stages[.churned]!) == [5, 6])
        #expect(stages.values.reduce(0) { $0 + $1.count } == 7)
        #expect(throws: StrataError.self) {
            try LifecycleModel(newDays: 7, activeDays: 30, silentDays: 14, churnDays: 30).validate()
        }
    }
}

@Suite struct RFMTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T00:00:00Z")!

    @Test func scoresBuyersAndCutsTheEightLayersAtTheMean() {
        var index = UserIndex()
        // uid: (days ago, revenue) purchases
        let purchases: [Int64: [(Int64, Double)]] = [
            1: [(1, 500), (3, 400), (5, 300)],   // recent, frequent, high value
            2: [(2, 900)],                       // recent, rare, high value
            3: [(60, 300), (70, 200), (80, 400)],// long ago, frequent, high value
            4: [(90, 50)],                       // long ago, rare, low value
            5: [(1, 10), (2, 10), (3, 10)],      // recent, frequent, low value
        ]
        for (uid, list) in purchases.sorted(by: { $0.key < $1.key }) {
            index.setUser(uid: uid, computed: ComputedAttributes(), traits: [:])
            for (days, revenue) in list {
                index.appendEvent(uid: uid, name: "purchase", time: Self.asOf - days * Self.day,
                                  propertiesText: "{\"revenue\":\(revenue)}", properties: { ["revenue": .number(revenue)] })
            }
        }
        index.setUser(uid: 6, computed: ComputedAttributes(), traits: [:])  // never bought
        let result = RFMModel().run(index, asOf: Self.asOf)
        #expect(result.scores.count == 5)
        #expect(result.scores[1]?.layer == .importantValue)
        #expect(result.scores[2]?.layer == .importantDevelopment)
        #expect(result.scores[3]?.layer == .importantKeep)
        #expect(result.scores[4]?.layer == .generalRetain)
        #expect(result.scores[5]?.layer == .generalValue)
        #expect(result.scores[1]?.frequency == 3 && result.scores[1]?.monetary == 1200)
        #expect(result.scores[1]?.recencyDays == 1)
        #expect(result.scores[1]?.r == 5 && result.scores[4]?.r == 1)
        #expect(result.scores[1]?.m == 5 && result.scores[5]?.m == 1)
        #expect(result.layers.values.reduce(0) { $0 + $1.count } == 5)
        #expect(result.scores[6] == nil)
        // A window of 30 days leaves out the old buyers.
        #expect(RFMModel(windowDays: 30).run(index, asOf: Self.asOf).scores.keys.sorted() == [1, 2, 5])
        // Fixed thresholds.
        let fixed = RFMModel(cut: .thresholds(recencyDays: 3, frequency: 2, monetary: 100)).run(index, asOf: Self.asOf)
        #expect(fixed.scores[5]?.layer == .generalValue)
        #expect(fixed.scores[2]?.layer == .importantDevelopment)
    }
}

@Suite struct QuintileTests {
    @Test func selectionGivesTheSameBreakPointsAsSorting() {
        var rng = SplitMix64(seed: 3)
        for size in [1, 2, 5, 17, 100, 1000] {
            for _ in 0..<10 {
                let values = (0..<size).map { _ in Double(rng.next() % 50) }  // many ties
                let sorted = values.sorted()
                let expected = [0.2, 0.4, 0.6, 0.8].map {
                    sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * $0).rounded(.up)) - 1))]
                }
                var index = UserIndex()
                for (u, v) in values.enumerated() {
                    index.setUser(uid: Int64(u + 1), computed: ComputedAttributes(), traits: [:])
                    for _ in 0..<Int(v) + 1 {
                        index.appendEvent(uid: Int64(u + 1), name: "purchase", time: 1_000, propertiesText: nil, properties: { [:] })
                    }
                }
                let result = RFMModel().run(index, asOf: 2_000)
                #expect(result.breakPoints.frequency == expected.map { $0 + 1 }, "size \(size)")
            }
        }
    }
}

@Suite struct DaySetTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T23:00:00Z")!

    /// Builds the same history into an index counting days in `zone`.
    func index(_ zone: TimeZone) -> UserIndex {
        var index = UserIndex(timeZone: zone)
        let history: [Int64: [Int64]] = [1: [2], 2: [40, 1], 3: [60, 1], 4: [60, 20], 5: [90, 45], 6: [], 8: [10]]
        for (uid, days) in history.sorted(by: { $0.key < $1.key }) {
            var computed = ComputedAttributes()
            computed.firstSeen = days.max().map { Self.asOf - $0 * Self.day }
            computed.lastSeen = days.min().map { Self.asOf - $0 * Self.day }
            index.setUser(uid: uid, computed: computed, traits: [:])
            for d in days.sorted(by: >) {
                index.appendEvent(uid: uid, name: "app_open", time: Self.asOf - d * Self.day, propertiesText: nil,
                                  properties: { [:] })
            }
        }
        // The anonymous profile 8 (active 10 days ago, in user 2's gap window) merged into 2.
        index.merge(source: 8, into: 2)
        return index
    }

    @Test func activeUsersOfDaysMapMergedProfiles() {
        let index = index(TimeZone(identifier: "UTC")!)
        let today = WorkspaceSettings().dayNumber(Self.asOf)
        #expect(Array(index.activeUsers(days: [today - 1])) == [2, 3])
        #expect(Array(index.activeUsers(days: (today - 2)...(today - 1))) == [1, 2, 3])
        #expect(Array(index.activeUsers(days: (today - 10)...(today - 10))) == [2])
        #expect(index.activeUsers(days: [today - 500]).isEmpty)
    }

    @Test func lifecycleFromDaySetsEqualsTheEventScan() {
        let settings = WorkspaceSettings()
        // Same zone: the day sets answer; another zone: the events are scanned.
        let fromSets = LifecycleModel.daily.stages(index(settings.timeZone), asOf: Self.asOf, settings: settings)
        let fromScan = LifecycleModel.daily.stages(index(TimeZone(identifier: "Asia/Shanghai")!), asOf: Self.asOf,
                                                   settings: settings)
        #expect(fromSets == fromScan)
        #expect(Array(fromSets[.active]!) == [2])
        #expect(Array(fromSets[.returning]!) == [3])
    }
}
