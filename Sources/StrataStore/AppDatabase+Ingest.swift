import GRDB
import StrataCore

extension AppDatabase {
    /// Stores a batch in one transaction and returns only after it has committed, so an
    /// acknowledged message survives a crash and a failed write leaves nothing half-applied.
    ///
    /// Messages already stored (same `messageId`) are counted as duplicates and not written again.
    public func ingest(_ batch: IngestBatch) async throws -> IngestOutcome {
        let settings = self.settings
        return try await writer.write { db in
            var outcome = try IngestTransaction(db: db, settings: settings).run(batch)
            outcome.rejected.sort { $0.index < $1.index }
            return outcome
        }
    }

    /// The blocking form of `ingest(_:)`, for the command-line importer.
    public func ingestSync(_ batch: IngestBatch) throws -> IngestOutcome {
        let settings = self.settings
        return try writer.write { db in
            var outcome = try IngestTransaction(db: db, settings: settings).run(batch)
            outcome.rejected.sort { $0.index < $1.index }
            return outcome
        }
    }
}
