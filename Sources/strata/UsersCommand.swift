import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata users export ID`: everything held about one person, as one JSON document;
/// `strata users delete ID`: erase them; `strata users deletion JOB`: how an erasure stands.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "People: export what is held about one, or erase them.",
        subcommands: [Export.self, Delete.self, Deletion.self])

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person: profile, merged ids, traits, events (quarantined too), tags, snapshots, messages, inbox.",
            discussion: """
                Runs the erasure to its end and prints the job as JSON. If interrupted (even by kill -9) it resumes \
                when the server next starts or when this command is run again. By default keyed digests of the \
                person's ids and addresses are kept, so re-sent events and later sends are refused; --delete-only \
                keeps nothing. Stop the server first or run it beside one: both finish the same job.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "A known or anonymous id, or #uid.") var id: String
        @Flag(help: "Keep no digest of the ids and addresses (the same ids may come back as a new person).")
        var deleteOnly = false

        func run() async throws {
            let app = try LoadedStore(store).app
            let job = try await LoadedStore.usage {
                let requested = try app.erasures(.cli).erase(id, mode: deleteOnly ? .deleteOnly : .suppress).job
                return try await app.erasures(.cli).finish(requested.id)
            }
            print(job.json.jsonText)
        }
    }

    struct Deletion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an erasure job (state, step, what was removed) as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The job id (del_…).") var job: String

        func run() async throws {
            let app = try LoadedStore(store).app
            print(try LoadedStore.usage { try app.erasures(.cli).job(job) }.json.jsonText)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held about a person (profile, identities, events, segments, tags, messages) as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "A known or anonymous id, or #uid.") var id: String
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            let app = try LoadedStore(store).app
            let document = try await LoadedStore.usage { try await app.profiles(.cli).export(id) }
            if let output {
                try Data((document.jsonText + "\n").utf8).write(to: URL(fileURLWithPath: output))
            } else {
                print(document.jsonText)
            }
        }
    }
}
