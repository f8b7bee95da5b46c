/// The users first seen within an analysis range, put in groups (channels, cohorts), and the
/// revenue each group earned by age — days since each user's own first day — before `asOf`.
/// The channel report (revenue per user, payback) and lifetime value read the same figures.
struct NewUserRevenue {
    /// Each profile's first day (workspace days), `Int.max` when it is not a new user of the range.
    var firstDay: [Int]
    /// Each profile's first message time (ms), as of the range's `asOf`.
    var firstSeen: [Int64]
    /// Each profile's group, −1 when not a new user of the range (or not grouped).
    var group: [Int32]
    /// Users per group.
    var size: [Int]
    /// The first day of each group's earliest user (`Int.max` for an empty group).
    var earliestDay: [Int]
    /// Revenue (minor units) per group and age in days, through `asOf`.
    var revenueByAge: [[Int64]]
    /// Users per group whose first revenue came at each age.
    var firstPaidByAge: [[Int]]

    /// The new users of `range` (narrowed to its users), grouped by `groupOf` (a group number
    /// from 0 up to `groups`, or −1 to leave a user out), with their revenue by age.
    init(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings, groups: Int,
         groupOf: (_ user: Int, _ firstDay: Int) -> Int)
    {
        let n = index.userCapacity
        firstDay = [Int](repeating: .max, count: n)
        group = [Int32](repeating: -1, count: n)
        size = [Int](repeating: 0, count: groups)
        earliestDay = [Int](repeating: .max, count: groups)
        let asOfDay = range.lastDay(settings)
        let maxAge = max(0, asOfDay - range.fromDay)
        revenueByAge = [[Int64]](repeating: [Int64](repeating: 0, count: maxAge + 1), count: groups)
        firstPaidByAge = [[Int]](repeating: [Int](repeating: 0, count: maxAge + 1), count: groups)
        let attributes = index.attributes(asOf: range.asOf, settings: settings)
        firstSeen = attributes.firstSeen
        guard let days = range.days(settings) else { return }
        var calendar = DayCalendar(timeZone: settings.timeZone)
        for u in index.live where attributes.firstSeen[u] != UserIndex.noTime {
            if let users = range.users, !users.contains(u) { continue }
            let day = calendar.day(attributes.firstSeen[u])
            guard days.contains(day) else { continue }
            let g = groupOf(u, day)
            guard g >= 0 else { continue }
            firstDay[u] = day
            group[u] = Int32(g)
            size[g] += 1
            earliestDay[g] = min(earliestDay[g], day)
        }
        var firstPaid = [Int32](repeating: .max, count: n)
        index.forEachRevenueEvent(before: range.asOf) { u, time, minor in
            let g = Int(group[u])
            guard g >= 0 else { return }
            let age = calendar.day(time) - firstDay[u]
            guard age >= 0, age <= maxAge else { return }
            revenueByAge[g][age] += minor
            if minor > 0 { firstPaid[u] = min(firstPaid[u], Int32(age)) }
        }
        for u in 0..<n where firstPaid[u] != .max { firstPaidByAge[Int(group[u])][Int(firstPaid[u])] += 1 }
    }

    /// Revenue of a group through age `age` (inclusive), minor units.
    func revenue(group g: Int, throughAge age: Int) -> Int64 {
        revenueByAge[g].prefix(max(0, age + 1)).reduce(0, +)
    }

    /// Users of a group who had paid by age `age` (inclusive).
    func paying(group g: Int, throughAge age: Int) -> Int {
        firstPaidByAge[g].prefix(max(0, age + 1)).reduce(0, +)
    }
}

extension UserIndex {
    /// Calls `body` with the profile (merges applied), time and revenue (minor units) of every
    /// event before `asOf` whose properties carry a `revenue` number, as the rollups count it.
    func forEachRevenueEvent(before asOf: Int64, _ body: (_ user: Int, _ time: Int64, _ minor: Int64) -> Void) {
        var revenueOf = PropertyRevenue(self)
        let canonical = self.canonical
        for column in columns {
            column.times.withUnsafeBufferPointer { times in
                column.users.withUnsafeBufferPointer { users in
                    column.propertyIds.withUnsafeBufferPointer { propertyIds in
                        for i in column.positions(from: .min, to: asOf) {
                            guard let minor = revenueOf.revenue(Int(propertyIds[i]), in: self), times[i] < asOf else {
                                continue
                            }
                            body(Int(canonical[Int(users[i])]), times[i], minor)
                        }
                    }
                }
            }
        }
    }
}
