import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata segment`: work with segments from the command line.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Segments (用户分层).", subcommands: [Preview.self])

    /// `strata segment preview --rule TEXT`: size, sample and description of an unsaved rule.
    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a rule on the stored data; ends with one JSON line {\"size\": n, …}.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The rule, e.g. 'city in (Shanghai, Beijing) and did view_item >= 3 times in 14d'.")
        var rule: String
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?
        @Option(help: "How many users to list (0…100).") var sample: Int = 10

        func validate() throws {
            guard (0...100).contains(sample) else { throw ValidationError("--sample must be 0…100.") }
        }

        func run() throws {
            let parsed: SegmentRule
            do {
                parsed = try SegmentRule(text: rule)
            } catch let error as StrataError {
                throw ValidationError(error.message)
            }
            var instant = Int64(Date().timeIntervalSince1970 * 1000)
            if let asOf {
                guard let t = Timestamp.parseAsOf(asOf) else { throw ValidationError("--as-of must be a date or ISO time.") }
                instant = t
            }
            let database = try store.open()
            let start = Date()
            let (index, _) = try database.loadIndex()
            let loaded = Date()
            let saved = Dictionary(uniqueKeysWithValues: try database.segments().map { ($0.name, $0.rule) })
            do {
                try parsed.validate(against: RuleCatalog(events: index.eventNames, traits: index.traitKeys,
                                                         segments: saved, layers: ModelLayers.all))
            } catch let error as StrataError {
                throw ValidationError(error.message)
            }
            let users = try SegmentEvaluator.resolving(segments: saved, index: index, asOf: instant,
                                                       settings: database.settings).evaluate(parsed)
            let evaluated = Date()
            print(parsed.describe(in: .english))
            print(parsed.describe(in: .chinese))
            let sampleProfiles = try users.prefix(sample).compactMap { try database.profile(uid: Int64($0)) }
            for profile in sampleProfiles {
                print("  \(profile.userId ?? profile.anonymousIds.first ?? "#\(profile.uid)")")
            }
            print(JSONValue.object([
                "size": .number(Double(users.count)),
                "sample": .array(sampleProfiles.map { .string($0.userId ?? $0.anonymousIds.first ?? "#\($0.uid)") }),
                "as_of": .string(Timestamp.format(instant)),
                "index_build_ms": .number((loaded.timeIntervalSince(start) * 1000).rounded()),
                "evaluate_ms": .number((evaluated.timeIntervalSince(loaded) * 10_000).rounded() / 10),
                "rule": parsed.json,
            ]).jsonText)
        }
    }
}
