import Crypto
import Foundation
import GRDB
import StrataCore
import Synchronization

/// The embedded store: one SQLite database in WAL mode, opened once per process, migrated on
/// open. Every durable write of Strata goes through its writer; readers run concurrently.
///
/// ```swift
/// let database = try AppDatabase.open(directory: "strata-data")
/// let outcome = try await database.ingest(batch)
/// ```
public final class AppDatabase: Sendable {
    /// How commits reach the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// WAL with `synchronous=NORMAL`: a committed write survives a process crash (`kill -9`);
        /// the last commits may be lost on power failure. The default.
        case normal
        /// `synchronous=FULL`: every commit is fsynced; survives power failure, slower.
        case full
    }

    /// The GRDB writer (a `DatabasePool` on disk, a `DatabaseQueue` in memory for tests).
    public let writer: any DatabaseWriter
    /// Workspace settings the write path uses (time zone, purchase events).
    public let settings: WorkspaceSettings
    /// The clock that stamps rows (created, updated, sent at).
    public let clock: StrataClock
    /// What the write path remembers between transactions.
    let writeCache = WriteCache()
    /// Seals channel settings and signing secrets at rest.
    let secrets: SecretBox
    /// Keys the digests an erased person's ids and addresses are kept as (see `requestErasure`),
    /// read from the workspace's secrets when first needed.
    private let erasureKeyCache = Mutex<SymmetricKey?>(nil)

    /// Wraps an opened writer, runs the migrations, and seals any secret still stored in plain text.
    public init(writer: any DatabaseWriter, settings: WorkspaceSettings = WorkspaceSettings(),
                clock: StrataClock = .system, secrets: SecretBox = .ephemeral()) throws {
        self.writer = writer
        self.settings = settings
        self.clock = clock
        self.secrets = secrets
        try Self.migrator.migrate(writer)
        try sealPlainSecrets()
    }

    /// Opens (creating if needed) `strata.sqlite` in `directory`.
    ///
    /// - Throws: `StrataError.unavailable` when the directory cannot be created, or GRDB's error.
    /// - Parameter writerCacheMegabytes: SQLite's page cache of the writing connection; large
    ///   imports into a large store go several times faster with a cache that holds the indexes.
    public static func open(
        directory: String, settings: WorkspaceSettings = WorkspaceSettings(), durability: Durability = .normal,
        writerCacheMegabytes: Int = 512, clock: StrataClock = .system, masterKey: String? = nil
    ) throws -> AppDatabase {
        do {
            // Only the owner may enter it: it holds personal data and the workspace's secrets.
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw StrataError(.unavailable, "Cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // Readers scan (index builds) and would fill a large cache for nothing; the writer's
            // cache holds the B-tree pages the inserts land on.
            let cacheKilobytes = db.configuration.readonly ? 65_536 : writerCacheMegabytes * 1024
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKilobytes)")
            try db.execute(sql: "PRAGMA mmap_size = 17179869184")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Checkpoint every ~40 MB of WAL rather than SQLite's 4 MB: fewer, larger copies on the write path.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            // Deleted and overwritten rows are zeroed on disk, so an erased person's bytes do not
            // linger in free space (and a WAL checkpoint with truncation clears the log).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        configuration.busyMode = .timeout(10)
        let pool = try DatabasePool(path: (directory as NSString).appendingPathComponent("strata.sqlite"),
                                    configuration: configuration)
        return try AppDatabase(writer: pool, settings: settings, clock: clock,
                               secrets: try SecretKeyFile.box(directory: directory, masterKey: masterKey))
    }

    /// The key of erasure digests; never call it inside a transaction (the first call stores the secret).
    func erasureKey() throws -> SymmetricKey {
        if let key = erasureKeyCache.withLock({ $0 }) { return key }
        let key = SymmetricKey(data: Data(base64Encoded: try workspaceSecret("erasure")) ?? Data())
        erasureKeyCache.withLock { $0 = key }
        return key
    }

    /// An empty database in memory, for tests.
    public static func inMemory(settings: WorkspaceSettings = WorkspaceSettings(),
                                clock: StrataClock = .system) throws -> AppDatabase {
        try AppDatabase(writer: DatabaseQueue(), settings: settings, clock: clock)
    }

    /// The path of the database file, or `nil` in memory.
    public var path: String? {
        writer.path == ":memory:" || writer.path.isEmpty ? nil : writer.path
    }

    /// Runs `PRAGMA integrity_check` and returns its verdict (`"ok"` when sound).
    public func integrityCheck() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "unknown" }
    }
}
