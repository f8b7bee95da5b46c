import StrataCore
import StrataStore

/// All of a workspace's storage, aggregate by aggregate, with the workspace's settings and
/// clock: what the application layer runs on. The embedded SQLite store is one; each use case and
/// service reaches storage only through these protocols.
public protocol WorkspaceStore: EventStore, ProfileStore, LayerStore, CampaignStore, ChannelStore, AccessStore, AuditStore,
    LedgerStore
{
    /// The workspace's time zone and purchase events.
    var settings: WorkspaceSettings { get }
    /// The clock that stamps rows.
    var clock: StrataClock { get }
}

/// The embedded SQLite store, as the application layer sees it.
extension AppDatabase: WorkspaceStore {
    /// Creates a staff account with the standard password hash.
    public func createStaff(email: String, name: String, role: StaffRole, password: String, now: Int64) throws
        -> StaffAccount
    {
        try createStaff(email: email, name: name, role: role, password: password, hasher: .standard, now: now)
    }

    /// Imports a file with the bulk importer (parsing on every core while the previous chunk is written).
    public func importFile(atPath path: String, decoder: MessageDecoder, chunkLines: Int,
                           progress: @escaping @Sendable (ImportProgress) -> Void) throws -> ImportProgress {
        try BulkImporter(database: self, decoder: decoder, chunkLines: chunkLines).importFile(atPath: path, progress: progress)
    }

    /// Sets an account's password with the standard password hash and ends its sessions.
    public func setStaffPassword(id: Int64, to password: String) throws {
        try setStaffPassword(id: id, to: password, hasher: .standard)
    }
}
