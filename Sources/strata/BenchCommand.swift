import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import StrataCore
import StrataServer
import StrataStore

/// `strata bench`: measures Strata on the shared synthetic data set. Every bench ends its
/// output with one line holding a JSON object of its figures.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Strata.", subcommands: [IngestBench.self, SegmentsBench.self, AnalysisBench.self, CampaignsBench.self, DashboardBench.self, LedgerBench.self])
}

/// `strata bench ingest`: bulk-import rate, HTTP `/v1/batch` rate and latency, bytes per event.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Bulk import and HTTP batch ingestion on ../shared/datagen output (events.jsonl).")

    @Option(help: "Folder written by gen.py (holds events.jsonl).") var data: String
    @Option(name: .customLong("work-dir"), help: "Scratch folder for the bench's databases (emptied first).")
    var workDirectory: String = ".bench-work"
    @Option(name: .customLong("http-events"), help: "Messages to send over HTTP (0 skips the HTTP bench).")
    var httpEvents: Int = 200_000
    @Option(help: "Messages per HTTP batch.") var batch: Int = 100
    @Option(help: "Concurrent HTTP clients.") var clients: Int = 4
    @Flag(name: .customLong("skip-import"), help: "Skip the bulk-import bench.") var skipImport = false

    func run() async throws {
        let eventsPath = (data as NSString).appendingPathComponent("events.jsonl")
        guard FileManager.default.fileExists(atPath: eventsPath) else {
            throw ValidationError("\(eventsPath) not found: run python3 ../shared/datagen/gen.py --out \(data) first.")
        }
        try? FileManager.default.removeItem(atPath: workDirectory)
        var figures: [String: JSONValue] = [:]

        if !skipImport {
            let dir = (workDirectory as NSString).appendingPathComponent("import")
            let database = try AppDatabase.open(directory: dir)
            let importer = BulkImporter(database: database, decoder: MessageDecoder(makeMessageId: { UUID().uuidString }))
            let start = Date()
            let totals = try importer.importFile(atPath: eventsPath) { p in
                Console.progress("import: \(p.lines) lines")
            }
            let seconds = Date().timeIntervalSince(start)
            FileHandle.standardError.write(Data("\n".utf8))
            try await database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            let bytes = directoryBytes(dir)
            let rate = Double(totals.accepted) / seconds
            Console.line(String(format: "import: %d messages in %.1f s = %.0f events/s; %.1f bytes on disk per event",
                                totals.accepted, seconds, rate, Double(bytes) / Double(max(totals.accepted, 1))))
            figures["import_events"] = .number(Double(totals.accepted))
            figures["import_seconds"] = .number((seconds * 100).rounded() / 100)
            figures["import_events_per_s"] = .number(rate.rounded())
            figures["bytes_per_event"] = .number((Double(bytes) / Double(max(totals.accepted, 1)) * 10).rounded() / 10)
        }

        if httpEvents > 0 {
            let result = try await httpBench(eventsPath: eventsPath)
            for (k, v) in result { figures[k] = v }
        }
        Console.line(JSONValue.object(figures).jsonText)
    }

    private func httpBench(eventsPath: String) async throws -> [String: JSONValue] {
        // Pre-build the batch bodies from the first messages of the file.
        guard let handle = FileHandle(forReadingAtPath: eventsPath) else { throw ValidationError("cannot read \(eventsPath)") }
        var lines: [Substring] = []
        var buffer = ""
        while lines.count < httpEvents, let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {
            buffer += String(decoding: chunk, as: UTF8.self)
            guard let lastNewline = buffer.lastIndex(of: "\n") else { continue }
            let complete = String(buffer[..<lastNewline])
            buffer = String(buffer[buffer.index(after: lastNewline)...])
            lines.append(contentsOf: complete.split(separator: "\n").prefix(httpEvents - lines.count))
        }
        try handle.close()
        var bodies: [Data] = []
        var index = 0
        while index < lines.count {
            let slice = lines[index..<min(lines.count, index + batch)]
            bodies.append(Data(("{\"batch\":[" + slice.joined(separator: ",") + "]}").utf8))
            index += batch
        }

        let dir = (workDirectory as NSString).appendingPathComponent("http")
        let database = try AppDatabase.open(directory: dir)
        let writeKey = "wk_bench"
        let configuration = StrataConfiguration(host: "127.0.0.1", port: 0, dataDirectory: dir, writeKeys: [writeKey])
        let portStream = AsyncStream<Int>.makeStream()
        let app = try buildApplication(configuration: configuration, database: database) { port in
            portStream.continuation.yield(port)
        }
        let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "strata-bench")))
        let serverTask = Task { try await services.run() }
        var iterator = portStream.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("server did not start") }
        let url = URL(string: "http://127.0.0.1:\(port)/v1/batch")!
        let auth = "Basic " + Data("\(writeKey):".utf8).base64EncodedString()
        let clients = self.clients
        let batches = bodies
        let start = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for c in 0..<clients {
                group.addTask {
                    try await Self.send(bodies: batches, every: clients, from: c, to: url, auth: auth,
                                        session: URLSession(configuration: .ephemeral))
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let seconds = Date().timeIntervalSince(start)
        await services.triggerGracefulShutdown()
        try? await serverTask.value
        let rate = Double(lines.count) / seconds
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let p50 = percentile(0.5)
        let p99 = percentile(0.99)
        Console.line(String(format: "http: %d messages in %d batches of %d from %d clients in %.1f s = %.0f events/s; "
                            + "batch latency p50 %.1f ms, p99 %.1f ms",
                            lines.count, bodies.count, batch, clients, seconds, rate, p50, p99))
        var result: [String: JSONValue] = [:]
        result["http_events_per_s"] = .number(rate.rounded())
        result["http_batch_p50_ms"] = .number((p50 * 10).rounded() / 10)
        result["http_batch_p99_ms"] = .number((p99 * 10).rounded() / 10)
        result["http_batch_size"] = .number(Double(batch))
        result["http_clients"] = .number(Double(clients))
        return result
    }

    /// Sends every `every`-th body starting at `from`, returning each request's latency (ms).
    private static func send(
        bodies: [Data], every: Int, from first: Int, to url: URL, auth: String, session: URLSession
    ) async throws -> [Double] {
        var latencies: [Double] = []
        var i = first
        while i < bodies.count {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(auth, forHTTPHeaderField: "Authorization")
            let t0 = Date()
            let (_, response) = try await session.upload(for: request, from: bodies[i])
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200 else { throw ValidationError("batch \(i) answered \(status)") }
            latencies.append(Date().timeIntervalSince(t0) * 1000)
            i += every
        }
        return latencies
    }

    private func directoryBytes(_ path: String) -> Int64 {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return files.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: (path as NSString).appendingPathComponent(name))
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
