import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata retention show|apply`: the retention policy, its last run, and applying it now.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "How long events and quarantined messages are kept.",
        subcommands: [Show.self, Apply.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the retention policy and its last run as JSON.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try store.services()
            let policy = app.settings.retention
            var document: [String: JSONValue] = [
                "event_days": policy.eventDays.map { .number(Double($0)) } ?? .null,
                "quarantine_days": policy.quarantineDays.map { .number(Double($0)) } ?? .null,
            ]
            document["last_run"] = try app.lastRetentionRun()?.json ?? .null
            print(JSONValue.object(document).jsonText)
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the retention policy now (the server does it daily) and print what was removed as JSON.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try store.services()
            print(try await app.retention.applyNow().json.jsonText)
        }
    }
}
