import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata channel`: the workspace's channels — SMTP for email, a signed webhook, provider
/// templates for SMS, push and WeChat. Secrets are stored but never printed again.
struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel", abstract: "Channels (触达渠道): set, list, delete.",
        subcommands: [Set.self, List.self, Delete.self])

    static func kind(_ text: String) throws -> ChannelKind {
        guard let kind = ChannelKind(rawValue: text) else {
            throw ValidationError("The channel is " + ChannelKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        return kind
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a channel's settings from a JSON file.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "email, sms, push, wechat or webhook.") var kind: String
        @Option(help: "The settings as JSON (- for standard input).") var file: String

        func run() throws {
            let kind = try ChannelCommand.kind(kind)
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data else { throw ValidationError("Cannot read \(file).") }
            let settings = try LoadedStore.usage { try ChannelSettings(json: try JSONValue.parse(data), kind: kind) }
            try LoadedStore(store).app.channels.save(settings, for: kind)
            print(JSONValue.object(["channel": .string(kind.rawValue), "settings": settings.redactedJSON]).jsonText)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The configured channels, secrets hidden.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            var fields: [String: JSONValue] = [:]
            for (kind, settings) in try LoadedStore(store).app.channels.settings() { fields[kind.rawValue] = settings.redactedJSON }
            print(JSONValue.object(["channels": .object(fields)]).jsonText)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a channel's settings.")
        @OptionGroup var store: StoreOptions
        @Argument var kind: String

        func run() throws {
            try LoadedStore.usage { try LoadedStore(store).app.channels.delete(try ChannelCommand.kind(kind)) }
            print(JSONValue.object(["deleted": .string(kind)]).jsonText)
        }
    }
}
