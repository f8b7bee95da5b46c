import ArgumentParser
import StrataApp
import StrataCore

/// `strata audit`: read the audit log and verify its hash chain.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit log and verify that no entry was changed.",
        subcommands: [List.self, Verify.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest entries, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this actor (staff:ID, key:ID, cli, system, anonymous).") var actor: String?
        @Option(help: "Only actions containing this text.") var action: String?
        @Option(help: "How many (1…10000).") var limit: Int = 50

        func run() throws {
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit is 1…10000.") }
            let entries = try LoadedStore(store).app.audit.entries(for: .cli, actor: actor, action: action, limit: limit)
            print(ReportTable(headers: ["id", "at", "actor", "role", "action", "target", "address", "status"], rows: entries.map {
                [String($0.id), Timestamp.format($0.at), $0.actor, $0.role, $0.action, $0.target, $0.address, String($0.status)]
            }).text, terminator: "")
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every entry's hash and link; fails naming the first entry that was changed, added or removed.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let (entries, broken) = try LoadedStore(store).app.audit.verify()
            if let broken {
                throw ValidationError("The audit log is broken at entry \(broken) of \(entries) checked: it was changed, "
                    + "or an entry before it was added or removed outside Strata.")
            }
            print("The audit log's \(entries) entries are intact.")
        }
    }
}
