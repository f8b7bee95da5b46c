import Foundation
import Logging
import ServiceLifecycle
import StrataCore
import StrataStore

/// Owns the in-memory index: builds it from the store at start, reads what each write stored
/// (on every query, and every quarter second in the background, so writes by other processes
/// such as `strata import` show up too), and answers segment questions on it.
public actor IndexService: Service {
    private let database: AppDatabase
    private let logger: Logger
    private var index: UserIndex
    private var cursor: IndexCursor

    /// Builds the index from the store.
    public init(database: AppDatabase, logger: Logger) throws {
        let start = ContinuousClock.now
        let (loaded, loadedCursor) = try database.loadIndex()
        index = loaded
        cursor = loadedCursor
        self.database = database
        self.logger = logger
        logger.info("Index built", metadata: [
            "events": "\(loaded.eventCount)", "users": "\(loaded.live.count)",
            "duration": "\(ContinuousClock.now - start)",
        ])
    }

    /// Reads what was stored since the last refresh.
    public func refresh() throws {
        cursor = try database.refresh(&index, from: cursor)
    }

    /// Evaluates a rule as of an instant, after reading the latest writes.
    ///
    /// - Throws: `StrataError` when the rule refers to events, traits, segments, layers or tags
    ///   that do not exist, or uses an operator that does not fit.
    public func evaluate(_ rule: SegmentRule, asOf: Int64) throws -> UserSet {
        try refresh()
        try rule.validate(against: catalog)
        return try SegmentEvaluator(index: index, asOf: asOf, settings: database.settings).evaluate(rule)
    }

    /// What rules may refer to, from the index.
    public var catalog: RuleCatalog {
        RuleCatalog(events: index.eventNames, traits: index.traitKeys)
    }

    /// Keeps the index current until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                return
            }
            do {
                try refresh()
            } catch {
                logger.error("Index refresh failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
