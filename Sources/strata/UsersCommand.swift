import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata users export ID`: everything held about one person, as one JSON document.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "People: export what is held about one.", subcommands: [Export.self])

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
