import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata import FILE`: bulk-loads Segment JSONL or the shared CSV layouts, with a progress
/// line and a summary; re-running stores nothing twice.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a JSONL file of Segment messages or a CSV (events or users layout).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "Lines per transaction (larger is faster; memory grows with it).") var chunk: Int = 100_000

    func validate() throws {
        guard (1...200_000).contains(chunk) else { throw ValidationError("--chunk must be 1…200000.") }
    }

    func run() throws {
        let app = try LoadedStore(store).app
        let start = Date()
        let totals = try app.events(.cli).importFile(file, chunkLines: chunk) { p in
            let rate = Double(p.lines) / max(Date().timeIntervalSince(start), 0.001)
            FileHandle.standardError.write(Data(String(
                format: "\r%@: %d lines, %.0f lines/s, %d accepted, %d duplicate, %d quarantined",
                file, p.lines, rate, p.accepted, p.duplicates, p.quarantined).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "Imported %@ in %.1f s: %d accepted, %d duplicate, %d quarantined (%.0f lines/s).",
                     file, seconds, totals.accepted, totals.duplicates, totals.quarantined,
                     Double(totals.lines) / max(seconds, 0.001)))
        if totals.quarantined > 0 { print("See why with `strata quarantine`.") }
    }
}
