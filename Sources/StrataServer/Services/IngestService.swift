import Foundation
import Logging
import StrataCore
import StrataStore

/// The write path shared by every ingestion route: decode, store in one transaction, count.
public struct IngestService: Sendable {
    /// The store.
    public let database: AppDatabase
    /// The message decoder (with the configured limits).
    public let decoder: MessageDecoder
    /// Metrics to count into.
    public let metrics: StrataMetrics
    private let committer: GroupCommitter
    private let logger: Logger

    /// Creates the service.
    public init(database: AppDatabase, limits: IngestLimits, metrics: StrataMetrics, logger: Logger) {
        self.logger = logger
        self.database = database
        self.decoder = MessageDecoder(limits: limits, makeMessageId: { UUID().uuidString.lowercased() })
        self.metrics = metrics
        self.committer = GroupCommitter(database: database)
    }

    /// The current time in ms.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Stores a batch, returning after commit.
    public func store(_ batch: IngestBatch) async throws -> IngestOutcome {
        let start = ContinuousClock.now
        let outcome: IngestOutcome
        do {
            outcome = try await committer.store(batch)
        } catch let error as StrataError {
            throw error
        } catch {
            logger.error("Store write failed", metadata: ["source": "\(batch.source)", "error": "\(error)"])
            throw StrataError(.unavailable, "The store could not write the batch; nothing was stored. Retry later.")
        }
        metrics.storeWriteLatency.record(ContinuousClock.now - start)
        metrics.accepted.increment(by: Int64(outcome.accepted))
        metrics.duplicates.increment(by: Int64(outcome.duplicates))
        metrics.quarantined.increment(by: Int64(outcome.rejected.count))
        if let first = outcome.rejected.first {
            logger.info("Quarantined messages", metadata: [
                "source": "\(batch.source)", "count": "\(outcome.rejected.count)",
                "first_code": "\(first.error.code)", "first_reason": "\(first.error.message)",
            ])
        }
        logger.debug("Stored batch", metadata: [
            "source": "\(batch.source)", "accepted": "\(outcome.accepted)", "duplicates": "\(outcome.duplicates)",
        ])
        return outcome
    }
}

extension IngestOutcome {
    /// The JSON a client gets back: Segment's `success` plus what happened to each message.
    func json(extra: [String: JSONValue] = ["success": .bool(true)]) -> JSONValue {
        var body = extra
        body["accepted"] = .number(Double(accepted))
        body["duplicates"] = .number(Double(duplicates))
        body["rejected"] = .array(rejected.map { r in
            var item: [String: JSONValue] = [
                "index": .number(Double(r.index)), "code": .string(r.error.code.rawValue),
                "reason": .string(r.error.message),
            ]
            if let field = r.error.field { item["field"] = .string(field) }
            return .object(item)
        })
        return .object(body)
    }
}
