import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata segment`: work with segments from the command line.
struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Segments (用户分层).",
        subcommands: [Preview.self, Create.self, List.self, Show.self, Export.self, History.self, Delete.self])

    /// `strata segment preview --rule TEXT`: size, sample and description of an unsaved rule.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a rule on the stored data; ends with one JSON line {\"size\": n, …}.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The rule, e.g. 'city in (Shanghai, Beijing) and did view_item >= 3 times in 14d'.")
        var rule: String
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?
        @Option(help: "How many users to list (0…100).") var sample: Int = 10

        func validate() throws {
            guard (0...SegmentUseCases.maxSample).contains(sample) else { throw ValidationError("--sample must be 0…100.") }
        }

        func run() async throws {
            let parsed = try LoadedStore.usage { try SegmentRule(text: rule) }
            let instant = try LoadedStore.instant(asOf, try store.workspace())
            let loaded = try LoadedStore(store)
            let buildMilliseconds = try await loaded.buildIndex()
            let start = Date()
            let preview = try await LoadedStore.usage { try await loaded.app.segments(.cli).preview(parsed, asOf: instant,
                                                                                              sample: sample) }
            let evaluateMilliseconds = (Date().timeIntervalSince(start) * 10_000).rounded() / 10
            print(parsed.describe(in: .english))
            print(parsed.describe(in: .chinese))
            for profile in preview.sample { print("  \(profile.displayId)") }
            print(JSONValue.object([
                "size": .number(Double(preview.size)),
                "sample": .array(preview.sample.map { .string($0.displayId) }),
                "as_of": .string(Timestamp.format(preview.asOf)),
                "index_build_ms": .number(buildMilliseconds),
                "evaluate_ms": .number(evaluateMilliseconds),
                "rule": parsed.json,
            ]).jsonText)
        }
    }

    /// `strata segment create NAME --rule TEXT`: save (or replace) a named segment.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a named segment (replacing one of the same name); ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(help: "The rule in its text form.") var rule: String
        @Option(help: "What the segment is for.") var description: String = ""
        @Option(help: "Who looks after it.") var owner: String = ""

        func run() async throws {
            let parsed = try LoadedStore.usage { try SegmentRule(text: rule) }
            let loaded = try LoadedStore(store)
            let (segment, size) = try await LoadedStore.usage {
                try await loaded.app.segments(.cli).save(name: name, description: description, owner: owner, rule: parsed)
            }
            print("Saved \"\(segment.name)\": \(parsed.describe(in: .english)) — \(size) users")
            print(JSONValue.object(["name": .string(name), "size": .number(Double(size)), "rule": parsed.json]).jsonText)
        }
    }

    /// `strata segment list`: saved segments with their current sizes.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Saved segments with their current sizes.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let loaded = try LoadedStore(store)
            for (segment, size) in try await LoadedStore.usage({ try await loaded.app.segments(.cli).list() }) {
                print("\(segment.name)\t\(size)\t\(segment.rule.describe(in: .english))")
            }
        }
    }

    /// `strata segment show NAME`: a saved segment's rule, descriptions, size and a sample.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A saved segment; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        func run() async throws {
            let loaded = try LoadedStore(store)
            let instant = try LoadedStore.instant(asOf, try store.workspace())
            let (segment, evaluation) = try await LoadedStore.usage {
                try await loaded.app.segments(.cli).show(name, asOf: instant)
            }
            print("\(segment.name): \(segment.description)")
            print(segment.rule.describe(in: .english))
            print(segment.rule.describe(in: .chinese))
            print(JSONValue.object([
                "name": .string(segment.name), "size": .number(Double(evaluation.size)), "rule": segment.rule.json,
                "sample": .array(evaluation.sample.map { .string($0.displayId) }),
            ]).jsonText)
        }
    }

    /// `strata segment export NAME [--traits city,plan] [--output FILE]`: members as CSV.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Members as CSV (uid, user_id, anonymous_ids, chosen traits and attributes), to stdout or a file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(help: "Comma-separated traits and computed attributes to add as columns.") var traits: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        func run() async throws {
            let layout = try LoadedStore.usage { try MemberExport(columns: traits) }
            let loaded = try LoadedStore(store)
            let instant = try LoadedStore.instant(asOf, try store.workspace())
            let (_, users) = try await LoadedStore.usage { try await loaded.app.segments(.cli).members(name, asOf: instant) }
            try await MemberFile.write(loaded.app.memberExport(users, layout: layout, for: .cli), to: output)
        }
    }

    /// `strata segment history NAME`: size per day from the daily snapshots.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A segment's size per day from the daily snapshots.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String

        func run() async throws {
            let loaded = try LoadedStore(store)
            for size in try LoadedStore.usage({ try loaded.app.segments(.cli).history(name).sizes }) {
                print("\(size.day)\t\(size.size)")
            }
        }
    }

    /// `strata segment delete NAME`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a saved segment (refused while other segments or rule tags use it).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String

        func run() async throws {
            let loaded = try LoadedStore(store)
            try await LoadedStore.usage { try await loaded.app.segments(.cli).delete(name) }
            print("Deleted \"\(name)\".")
        }
    }
}

/// Writes members as CSV to a file or standard output, a thousand profiles at a time.
enum MemberFile {
    static func write(_ export: MemberExportWriter, to path: String?) async throws {
        let handle: FileHandle
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("Cannot create \(path).")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } else {
            handle = FileHandle.standardOutput
        }
        defer { if path != nil { try? handle.close() } }
        try await export.write { handle.write(Data($0.utf8)) }
        FileHandle.standardError.write(Data("Exported \(export.users.count) users.\n".utf8))
    }
}
