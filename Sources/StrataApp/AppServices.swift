import Foundation
import Logging
import StrataChannels
import StrataCore
import StrataStore

/// The application layer of one workspace: its store, the in-memory index, the campaign
/// runner and the clock, and every use case the HTTP API, the dashboard and the CLI call.
///
/// Entry points build one `AppServices` and translate their input into one use-case call:
///
/// ```swift
/// let app = try AppServices.open(AppServices.Options(directory: "strata-data"))
/// let preview = try await app.segments(.cli).preview(rule, asOf: app.clock.now(), sample: 10)
/// ```
public struct AppServices: Sendable {
    /// The store, aggregate by aggregate; only the application layer talks to it.
    let database: any WorkspaceStore
    /// The in-memory index, kept current on every write.
    public let index: IndexService
    /// Campaign definitions, life cycle, scheduling and results.
    public let campaigns: CampaignService
    /// The write path: decode, store in one transaction, count.
    public let ingest: IngestService
    /// Carries erasure jobs to their end.
    public let erasureWorker: ErasureWorker
    /// Applies the retention policy daily.
    public let retention: RetentionService
    /// The one source of "now".
    public let clock: StrataClock
    /// Holds back repeated wrong passwords per address (see `SignInThrottle`).
    let signIns: SignInGuard
    /// How long a dashboard session may last from its sign-in, however much it is used (ms).
    public let sessionMaxAge: Int64
    /// Where the services log.
    public let logger: Logger

    /// How to open a workspace's store.
    public struct Options: Sendable {
        /// Folder of the embedded database.
        public var directory: String
        /// Time zone and purchase events.
        public var settings: WorkspaceSettings
        /// How commits reach the disk.
        public var durability: AppDatabase.Durability
        /// SQLite's page cache of the writing connection, in MB.
        public var cacheMegabytes: Int
        /// The clock.
        public var clock: StrataClock
        /// The data key of the secrets at rest (`STRATA_MASTER_KEY`), or nil for `DATA_DIR/secret.key`.
        public var masterKey: String?

        /// Options with the defaults of `strata serve`.
        public init(directory: String, settings: WorkspaceSettings = WorkspaceSettings(),
                    durability: AppDatabase.Durability = .normal, cacheMegabytes: Int = 512,
                    clock: StrataClock = .system, masterKey: String? = nil) {
            self.masterKey = masterKey
            self.directory = directory
            self.settings = settings
            self.durability = durability
            self.cacheMegabytes = cacheMegabytes
            self.clock = clock
        }
    }

    /// Opens (creating and migrating if needed) the store in a folder, builds the index and
    /// the campaign service.
    ///
    /// - Parameter buildIndex: `false` builds the index on the first question asked of it (the
    ///   CLI, whose key, staff and channel commands never ask one).
    public static func open(_ options: Options, contact: ContactPolicy = ContactPolicy(), buildIndex: Bool = true,
                            logger: Logger = Logger(label: "strata")) throws -> AppServices {
        let database = try AppDatabase.open(directory: options.directory, settings: options.settings,
                                            durability: options.durability,
                                            writerCacheMegabytes: options.cacheMegabytes, clock: options.clock,
                                            masterKey: options.masterKey)
        return try AppServices(database: database, contact: contact, buildIndex: buildIndex, logger: logger)
    }

    /// Services over an opened store (tests pass an in-memory one); the clock is the store's.
    ///
    /// - Parameters:
    ///   - limits: what one ingested message and batch may hold.
    ///   - observer: told of each stored batch (the server's metrics).
    public init(database: any WorkspaceStore, contact: ContactPolicy = ContactPolicy(),
                alertWebhook: ChannelSettings.HTTPSettings? = nil, limits: IngestLimits = .segment,
                observer: any IngestObserver = IngestService.NoObserver(), buildIndex: Bool = true,
                signIns: SignInThrottle.Policy = SignInThrottle.Policy(), reportBudget: ReportBudget = ReportBudget(),
                sessionMaxAge: Int64 = AppDatabase.sessionMaxAge, erasureBatch: Int = 5_000,
                logger: Logger = Logger(label: "strata")) throws {
        self.database = database
        self.clock = database.clock
        self.signIns = SignInGuard(policy: signIns)
        self.sessionMaxAge = sessionMaxAge
        self.logger = logger
        index = try IndexService(database: database, logger: logger, buildNow: buildIndex, reportBudget: reportBudget)
        campaigns = try CampaignService(database: database, index: index, contact: contact, logger: logger,
                                        alertWebhook: alertWebhook)
        ingest = IngestService(database: database, limits: limits, observer: observer, index: index, logger: logger)
        erasureWorker = ErasureWorker(database: database, index: index, logger: logger, batch: erasureBatch)
        retention = RetentionService(database: database, index: index, logger: logger)
    }

    /// The workspace's settings (time zone, purchase events).
    public var settings: WorkspaceSettings { database.settings }

    /// Segments: preview, save, list, show, export, history, delete.
    public func segments(_ principal: Principal) -> SegmentUseCases { SegmentUseCases(app: self, principal: principal) }
    /// Tags: manual and rule tags, their members and exports.
    public func tags(_ principal: Principal) -> TagUseCases { TagUseCases(app: self, principal: principal) }
    /// Events, quarantine and the store's totals.
    public func events(_ principal: Principal) -> EventUseCases { EventUseCases(app: self, principal: principal) }
    /// Profiles, their timelines, messages, inbox and tags.
    public func profiles(_ principal: Principal) -> ProfileUseCases { ProfileUseCases(app: self, principal: principal) }
    /// The latest application of the retention policy, if any.
    public func lastRetentionRun() throws -> RetentionRun? { try database.lastRetentionRun() }

    /// Erasing people, as a principal may.
    public func erasures(_ principal: Principal) -> ErasureUseCases { ErasureUseCases(app: self, principal: principal) }
    /// API keys, staff accounts and dashboard sessions.
    public var access: AccessUseCases { AccessUseCases(app: self) }
    /// Channel settings, spend per acquisition channel, the suppression list.
    public var channels: ChannelUseCases { ChannelUseCases(app: self) }
    /// What recipients do with messages: unsubscribe, open, click, the in-app inbox.
    public var engagement: EngagementUseCases { EngagementUseCases(app: self) }
}
