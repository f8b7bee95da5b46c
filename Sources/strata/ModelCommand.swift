import ArgumentParser
import Foundation
import StrataCore
import StrataApp

/// `strata model rfm|lifecycle`: the built-in layering models on the stored data.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Layering models (RFM, lifecycle, weighted scoring).",
        subcommands: [RFM.self, Lifecycle.self, Score.self])

    /// Options both models share.
    struct Common: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        /// The `--as-of` instant, or `nil` for now.
        func instant() throws -> Int64? { try LoadedStore.instant(asOf, try store.workspace()) }
    }

    struct RFM: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rfm", abstract: "RFM scores and the eight value layers; ends with one JSON line.")
        @OptionGroup var common: Common
        @Option(help: "The value event.") var event: String = "purchase"
        @Option(help: "The property holding the value.") var value: String = "revenue"
        @Option(name: .customLong("window-days"), help: "Only the last N days (default: all history).")
        var windowDays: Int?
        @Option(help: "How scores 1–5 are cut: quintiles, natural (breaks of the distribution curve) or breaks.")
        var scoring: String = "quintiles"
        @Option(name: .customLong("recency-breaks"), help: "With --scoring breaks: days, e.g. 7,30,90,180.")
        var recencyBreaks: String?
        @Option(name: .customLong("frequency-breaks"), help: "With --scoring breaks: purchases, e.g. 1,2,4,8.")
        var frequencyBreaks: String?
        @Option(name: .customLong("monetary-breaks"), help: "With --scoring breaks: value, e.g. 50,100,300,1000.")
        var monetaryBreaks: String?

        func run() async throws {
            if let windowDays, !(1...3650).contains(windowDays) { throw ValidationError("--window-days must be 1…3650.") }
            let model = try LoadedStore.usage {
                let model = RFMModel(event: event, valueProperty: value, windowDays: windowDays,
                                     scoring: try RFMModel.scoring(named: scoring, recencyBreaks: recencyBreaks,
                                                                   frequencyBreaks: frequencyBreaks,
                                                                   monetaryBreaks: monetaryBreaks))
                try model.validate()
                return model
            }
            let loaded = try LoadedStore(common.store)
            let instant = try common.instant()
            let start = Date()
            let (result, asOf) = try await LoadedStore.usage { try await loaded.app.models.rfm(model, asOf: instant) }
            let ms = Date().timeIntervalSince(start) * 1000
            print("RFM of \(event) (\(value)) as of \(Timestamp.format(asOf)): \(result.scores.count) buyers")
            var sizes: [String: JSONValue] = [:]
            for layer in RFMModel.Layer.allCases {
                let size = result.layers[layer]?.count ?? 0
                sizes[layer.rawValue] = .number(Double(size))
                print("  \(layer.rawValue)\t\(layer.englishName)\t\(size)")
            }
            let (r, f, m) = result.breakPoints
            print("  break points: recency days \(r), frequency \(f), monetary \(m)")
            print(JSONValue.object(["buyers": .number(Double(result.scores.count)), "layers": .object(sizes),
                                    "break_points": .object(["recency_days": .array(r.map { .number($0) }),
                                                             "frequency": .array(f.map { .number($0) }),
                                                             "monetary": .array(m.map { .number($0) })]),
                                    "evaluate_ms": .number((ms * 10).rounded() / 10)]).jsonText)
        }
    }

    struct Lifecycle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lifecycle stages (new, returning, active, silent, churned); ends with one JSON line.")
        @OptionGroup var common: Common
        @Option(help: "Threshold preset: daily or low_frequency.") var preset: String = "daily"

        func run() async throws {
            let model: LifecycleModel
            switch preset {
            case "daily": model = .daily
            case "low_frequency": model = .lowFrequency
            default: throw ValidationError("--preset must be daily or low_frequency.")
            }
            let loaded = try LoadedStore(common.store)
            let instant = try common.instant()
            let start = Date()
            let (stages, _) = try await LoadedStore.usage { try await loaded.app.models.lifecycle(model, asOf: instant) }
            let ms = Date().timeIntervalSince(start) * 1000
            var sizes: [String: JSONValue] = [:]
            for stage in LifecycleModel.Stage.allCases {
                let size = stages[stage]?.count ?? 0
                sizes[stage.rawValue] = .number(Double(size))
                print("  \(stage.rawValue)\t\(stage.chineseName)\t\(size)")
            }
            print(JSONValue.object(["layers": .object(sizes), "evaluate_ms": .number((ms * 10).rounded() / 10)]).jsonText)
        }
    }

    /// `strata model score (--file MODEL.json [--save] | --name NAME)`: weighted-factor tiers.
    struct Score: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Weighted-factor scoring (要素权重分层): tiers with sizes and mean scores; ends with one JSON line.")
        @OptionGroup var common: Common
        @Option(help: "A JSON file with the model: {\"name\", \"factors\": [...], \"tiers\": [...]}.") var file: String?
        @Option(help: "A saved scoring model's name.") var name: String?
        @Flag(help: "Save the model from --file under its name (rules then use it as MODEL:TIER).") var save = false

        func run() async throws {
            guard (file == nil) != (name == nil) else { throw ValidationError("Give exactly one of --file or --name.") }
            let loaded = try LoadedStore(common.store)
            let model: ScoringModel
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
                model = try LoadedStore.usage { try ScoringModel(json: JSONValue.parse(data)) }
            } else {
                model = try LoadedStore.usage { try loaded.app.models.scoringModel(named: name!) }
            }
            let instant = try common.instant()
            let start = Date()
            let (result, _) = try await LoadedStore.usage { try await loaded.app.models.score(model, asOf: instant) }
            let ms = Date().timeIntervalSince(start) * 1000
            if save { try await LoadedStore.usage { try await loaded.app.models.saveScoring(model) } }
            var sizes: [String: JSONValue] = [:]
            for tier in model.tiers {
                let size = result.tiers[tier.name]?.count ?? 0
                sizes[tier.name] = .number(Double(size))
                print("  \(tier.name)\t≥ \(tier.minScore)\t\(size)\tmean \(((result.meanScores[tier.name] ?? 0) * 10).rounded() / 10)")
            }
            print(JSONValue.object(["model": .string(model.name), "layers": .object(sizes), "saved": .bool(save),
                                    "evaluate_ms": .number((ms * 10).rounded() / 10)]).jsonText)
        }
    }
}
