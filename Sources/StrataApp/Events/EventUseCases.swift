import Foundation
import StrataCore
import StrataStore

/// Events, quarantine and the store's totals, for the admin API, the dashboard and the CLI.
public struct EventUseCases: Sendable {
    let app: AppServices
    /// Who is asking: what the answers show of personal data follows their role.
    let principal: Principal

    /// How personal data is shown to the principal.
    var disclosure: Disclosure { principal.disclosure(app.settings.masking) }

    /// Totals: profiles, events, quarantined messages, event names, database size.
    public func stats() throws -> StoreStats {
        try app.database.stats()
    }

    /// Live profiles and stored events, from the index (no table scans).
    public func totals() async throws -> (users: Int, events: Int) {
        try await app.index.totals()
    }

    /// Events matching a query, newest first; `user` (a known or anonymous id) narrows it to a profile.
    ///
    /// - Throws: `StrataError.notFound` for an unknown user.
    public func events(_ query: EventQuery, user: String? = nil) throws -> [StoredEvent] {
        var query = query
        if let user { query.uid = try app.profiles(principal).named(user).uid }
        return try app.database.events(query).map { $0.masked(by: disclosure) }
    }

    /// Refused messages with their code, reason, field and raw text, newest first.
    public func quarantine(limit: Int, before: Int64? = nil) throws -> [QuarantinedMessage] {
        try app.database.quarantine(limit: limit, beforeId: before).map { $0.masked(by: disclosure) }
    }

    /// Imports a file of Segment JSONL or one of the datagen CSV layouts, in chunks of `chunkLines`,
    /// reporting progress after each chunk.
    public func importFile(_ path: String, chunkLines: Int, progress: @escaping @Sendable (ImportProgress) -> Void)
        throws -> ImportProgress
    {
        try app.database.importFile(atPath: path, decoder: app.ingest.decoder, chunkLines: chunkLines, progress: progress)
    }
}
