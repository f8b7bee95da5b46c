import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata bench analysis`: DAU over 90 days, the activity report, a 30 × 30 retention matrix, a
/// 4-step funnel with a 24 h window, a trend by city, attribute lift of last month's buyers over
/// five dimensions, the channel report and 12 weeks of lifetime value, on an imported store;
/// ends with one JSON line.
struct AnalysisBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis", abstract: "Analysis latency on an imported store; ends with one JSON line.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("as-of"), help: "Compute as of this instant (default: the shared data's end).")
    var asOf: String = "2026-09-30T00:00:00Z"
    @Option(help: "Runs of each question; the median is reported.") var runs: Int = 5

    func run() throws {
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be 1…50.") }
        guard let instant = Timestamp.parse(asOf) else { throw ValidationError("--as-of must be an ISO time.") }
        let database = try store.open()
        let settings = database.settings
        let (index, _) = try database.loadIndex()
        let lastDay = settings.dayNumber(instant) - 1
        func median<T>(_ body: () throws -> T) rethrows -> (ms: Double, answer: T) {
            var times: [Double] = []
            var answer: T?
            for _ in 0..<runs {
                let start = Date()
                answer = try body()
                times.append(Date().timeIntervalSince(start) * 1000)
            }
            return (times.sorted()[times.count / 2], answer!)
        }
        let dau = median { () -> [Int] in
            let activity = ActivityDays(index: index, settings: settings, asOf: instant)
            return ((lastDay - 89)...lastDay).map { activity.users(on: $0).count }
        }
        let activity = median {
            ActivityReport().run(index, range: AnalysisRange(fromDay: lastDay - 89, toDay: lastDay, asOf: instant),
                                 settings: settings)
        }
        let retention = median {
            RetentionReport(periods: 30).run(index, range: AnalysisRange(fromDay: lastDay - 59, toDay: lastDay - 30,
                                                                          asOf: instant), settings: settings)
        }
        let funnelReport = FunnelReport(steps: ["view_item", "add_to_cart", "checkout", "purchase"].map { .init($0) },
                                        window: 86_400_000)
        let funnel = median {
            funnelReport.run(index, range: AnalysisRange(fromDay: lastDay - 89, toDay: lastDay, asOf: instant),
                             settings: settings).map(\.count)
        }
        let trend = median {
            TrendReport(event: "view_item", breakdown: .trait("city"), top: 10)
                .run(index, range: AnalysisRange(fromDay: lastDay - 89, toDay: lastDay, asOf: instant), settings: settings)
        }
        // Lift: last 30 days' buyers among all users, by four traits and the first-touch channel
        // (the target's evaluation included, as a request would run it).
        let lift = try median { () -> LiftReport.Result in
            let target = try SegmentEvaluator(index: index, asOf: instant, settings: settings)
                .evaluate(.behaviour(BehaviourCondition(event: "purchase", window: .lastDays(30))))
            return LiftReport(dimensions: LiftReport.dimensions("gender,birth_year,city,trait.channel,channel"),
                              maxValues: 100, showMissing: true)
                .run(index, base: index.live, target: target, asOf: instant, settings: settings)
        }
        let channels = median {
            ChannelReport().run(index, range: AnalysisRange(fromDay: lastDay - 89, toDay: lastDay, asOf: instant),
                                spend: [], settings: settings)
        }
        let ltv = median {
            LifetimeValueReport(periods: 12).run(index, range: AnalysisRange(fromDay: lastDay - 89, toDay: lastDay,
                                                                             asOf: instant), settings: settings)
        }
        let write = snapshotWriteCost(index, at: instant)
        let curve = RetentionReport.averageCurve(retention.answer, periods: 30)
        Console.line(String(format: "DAU, 90 days: %.1f ms (last day %d)", dau.ms, dau.answer.last ?? 0))
        Console.line(String(format: "activity report, 90 days (DAU/WAU/MAU, new/returning/resurrected): %.1f ms", activity.ms))
        Console.line(String(format: "trend of view_item per day over 90 days by city (top 10 and other): %.1f ms, %d series",
                            trend.ms, trend.answer.series.count))
        Console.line(String(format: "retention 30 × 30 (day cohorts, any event): %.1f ms; D1 %.1f%%, D7 %.1f%%", retention.ms,
                            (curve[1] ?? 0) * 100, (curve[7] ?? 0) * 100))
        Console.line(String(format: "funnel view_item → add_to_cart → checkout → purchase, 24 h: %.1f ms — ", funnel.ms)
            + funnel.answer.map(String.init).joined(separator: " → "))
        Console.line(String(format: "lift of last month's buyers (%d of %d users) over 5 dimensions: %.1f ms, %d rows",
                            lift.answer.targetUsers, lift.answer.baseUsers, lift.ms, lift.answer.rows.count))
        Console.line(String(format: "channels over 90 days (new users, D1/D7/D30, conversion, revenue): %.1f ms, %d channels",
                            channels.ms, channels.answer.count - 1))
        Console.line(String(format: "lifetime value, 90 days of weekly cohorts × 12 weeks: %.1f ms, %d cohorts", ltv.ms,
                            ltv.answer.count))
        Console.line(String(format: "one write (a view_item and its profile) while a report holds a snapshot: %.1f ms "
                            + "and %d MB copied once; with none held: %.2f ms", write.heldMs, write.copiedBytes >> 20,
                            write.freeMs))
        Console.line(JSONValue.object([
            "snapshot_write_ms": .number((write.heldMs * 10).rounded() / 10),
            "snapshot_write_copied_mb": .number(Double(write.copiedBytes >> 20)),
            "write_ms": .number((write.freeMs * 100).rounded() / 100),
            "lift_ms": .number((lift.ms * 10).rounded() / 10),
            "lift_target_users": .number(Double(lift.answer.targetUsers)),
            "channels_ms": .number((channels.ms * 10).rounded() / 10),
            "channels_new_users": .number(Double(channels.answer.last?.newUsers ?? 0)),
            "ltv_ms": .number((ltv.ms * 10).rounded() / 10),
            "dau_ms": .number((dau.ms * 10).rounded() / 10), "dau_last_day": .number(Double(dau.answer.last ?? 0)),
            "activity_ms": .number((activity.ms * 10).rounded() / 10),
            "retention_ms": .number((retention.ms * 10).rounded() / 10),
            "trend_ms": .number((trend.ms * 10).rounded() / 10),
            "trend_total": .number(trend.answer.total.total),
            "retention_d1": .number(((curve[1] ?? 0) * 10_000).rounded() / 10_000),
            "funnel_ms": .number((funnel.ms * 10).rounded() / 10),
            "funnel_users": .array(funnel.answer.map { .number(Double($0)) }),
        ]).jsonText)
    }

    /// What a report's snapshot costs the writer: the index applies one write (an event of the
    /// busiest name and its profile's new attributes) with a snapshot held, which copies the
    /// columns the write touches once, and again with none held.
    func snapshotWriteCost(_ loaded: UserIndex, at instant: Int64) -> (heldMs: Double, freeMs: Double, copiedBytes: Int) {
        guard let uid = loaded.live.first(where: { _ in true }),
              let busiest = loaded.columnIds.max(by: { loaded.columns[$0.value].times.count < loaded.columns[$1.value].times.count })
        else { return (0, 0, 0) }
        var computed = ComputedAttributes()
        computed.firstSeen = loaded.rollups.firstSeen[uid]
        computed.lastSeen = instant
        computed.eventCount = Int64(loaded.rollups.eventCount[uid]) + 1
        func delta(_ n: Int64) -> IndexDelta {
            var delta = IndexDelta(after: IndexCursor())
            delta.events = [.init(uid: Int64(uid), name: busiest.key, time: instant - n, propertiesText: nil, properties: [:])]
            delta.profiles = [.init(uid: Int64(uid), computed: computed, traits: nil)]
            return delta
        }
        var index = loaded
        index.apply(delta(3))  // the bench's own copy, unshared from `loaded`
        let held = index
        let before = ProcessMemory.residentAnonymousBytes() ?? 0
        var start = Date()
        index.apply(delta(2))
        let heldMs = Date().timeIntervalSince(start) * 1000
        let copied = (ProcessMemory.residentAnonymousBytes() ?? 0) - before
        start = Date()
        index.apply(delta(1))
        let freeMs = Date().timeIntervalSince(start) * 1000
        withExtendedLifetime(held) {}
        return (heldMs, freeMs, max(0, copied))
    }
}
