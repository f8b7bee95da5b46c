import ArgumentParser
import StrataApp
import StrataCore

/// `strata quarantine`: lists messages that were refused, with why and what was sent.
struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quarantine", abstract: "List quarantined messages.")
    @OptionGroup var store: StoreOptions
    @Option(help: "How many, newest first (1…1000).") var limit: Int = 20

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000.") }
    }

    func run() throws {
        let rows = try LoadedStore(store).app.events(.cli).quarantine(limit: limit)
        if rows.isEmpty { print("Quarantine is empty.") }
        for q in rows {
            print("#\(q.id) \(Timestamp.format(q.receivedAt)) \(q.source)[\(q.index)] \(q.code)"
                + (q.field.map { " (\($0))" } ?? "") + ": \(q.reason)")
            print("    \(q.raw.prefix(300))")
        }
    }
}
