import Foundation
import StrataCore

/// Imports a file of messages into the store: Segment JSONL (one message per line) or the
/// shared CSV layouts. Lines are parsed on every core and written in large transactions;
/// re-running the same file stores nothing twice (message ids dedupe).
public struct BulkImporter: Sendable {
    /// Running totals, reported after each chunk.
    public struct Progress: Sendable, Equatable {
        /// Lines read so far.
        public var lines = 0
        /// Messages stored.
        public var accepted = 0
        /// Messages already stored.
        public var duplicates = 0
        /// Messages quarantined.
        public var quarantined = 0
        /// Bytes read so far.
        public var bytes: Int64 = 0

        /// Zero totals.
        public init() {}
    }

    /// The store to write to.
    public let database: AppDatabase
    /// Validates messages.
    public let decoder: MessageDecoder
    /// Lines per transaction.
    public var chunkLines: Int

    /// Creates an importer.
    public init(database: AppDatabase, decoder: MessageDecoder, chunkLines: Int = 20_000) {
        self.database = database
        self.decoder = decoder
        self.chunkLines = chunkLines
    }

    /// Imports `path`, calling `progress` after every chunk.
    ///
    /// - Throws: `StrataError.unreadableInput` when the file cannot be read or has an unknown CSV
    ///   header; store errors as they come (chunks already committed stay committed, and a re-run
    ///   skips them).
    public func importFile(atPath path: String, progress: (Progress) -> Void = { _ in }) throws -> Progress {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StrataError(.unreadableInput, "Cannot open \(path): check the path and permissions.")
        }
        defer { try? handle.close() }
        let fileTag = "import:" + (path as NSString).lastPathComponent
        var totals = Progress()
        var pending = Data()
        var lineNumber = 0
        var layout: CSVEventLayout?
        var isCSV: Bool?
        var lines: [(Int, Substring)] = []
        lines.reserveCapacity(chunkLines)

        func flush() throws {
            guard !lines.isEmpty else { return }
            let batch = makeBatch(lines, layout: layout, fileTag: fileTag)
            let outcome = try database.ingestSync(batch)
            totals.accepted += outcome.accepted
            totals.duplicates += outcome.duplicates
            totals.quarantined += outcome.rejected.count
            totals.lines += lines.count
            lines.removeAll(keepingCapacity: true)
            progress(totals)
        }

        while true {
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            totals.bytes += Int64(chunk.count)
            pending.append(chunk)
            let atEnd = chunk.isEmpty
            let cut: Data.Index
            if atEnd {
                cut = pending.endIndex
            } else if let newline = pending.lastIndex(of: 0x0A) {
                cut = pending.index(after: newline)
            } else {
                continue
            }
            let complete = String(decoding: pending[pending.startIndex..<cut], as: UTF8.self)
            pending = Data(pending[cut...])
            var pieces = complete.split(separator: "\n", omittingEmptySubsequences: false)
            if complete.hasSuffix("\n") { pieces.removeLast() }
            for line in pieces {
                lineNumber += 1
                let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
                if isCSV == nil {
                    isCSV = !trimmed.hasPrefix("{")
                    if isCSV! {
                        guard let known = CSVEventLayout(header: String(trimmed)) else {
                            throw StrataError(.unreadableInput, "\(path): the first line is neither a JSON message nor "
                                + "a known CSV header (user_id,event,ts_ms,revenue,category,source or "
                                + "user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone).")
                        }
                        layout = known
                        continue
                    }
                }
                if trimmed.allSatisfy(\.isWhitespace) { continue }
                lines.append((lineNumber, trimmed))
                if lines.count >= chunkLines { try flush() }
            }
            if atEnd { break }
        }
        try flush()
        return totals
    }

    /// Parses a chunk of lines on all cores into one batch.
    private func makeBatch(_ lines: [(Int, Substring)], layout: CSVEventLayout?, fileTag: String) -> IngestBatch {
        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let per = (lines.count + workers - 1) / workers
        let parts = UnsafeMutableBufferPointer<IngestBatch>.allocate(capacity: workers)
        parts.initialize(repeating: IngestBatch(source: fileTag))
        defer { parts.deinitialize(); parts.deallocate() }
        nonisolated(unsafe) let output = parts
        let decoder = self.decoder
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var part = IngestBatch(source: fileTag)
            let jsonDecoder = JSONDecoder()
            for (number, line) in lines[min(lines.count, w * per)..<min(lines.count, (w + 1) * per)] {
                let raw: JSONValue
                do {
                    if let layout {
                        raw = try layout.message(line: line, lineNumber: number, fileTag: fileTag)
                    } else {
                        raw = try jsonDecoder.decode(JSONValue.self, from: Data(line.utf8))
                    }
                } catch {
                    let reason = (error as? StrataError) ?? StrataError(
                        .malformedJSON, "line \(number) is not valid JSON: \(error)")
                    part.rejected.append(RejectedMessage(index: number, error: reason, raw: String(line)))
                    continue
                }
                do {
                    let message = try decoder.decode(raw, receivedAt: receivedAt)
                    part.entries.append(IngestBatch.Entry(index: number, message: message, raw: raw))
                } catch let error as StrataError {
                    part.rejected.append(RejectedMessage(index: number, error: error, raw: String(line)))
                } catch {
                    part.rejected.append(RejectedMessage(index: number, error: StrataError(.invalidField, "\(error)"),
                                                         raw: String(line)))
                }
            }
            output[w] = part
        }
        var batch = IngestBatch(source: fileTag)
        for part in parts {
            batch.entries.append(contentsOf: part.entries)
            batch.rejected.append(contentsOf: part.rejected)
        }
        return batch
    }
}
