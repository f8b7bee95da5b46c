import StrataCore

/// What the product needs from storage for one aggregate. Events and the write path: the ingest transaction, event queries, quarantine, totals, and the reads that build and refresh the in-memory index.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol EventStore: Sendable {
    /// Imports a file of Segment JSONL or one of the datagen CSV layouts in chunks of `chunkLines`
    /// lines, each chunk one transaction, reporting the totals after each.
    func importFile(atPath path: String, decoder: MessageDecoder, chunkLines: Int,
                    progress: @escaping @Sendable (ImportProgress) -> Void) throws -> ImportProgress


    /// Stores several batches in one transaction (group commit) and returns, after the commit,
    /// each one's outcome and what the transaction changed, for the in-memory index.
    func ingestCommitted(_ batches: [IngestBatch]) async throws -> (outcomes: [IngestOutcome], delta: IndexDelta)

    /// The blocking form of `ingest(_:)`, for the command-line importer.
    func ingestSync(_ batch: IngestBatch) throws -> IngestOutcome

    /// Events matching a query, newest first.
    func events(_ query: EventQuery) throws -> [StoredEvent]

    /// Quarantined messages, newest first, with ids below `beforeId` when paging.
    func quarantine(limit: Int, beforeId: Int64?) throws -> [QuarantinedMessage]

    /// Totals for the stats endpoint.
    func stats() throws -> StoreStats

    /// The id of the latest stored event (0 when none): where a triggered campaign starts watching.
    func latestEventId() throws -> Int64

    /// Whether a user (with the profiles merged into them) did an event within a time span:
    /// the exit condition of a triggered campaign.
    func didEvent(uid: Int64, event: String, from: Int64, to: Int64) throws -> Bool

    /// Builds the index from the store.
    ///
    /// - Parameter parallelAbove: stores with more events are read on two connections at once.
    func loadIndex(parallelAbove: Int64) throws -> (UserIndex, IndexCursor)

    /// Reads what was stored after `cursor` into the index: new events, merges, and the
    /// profiles they touched. Returns the new cursor.
    ///
    /// From the start of the store (a full build), events, then merges, then every live profile
    /// are read (events and profiles on two connections at once past `parallelAbove` events);
    /// whatever was written meanwhile is then read like any later refresh.
    func refresh(_ index: inout UserIndex, from cursor: IndexCursor, parallelAbove: Int64) throws -> IndexCursor

    /// Applies the workspace's retention policy at an instant (see `AppDatabase.applyRetention`).
    func applyRetention(now: Int64, batch: Int) throws -> RetentionRun

    /// The latest application of the retention policy, if any.
    func lastRetentionRun() throws -> RetentionRun?
}

/// The calls with the parameters they usually leave at their defaults.
extension EventStore {
    /// `quarantine` with its defaults.
    @discardableResult
    func quarantine() throws -> [QuarantinedMessage] {
        try quarantine(limit: 50, beforeId: nil)
    }

    /// `loadIndex` with its defaults.
    @discardableResult
    func loadIndex() throws -> (UserIndex, IndexCursor) {
        try loadIndex(parallelAbove: 1_000_000)
    }

    /// `refresh` with its defaults.
    @discardableResult
    func refresh(_ index: inout UserIndex, from cursor: IndexCursor) throws -> IndexCursor {
        try refresh(&index, from: cursor, parallelAbove: 1_000_000)
    }
}
