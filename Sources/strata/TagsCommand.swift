import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata tags`: manual tags (users by id, from a CSV file, or a segment's members now) and
/// rule tags that follow a segment.
struct TagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags", abstract: "Tags on users (用户标签).",
        subcommands: [List.self, Create.self, Add.self, Remove.self, Show.self, Export.self, Delete.self])

    /// Where the users to add or remove come from.
    struct Members: ParsableArguments {
        @Option(help: "Comma-separated user ids (known or anonymous).") var ids: String?
        @Option(help: "A CSV or text file whose first column holds user ids.") var file: String?
        @Option(help: "A saved segment: its members now.") var segment: String?

        /// The profile ids, all known, or a usage error naming the unknown ones.
        func uids(_ loaded: LoadedStore) throws -> [Int64] {
            guard [ids, file, segment].compactMap({ $0 }).count == 1 else {
                throw ValidationError("Give exactly one of --ids, --file or --segment.")
            }
            if let segment {
                guard let saved = try loaded.database.segment(named: segment) else {
                    throw ValidationError("No segment named \"\(segment)\".")
                }
                return try loaded.evaluate(saved.rule, asOf: LoadedStore.instant(nil)).map(Int64.init)
            }
            let list: UserIdList
            if let file {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
                else { throw ValidationError("Cannot read \(file) as UTF-8 text.") }
                list = try LoadedStore.usage { try UserIdList(text: text, limit: AppDatabase.maxTagIdsPerCall) }
            } else {
                let given = (ids ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                list = try LoadedStore.usage { try UserIdList(ids: given.filter { !$0.isEmpty }, limit: AppDatabase.maxTagIdsPerCall) }
            }
            let uids = try LoadedStore.usage { try loaded.database.uids(forExternalIds: list.ids) }
            return uids.map { Int64(loaded.index.canonical[Int($0)]) }
        }
    }

    static func size(_ loaded: LoadedStore, _ name: String) throws -> Int {
        (try? loaded.evaluate(.member(.tag(name)), asOf: LoadedStore.instant(nil)).count) ?? 0
    }

    /// Applies a change of members and prints one JSON line with how many changed and the size after.
    static func change(_ name: String, store: StoreOptions, members: Members,
                       _ apply: (AppDatabase, [Int64]) throws -> Int) throws
    {
        let loaded = try LoadedStore(store)
        let uids = try members.uids(loaded)
        let changed = try LoadedStore.usage { try apply(loaded.database, uids) }
        let (directory, _) = try loaded.database.membershipDirectory()
        let size = try SegmentEvaluator.resolving(directory, index: loaded.index, asOf: LoadedStore.instant(nil),
                                                  settings: loaded.database.settings).evaluate(.member(.tag(name))).count
        print(JSONValue.object(["tag": .string(name), "changed": .number(Double(changed)),
                                "size": .number(Double(size))]).jsonText)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tags with their kind and current sizes.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let loaded = try LoadedStore(store)
            for stored in try loaded.database.tags() {
                let kind = stored.tag.segment.map { "follows segment \($0)" } ?? "manual"
                print("\(stored.tag.name)\t\(try TagsCommand.size(loaded, stored.tag.name))\t\(kind)")
            }
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a manual tag, or with --follow a rule tag whose members are a segment's.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @Option(help: "What the tag means.") var description: String = ""
        @Option(help: "Follow this saved segment.") var follow: String?

        func run() throws {
            let loaded = try LoadedStore(store)
            if let follow {
                guard try loaded.database.segment(named: follow) != nil else {
                    throw ValidationError("No segment named \"\(follow)\" to follow.")
                }
                var directory = loaded.directory
                directory.tags[name] = .followsSegment(follow)
                try LoadedStore.usage { try SegmentRule.member(.tag(name)).validate(against: directory.catalog(loaded.index)) }
            }
            let stored = try LoadedStore.usage {
                try loaded.database.saveTag(UserTag(name: name, description: description,
                                                    kind: follow.map { .followsSegment($0) } ?? .manual))
            }
            print("Tag \"\(stored.tag.name)\" (\(stored.tag.segment == nil ? "manual" : "rule")) saved.")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add users to a manual tag; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @OptionGroup var members: Members
        @Flag(help: "Replace the members instead of adding.") var replace = false

        func run() throws {
            try TagsCommand.change(name, store: store, members: members) { database, uids in
                try database.changeTagMembers(name, add: uids, replace: replace)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove users from a manual tag; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @OptionGroup var members: Members

        func run() throws {
            try TagsCommand.change(name, store: store, members: members) { database, uids in
                try database.changeTagMembers(name, remove: uids)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A tag's kind, size and a sample of its users.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String

        func run() throws {
            let loaded = try LoadedStore(store)
            guard let stored = try loaded.database.tag(named: name) else { throw ValidationError("No tag named \"\(name)\".") }
            let users = try loaded.evaluate(.member(.tag(name)), asOf: LoadedStore.instant(nil))
            print("\(name): \(stored.tag.description) (\(stored.tag.segment.map { "follows segment \($0)" } ?? "manual"))")
            for profile in try loaded.database.profiles(uids: users.prefix(10).map(Int64.init)) {
                print("  \(LoadedStore.displayId(profile))")
            }
            print(JSONValue.object(["name": .string(name), "size": .number(Double(users.count))]).jsonText)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A tag's users as CSV, to stdout or a file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @Option(help: "Comma-separated traits and computed attributes to add as columns.") var traits: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            let layout = try LoadedStore.usage { try MemberExport(columns: traits) }
            let loaded = try LoadedStore(store)
            guard try loaded.database.tag(named: name) != nil else { throw ValidationError("No tag named \"\(name)\".") }
            let users = try loaded.evaluate(.member(.tag(name)), asOf: LoadedStore.instant(nil))
            try MemberFile.write(users: users, layout: layout, database: loaded.database, to: output)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tag (refused while segments use it).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String

        func run() throws {
            let database = try store.open()
            let users = try database.membershipDirectory().0.segments(using: { $0 == .tag(name) })
            guard users.isEmpty else {
                throw ValidationError("Tag \"\(name)\" is used by segment(s) \(users.joined(separator: ", ")).")
            }
            try LoadedStore.usage { try database.deleteTag(named: name) }
            print("Deleted \"\(name)\".")
        }
    }
}
