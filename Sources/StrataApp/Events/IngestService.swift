import Foundation
import Logging
import StrataCore
import StrataStore

/// What the write path reports after each stored batch (the server counts it into Prometheus).
public protocol IngestObserver: Sendable {
    /// A batch was committed: what happened to its messages and how long the commit took.
    func stored(_ outcome: IngestOutcome, writeDuration: Duration)
}

/// The write path shared by every ingestion route: decode, store in one transaction, count.
public struct IngestService: Sendable {
    /// An observer that is told nothing (the CLI, tests).
    public struct NoObserver: IngestObserver {
        /// Creates the observer.
        public init() {}
        /// Ignores the batch.
        public func stored(_ outcome: IngestOutcome, writeDuration: Duration) {}
    }

    /// The store.
    public let database: any WorkspaceStore
    /// The message decoder (with the configured limits).
    public let decoder: MessageDecoder
    /// Who is told of each stored batch.
    public let observer: any IngestObserver
    private let committer: GroupCommitter
    private let logger: Logger

    /// Creates the service.
    public init(database: any WorkspaceStore, limits: IngestLimits, observer: any IngestObserver, index: IndexService? = nil,
                logger: Logger) {
        self.logger = logger
        self.database = database
        self.decoder = MessageDecoder(limits: limits, makeMessageId: { UUID().uuidString.lowercased() })
        self.observer = observer
        self.committer = GroupCommitter(database: database, feed: { delta in index?.receive(delta) })
    }

    /// The current time in ms, from the store's clock (the receive time of what arrives now).
    public func now() -> Int64 { database.clock.now() }

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
        observer.stored(outcome, writeDuration: ContinuousClock.now - start)
        if let first = outcome.rejected.first {
            // Codes and fields only: a reason can quote ids, and logs outlive an erasure.
            logger.info("Messages refused", metadata: [
                "source": "\(batch.source)", "count": "\(outcome.rejected.count)",
                "first_code": "\(first.error.code)", "first_field": "\(first.error.field ?? "-")",
            ])
        }
        logger.debug("Stored batch", metadata: [
            "source": "\(batch.source)", "accepted": "\(outcome.accepted)", "duplicates": "\(outcome.duplicates)",
        ])
        return outcome
    }
}
