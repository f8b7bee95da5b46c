import Logging
import ServiceLifecycle
import StrataCore

/// Carries erasure jobs to their end: resumes those a crash interrupted when the server starts,
/// and takes each new one as soon as it is requested, step by step (each step one transaction),
/// then clears the write-ahead log so the removed bytes leave the disk.
public actor ErasureWorker: Service {
    let database: any WorkspaceStore
    let index: IndexService
    let logger: Logger
    /// Events removed per transaction: small enough that ingestion never waits long on one.
    let batch: Int
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    /// A worker over a store.
    public init(database: any WorkspaceStore, index: IndexService, logger: Logger, batch: Int = 5_000) {
        self.database = database
        self.index = index
        self.logger = logger
        self.batch = max(1, batch)
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks the running worker to look for jobs now.
    public nonisolated func wake() { signal.yield() }

    /// Resumes unfinished jobs, then takes each new one until shutdown.
    public func run() async throws {
        await drain()
        for await _ in signals.cancelOnGracefulShutdown() { await drain() }
    }

    /// Runs every unfinished job to its end; a failure is logged and retried on the next wake.
    func drain() async {
        do {
            for job in try database.runningErasures() { _ = try await finish(job.id) }
        } catch {
            logger.error("Erasure interrupted; it resumes on the next request or restart", metadata: ["error": "\(error)"])
        }
    }

    /// Runs one job to its end, then refreshes the index and clears the write-ahead log.
    public func finish(_ id: String) async throws -> ErasureJob {
        var job = try database.continueErasure(id, batch: batch)
        while job.state == .running {
            await Task.yield()
            job = try database.continueErasure(id, batch: batch)
        }
        try await index.refresh()
        do {
            try database.truncateWriteAheadLog()
        } catch {
            logger.warning("Write-ahead log not truncated after an erasure", metadata: ["error": "\(error)"])
        }
        logger.info("Erasure finished", metadata: ["job": "\(job.id)", "events": "\(job.removed["events"] ?? 0)"])
        return job
    }
}
