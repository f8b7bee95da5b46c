import Foundation

/// Evaluates segment rules on the index, as of an instant, to the set of users they select.
///
/// Windows follow `AsOf`: calendar days in the workspace time zone ending with the day that holds
/// the last instant before `asOf`, and nothing at or after `asOf` counts, so a rule evaluated on
/// historical or imported data gives the same answer every time.
public struct SegmentEvaluator: Sendable {
    /// The index to read.
    public let index: UserIndex
    /// The instant the rule is evaluated at (ms).
    public let asOf: Int64
    /// Time zone and other workspace settings.
    public let settings: WorkspaceSettings
    /// Resolves segments, model layers and tags to their users.
    public let membership: @Sendable (Membership) throws -> UserSet

    /// Creates an evaluator.
    public init(index: UserIndex, asOf: Int64, settings: WorkspaceSettings = WorkspaceSettings(),
                membership: @escaping @Sendable (Membership) throws -> UserSet = { m in
                    throw StrataError(.invalidParameter, "\(m) cannot be resolved here.")
                })
    {
        self.index = index
        self.asOf = asOf
        self.settings = settings
        self.membership = membership
    }

    /// The users the rule selects (live profiles only).
    public func evaluate(_ rule: SegmentRule) throws -> UserSet {
        switch rule {
        case .all(let rules):
            var result = index.live
            for rule in rules {
                result = result.intersection(try evaluate(rule))
                if result.isEmpty { break }
            }
            return result
        case .any(let rules):
            var result = UserSet(capacity: index.userCapacity)
            for rule in rules { result.formUnion(try evaluate(rule)) }
            return result
        case .not(let rule):
            return index.live.subtracting(try evaluate(rule))
        case .attribute(let condition):
            return attribute(condition)
        case .behaviour(let condition):
            return behaviour(condition)
        case .member(let membership):
            return try self.membership(membership).intersection(index.live)
        }
    }

    // MARK: - Time

    /// The as-of instant with the workspace's calendar: the one definition of windows.
    public var horizon: AsOf { AsOf(asOf, settings: settings) }

    /// Start (ms) of the calendar day `day` in the workspace time zone.
    func startOfDay(_ day: Int) -> Int64 { horizon.startOfDay(day) }

    /// The half-open interval of event times a window covers, never reaching `asOf`.
    func interval(_ window: TimeWindow) -> (from: Int64, to: Int64) {
        let range: Range<Int64>
        switch window {
        case .ever:
            range = horizon.ever
        case .lastDays(let days):
            range = horizon.lastDays(days)
        case .between(let from, let to):
            let first = Int(Timestamp.parse(from)! / 86_400_000), last = Int(Timestamp.parse(to)! / 86_400_000)
            range = horizon.days(first...max(first, last))
        }
        return (range.lowerBound, range.upperBound)
    }

    /// A time value in a rule: a date (start of that local day), an ISO time, or `Nd`: the start of
    /// the window of N days as of `asOf` (`0d` is `asOf` itself), so `last_seen >= 14d` agrees with
    /// `did … in 14d`.
    func instant(_ value: JSONValue) -> Int64? {
        guard let text = value.stringValue else { return nil }
        if text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 0 {
            return days == 0 ? asOf : horizon.lastDays(min(days, 36_600)).lowerBound
        }
        guard let parsed = Timestamp.parse(text) else { return nil }
        if text.count == 10 { return startOfDay(Int(parsed / 86_400_000)) }
        return parsed
    }

    // MARK: - Attributes

