import ArgumentParser
import Foundation
import StrataCore
import StrataApp

/// `strata flow MODEL --from D1 --to D2`: how users moved between a model's layers.
struct FlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flow",
        abstract: "The transition matrix of a model (rfm, lifecycle or a scoring model) between two days; "
            + "ends with one JSON line. --save NAME keeps one cell as a segment.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "rfm, lifecycle or a scoring model's name.") var model: String
    @Option(help: "The first day (YYYY-MM-DD).") var from: String
    @Option(help: "The second day (YYYY-MM-DD).") var to: String
    @Option(name: .customLong("save"), help: "Save the users of one cell (--from-layer, --to-layer) as a segment.")
    var saveName: String?
    @Option(name: .customLong("from-layer"), help: "The cell's layer on the first day.") var fromLayer: String?
    @Option(name: .customLong("to-layer"), help: "The cell's layer on the second day.") var toLayer: String?

    func run() async throws {
        let loaded = try LoadedStore(store)
        let (_, flow, sources) = try await LoadedStore.usage { try await loaded.app.models.flow(model, from: from, to: to) }
        // Terminal columns: CJK characters take two.
        func columns(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) } }
        let width = max(10, (flow.layers.map(columns).max() ?? 0) + 2)
        let corner = "\(from) → \(to)"
        let firstWidth = max(width, columns(corner) + 2)
        func pad(_ text: String, _ to: Int = width) -> String {
            text + String(repeating: " ", count: max(1, to - columns(text)))
        }
        print(pad(corner, firstWidth) + flow.layers.map { pad($0) }.joined())
        for (i, layer) in flow.layers.enumerated() {
            print(pad(layer, firstWidth) + flow.matrix[i].map { pad(String($0)) }.joined())
        }
        var summary: [String: JSONValue] = [
            "model": .string(model), "from": .string(from), "to": .string(to),
            "layers": .array(flow.layers.map { .string($0) }),
            "matrix": .array(flow.matrix.map { .array($0.map { .number(Double($0)) }) }),
            "sources": .array([sources.0, sources.1].map { .string($0 ? "snapshot" : "computed") }),
        ]
        if let saveName {
            guard let fromLayer, let toLayer else { throw ValidationError("--save needs --from-layer and --to-layer.") }
            let (_, size) = try await LoadedStore.usage {
                try await loaded.app.models.saveFlowCell(model, from: from, to: to, fromLayer: fromLayer, toLayer: toLayer,
                                                         name: saveName, description: nil, owner: "")
            }
            summary["saved"] = .object(["name": .string(saveName), "size": .number(Double(size))])
        }
        print(JSONValue.object(summary).jsonText)
    }
}

/// `strata snapshot [--day D]`: take the snapshot of every segment and model layer now.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Snapshot every saved segment and model layer for a day (default today; a past day as of its end).")
    @OptionGroup var store: StoreOptions
    @Option(help: "The day (YYYY-MM-DD).") var day: String?

    func run() async throws {
        let loaded = try LoadedStore(store)
        let (label, count) = try await LoadedStore.usage { try await loaded.app.models.takeSnapshots(day: day) }
        print(JSONValue.object(["day": .string(label), "snapshots": .number(Double(count))]).jsonText)
    }
}
