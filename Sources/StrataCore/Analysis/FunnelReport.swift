/// An ordered conversion funnel (转化漏斗): users who did step 1 within the range, and how far
/// each got within the conversion window that runs from their step-1 event.
///
/// Loose ordering lets other events come between steps; strict ordering breaks a user's attempt
/// at any event that is not its next step. Each user counts once per step, with their best
/// attempt: for every step the attempt that started latest, so the most window is left.
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
        return n * unit
    }

    /// Runs the funnel: step 1 within the range's days, later steps up to the window after it
    /// (and never after `asOf`).
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> [StepResult] {
        let k = steps.count
        let capacity = index.userCapacity
        var reached = [UserSet](repeating: UserSet(capacity: capacity), count: k)
        var times = [[Int64]](repeating: [], count: k)
        guard let days = range.days(settings) else { return results(reached, times) }
        let evaluator = SegmentEvaluator(index: index, asOf: range.asOf, settings: settings)
        let startFrom = evaluator.startOfDay(days.lowerBound)
        let startTo = min(evaluator.startOfDay(days.upperBound + 1) - 1, range.asOf)
        let end = min(startTo + window, range.asOf)
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
        // Strict ordering must see every event of a user; loose only the steps' events.
        let columns = strict ? Array(index.columns.indices) : stepsOf.keys.sorted()
        let positions = columns.map { c -> [Int] in
            let column = index.columns[c]
            let inRange = Array(column.positions(from: startFrom, to: end + 1)).filter {
                column.times[$0] >= startFrom && column.times[$0] <= end
            }
            return column.isSorted ? inRange : inRange.sorted { column.times[$0] < column.times[$1] }
        }
        var next = [Int](repeating: 0, count: columns.count)
        // The time of each column's next event (max when done), so the merge reads no arrays.
        var heads = columns.indices.map { j in positions[j].first.map { index.columns[columns[j]].times[$0] } ?? .max }
        let none = Int64.min
        var chainStart = [[Int64]](repeating: [Int64](repeating: none, count: capacity), count: k)
        var stepTime = [[Int64]](repeating: [Int64](repeating: none, count: capacity), count: k)
        let canonical = index.canonical
        var advanced = [Bool](repeating: false, count: k)
        while true {
            // The earliest next event over the columns (a k-way merge of time-ordered columns).
            var best = -1
            var bestTime = Int64.max
            for j in heads.indices where heads[j] < bestTime {
                bestTime = heads[j]
                best = j
            }
            if best < 0 { break }
            let c = columns[best]
            let i = positions[best][next[best]]
            next[best] += 1
            heads[best] = next[best] < positions[best].count ? index.columns[c].times[positions[best][next[best]]] : .max
            let column = index.columns[c]
            let u = Int(canonical[Int(column.users[i])])
            if let users = range.users, !users.contains(u) { continue }
            let t = bestTime, p = Int(column.propertyIds[i])
            if strict { for s in 0..<k { advanced[s] = false } }
            for s in stepsOf[c] ?? [] {
                if let pass = passes[s], !pass[p] { continue }
                if s == 0 {
                    guard t <= startTo else { continue }
                    chainStart[0][u] = t
                    stepTime[0][u] = t
                    if !reached[0].contains(u) { reached[0].insert(u) }
                    advanced[0] = true
                } else {
                    let start = chainStart[s - 1][u]
                    guard start != none, t - start <= window, start >= chainStart[s][u] else { continue }
                    if !reached[s].contains(u) {
                        reached[s].insert(u)
                        times[s].append(t - stepTime[s - 1][u])
                    }
                    chainStart[s][u] = start
                    stepTime[s][u] = t
                    advanced[s] = true
                }
            }
            if strict {
                // Any other event ends the attempts waiting for their next step.
                for s in 0..<(k - 1) where !advanced[s] { chainStart[s][u] = none }
            }
        }
        return results(reached, times)
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
