import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata spend`: acquisition spend per channel and period (投放花费), for the channel report's
/// CAC, ROI and payback.
struct SpendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend", abstract: "Channel spend for CAC, ROI and payback.",
        subcommands: [Add.self, Import.self, List.self, Delete.self])

    /// Prints stored entries as one JSON document.
    static func print(_ entries: [ChannelSpend], saved: Bool) {
        var document: [String: JSONValue] = ["entries": .array(entries.map(\.json))]
        if saved { document["saved"] = .number(Double(entries.count)) }
        Swift.print(JSONValue.object(document).jsonText)
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record spend on a channel over a period (replaces an entry for the same channel and period).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The channel, as in first-touch sources or the channel trait.") var channel: String
        @Option(help: "First day of the period (YYYY-MM-DD).") var from: String
        @Option(help: "Last day of the period (YYYY-MM-DD, inclusive).") var to: String
        @Option(help: "Amount in major units, e.g. 12000.50.") var amount: String
        @Option(help: "A note (campaign, invoice).") var note: String = ""

        func run() throws {
            let entry = try LoadedStore.usage {
                try ChannelSpend(channel: channel, from: from, to: to, amount: amount, note: note)
            }
            SpendCommand.print(try LoadedStore(store).app.channels.saveSpend([entry]), saved: true)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record spend from a CSV file with the header channel,from,to,amount[,note]; all rows or none.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV file (- for standard input).") var file: String

        func run() throws {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data, let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("Cannot read \(file) as UTF-8 text.")
            }
            let entries = try LoadedStore.usage { try ChannelSpend.entries(csv: text) }
            SpendCommand.print(try LoadedStore(store).app.channels.saveSpend(entries), saved: true)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded spend.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this channel.") var channel: String?

        func run() throws {
            SpendCommand.print(try LoadedStore(store).app.channels.spend(channel: channel), saved: false)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a spend entry by its id.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The entry's id (from spend list).") var id: Int64

        func run() throws {
            try LoadedStore.usage { try LoadedStore(store).app.channels.deleteSpend(id: id) }
            Swift.print(JSONValue.object(["deleted": .number(Double(id))]).jsonText)
        }
    }
}
