import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata segment`: work with segments from the command line.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Segments (用户分层).",
        subcommands: [Preview.self, Create.self, List.self, Show.self, Export.self, History.self, Delete.self])

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
            let parsed = try LoadedStore.usage { try SegmentRule(text: rule) }
            let instant = try LoadedStore.instant(asOf)
            let loaded = try LoadedStore(store)
            let start = Date()
            let users = try loaded.evaluate(parsed, asOf: instant)
            let evaluateMilliseconds = (Date().timeIntervalSince(start) * 10_000).rounded() / 10
            print(parsed.describe(in: .english))
            print(parsed.describe(in: .chinese))
            let sampleProfiles = try loaded.database.profiles(uids: users.prefix(sample).map(Int64.init))
            for profile in sampleProfiles { print("  \(LoadedStore.displayId(profile))") }
            print(JSONValue.object([
                "size": .number(Double(users.count)),
                "sample": .array(sampleProfiles.map { .string(LoadedStore.displayId($0)) }),
                "as_of": .string(Timestamp.format(instant)),
                "index_build_ms": .number(loaded.buildMilliseconds),
                "evaluate_ms": .number(evaluateMilliseconds),
                "rule": parsed.json,
            ]).jsonText)
        }
    }

    /// `strata segment create NAME --rule TEXT`: save (or replace) a named segment.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a named segment (replacing one of the same name); ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(help: "The rule in its text form.") var rule: String
        @Option(help: "What the segment is for.") var description: String = ""
        @Option(help: "Who looks after it.") var owner: String = ""

        func run() throws {
            let parsed = try LoadedStore.usage { try SegmentRule(text: rule) }
            let loaded = try LoadedStore(store)
            var directory = loaded.directory
            directory.segments[name] = nil
            try LoadedStore.usage {
                try SavedSegment.validate(name: name)
                try parsed.validate(against: directory.catalog(loaded.index), name: name)
            }
            let segment = try loaded.database.saveSegment(SavedSegment(name: name, description: description, owner: owner,
                                                                       rule: parsed))
            directory.segments[name] = parsed
            let size = try SegmentEvaluator.resolving(directory, index: loaded.index, asOf: LoadedStore.instant(nil),
                                                      settings: loaded.database.settings).evaluate(parsed).count
            print("Saved \"\(segment.name)\": \(parsed.describe(in: .english)) — \(size) users")
            print(JSONValue.object(["name": .string(name), "size": .number(Double(size)), "rule": parsed.json]).jsonText)
        }
    }

    /// `strata segment list`: saved segments with their current sizes.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Saved segments with their current sizes.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let loaded = try LoadedStore(store)
            let evaluator = SegmentEvaluator.resolving(loaded.directory, index: loaded.index, asOf: try LoadedStore.instant(nil),
                                                       settings: loaded.database.settings)
            for segment in try loaded.database.segments() {
                let size = try LoadedStore.usage { try evaluator.evaluate(segment.rule).count }
                print("\(segment.name)\t\(size)\t\(segment.rule.describe(in: .english))")
            }
        }
    }

    /// `strata segment show NAME`: a saved segment's rule, descriptions, size and a sample.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A saved segment; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        func run() throws {
            let loaded = try LoadedStore(store)
            guard let segment = try loaded.database.segment(named: name) else {
                throw ValidationError("No segment named \"\(name)\"; `strata segment list` shows them.")
            }
            let users = try loaded.evaluate(segment.rule, asOf: try LoadedStore.instant(asOf))
            let sample = try loaded.database.profiles(uids: users.prefix(10).map(Int64.init)).map(LoadedStore.displayId)
            print("\(segment.name): \(segment.description)")
            print(segment.rule.describe(in: .english))
            print(segment.rule.describe(in: .chinese))
            print(JSONValue.object([
                "name": .string(segment.name), "size": .number(Double(users.count)), "rule": segment.rule.json,
                "sample": .array(sample.map { .string($0) }),
            ]).jsonText)
        }
    }

    /// `strata segment export NAME [--traits city,plan] [--output FILE]`: members as CSV.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Members as CSV (uid, user_id, anonymous_ids, chosen traits and attributes), to stdout or a file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String
        @Option(help: "Comma-separated traits and computed attributes to add as columns.") var traits: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Option(name: .customLong("as-of"), help: "Evaluate as of this date or ISO time (default: now).")
        var asOf: String?

        func run() throws {
            let layout = try LoadedStore.usage { try MemberExport(columns: traits) }
            let loaded = try LoadedStore(store)
            guard let segment = try loaded.database.segment(named: name) else {
                throw ValidationError("No segment named \"\(name)\"; `strata segment list` shows them.")
            }
            let users = try loaded.evaluate(segment.rule, asOf: try LoadedStore.instant(asOf))
            try MemberFile.write(users: users, layout: layout, database: loaded.database, to: output)
        }
    }

    /// `strata segment history NAME`: size per day from the daily snapshots.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A segment's size per day from the daily snapshots.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String

        func run() throws {
            let database = try store.open()
            for size in try database.snapshotSizes(.segment, name: name) { print("\(size.day)\t\(size.size)") }
        }
    }

    /// `strata segment delete NAME`.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a saved segment (refused while other segments or rule tags use it).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The segment's name.") var name: String

        func run() throws {
            let database = try store.open()
            let (directory, _) = try database.membershipDirectory()
            let (segments, tags) = directory.dependents(of: name)
            guard segments.isEmpty && tags.isEmpty else {
                throw ValidationError("Segment \"\(name)\" is used by "
                    + (segments.map { "segment \"\($0)\"" } + tags.map { "tag \"\($0)\"" }).joined(separator: ", ") + ".")
            }
            try LoadedStore.usage { try database.deleteSegment(named: name) }
            print("Deleted \"\(name)\".")
        }
    }
}

/// Writes members as CSV to a file or standard output, a thousand profiles at a time.
enum MemberFile {
    static func write(users: UserSet, layout: MemberExport, database: AppDatabase, to path: String?) throws {
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
        handle.write(Data((layout.header + "\r\n").utf8))
        let uids = users.map(Int64.init)
        for start in stride(from: 0, to: uids.count, by: 1000) {
            var text = ""
            for profile in try database.profiles(uids: Array(uids[start..<min(start + 1000, uids.count)])) {
                text += layout.line(profile) + "\r\n"
            }
            handle.write(Data(text.utf8))
        }
        FileHandle.standardError.write(Data("Exported \(uids.count) users.\n".utf8))
    }
}
