import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata model rfm|lifecycle`: the built-in layering models on the stored data.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Layering models (RFM, lifecycle, weighted scoring).",
        subcommands: [RFM.self, Lifecycle.self, Score.self])

    /// Options both models share.
    struct Common: ParsableArguments {
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        func instant() throws -> Int64 {
            guard let asOf else { return Int64(Date().timeIntervalSince1970 * 1000) }
            guard let t = Timestamp.parseAsOf(asOf) else { throw ValidationError("--as-of must be a date or ISO time.") }
            return t
        }
    }

    struct RFM: ParsableCommand {
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

        func run() throws {
            if let windowDays, !(1...3650).contains(windowDays) { throw ValidationError("--window-days must be 1…3650.") }
            let model = try LoadedStore.usage {
                let model = RFMModel(event: event, valueProperty: value, windowDays: windowDays,
                                     scoring: try RFMModel.scoring(named: scoring, recencyBreaks: recencyBreaks,
                                                                   frequencyBreaks: frequencyBreaks,
                                                                   monetaryBreaks: monetaryBreaks))
                try model.validate()
                return model
            }
            let database = try common.store.open()
            let (index, _) = try database.loadIndex()
            let asOf = try common.instant()
            let start = Date()
            let result = model.run(index, asOf: asOf, settings: database.settings)
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

    struct Lifecycle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lifecycle stages (new, returning, active, silent, churned); ends with one JSON line.")
        @OptionGroup var common: Common
        @Option(help: "Threshold preset: daily or low_frequency.") var preset: String = "daily"

        func run() throws {
            let model: LifecycleModel
            switch preset {
            case "daily": model = .daily
            case "low_frequency": model = .lowFrequency
            default: throw ValidationError("--preset must be daily or low_frequency.")
            }
            let database = try common.store.open()
            let (index, _) = try database.loadIndex()
            let asOf = try common.instant()
            let start = Date()
            let stages = model.stages(index, asOf: asOf, settings: database.settings)
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
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Weighted-factor scoring (要素权重分层): tiers with sizes and mean scores; ends with one JSON line.")
        @OptionGroup var common: Common
        @Option(help: "A JSON file with the model: {\"name\", \"factors\": [...], \"tiers\": [...]}.") var file: String?
        @Option(help: "A saved scoring model's name.") var name: String?
        @Flag(help: "Save the model from --file under its name (rules then use it as MODEL:TIER).") var save = false

        func run() throws {
            guard (file == nil) != (name == nil) else { throw ValidationError("Give exactly one of --file or --name.") }
            let loaded = try LoadedStore(common.store)
            let model: ScoringModel
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
                model = try LoadedStore.usage { try ScoringModel(json: JSONValue.parse(data)) }
            } else {
                guard let saved = loaded.directory.scoringModels[name!] else {
                    throw ValidationError("No scoring model named \"\(name!)\".")
                }
                model = saved
            }
            try LoadedStore.usage { try model.validate(against: loaded.directory.catalog(loaded.index)) }
            let start = Date()
            let result = model.run(loaded.index, asOf: try common.instant(), settings: loaded.database.settings)
            let ms = Date().timeIntervalSince(start) * 1000
            if save { try loaded.database.saveScoringModel(model) }
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
