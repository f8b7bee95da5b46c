/// An event over time (趋势): its count, the users doing it, or the sum or average of a numeric
/// property, per hour, day, week (Mondays) or month, optionally broken down by an event property
/// or a user trait (the top N values and "other"), with the same measure for the period just
/// before for comparison.
public struct TrendReport: Sendable {
    /// What is measured per bucket.
    public enum Measure: Sendable, Equatable {
        case count, users
        case sum(String), average(String)

        /// Reads `count`, `users`, `sum:PROP` or `average:PROP`.
        public init(_ text: String) throws {
            if text == "count" { self = .count; return }
            if text == "users" { self = .users; return }
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, parts[0] == "sum" { self = .sum(parts[1]); return }
            if parts.count == 2, parts[0] == "average" || parts[0] == "avg" { self = .average(parts[1]); return }
            throw StrataError(.invalidParameter, "measure is count, users, sum:PROPERTY or average:PROPERTY, not \"\(text)\".",
                              field: "measure")
        }
    }

    /// Bucket sizes.
    public enum Unit: String, Sendable, CaseIterable { case hour, day, week, month }

    /// What splits the series.
    public enum Breakdown: Sendable, Equatable {
        case none, property(String), trait(String)
    }

    /// One series: a breakdown value (or "all") and its value per bucket; `total` is the measure
    /// over the whole period (for `users`, the distinct users of the period, not a sum of buckets).
    public struct Series: Sendable, Equatable {
        public var key: String
        public var values: [Double]
        public var total: Double
    }

    /// The report's result.
    public struct Result: Sendable, Equatable {
        /// Bucket labels (`2026-09-01`, `2026-09-01T13`, `2026-09`).
        public var buckets: [String]
        /// The top values first, then "other" when values were left out.
        public var series: [Series]
        /// All events together, this period and the one before.
        public var total: Series, previous: Series?
    }

    public var event: String
    public var filters: [PropertyFilter]
    public var measure: Measure
    public var unit: Unit
    public var breakdown: Breakdown
    /// Breakdown values shown (1–50), the largest by the measure over the range first (an
    /// average ranks by the events it averages); the rest are "other".
    public var top: Int
    public var comparePrevious: Bool

    /// Creates a report.
    public init(event: String, filters: [PropertyFilter] = [], measure: Measure = .count, unit: Unit = .day,
                breakdown: Breakdown = .none, top: Int = 10, comparePrevious: Bool = false)
    {
        self.event = event
        self.filters = filters
        self.measure = measure
        self.unit = unit
        self.breakdown = breakdown
        self.top = top
        self.comparePrevious = comparePrevious
    }

    /// Checks the limits.
    public func validate(events: Set<String>) throws {
        guard events.contains(event) else {
            throw StrataError(.invalidParameter, "Unknown event \"\(event)\".", field: "event")
        }
        guard (1...50).contains(top) else {
            throw StrataError(.invalidParameter, "top must be 1…50.", field: "top")
        }
    }

    /// The bucket number of a local time: hours, days, weeks from 1970-01-05 or months since year 0.
    func bucket(localTime: Int64) -> Int {
        let day = Int(localTime >= 0 ? localTime / 86_400_000 : (localTime - 86_399_999) / 86_400_000)
        switch unit {
        case .hour: return Int(localTime >= 0 ? localTime / 3_600_000 : (localTime - 3_599_999) / 3_600_000)
        case .day: return day
        case .week:
            // Weeks numbered from the Monday 1970-01-05 (day 4).
            let monday = day - ((day + 3) % 7 + 7) % 7
            return (monday - 4) / 7
        case .month:
            let (y, m, _) = Timestamp.civilFromDays(day)
            return y * 12 + m - 1
        }
    }

    func label(_ bucket: Int) -> String {
        switch unit {
        case .hour:
            let text = WorkspaceSettings.dayText(dayNumber: bucket >= 0 ? bucket / 24 : (bucket - 23) / 24)
            let hour = ((bucket % 24) + 24) % 24
            return text + "T" + (hour < 10 ? "0" : "") + String(hour)
        case .day: return WorkspaceSettings.dayText(dayNumber: bucket)
        case .week: return WorkspaceSettings.dayText(dayNumber: bucket * 7 + 4)
        case .month:
            let month = bucket % 12 + 1
            return "\(bucket / 12)-" + (month < 10 ? "0" : "") + String(month)
        }
    }