    func attribute(_ condition: AttributeCondition) -> UserSet {
        var result = UserSet(capacity: index.userCapacity)
        switch condition.attribute {
        case .trait(let key):
            guard let column = index.trait(key) else {
                // No user has the trait: only "absent" conditions can hold.
                return Self.compare(nil, condition.op, condition.values) ? index.live : result
            }
            let passes = column.values.map { Self.compare($0, condition.op, condition.values) }
            let absentPasses = Self.compare(nil, condition.op, condition.values)
            for u in index.live {
                let code = column.codes[u]
                if code < 0 ? absentPasses : passes[Int(code)] { result.insert(u) }
            }
        case .computed(let field):
            let r = index.rollups
            // Counts and times as of asOf (recounted from events when asOf is in the past).
            let a = field.isText ? nil : index.attributes(asOf: asOf, settings: settings)
            func number(_ u: Int) -> JSONValue? {
                switch field {
                case .eventCount: .number(Double(a!.eventCount[u]))
                case .activeDays: .number(Double(a!.activeDays[u]))
                case .purchaseCount: .number(Double(a!.purchaseCount[u]))
                case .revenue: .number(Double(a!.revenueMinor[u]) / 100)
                default: nil
                }
            }
            func time(_ u: Int) -> Int64 {
                switch field {
                case .firstSeen: a!.firstSeen[u]
                case .lastSeen: a!.lastSeen[u]
                default: a!.lastPurchaseAt[u]
                }
            }
            func text(_ u: Int) -> JSONValue? {
                let code = field == .channel ? r.channel[u] : field == .lastCity ? r.lastCity[u] : r.lastDevice[u]
                return index.text(of: code).map { .string($0) }
            }
            if field.isTime {
                let bounds = condition.values.compactMap(instant)
                for u in index.live {
                    let t = time(u)
                    let has = t != UserIndex.noTime
                    let holds: Bool
                    switch condition.op {
                    case .exists: holds = has
                    case .notExists: holds = !has
                    default: holds = has && bounds.count == 1 && Self.order(t, bounds[0], condition.op)
                    }
                    if holds { result.insert(u) }
                }
            } else {
                for u in index.live where Self.compare(field.isNumber ? number(u) : text(u), condition.op, condition.values) {
                    result.insert(u)
                }
            }
        }
        return result
    }

    static func order<T: Comparable>(_ a: T, _ b: T, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .equals: a == b
        case .notEquals: a != b
        default: false
        }
    }

    /// Whether a value (absent: `nil`) satisfies `op` against `values`.
    static func compare(_ value: JSONValue?, _ op: ComparisonOperator, _ values: [JSONValue]) -> Bool {
        let present = value.flatMap { $0.isNull ? nil : $0 }
        switch op {
        case .exists: return present != nil
        case .notExists: return present == nil
        case .equals, .oneOf: return present.map { v in values.contains { equal(v, $0) } } ?? false
        case .notEquals, .noneOf: return present.map { v in !values.contains { equal(v, $0) } } ?? true
        case .contains:
            guard let v = present, let needle = values.first else { return false }
            switch v {
            case .string(let s): return s.localizedCaseInsensitiveContains(text(needle))
            case .array(let items): return items.contains { equal($0, needle) }
            default: return false
            }
        case .greater, .greaterOrEqual, .less, .lessOrEqual:
            guard let v = present, let bound = values.first else { return false }
            if let a = number(v), let b = number(bound) { return order(a, b, op) }
            if case .string(let a) = v, case .string(let b) = bound { return order(a, b, op) }
            return false
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let n): n
        case .string(let s): Double(s)
        default: nil
        }
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return value.jsonText
    }

    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if a == b { return true }
        if let x = number(a), let y = number(b) { return x == y }
        return text(a) == text(b)
    }

    // MARK: - Behaviour

    func behaviour(_ condition: BehaviourCondition) -> UserSet {
        var result = UserSet(capacity: index.userCapacity)
        let counts = counts(condition)
        let min = Int32(clamping: condition.minCount)
        let max = condition.maxCount.map { Int32(clamping: $0) } ?? Int32.max
        for u in index.live where counts[u] >= min && counts[u] <= max { result.insert(u) }
        return result
    }

    /// How many of the condition's events (window and property filters applied, counts ignored)
    /// each profile id did, merged profiles counted for the profile they now belong to.
    func counts(_ condition: BehaviourCondition) -> [Int32] {
        let (from, to) = interval(condition.window)
        var counts = [Int32](repeating: 0, count: index.userCapacity)
        if let column = index.events(named: condition.event) {
            let passes: [Bool]? = condition.filters.isEmpty ? nil : index.properties.map { properties in
                condition.filters.allSatisfy { Self.compare(properties[$0.property], $0.op, $0.values) }
            }
            let canonical = index.canonical
            column.times.withUnsafeBufferPointer { times in
                column.users.withUnsafeBufferPointer { users in
                    column.propertyIds.withUnsafeBufferPointer { propertyIds in
                        for i in column.positions(from: from, to: to) {
                            let t = times[i]
                            guard t >= from, t < to else { continue }
                            if let passes, !passes[Int(propertyIds[i])] { continue }
                            counts[Int(canonical[Int(users[i])])] &+= 1
                        }
                    }
                }
            }
        }
        return counts
    }
}
