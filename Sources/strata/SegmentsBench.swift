import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata bench segments`: index build rate and memory, and the latency of a behavioural
/// segment, the lifecycle model and RFM on a store (import the shared data set first).
struct SegmentsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Index build and segment/model latency on an imported store; ends with one JSON line.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("as-of"), help: "Evaluate as of this instant (default: the data's end, 2026-09-30T00:00:00Z).")
    var asOf: String = "2026-09-30T00:00:00Z"
    @Option(help: "Runs of each question; the median is reported.") var runs: Int = 5
    @Option(help: "The behavioural segment to time.")
    var rule: String = "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"

    func run() throws {
        guard (1...50).contains(runs) else { throw ValidationError("--runs must be 1…50.") }
        guard let instant = Timestamp.parse(asOf) else { throw ValidationError("--as-of must be an ISO time.") }
        let parsed: SegmentRule
        do { parsed = try SegmentRule(text: rule) } catch let error as StrataError { throw ValidationError(error.message) }
        let database = try store.open()
        let start = Date()
        let (index, _) = try database.loadIndex()
        let buildSeconds = Date().timeIntervalSince(start)
        let memory = index.estimatedBytes
        let resident = ProcessMemory.residentAnonymousBytes() ?? 0
        let users = index.live.count
        Console.line(String(format: "index: %d events, %d users in %.2f s = %.0f events/s; arrays %.0f MB "
                            + "(%.1f bytes per event with the per-user columns and interned properties); "
                            + "process anonymous memory %.0f MB (%.2f× the index)",
                            index.eventCount, users, buildSeconds, Double(index.eventCount) / buildSeconds,
                            Double(memory) / 1_048_576, Double(memory) / Double(max(index.eventCount, 1)),
                            Double(resident) / 1_048_576, Double(resident) / Double(max(memory, 1))))

        func median(_ body: () throws -> Int) rethrows -> (ms: Double, answer: Int) {
            var times: [Double] = []
            var answer = 0
            for _ in 0..<runs {
                let t0 = Date()
                answer = try body()
                times.append(Date().timeIntervalSince(t0) * 1000)
            }
            return (times.sorted()[times.count / 2], answer)
        }
        let evaluator = SegmentEvaluator(index: index, asOf: instant, settings: database.settings)
        let segment = try median { try evaluator.evaluate(parsed).count }
        let lifecycleStages = LifecycleModel.daily.stages(index, asOf: instant, settings: database.settings)
        let lifecycle = median { LifecycleModel.daily.stages(index, asOf: instant, settings: database.settings).count }
        let rfmResult = RFMModel().run(index, asOf: instant, settings: database.settings)
        let rfm = median { RFMModel().run(index, asOf: instant, settings: database.settings).scores.count }
        let scoring = median {
            DemoLayering.scoringModel.run(index, asOf: instant, settings: database.settings).tiers["high"]?.count ?? 0
        }
        let flowDays = (database.settings.dayText(instant - 29 * 86_400_000), database.settings.dayText(instant))
        let flow = try median {
            try LayerModel.lifecycle(.daily).flow(from: flowDays.0, to: flowDays.1, now: instant, index: index,
                                                  settings: database.settings, stored: { _ in [] }).flow.matrix[2][2]
        }
        Console.line(String(format: "behavioural segment: %d users in %.1f ms", segment.answer, segment.ms))
        Console.line(String(format: "weighted scoring (engagement, 3 factors): %d high in %.1f ms", scoring.answer, scoring.ms))
        Console.line(String(format: "lifecycle flow %@ → %@: %d stayed active, %.1f ms", flowDays.0, flowDays.1,
                            flow.answer, flow.ms))
        Console.line(String(format: "lifecycle: %.1f ms — ", lifecycle.ms) + LifecycleModel.Stage.allCases
            .map { "\($0.rawValue) \(lifecycleStages[$0]?.count ?? 0)" }.joined(separator: ", "))
        Console.line(String(format: "RFM: %d buyers in %.1f ms — ", rfm.answer, rfm.ms) + RFMModel.Layer.allCases
            .map { "\($0.rawValue) \(rfmResult.layers[$0]?.count ?? 0)" }.joined(separator: ", "))
        var figures: [String: JSONValue] = [
            "index_events": .number(Double(index.eventCount)), "index_users": .number(Double(users)),
            "index_build_s": .number((buildSeconds * 100).rounded() / 100),
            "index_build_events_per_s": .number((Double(index.eventCount) / buildSeconds).rounded()),
            "index_array_mb": .number((Double(memory) / 1_048_576).rounded()),
            "rss_anon_mb": .number((Double(resident) / 1_048_576).rounded()),
            "rss_anon_per_index": .number((Double(resident) / Double(max(memory, 1)) * 100).rounded() / 100),
            "segment_ms": .number((segment.ms * 10).rounded() / 10), "segment_size": .number(Double(segment.answer)),
            "lifecycle_ms": .number((lifecycle.ms * 10).rounded() / 10),
            "rfm_ms": .number((rfm.ms * 10).rounded() / 10), "rfm_buyers": .number(Double(rfm.answer)),
            "scoring_ms": .number((scoring.ms * 10).rounded() / 10),
            "lifecycle_flow_ms": .number((flow.ms * 10).rounded() / 10),
        ]
        for stage in LifecycleModel.Stage.allCases {
            figures["lifecycle_\(stage.rawValue)"] = .number(Double(lifecycleStages[stage]?.count ?? 0))
        }
        Console.line(JSONValue.object(figures).jsonText)
    }
}