    /// Runs the trend over the range's days.
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> Result {
        let days = range.days(settings) ?? range.fromDay...range.fromDay
        let result = aggregate(index, days: days, range: range, settings: settings, totalOnly: false)
        var previous: Series?
        if comparePrevious {
            let length = days.count
            let before = (days.lowerBound - length)...(days.lowerBound - 1)
            previous = aggregate(index, days: before, range: range, settings: settings, totalOnly: true).total
        }
        return Result(buckets: result.buckets, series: result.series, total: result.total, previous: previous)
    }

    private func aggregate(_ index: UserIndex, days: ClosedRange<Int>, range: AnalysisRange, settings: WorkspaceSettings,
                           totalOnly: Bool) -> Result
    {
        var calendar = DayCalendar(timeZone: settings.timeZone)
        let span = AsOf(range.asOf, settings: settings).days(days)
        let from = span.lowerBound
        let to = span.upperBound - 1   // the last instant counted
        let firstBucket = bucket(localTime: calendar.localTime(from))
        let lastBucket = bucket(localTime: calendar.localTime(max(from, to)))
        let bucketCount = max(0, lastBucket - firstBucket + 1)
        var labels: [String] = []
        var b = firstBucket
        while b <= lastBucket {
            labels.append(label(b))
            b += 1
        }
        guard let column = index.events(named: event), bucketCount > 0 else {
            let zero = Series(key: "all", values: Array(repeating: 0, count: bucketCount), total: 0)
            return Result(buckets: labels, series: [], total: zero, previous: nil)
        }
        let canonical = index.canonical
        let passes: [Bool]? = filters.isEmpty ? nil : index.properties.map { properties in
            filters.allSatisfy { SegmentEvaluator.compare(properties[$0.property], $0.op, $0.values) }
        }
        if column.isSorted && measure != .users {
            return aggregateSorted(index, column: column, from: from, to: to, range: range, calendar: calendar,
                                   firstBucket: firstBucket, labels: labels, passes: passes, totalOnly: totalOnly)
        }
        // The events in range, in time order.
        var positions = Array(column.positions(from: from, to: to + 1)).filter {
            column.times[$0] >= from && column.times[$0] <= to
                && (passes == nil || passes![Int(column.propertyIds[$0])])
                && (range.users == nil || range.users!.contains(Int(canonical[Int(column.users[$0])])))
        }
        if !column.isSorted { positions.sort { column.times[$0] < column.times[$1] } }
        // Breakdown key of each event: interned value texts.
        var keys = BreakdownKeys()
        var propertyKey = [Int](repeating: -1, count: index.properties.count)
        let traitColumn: UserIndex.TraitColumn? = if case .trait(let key) = breakdown { index.trait(key) } else { nil }
        let traitKeys = traitColumn.map { $0.values.map { keys.intern(BreakdownKeys.text($0)) } } ?? []
        let noTrait = keys.intern("(none)")
        var keyOf = [Int](repeating: 0, count: positions.count)
        for (n, i) in positions.enumerated() {
            switch breakdown {
            case .none: keyOf[n] = 0
            case .property(let name):
                let p = Int(column.propertyIds[i])
                if propertyKey[p] < 0 { propertyKey[p] = keys.intern(BreakdownKeys.text(index.properties[p][name])) }
                keyOf[n] = propertyKey[p]
            case .trait:
                let u = Int(canonical[Int(column.users[i])])
                let code = traitColumn.map { u < $0.codes.count ? $0.codes[u] : -1 } ?? -1
                keyOf[n] = code < 0 ? noTrait : traitKeys[Int(code)]
            }
        }
        // Each event's value of a sum or average property (nil: the event does not carry it).
        var valueOf = [Double?](repeating: nil, count: index.properties.count)
        var valueRead = [Bool](repeating: false, count: index.properties.count)
        let valueProperty: String? = switch measure {
        case .sum(let name), .average(let name): name
        default: nil
        }
        func value(_ i: Int) -> Double? {
            guard let valueProperty else { return nil }
            let p = Int(column.propertyIds[i])
            if !valueRead[p] {
                valueRead[p] = true
                valueOf[p] = index.properties[p][valueProperty].flatMap(SegmentEvaluator.number)
            }
            return valueOf[p]
        }
        // For `users`: each (key, user) pair once, sorted, for distinct users per key and overall.
        var pairs: [UInt64] = []
        if measure == .users {
            pairs = positions.indices.map { n in
                UInt64(keyOf[n]) << 32 | UInt64(canonical[Int(column.users[positions[n]])])
            }
            pairs.sort()
            var kept = 0
            for pair in pairs where kept == 0 || pairs[kept - 1] != pair {
                pairs[kept] = pair
                kept += 1
            }
            pairs.removeLast(pairs.count - kept)
        }
        // The top values by the series' own measure over the range (an average by the events
        // it averages), ties by text; everything else is "other".
        var shown: [Int] = []
        var slotOf = [Int](repeating: -1, count: max(keys.texts.count, 1))
        if breakdown != .none && !totalOnly {
            var scores = [Double](repeating: 0, count: keys.texts.count)
            switch measure {
            case .users:
                for pair in pairs { scores[Int(pair >> 32)] += 1 }
            case .count:
                for key in keyOf { scores[key] += 1 }
            case .sum:
                for (n, i) in positions.enumerated() { if let v = value(i) { scores[keyOf[n]] += v } }
            case .average:
                for (n, i) in positions.enumerated() where value(i) != nil { scores[keyOf[n]] += 1 }
            }
            var present = [Bool](repeating: false, count: keys.texts.count)
            for key in keyOf { present[key] = true }
            shown = scores.indices.filter { present[$0] }.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1]
                && keys.texts[$0] < keys.texts[$1]) }
            shown = Array(shown.prefix(top))
            for (slot, key) in shown.enumerated() { slotOf[key] = slot }
        }
        let other = shown.count
        let slots = shown.count + 1
        var sums = [Double](repeating: 0, count: slots * bucketCount)
        var counts = [Double](repeating: 0, count: slots * bucketCount)
        var totalSums = [Double](repeating: 0, count: bucketCount), totalCounts = [Double](repeating: 0, count: bucketCount)
        var lastSeen = measure == .users ? [Int32](repeating: -1, count: (slots + 1) * index.userCapacity) : []
        for (n, i) in positions.enumerated() {
            if n & 0xFFFF == 0 && ReportDeadline.passed { break }
            let bucketIndex = bucket(localTime: calendar.localTime(column.times[i])) - firstBucket
            let slot = breakdown == .none ? other : (slotOf[keyOf[n]] >= 0 ? slotOf[keyOf[n]] : other)
            let cell = slot * bucketCount + bucketIndex
            switch measure {
            case .count:
                counts[cell] += 1
                totalCounts[bucketIndex] += 1
            case .users:
                let u = Int(canonical[Int(column.users[i])])
                if lastSeen[slot * index.userCapacity + u] != Int32(bucketIndex) {
                    lastSeen[slot * index.userCapacity + u] = Int32(bucketIndex)
                    counts[cell] += 1
                }
                if lastSeen[slots * index.userCapacity + u] != Int32(bucketIndex) {
                    lastSeen[slots * index.userCapacity + u] = Int32(bucketIndex)
                    totalCounts[bucketIndex] += 1
                }
            case .sum, .average:
                guard let value = value(i) else { continue }
                sums[cell] += value
                counts[cell] += 1
                totalSums[bucketIndex] += value
                totalCounts[bucketIndex] += 1
            }
        }
        func values(_ sums: ArraySlice<Double>, _ counts: ArraySlice<Double>) -> (values: [Double], total: Double) {
            switch measure {
            case .count, .users:
                return (Array(counts), measure == .users ? .nan : counts.reduce(0, +))
            case .sum:
                return (Array(sums), sums.reduce(0, +))
            case .average:
                let total = counts.reduce(0, +)
                return (zip(sums, counts).map { $1 == 0 ? 0 : $0 / $1 }, total == 0 ? 0 : sums.reduce(0, +) / total)
            }
        }
        // `users` totals: the distinct users of the whole range, per series and over all.
        var distinct = [Double](repeating: 0, count: slots)
        var distinctAll = 0.0
        if measure == .users {
            var otherUsers = UserSet(capacity: index.userCapacity), allUsers = UserSet(capacity: index.userCapacity)
            for pair in pairs {
                let key = Int(pair >> 32), user = Int(pair & 0xFFFF_FFFF)
                allUsers.insert(user)
                if breakdown == .none { continue }
                if slotOf[key] >= 0 { distinct[slotOf[key]] += 1 } else { otherUsers.insert(user) }
            }
            distinct[other] = Double(otherUsers.count)
            distinctAll = Double(allUsers.count)
        }
        var series: [Series] = []
        if breakdown != .none {
            for slot in 0..<slots {
                let range = (slot * bucketCount)..<((slot + 1) * bucketCount)
                let (v, total) = values(sums[range], counts[range])
                if slot == other && v.allSatisfy({ $0 == 0 }) { continue }
                series.append(Series(key: slot == other ? "other" : keys.texts[shown[slot]], values: v,
                                     total: total.isNaN ? distinct[slot] : total))
            }
        }
        let (totalValues, totalValue) = values(totalSums[...], totalCounts[...])
        let total = Series(key: "all", values: totalValues, total: totalValue.isNaN ? distinctAll : totalValue)
        return Result(buckets: labels, series: series, total: total, previous: nil)
    }

    /// Count, sum and average of a time-ordered column in one pass: events are read where they
    /// lie, buckets are recomputed only when the local hour changes, and every breakdown value
    /// is summed before the top ones are chosen.
    private func aggregateSorted(_ index: UserIndex, column: UserIndex.EventColumn, from: Int64, to: Int64,
                                 range: AnalysisRange, calendar: DayCalendar, firstBucket: Int, labels: [String],
                                 passes: [Bool]?, totalOnly: Bool) -> Result
    {
        var calendar = calendar
        let bucketCount = labels.count
        var keys = BreakdownKeys()
        // Breakdown key per properties object or per trait code (-1: not yet read).
        var propertyKey = [Int](repeating: -1, count: breakdown == .none || totalOnly ? 0 : index.properties.count)
        var traitCodes: [Int32] = []
        var traitKey: [Int] = []
        var noTraitKey = 0
        if !totalOnly, case .trait(let name) = breakdown {
            let column = index.trait(name)
            traitCodes = column?.codes ?? []
            traitKey = column?.values.map { keys.intern(BreakdownKeys.text($0)) } ?? []
            noTraitKey = keys.intern("(none)")
        }
        var valueOf = [Double](repeating: .nan, count: index.properties.count)
        var valueRead = [Bool](repeating: false, count: index.properties.count)
        let property: String? = switch measure {
        case .sum(let name), .average(let name): name
        default: nil
        }
        // Sums and counts per key (rows of `bucketCount`), grown as keys appear.
        var sums: [Double] = [], counts: [Double] = []
        let canonical = index.canonical
        var lastHour = Int64.min
        var currentBucket = 0
        // Per stored profile id: the breakdown key of the profile it belongs to (trait
        // breakdowns), or -1 for users outside the range's audience; one lookup per event.
        let byTrait = !totalOnly && { if case .trait = breakdown { true } else { false } }()
        let needsUser = byTrait || range.users != nil
        var userKey: [Int32] = []
        if needsUser {
            userKey = canonical.map { target -> Int32 in
                let u = Int(target)
                if let users = range.users, !users.contains(u) { return -1 }
                guard byTrait else { return 0 }
                let code = u < traitCodes.count ? traitCodes[u] : -1
                return Int32(code < 0 ? noTraitKey : traitKey[Int(code)])
            }
        }
        let positions = column.positions(from: from, to: to + 1)
        column.times.withUnsafeBufferPointer { times in
            column.users.withUnsafeBufferPointer { users in
                column.propertyIds.withUnsafeBufferPointer { propertyIds in
                    userKey.withUnsafeBufferPointer { userKey in
                        for i in positions {
                            if i & 0xFFFF == 0 && ReportDeadline.passed { break }
                            let t = times[i]
                            guard t >= from && t <= to else { continue }
                            let p = Int(propertyIds[i])
                            if let passes, !passes[p] { continue }
                            var key = 0
                            if needsUser {
                                let k = userKey[Int(users[i])]
                                if k < 0 { continue }
                                key = Int(k)
                            }
                            let local = calendar.localTime(t)
                            let hour = local >= 0 ? local / 3_600_000 : (local - 3_599_999) / 3_600_000
                            if hour != lastHour {
                                lastHour = hour
                                currentBucket = bucket(localTime: local) - firstBucket
                            }
                            if !totalOnly, case .property(let name) = breakdown {
                                if propertyKey[p] < 0 { propertyKey[p] = keys.intern(BreakdownKeys.text(index.properties[p][name])) }
                                key = propertyKey[p]
                            } else if !byTrait {
                                key = 0
                            }
                            var value = 1.0
                            if let property {
                                if !valueRead[p] {
                                    valueRead[p] = true
                                    valueOf[p] = index.properties[p][property].flatMap(SegmentEvaluator.number) ?? .nan
                                }
                                value = valueOf[p]
                                if value.isNaN { continue }
                            }
                            let cell = key * bucketCount + currentBucket
                            if cell >= counts.count {
                                let grow = (key + 1) * bucketCount - counts.count
                                counts.append(contentsOf: repeatElement(0, count: grow))
                                sums.append(contentsOf: repeatElement(0, count: grow))
                            }
                            counts[cell] += 1
                            sums[cell] += value
                        }
                    }
                }
            }
        }
        let keyCount = counts.count / max(bucketCount, 1)
        func row(_ key: Int, _ values: [Double]) -> ArraySlice<Double> {
            values[(key * bucketCount)..<((key + 1) * bucketCount)]
        }
        func series(_ name: String, _ sum: [Double], _ count: [Double]) -> Series {
            switch measure {
            case .average:
                let total = count.reduce(0, +)
                return Series(key: name, values: zip(sum, count).map { $1 == 0 ? 0 : $0 / $1 },
                              total: total == 0 ? 0 : sum.reduce(0, +) / total)
            case .sum: return Series(key: name, values: sum, total: sum.reduce(0, +))
            default: return Series(key: name, values: count, total: count.reduce(0, +))
            }
        }
        var allSums = [Double](repeating: 0, count: bucketCount), allCounts = allSums
        for key in 0..<keyCount {
            for b in 0..<bucketCount {
                allSums[b] += sums[key * bucketCount + b]
                allCounts[b] += counts[key * bucketCount + b]
            }
        }
        var result: [Series] = []
        if breakdown != .none && !totalOnly {
            // Ranked by the measure over the range (an average by the events it averages).
            let totals = (0..<keyCount).map { key in
                if case .sum = measure { return row(key, sums).reduce(0, +) }
                return row(key, counts).reduce(0, +)
            }
            let shown = (0..<keyCount).filter { totals[$0] > 0 }
                .sorted { totals[$0] > totals[$1] || (totals[$0] == totals[$1] && keys.texts[$0] < keys.texts[$1]) }
                .prefix(top)
            var otherSums = allSums, otherCounts = allCounts
            for key in shown {
                let s = Array(row(key, sums)), c = Array(row(key, counts))
                result.append(series(keys.texts[key], s, c))
                for b in 0..<bucketCount {
                    otherSums[b] -= s[b]
                    otherCounts[b] -= c[b]
                }
            }
            if otherCounts.contains(where: { $0 > 0 }) { result.append(series("other", otherSums, otherCounts)) }
        }
        return Result(buckets: labels, series: result, total: series("all", allSums, allCounts), previous: nil)
    }

    /// Breakdown values interned as small integers, in the order first met.
    private struct BreakdownKeys {
        var texts: [String] = []
        private var ids: [String: Int] = [:]

        /// The id of a value's text, adding it when new.
        mutating func intern(_ text: String) -> Int {
            if let id = ids[text] { return id }
            texts.append(text)
            ids[text] = texts.count - 1
            return texts.count - 1
        }

        /// A property or trait value as breakdown text: strings as they are, absent as "(none)".
        static func text(_ value: JSONValue?) -> String {
            switch value {
            case nil, .null?: "(none)"
            case .string(let s)?: s
            case let other?: other.jsonText
            }
        }
    }
}
