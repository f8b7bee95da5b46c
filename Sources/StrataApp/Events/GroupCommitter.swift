import StrataCore
import StrataStore

/// Lets concurrent requests share commits: batches that arrive while a write is in progress
/// are written together in the next transaction, and each request still gets its own outcome
/// only after the commit that holds its messages.
///
/// Under load this turns many small transactions into few larger ones, which raises throughput
/// and keeps tail latency flat; a lone request is written at once. What each commit changed is
/// handed to the index in memory, so the index never reads back what was just written.
actor GroupCommitter {
    private struct Pending {
        var batch: IngestBatch
        var continuation: CheckedContinuation<IngestOutcome, any Error>
    }

    private let database: any WorkspaceStore
    /// Receives what each commit changed, before its requests are answered.
    private let feed: @Sendable (IndexDelta) -> Void
    private let maxMessagesPerCommit: Int
    private var pending: [Pending] = []
    private var writing = false

    /// Creates a committer over the store; a commit holds at most `maxMessagesPerCommit` messages
    /// (one batch larger than that is still written whole).
    init(database: any WorkspaceStore, maxMessagesPerCommit: Int = 10_000, feed: @escaping @Sendable (IndexDelta) -> Void) {
        self.database = database
        self.feed = feed
        self.maxMessagesPerCommit = maxMessagesPerCommit
    }

    /// Stores the batch and returns after its commit.
    func store(_ batch: IngestBatch) async throws -> IngestOutcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(batch: batch, continuation: continuation))
            if !writing {
                writing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var group: [Pending] = []
            var messages = 0
            while let next = pending.first, group.isEmpty || messages + next.batch.entries.count <= maxMessagesPerCommit {
                group.append(pending.removeFirst())
                messages += next.batch.entries.count + next.batch.rejected.count
            }
            await write(group)
        }
        writing = false
    }

    private func write(_ group: [Pending]) async {
        do {
            let (outcomes, delta) = try await database.ingestCommitted(group.map(\.batch))
            // The index learns the commit before anyone hears of it, so a segment asked right after
            // the acknowledgement already counts these messages.
            feed(delta)
            for (item, outcome) in zip(group, outcomes) { item.continuation.resume(returning: outcome) }
        } catch {
            guard group.count > 1 else {
                group[0].continuation.resume(throwing: error)
                return
            }
            // One batch failed the shared transaction, which rolled back whole: write each alone so
            // the others are not refused for it.
            for item in group { await write([item]) }
        }
    }
}
