/// An ordered conversion funnel (转化漏斗): users who did step 1 within the range, and how far
/// each got within the conversion window that runs from their step-1 event.
///
/// Loose ordering lets other events come between steps; strict ordering breaks a user's attempt
/// at any event that is not its next step (identify, group and alias messages excepted). Each
/// user counts once per step; an attempt continues from the latest-started attempt at the step
/// before, so the most window is left. Times between steps are those of the first attempt that
/// reached a step. Events at the same millisecond count in step order.
public struct FunnelReport: Sendable {
    /// One step: an event with optional property filters.
    public struct Step: Sendable, Equatable {
        public var event: String
        public var filters: [PropertyFilter]

        /// Creates a step.
        public init(_ event: String, filters: [PropertyFilter] = []) {
            self.event = event
            self.filters = filters
        }
    }

    /// One step's figures.
    public struct StepResult: Sendable {
        public var event: String
        /// Users who reached the step.
        public var users: UserSet
        public var count: Int
        /// Reached ÷ step 1, reached ÷ previous step (1 for step 1; 0 when the base is 0).
        public var conversion: Double, stepConversion: Double
        /// Users of the previous step who did not reach this one.
        public var dropped: Int
        /// Milliseconds from the previous step, for the users who reached this one (sorted).
        public var times: [Int64]

        /// The median time from the previous step (ms), or `nil`.
        public var medianTime: Int64? { times.isEmpty ? nil : times[(times.count - 1) / 2] }
    }

    /// Steps allowed.
    public static let stepLimit = 2...20
    /// Longest conversion window: 90 days.
    public static let maxWindow: Int64 = 90 * 86_400_000

    public var steps: [Step]
    /// Conversion window from the step-1 event (ms).
    public var window: Int64
    /// Strict ordering.
    public var strict: Bool

    /// Creates a funnel; `validate(events:)` checks it.
    public init(steps: [Step], window: Int64 = 86_400_000, strict: Bool = false) {
        self.steps = steps
        self.window = window
        self.strict = strict
    }

    /// Checks the limits.
    ///
    /// - Throws: `StrataError.invalidParameter` for fewer than 2 or more than 20 steps, a window
    ///   outside 1 minute…90 days, or an unknown event (with its step).
    public func validate(events: Set<String>) throws {
        guard Self.stepLimit.contains(steps.count) else {
            throw StrataError(.invalidParameter, "A funnel has 2 to 20 steps, got \(steps.count).", field: "steps")
        }
        guard window >= 60_000, window <= Self.maxWindow else {
            throw StrataError(.invalidParameter, "The window must be 1 minute to 90 days (e.g. 30m, 24h, 7d).",
                              field: "window")
        }
        for (i, step) in steps.enumerated() where !events.contains(step.event) {
            throw StrataError(.invalidParameter, "Step \(i + 1): unknown event \"\(step.event)\".", field: "steps[\(i)]")
        }
    }

