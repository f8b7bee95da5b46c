import ArgumentParser
import Foundation
import StrataCore
import StrataApp

/// `strata tags`: manual tags (users by id, from a CSV file, or a segment's members now) and
/// rule tags that follow a segment.
struct TagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tags", abstract: "Tags on users (用户标签).",
        subcommands: [List.self, Create.self, Add.self, Remove.self, Show.self, Export.self, Delete.self])

    /// Where the users to add or remove come from.
    struct Members: ParsableArguments {
        @Option(help: "Comma-separated user ids (known or anonymous).") var ids: String?
        @Option(help: "A CSV or text file whose first column holds user ids.") var file: String?
        @Option(help: "A saved segment: its members now.") var segment: String?

        /// The profile ids, all known, or a usage error naming the unknown ones.
        /// Who the options name, checked: exactly one of the three.
        func members() throws -> TagUseCases.Members {
            guard [ids, file, segment].compactMap({ $0 }).count == 1 else {
                throw ValidationError("Give exactly one of --ids, --file or --segment.")
            }
            if let segment { return .segment(segment) }
            if let file {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
                else { throw ValidationError("Cannot read \(file) as UTF-8 text.") }
                return .ids(try LoadedStore.usage { try UserIdList(text: text, limit: TagUseCases.maxIdsPerCall) })
            }
            let given = (ids ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return .ids(try LoadedStore.usage { try UserIdList(ids: given.filter { !$0.isEmpty }, limit: TagUseCases.maxIdsPerCall) })
        }
    }

    /// Changes a manual tag's members and prints one JSON line with what changed and the size after.
    static func change(_ name: String, store: StoreOptions, members: Members, mode: TagUseCases.Mode) async throws {
        let who = try members.members()
        let loaded = try LoadedStore(store)
        let (changed, size) = try await LoadedStore.usage { try await loaded.app.tags(.cli).changeMembers(name, who, mode: mode) }
        print(JSONValue.object(["tag": .string(name), "changed": .number(Double(changed)),
                                "size": .number(Double(size))]).jsonText)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tags with their kind and current sizes.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let loaded = try LoadedStore(store)
            for (stored, size) in try await LoadedStore.usage({ try await loaded.app.tags(.cli).list() }) {
                let kind = stored.tag.segment.map { "follows segment \($0)" } ?? "manual"
                print("\(stored.tag.name)\t\(size)\t\(kind)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a manual tag, or with --follow a rule tag whose members are a segment's.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @Option(help: "What the tag means.") var description: String = ""
        @Option(help: "Follow this saved segment.") var follow: String?

        func run() async throws {
            let loaded = try LoadedStore(store)
            let (stored, _, _) = try await LoadedStore.usage {
                try await loaded.app.tags(.cli).save(name: name, description: description, follows: follow)
            }
            print("Tag \"\(stored.tag.name)\" (\(stored.tag.segment == nil ? "manual" : "rule")) saved.")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add users to a manual tag; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @OptionGroup var members: Members
        @Flag(help: "Replace the members instead of adding.") var replace = false

        func run() async throws {
            try await TagsCommand.change(name, store: store, members: members, mode: replace ? .replace : .add)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove users from a manual tag; ends with one JSON line.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @OptionGroup var members: Members

        func run() async throws {
            try await TagsCommand.change(name, store: store, members: members, mode: .remove)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A tag's kind, size and a sample of its users.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String

        func run() async throws {
            let loaded = try LoadedStore(store)
            let (stored, size, sample) = try await LoadedStore.usage { try await loaded.app.tags(.cli).show(name) }
            print("\(name): \(stored.tag.description) (\(stored.tag.segment.map { "follows segment \($0)" } ?? "manual"))")
            for profile in sample { print("  \(profile.displayId)") }
            print(JSONValue.object(["name": .string(name), "size": .number(Double(size))]).jsonText)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A tag's users as CSV, to stdout or a file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String
        @Option(help: "Comma-separated traits and computed attributes to add as columns.") var traits: String?
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let layout = try LoadedStore.usage { try MemberExport(columns: traits) }
            let loaded = try LoadedStore(store)
            let (_, users) = try await LoadedStore.usage { try await loaded.app.tags(.cli).members(name) }
            try await MemberFile.write(loaded.app.memberExport(users, layout: layout, for: .cli), to: output)
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tag (refused while segments use it).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The tag's name.") var name: String

        func run() async throws {
            let loaded = try LoadedStore(store)
            try await LoadedStore.usage { try await loaded.app.tags(.cli).delete(name) }
            print("Deleted \"\(name)\".")
        }
    }
}
