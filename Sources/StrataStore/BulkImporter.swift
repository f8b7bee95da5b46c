import Foundation
import StrataCore

/// Imports a file of messages into the store: Segment JSONL (one message per line) or the
/// shared CSV layouts. Lines are parsed on every core and written in large transactions;
/// re-running the same file stores nothing twice (message ids dedupe).
public struct BulkImporter: Sendable {
    /// Running totals, reported after each chunk.
    public typealias Progress = ImportProgress

    /// The store to write to.
    public let database: AppDatabase
    /// Validates messages.
    public let decoder: MessageDecoder
    /// Lines per transaction.
    public var chunkLines: Int
    /// The longest line read (1 MB); a longer one stops the import with its line number.
    public static let maxLineBytes = 1 << 20

    /// Creates an importer.
    public init(database: AppDatabase, decoder: MessageDecoder, chunkLines: Int = 100_000) {
        self.database = database
        self.decoder = decoder
        self.chunkLines = chunkLines
    }

    /// Imports `path`, calling `progress` after every chunk.
    ///
    /// Parsing of one chunk overlaps with the write of the previous one, so both cores work.
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
        var sawFirstLine = false
        var lines: [(Int, Data)] = []
        lines.reserveCapacity(chunkLines)
        let parsed = BatchBox()
        var parsedLines = 0

        /// Writes the batch parsed in the background, if any.
        func writeParsed() throws {
            guard let batch = parsed.batch else { return }
            parsed.batch = nil
            let outcome = try database.ingestSync(batch)
            totals.accepted += outcome.accepted
            totals.duplicates += outcome.duplicates
            totals.quarantined += outcome.rejected.count
            totals.lines += parsedLines
            progress(totals)
        }

        /// Starts parsing the collected lines in the background, after writing the previous chunk.
        func dispatch() throws {
            guard !lines.isEmpty else { return }
            let chunk = lines
            let chunkLayout = layout
            lines.removeAll(keepingCapacity: true)
            let nextCount = chunk.count
            // Parse this chunk while the previous one is written.
            let next = BatchBox()
            let parsing = DispatchGroup()
            parsing.enter()
            DispatchQueue.global().async {
                next.batch = makeBatch(chunk, layout: chunkLayout, fileTag: fileTag)
                parsing.leave()
            }
            defer { parsing.wait() }
            try writeParsed()
            parsing.wait()
            parsed.batch = next.batch
            parsedLines = nextCount
        }

        while true {
            let chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            totals.bytes += Int64(chunk.count)
            let atEnd = chunk.isEmpty
            pending.append(chunk)
            var consumed = 0
            try pending.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                guard let base = raw.baseAddress else { return }
                var start = 0
                while start < raw.count {
                    let end: Int
                    if let newline = memchr(base + start, 0x0A, raw.count - start) {
                        end = base.distance(to: UnsafeRawPointer(newline))
                    } else if atEnd {
                        end = raw.count
                    } else {
                        break
                    }
                    lineNumber += 1
                    var lineEnd = end
                    if lineEnd > start, raw[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                    let line = Data(raw[start..<lineEnd])
                    start = end + 1
                    consumed = min(start, raw.count)
                    if !sawFirstLine {
                        sawFirstLine = true
                        if line.first != UInt8(ascii: "{") {
                            guard let known = CSVEventLayout(header: String(decoding: line, as: UTF8.self)) else {
                                throw StrataError(.unreadableInput, "\(path): the first line is neither a JSON message "
                                    + "nor a known CSV header (user_id,event,ts_ms,revenue,category,source or "
                                    + "user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone).")
                            }
                            layout = known
                            continue
                        }
                    }
                    if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    lines.append((lineNumber, line))
                    if lines.count >= chunkLines { try dispatch() }
                }
            }
            pending.removeFirst(consumed)
            // A line is one message (32 KB at most) or one CSV row: a megabyte without a line end
            // is not a file this command reads, and holding more of it would only use memory.
            if pending.count > Self.maxLineBytes {
                throw StrataError(.unreadableInput, "\(path): line \(lineNumber + 1) is longer than "
                    + "\(Self.maxLineBytes / 1_048_576) MB; put one message or row per line.")
            }
            if atEnd { break }
        }
        try dispatch()
        try writeParsed()
        return totals
    }

    /// Parses a chunk of lines on all cores into one batch.
    private func makeBatch(_ lines: [(Int, Data)], layout: CSVEventLayout?, fileTag: String) -> IngestBatch {
        let receivedAt = database.clock.now()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount - 1, 8))
        let per = (lines.count + workers - 1) / workers
        let parts = UnsafeMutableBufferPointer<IngestBatch>.allocate(capacity: workers)
        parts.initialize(repeating: IngestBatch(source: fileTag))
        defer { parts.deinitialize(); parts.deallocate() }
        nonisolated(unsafe) let output = parts
        let decoder = self.decoder
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var part = IngestBatch(source: fileTag)
            for (number, line) in lines[min(lines.count, w * per)..<min(lines.count, (w + 1) * per)] {
                do {
                    let raw: JSONValue
                    if let layout {
                        let text = String(decoding: line, as: UTF8.self)
                        raw = try layout.message(line: text[...], lineNumber: number, fileTag: fileTag)
                    } else {
                        raw = try JSONValue.parse(line)
                    }
                    let message = try decoder.decode(raw, receivedAt: receivedAt)
                    part.entries.append(IngestBatch.Entry(index: number, message: message, raw: raw))
                } catch {
                    var reason = (error as? StrataError) ?? StrataError(.invalidField, "\(error)")
                    if reason.code == .malformedJSON {
                        reason.message = "line \(number): " + reason.message
                    }
                    part.rejected.append(RejectedMessage(index: number, error: reason,
                                                         raw: String(decoding: line, as: UTF8.self)))
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

/// A batch handed from the parsing thread to the writing one; a dispatch group orders access.
private final class BatchBox: @unchecked Sendable {
    var batch: IngestBatch?
}
