import Foundation
import Logging
import ServiceLifecycle
import StrataCore
import StrataStore
import Synchronization

/// Owns the in-memory index: builds it from the store at start, reads what each write stored
/// (on every query, and every quarter second in the background, so writes by other processes
/// such as `strata import` show up too), and answers segment questions on it.
public actor IndexService: Service {
    let database: any WorkspaceStore
    private let logger: Logger
    /// The index; read only inside the actor.
    private(set) var index: UserIndex
    private var cursor: IndexCursor
    /// The last erasure request applied to the index.
    private var erasureSeq: Int64 = 0
    /// Manual tags' stored members by name, with the revision they were read at.
    private var tagCache: TagMemberCache = [:]
    /// Whether the index was built from the store (lazily, on the first question, when not at start).
    private var built: Bool
    /// Deltas the writer handed over, not yet applied.
    private nonisolated let feed = Mutex<[IndexDelta]>([])
    /// How many deltas were applied without reading the store (for tests and the benchmark).
    public private(set) var deltasApplied = 0
    /// The built-in models' layers for the minute they were computed in (see `builtInLayers`).
    private var layerCache: (minute: Int64, layers: BuiltInLayers)?
    /// What one report may cost; reports over it are refused before they run.
    public let reportBudget: ReportBudget
    /// Where reports run: on a snapshot of the index, off this actor, a bounded number at once.
    public nonisolated let reports: ReportQueue

    /// Builds the index from the store now, or — with `buildNow: false`, for commands that may
    /// not need it — on the first question asked of it.
    public init(database: any WorkspaceStore, logger: Logger, buildNow: Bool = true,
                reportBudget: ReportBudget = ReportBudget()) throws {
        self.database = database
        self.logger = logger
        self.reportBudget = reportBudget
        reports = ReportQueue(workers: reportBudget.workers, capacity: reportBudget.queue)
        guard buildNow else {
            index = UserIndex(timeZone: database.settings.timeZone)
            cursor = IndexCursor()
            built = false
            return
        }
        built = true
        let start = ContinuousClock.now
        let (loaded, loadedCursor) = try database.loadIndex()
        let erased = try database.erasedProfiles(after: 0)
        var index = loaded
        index.erase(erased.uids)
        self.index = index
        erasureSeq = erased.seq
        cursor = loadedCursor
        logger.info("Index built", metadata: [
            "events": "\(loaded.eventCount)", "users": "\(loaded.live.count)",
            "duration": "\(ContinuousClock.now - start)",
        ])
    }

    /// Hands the index what a commit of this process changed; applied on the next read, before
    /// the store is asked for anything newer (writes of other processes).
    public nonisolated func receive(_ delta: IndexDelta) {
        guard !delta.events.isEmpty || !delta.merges.isEmpty || !delta.profiles.isEmpty else { return }
        feed.withLock { $0.append(delta) }
    }

    /// Brings the index up to date: applies the deltas this process's writer handed over (no
    /// reading back, no parsing twice), then reads from the store whatever is newer still — the
    /// writes of other processes, such as `strata import` into the same folder — by comparing
    /// the store's high-water marks with the cursor.
    public func refresh() throws {
        if !built {
            cursor = try database.refresh(&index, from: cursor)
            built = true
        }
        for delta in feed.withLock({ pending in defer { pending.removeAll() }; return pending }) {
            if cursor.covers(delta.through) { continue }  // already read from the store
            guard delta.after == cursor else { break }  // another writer came between: the store read covers the rest
            index.apply(delta)
            cursor = delta.through
            deltasApplied += 1
        }
        cursor = try database.refresh(&index, from: cursor)
        try applyErasures()
    }

    /// Drops the events before an instant (the retention period), after reading the latest writes.
    public func dropEvents(before cutoff: Int64) throws {
        try refresh()
        index.dropEvents(before: cutoff)
        layerCache = nil
    }

    /// Removes the people erased since the last look (after reading their last events, so none
    /// of theirs stays behind).
    private func applyErasures() throws {
        let erased = try database.erasedProfiles(after: erasureSeq)
        guard erased.seq > erasureSeq else { return }
        index.erase(erased.uids)
        erasureSeq = erased.seq
        layerCache = nil
    }

    /// The index as of the latest writes, with the workspace's settings: a value the caller
    /// reads outside this actor while writes go on (the arrays are shared until the next write
    /// to each, which then copies the columns it touches once).
    public func snapshot() throws -> (index: UserIndex, settings: WorkspaceSettings) {
        try refresh()
        return (index, database.settings)
    }

    /// Runs independent read-only computations on a snapshot of the index at once, one per
    /// core, in the report queue (the dashboard's overview runs its two reports this way).
    public nonisolated func concurrently<T: Sendable>(_ work: [@Sendable (UserIndex, WorkspaceSettings) throws -> T]) async throws
        -> [T]
    {
        let (index, settings) = try await snapshot()
        return try await reports.run { try ParallelWork.run(work.map { piece in { try piece(index, settings) } }) }
    }

    /// A lifecycle model's stages and an RFM model's layers as of an instant, computed side by
    /// side on a snapshot in the report queue (the model settings page tries parameters this way).
    public nonisolated func layers(lifecycle: LifecycleModel, rfm: RFMModel, asOf: Int64) async throws -> BuiltInLayers {
        let (index, settings) = try await snapshot()
        return try await reports.run {
            let (stages, result) = try ParallelWork.both({ lifecycle.stages(index, asOf: asOf, settings: settings) },
                                                         { rfm.run(index, asOf: asOf, settings: settings) })
            return BuiltInLayers(stages: stages, rfm: result)
        }
    }

    /// The daily lifecycle stages and the default RFM layers as of an instant, kept for the
    /// minute the instant falls in: the overview and every profile page show them, and a full
    /// model run on a million users costs tens of milliseconds.
    public nonisolated func builtInLayers(asOf: Int64) async throws -> BuiltInLayers {
        let minute = asOf / 60_000
        if let cached = await cachedLayers(minute: minute) { return cached }
        let layers = try await self.layers(lifecycle: .daily, rfm: RFMModel(), asOf: asOf)
        await cache(layers, minute: minute)
        return layers
    }

    private func cachedLayers(minute: Int64) -> BuiltInLayers? {
        guard let cached = layerCache, cached.minute == minute else { return nil }
        return cached.layers
    }

    private func cache(_ layers: BuiltInLayers, minute: Int64) {
        layerCache = (minute, layers)
    }

    /// The purchase event the workspace records (see `WorkspaceSettings.purchaseEvent(in:)`).
    public func purchaseEvent() throws -> String {
        try refresh()
        return database.settings.purchaseEvent(in: index)
    }

    /// Live profiles and stored events, from the index (no table scans).
    public func totals() throws -> (users: Int, events: Int) {
        try refresh()
        return (index.live.count, index.eventCount)
    }

    /// Which of the given tags a profile carries now, with one evaluator for all of them.
    public func tags(of uid: Int64, among tags: [StoredTag], asOf: Int64) throws -> [String] {
        try refresh()
        guard uid >= 0, Int(uid) < index.userCapacity else { return [] }
        let user = Int(index.canonical[Int(uid)])
        let evaluator = SegmentEvaluator.resolving(try directory(), index: index, asOf: asOf, settings: database.settings)
        return try tags.filter { try evaluator.evaluate(.member(.tag($0.tag.name))).contains(user) }.map(\.tag.name)
    }

    /// Evaluates a rule as of an instant, after reading the latest writes.
    ///
    /// - Throws: `StrataError` when the rule refers to events, traits, segments, layers or tags
    ///   that do not exist, or uses an operator that does not fit.
    public func evaluate(_ rule: SegmentRule, asOf: Int64) throws -> UserSet {
        try refresh()
        let directory = try self.directory()
        try rule.validate(against: directory.catalog(index))
        return try SegmentEvaluator.resolving(directory, index: index, asOf: asOf, settings: database.settings)
            .evaluate(rule)
    }

    /// The sizes of several saved segments, after one refresh (for listings).
    public func sizes(of segments: [SavedSegment], asOf: Int64) throws -> [Int] {
        try refresh()
        let evaluator = SegmentEvaluator.resolving(try directory(), index: index, asOf: asOf, settings: database.settings)
        return try segments.map { try evaluator.evaluate($0.rule).count }
    }

    /// The current sizes of tags (manual tags with merges applied, rule tags as their segments).
    public func sizes(of tags: [StoredTag], asOf: Int64) throws -> [Int] {
        try refresh()
        let evaluator = SegmentEvaluator.resolving(try directory(), index: index, asOf: asOf, settings: database.settings)
        return try tags.map { try evaluator.evaluate(.member(.tag($0.tag.name))).count }
    }

    /// Checks a rule about to be saved as `name` (unknown names, operators, cycles through it).
    public func validate(_ rule: SegmentRule, savingAs name: String) throws {
        try refresh()
        var directory = try self.directory()
        directory.segments[name] = nil
        try rule.validate(against: directory.catalog(index), name: name)
    }

    /// Checks a rule against a directory that is about to be stored (a new rule tag), so a cycle
    /// through it is refused before it is saved.
    public func validate(directory: MembershipDirectory, rule: SegmentRule) throws {
        try refresh()
        try rule.validate(against: directory.catalog(index))
    }

    /// Checks a scoring model's events and traits against the index.
    public func validate(_ model: ScoringModel) throws {
        try refresh()
        try model.validate(against: try directory().catalog(index))
    }

    /// Runs a scoring model as of an instant, after reading the latest writes.
    public func score(_ model: ScoringModel, asOf: Int64) throws -> ScoringModel.Result {
        try refresh()
        try model.validate(against: try directory().catalog(index))
        return model.run(index, asOf: asOf, settings: database.settings)
    }

    /// Profile ids as the index sees them: each id mapped to the live profile it now belongs to.
    public func canonical(_ uids: [Int64]) throws -> [Int64] {
        try refresh()
        return uids.map { $0 >= 0 && Int($0) < index.canonical.count ? Int64(index.canonical[Int($0)]) : $0 }
    }

    /// The saved segments, tags and scoring models, with each manual tag's members read from the
    /// store only when the tag changed since they were last read.
    public func directory() throws -> MembershipDirectory {
        let (directory, cache) = try database.membershipDirectory(cache: tagCache)
        tagCache = cache
        return directory
    }

    /// Runs a report after reading the latest writes, narrowed to its segment or layer if it
    /// names one. A report over the budget is refused before it allocates anything; the rest
    /// run on a snapshot in the report queue, so a slow one never holds this actor (segment
    /// previews, freshness) or ingestion, and stop at the budget's time limit.
    ///
    /// - Throws: `StrataError.invalidParameter` over the memory budget; `.unavailable` with
    ///   `Retry-After` when the queue is full or the report ran past its time limit.
    public nonisolated func report(_ request: ReportRequest) async throws -> ReportRequest.Output {
        let (index, inputs, settings) = try await prepare(request)
        let seconds = reportBudget.seconds
        let (output, timedOut) = try await reports.run {
            try ReportDeadline.run(seconds: seconds) { try request.run(index, inputs: inputs, settings: settings) }
        }
        guard !timedOut else {
            throw StrataError(.unavailable, "The \(request.kind.rawValue) report ran past its time limit of "
                + "\(Int(seconds)) s and was stopped; narrow its range or parameters, or retry later.",
                retryAfterSeconds: 30)
        }
        return output
    }

    /// Checks a report against the budget and works out its inputs (segment, spend) on the
    /// latest index, returning the snapshot it is to run on.
    private func prepare(_ request: ReportRequest) throws
        -> (index: UserIndex, inputs: ReportRequest.Inputs, settings: WorkspaceSettings)
    {
        try refresh()
        try reportBudget.check(request, users: index.userCapacity, settings: database.settings)
        let asOf = try request.asOf(database.settings)
        let inputs = try request.inputs(settings: database.settings, evaluate: { try evaluate($0, asOf: asOf) },
                                        spend: { try database.channelSpend() })
        return (index, inputs, database.settings)
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

/// The built-in models' layers at one instant: lifecycle stages and RFM layers.
public struct BuiltInLayers: Sendable {
    public var stages: [LifecycleModel.Stage: UserSet]
    public var rfm: RFMModel.Result

    /// A profile's stage and RFM layer (profile ids as the index has them, after merges).
    public func layers(of user: Int) -> (stage: LifecycleModel.Stage?, rfm: RFMModel.Layer?) {
        (stages.first { $0.value.contains(user) }?.key, rfm.layers.first { $0.value.contains(user) }?.key)
    }
}
