/// The users active on each calendar day — on any event, or on one event with property filters —
/// with merged profiles counted for the profile they belong to and nothing at or after `asOf`.
///
/// For "any event" as of the index's end it reads the index's per-day bitsets; otherwise it
/// builds the day sets with one pass over the event columns concerned.
public struct ActivityDays: Sendable {
    private let index: UserIndex
    /// Whether the sets come from the index's day bitsets (those not prepared are read on demand).
    private let fromIndex: Bool
    private let sets: [Int: UserSet]

    /// Day sets for `event` (any event when `nil`) as of `asOf`.
    ///
    /// - Parameter days: days that will be asked for many times; their sets (merges applied) are
    ///   prepared once instead of on every question.
    public init(index: UserIndex, settings: WorkspaceSettings, asOf: Int64, event: String? = nil,
                filters: [PropertyFilter] = [], days: ClosedRange<Int>? = nil)
    {
        self.index = index
        if event == nil && index.timeZone == settings.timeZone && asOf > index.latestTime {
            var prepared: [Int: UserSet] = [:]
            for day in days.map(Array.init) ?? [] { prepared[day] = index.activeUsers(days: [day]) }
            fromIndex = true
            sets = prepared
            return
        }
        fromIndex = false
        var calendar = DayCalendar(timeZone: settings.timeZone)
        var sets: [Int: UserSet] = [:]
        let canonical = index.canonical
        let capacity = index.userCapacity
        let columns = event.map { index.columnIds[$0].map { [$0] } ?? [] } ?? Array(index.columns.indices)
        let passes: [Bool]? = filters.isEmpty ? nil : index.properties.map { properties in
            filters.allSatisfy { SegmentEvaluator.compare(properties[$0.property], $0.op, $0.values) }
        }
        for c in columns {
            let column = index.columns[c]
            var lastDay = Int.min
            var current = UserSet(capacity: capacity)
            for i in column.positions(from: .min, to: asOf) where column.times[i] < asOf {
                if let passes, !passes[Int(column.propertyIds[i])] { continue }
                let day = calendar.day(column.times[i])
                if day != lastDay {
                    if lastDay != Int.min { sets[lastDay, default: UserSet(capacity: capacity)].formUnion(current) }
                    current = sets.removeValue(forKey: day) ?? UserSet(capacity: capacity)
                    lastDay = day
                }
                current.insert(Int(canonical[Int(column.users[i])]))
            }
            if lastDay != Int.min { sets[lastDay, default: UserSet(capacity: capacity)].formUnion(current) }
        }
        self.sets = sets
    }

    /// The users active on any of `days`.
    public func users<Days: Sequence>(on days: Days) -> UserSet where Days.Element == Int {
        var result = UserSet(capacity: index.userCapacity)
        var unprepared: [Int] = []
        for day in days {
            if let set = sets[day] { result.formUnion(set) } else if fromIndex { unprepared.append(day) }
        }
        if !unprepared.isEmpty { result.formUnion(index.activeUsers(days: unprepared)) }
        return result
    }

    /// The users active on one day.
    public func users(on day: Int) -> UserSet { users(on: [day]) }
}
