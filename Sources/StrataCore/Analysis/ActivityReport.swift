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
        // Hoisted: a default value naming `index` would capture the whole index per call.
        let capacity = index.userCapacity
        var seenBefore = 0
        for u in index.live {
            if let users = range.users, !users.contains(u) { continue }
            let first = attributes.firstSeen[u]
            guard first != UserIndex.noTime else { continue }
            let day = calendar.day(first)
            if day < days.lowerBound {
                seenBefore += 1
            } else if day <= days.upperBound {
                newByDay[day, default: UserSet(capacity: capacity)].insert(u)
            }
        }
        // Each user's last active day and how many users were last active on each day, kept as
        // the days advance: WAU and MAU are sums over that histogram, returning users are those
        // whose previous active day is recent — no unions rebuilt per day.
        let warmUp = max(29, dormantDays)
        let base = days.lowerBound - warmUp
        var last = [Int32](repeating: .min, count: index.userCapacity)
        var lastActiveCount = [Int](repeating: 0, count: days.count + warmUp)
        func visit(_ day: Int, newUsers: UserSet?) -> (dau: Int, returning: Int, new: Int) {
            let active = range.narrow(activity.users(on: day))
            var dau = 0, returning = 0, fresh = 0
            for u in active {
                dau += 1
                let previous = last[u]
                if previous != .min { lastActiveCount[Int(previous) - base] -= 1 }
                if newUsers?.contains(u) == true {
                    fresh += 1
                } else if previous != .min && Int(previous) >= day - dormantDays {
                    returning += 1
                }
                last[u] = Int32(day)
                lastActiveCount[day - base] += 1
            }
            return (dau, returning, fresh)
        }
        for day in base..<days.lowerBound { _ = visit(day, newUsers: nil) }
        var result: [Day] = []
        var total = seenBefore
        for day in days {
            if ReportDeadline.passed { break }
            let newUsers = newByDay[day] ?? UserSet()
            total += newUsers.count
            let (dau, returning, fresh) = visit(day, newUsers: newUsers)
            let wau = lastActiveCount[(day - 6 - base)...(day - base)].reduce(0, +)
            let mau = lastActiveCount[(day - 29 - base)...(day - base)].reduce(0, +)
            result.append(Day(
                day: WorkspaceSettings.dayText(dayNumber: day), dau: dau, wau: wau, mau: mau, totalUsers: total,
                activeRate: total == 0 ? 0 : Double(dau) / Double(total), stickiness: mau == 0 ? 0 : Double(dau) / Double(mau),
                new: fresh, returning: returning, resurrected: dau - fresh - returning))
        }
        return result
    }
}
