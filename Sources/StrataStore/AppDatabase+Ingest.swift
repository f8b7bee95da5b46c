import Crypto
import GRDB
import StrataCore

extension AppDatabase {
    /// Stores a batch in one transaction and returns only after it has committed, so an
    /// acknowledged message survives a crash and a failed write leaves nothing half-applied.
    ///
    /// Messages already stored (same `messageId`) are counted as duplicates and not written again.
    public func ingest(_ batch: IngestBatch) async throws -> IngestOutcome {
        try await ingest([batch])[0]
    }

    /// Stores several batches in one transaction (group commit) and returns each one's outcome
    /// after the commit. Either all of them are stored or none is.
    public func ingest(_ batches: [IngestBatch]) async throws -> [IngestOutcome] {
        try await ingestCommitted(batches).outcomes
    }

    /// Stores several batches in one transaction (group commit) and returns, after the commit,
    /// each one's outcome and what the transaction changed, for the in-memory index.
    public func ingestCommitted(_ batches: [IngestBatch]) async throws -> (outcomes: [IngestOutcome], delta: IndexDelta) {
        let settings = self.settings, clock = self.clock, key = try erasureKey()
        let cache = writeCache
        do {
            return try await writer.write { db in
                try Self.ingest(batches, db: db, settings: settings, cache: cache, clock: clock, erasureKey: key)
            }
        } catch {
            cache.clear()
            throw error
        }
    }

    /// The blocking form of `ingest(_:)`, for the command-line importer.
    public func ingestSync(_ batch: IngestBatch) throws -> IngestOutcome {
        let settings = self.settings, clock = self.clock, key = try erasureKey()
        let cache = writeCache
        do {
            return try writer.write { db in
                try Self.ingest([batch], db: db, settings: settings, cache: cache, clock: clock, erasureKey: key).outcomes[0]
            }
        } catch {
            cache.clear()
            throw error
        }
    }

    private static func ingest(_ batches: [IngestBatch], db: Database, settings: WorkspaceSettings,
                               cache: WriteCache, clock: StrataClock, erasureKey: SymmetricKey) throws -> (outcomes: [IngestOutcome], delta: IndexDelta)
    {
        cache.validate(dataVersion: try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
        let transaction = try IngestTransaction(db: db, settings: settings, cache: cache, clock: clock, erasureKey: erasureKey)
        let outcomes = try batches.map { try transaction.run($0) }
        try transaction.finish()
        return (outcomes, transaction.delta)
    }
}