    /// A window written `30m`, `24h` or `7d`, in ms.
    public static func window(_ text: String) throws -> Int64 {
        let units: [Character: Int64] = ["m": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard let unit = text.last.flatMap({ units[$0] }), let n = Int64(text.dropLast()), n > 0 else {
            throw StrataError(.invalidParameter, "A window is a number and m, h or d, such as 24h; got \"\(text)\".",
                              field: "window")
        }
        let (ms, overflow) = n.multipliedReportingOverflow(by: unit)
        guard !overflow, ms <= maxWindow else {
            throw StrataError(.invalidParameter, "The window must be 1 minute to 90 days (e.g. 30m, 24h, 7d); got \"\(text)\".",
                              field: "window")
        }
        return ms
    }

    /// Runs the funnel: step 1 within the range's days, later steps up to the window after it
    /// (and never after `asOf`).
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> [StepResult] {
        let k = steps.count
        let capacity = index.userCapacity
        var reached = [UserSet](repeating: UserSet(capacity: capacity), count: k)
        let times = [[Int64]](repeating: [], count: k)
        guard let span = range.instants(settings), !span.isEmpty else { return results(reached, times) }
        // Inclusive bounds: step 1 starts in the range; later steps come before `asOf`.
        let startFrom = span.lowerBound
        let startTo = span.upperBound - 1
        let end = min(startTo + window, range.asOf - 1)
        // Steps per event name, highest first, so one event never advances two steps at once.
        var stepsOf: [Int: [Int]] = [:]
        for (s, step) in steps.enumerated() {
            if let c = index.columnIds[step.event] { stepsOf[c, default: []].insert(s, at: 0) }
        }
        let passes: [[Bool]?] = steps.map { step in
            step.filters.isEmpty ? nil : index.properties.map { properties in
                step.filters.allSatisfy { SegmentEvaluator.compare(properties[$0.property], $0.op, $0.values) }
            }
        }
        let none = Int64.min
        let canonical = index.canonical
        let filterAll = range.users
        // Loose funnels whose first event is used by no other step (the usual case) take the
        // first step in a tight two-column pass: each step-2 event learns the latest step-1
        // event before it, so the many step-1 events never enter the general merge below.
        var firstStepDone = false
        var startOfSecond: [Int64] = []
        var secondColumn = -1
        if !strict, let c0 = index.columnIds[steps[0].event], let c1 = index.columnIds[steps[1].event], c0 != c1,
           stepsOf[c0] == [0], index.columns[c0].isSorted, index.columns[c1].isSorted
        {
            firstStepDone = true
            secondColumn = c1
            let first = index.columns[c0], second = index.columns[c1]
            let r0 = first.positions(from: startFrom, to: startTo + 1), r1 = second.positions(from: startFrom, to: end + 1)
            startOfSecond = [Int64](repeating: none, count: second.times.count)
            var last = [Int64](repeating: none, count: capacity)
            var firstWords = [UInt64](repeating: 0, count: (capacity + 63) / 64)
            let flags = passes[0] ?? [], filtered = passes[0] != nil
            let audience = filterAll?.words ?? [], narrowed = filterAll != nil
            first.times.withUnsafeBufferPointer { t0 in
                first.users.withUnsafeBufferPointer { u0 in
                    first.propertyIds.withUnsafeBufferPointer { p0 in
                        second.times.withUnsafeBufferPointer { t1 in
                            second.users.withUnsafeBufferPointer { u1 in
                                canonical.withUnsafeBufferPointer { canon in
                                    last.withUnsafeMutableBufferPointer { lastTime in
                                        firstWords.withUnsafeMutableBufferPointer { reachedFirst in
                                            var i0 = r0.lowerBound
                                            func advance(through limit: Int64) {
                                                while i0 < r0.upperBound && t0[i0] <= limit {
                                                    let u = Int(canon[Int(u0[i0])])
                                                    let inAudience = !narrowed
                                                        || (u >> 6 < audience.count && audience[u >> 6] & (1 << UInt64(u & 63)) != 0)
                                                    if (!filtered || flags[Int(p0[i0])]) && inAudience {
                                                        lastTime[u] = t0[i0]
                                                        reachedFirst[u >> 6] |= 1 << UInt64(u & 63)
                                                    }
                                                    i0 += 1
                                                }
                                            }
                                            for i1 in r1 {
                                                advance(through: t1[i1])
                                                startOfSecond[i1] = lastTime[Int(canon[Int(u1[i1])])]
                                            }
                                            advance(through: .max)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            reached[0] = UserSet(words: firstWords)
        }
        // Strict ordering must see every event of a user; loose only the steps' events.
        // Identify, group and alias messages are bookkeeping, not something the user did: they
        // never break a strict funnel.
        var columnSet = strict
            ? index.columnIds.filter { !UserIndex.nonBehaviourNames.contains($0.key) || stepsOf[$0.value] != nil }
                .map(\.value).sorted()
            : stepsOf.keys.sorted()
        if firstStepDone, let c0 = index.columnIds[steps[0].event] { columnSet.removeAll { $0 == c0 } }
        let columns = columnSet
        // Each merged column's events in range, in time order: a range of a sorted column, or
        // the positions sorted for a column that arrived out of order.
        var colTimes: [[Int64]] = [], colUsers: [[Int32]] = [], colProps: [[Int32]] = []
        var bounds: [Range<Int>] = []
        // For a column materialized in time order, the original position of each event.
        var originals: [[Int]?] = []
        for c in columns {
            let column = index.columns[c]
            if column.isSorted {
                colTimes.append(column.times)
                colUsers.append(column.users)
                colProps.append(column.propertyIds)
                bounds.append(column.positions(from: startFrom, to: end + 1))
                originals.append(nil)
            } else {
                let order = column.times.indices.filter { column.times[$0] >= startFrom && column.times[$0] <= end }
                    .sorted { column.times[$0] < column.times[$1] }
                colTimes.append(order.map { column.times[$0] })
                colUsers.append(order.map { column.users[$0] })
                colProps.append(order.map { column.propertyIds[$0] })
                bounds.append(0..<order.count)
                originals.append(order)
            }
        }
        let stepsOfColumn = columns.map { stepsOf[$0] ?? [] }
        let rank = stepsOfColumn.map { $0.min() ?? Int.max }
        var next = bounds.map(\.lowerBound)
        // The time of each column's next event (max when done), so the merge compares plain values.
        var heads = bounds.indices.map { j in bounds[j].isEmpty ? Int64.max : colTimes[j][bounds[j].lowerBound] }
        // Per step and user (flat, step-major): start of the best attempt, and its latest step time.
        var chainStart = [Int64](repeating: none, count: k * capacity)
        var stepTime = [Int64](repeating: none, count: k * capacity)
        var gaps = [[Int64]](repeating: [], count: k)
        var advanced = [Bool](repeating: false, count: k)
        var steps = 0
        while true {
            steps &+= 1
            if steps & 0xFFFF == 0 && ReportDeadline.passed { break }
            // The earliest next event over the columns (a k-way merge of time-ordered columns).
            // Ties go to the earlier step, as in the first step's pass, so arrival order never matters.
            var best = -1
            var t = Int64.max
            var bestRank = Int.max
            for j in heads.indices where heads[j] < t || (heads[j] == t && heads[j] != .max && rank[j] < bestRank) {
                t = heads[j]
                best = j
                bestRank = rank[j]
            }
            if best < 0 { break }
            let i = next[best]
            next[best] = i + 1
            heads[best] = i + 1 < bounds[best].upperBound ? colTimes[best][i + 1] : .max
            let u = Int(canonical[Int(colUsers[best][i])])
            if let filterAll, !filterAll.contains(u) { continue }
            let p = Int(colProps[best][i])
            if strict { for s in 0..<k { advanced[s] = false } }
            for s in stepsOfColumn[best] {
                if let pass = passes[s], !pass[p] { continue }
                if s == 0 {
                    guard t <= startTo else { continue }
                    chainStart[u] = t
                    stepTime[u] = t
                    reached[0].insert(u)
                    advanced[0] = true
                } else {
                    let here = s * capacity + u, before = here - capacity
                    // After the two-column pass, a step-2 event knows its step-1 start directly.
                    let fromPass = s == 1 && firstStepDone && columns[best] == secondColumn
                    let start = fromPass ? startOfSecond[originals[best].map { $0[i] } ?? i] : chainStart[before]
                    guard start != none, t - start <= window, start >= chainStart[here] else { continue }
                    if !reached[s].contains(u) {
                        reached[s].insert(u)
                        gaps[s].append(t - (fromPass ? start : stepTime[before]))
                    }
                    chainStart[here] = start
                    stepTime[here] = t
                    advanced[s] = true
                }
            }
            if strict {
                // Any other event ends the attempts waiting for their next step.
                for s in 0..<(k - 1) where !advanced[s] { chainStart[s * capacity + u] = none }
            }
        }
        return results(reached, gaps)
    }

    private func results(_ reached: [UserSet], _ times: [[Int64]]) -> [StepResult] {
        let first = reached[0].count
        return steps.indices.map { s in
            let count = reached[s].count
            let previous = s == 0 ? count : reached[s - 1].count
            return StepResult(event: steps[s].event, users: reached[s], count: count,
                              conversion: first == 0 ? 0 : Double(count) / Double(first),
                              stepConversion: s == 0 ? 1 : (previous == 0 ? 0 : Double(count) / Double(previous)),
                              dropped: previous - count, times: times[s].sorted())
        }
    }
}
