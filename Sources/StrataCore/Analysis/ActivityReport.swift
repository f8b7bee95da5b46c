/// Daily activity (活跃度): DAU, WAU and MAU, the active rate among all users seen so far,
/// stickiness (DAU ÷ MAU), and each day's active users split into new (first seen that day),
/// returning (also active in the `dormantDays` before) and resurrected (seen before, but not in
/// the `dormantDays` before).
public struct ActivityReport: Sendable {
    /// One day's figures.
    public struct Day: Sendable, Equatable {
        /// The day (`YYYY-MM-DD`).
        public var day: String
        public var dau: Int, wau: Int, mau: Int
        /// Users seen by the end of the day (the base of the active rate).
        public var totalUsers: Int
        /// DAU ÷ total users, DAU ÷ MAU (0 when the base is 0).
        public var activeRate: Double, stickiness: Double
        public var new: Int, returning: Int, resurrected: Int
    }

    /// Days without activity before a return that make it a resurrection (default 7, at least 1).
    public var dormantDays: Int

    /// Creates a report; fewer than 1 dormant day counts as 1.
    public init(dormantDays: Int = 7) {
        self.dormantDays = max(1, dormantDays)
    }

    /// The figures of each day of the range.
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> [Day] {
        guard let days = range.days(settings) else { return [] }
        let activity = ActivityDays(index: index, settings: settings, asOf: range.asOf)
        let attributes = index.attributes(asOf: range.asOf, settings: settings)
        // Users first seen per day (and before the range), for new users and the running total.
        var calendar = DayCalendar(timeZone: settings.timeZone)
        var newByDay: [Int: UserSet] = [:]
        var seenBefore = 0
        for u in index.live {
            if let users = range.users, !users.contains(u) { continue }
            let first = attributes.firstSeen[u]
            guard first != UserIndex.noTime else { continue }
            let day = calendar.day(first)
            if day < days.lowerBound {
                seenBefore += 1
            } else if day <= days.upperBound {
                newByDay[day, default: UserSet(capacity: index.userCapacity)].insert(u)
            }
        }
        var result: [Day] = []
        var total = seenBefore
        for day in days {
            let active = range.narrow(activity.users(on: day))
            let newUsers = newByDay[day] ?? UserSet()
            total += newUsers.count
            let dau = active.count
            let mau = range.narrow(activity.users(on: (day - 29)...day)).count
            let earlier = activity.users(on: (day - dormantDays)...(day - 1))
            let old = active.subtracting(newUsers)
            let returning = old.intersection(earlier).count
            result.append(Day(
                day: WorkspaceSettings.dayText(dayNumber: day), dau: dau,
                wau: range.narrow(activity.users(on: (day - 6)...day)).count, mau: mau, totalUsers: total,
                activeRate: total == 0 ? 0 : Double(dau) / Double(total), stickiness: mau == 0 ? 0 : Double(dau) / Double(mau),
                new: active.intersection(newUsers).count, returning: returning,
                resurrected: old.count - returning))
        }
        return result
    }
}
