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
        let saved = Dictionary(uniqueKeysWithValues: try database.segments().map { ($0.name, $0.rule) })
        try rule.validate(against: catalog(segments: saved))
        return try SegmentEvaluator.resolving(segments: saved, index: index, asOf: asOf, settings: database.settings)
            .evaluate(rule)
    }

    /// The sizes of several saved segments, after one refresh (for listings).
    public func sizes(of segments: [SavedSegment], asOf: Int64) throws -> [Int] {
        try refresh()
        let saved = Dictionary(uniqueKeysWithValues: segments.map { ($0.name, $0.rule) })
        let evaluator = SegmentEvaluator.resolving(segments: saved, index: index, asOf: asOf, settings: database.settings)
        return try segments.map { try evaluator.evaluate($0.rule).count }
    }

    /// Checks a rule about to be saved as `name` (unknown names, operators, cycles through it).
    public func validate(_ rule: SegmentRule, savingAs name: String) throws {
        try refresh()
        var saved = Dictionary(uniqueKeysWithValues: try database.segments().map { ($0.name, $0.rule) })
        saved[name] = nil
        try rule.validate(against: catalog(segments: saved), name: name)
    }

    /// Runs the RFM model as of an instant, after reading the latest writes.
    public func rfm(_ model: RFMModel, asOf: Int64) throws -> RFMModel.Result {
        try refresh()
        return model.run(index, asOf: asOf, settings: database.settings)
    }

    /// Runs the lifecycle model as of an instant, after reading the latest writes.
    public func lifecycle(_ model: LifecycleModel, asOf: Int64) throws -> [LifecycleModel.Stage: UserSet] {
        try refresh()
        return model.stages(index, asOf: asOf, settings: database.settings)
    }

    /// What rules may refer to: the index's events and traits, the saved segments, the model layers.
    func catalog(segments: [String: SegmentRule]) -> RuleCatalog {
        RuleCatalog(events: index.eventNames, traits: index.traitKeys, segments: segments, layers: ModelLayers.all)
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
