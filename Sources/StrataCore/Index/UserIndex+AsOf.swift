/// Behaviour attributes of every profile as they were at an instant, for rules and models asked
/// about the past: the rollups hold today's values, so for an earlier `asOf` they are recounted
/// from the event columns (events at or after `asOf` ignored, as `AsOf` defines).
public struct AttributesAsOf: Sendable {
    /// First and last message time before `asOf` (`UserIndex.noTime` when none).
    public var firstSeen: [Int64], lastSeen: [Int64]
    /// Behaviour events (track, page, screen) before `asOf`.
    public var eventCount: [Int32]
    /// Distinct calendar days with events before `asOf`.
    public var activeDays: [Int32]
    /// Purchases before `asOf` and the latest one's time.
    public var purchaseCount: [Int32], lastPurchaseAt: [Int64]
    /// Sum of `properties.revenue` before `asOf`, minor units.
    public var revenueMinor: [Int64]

    /// Whether a profile already existed at `asOf`: it had a message by then, or has none at
    /// all (a profile created without events). Profiles first seen later are left out of models.
    public func existed(_ u: Int, in index: UserIndex) -> Bool {
        firstSeen[u] != UserIndex.noTime || index.rollups.firstSeen[u] == UserIndex.noTime
    }
}

extension UserIndex {
    /// Event names that are not behaviour (they do not count as events or activity).
    static let nonBehaviourNames: Set<String> = ["$identify", "$group", "$alias"]

    /// Behaviour attributes as of `asOf`: the rollups themselves when nothing in the index is
    /// later, else recounted from the events (merged profiles counted for their target).
    public func attributes(asOf: Int64, settings: WorkspaceSettings) -> AttributesAsOf {
        let r = rollups
        let horizon = AsOf(asOf, settings: settings)
        if asOf > latestTime {
            return AttributesAsOf(firstSeen: r.firstSeen, lastSeen: r.lastSeen, eventCount: r.eventCount,
                                  activeDays: r.activeDays, purchaseCount: r.purchaseCount,
                                  lastPurchaseAt: r.lastPurchaseAt, revenueMinor: r.revenueMinor)
        }
        let n = userCapacity
        var result = AttributesAsOf(
            firstSeen: [Int64](repeating: Self.noTime, count: n), lastSeen: [Int64](repeating: Self.noTime, count: n),
            eventCount: [Int32](repeating: 0, count: n), activeDays: [Int32](repeating: 0, count: n),
            purchaseCount: [Int32](repeating: 0, count: n), lastPurchaseAt: [Int64](repeating: Self.noTime, count: n),
            revenueMinor: [Int64](repeating: 0, count: n))
        var revenueOf = PropertyRevenue(self)
        var days = Set<Int64>()
        let sameZone = timeZone == settings.timeZone
        for (name, c) in columnIds {
            let column = columns[c]
            let behaviour = !Self.nonBehaviourNames.contains(name)
            let purchase = settings.purchaseEvents.contains(name)
            for i in column.positions(from: .min, to: asOf) {
                let t = column.times[i]
                guard horizon.includes(t) else { continue }
                let u = Int(canonical[Int(column.users[i])])
                if let revenue = revenueOf.revenue(Int(column.propertyIds[i]), in: self) { result.revenueMinor[u] += revenue }
                if result.firstSeen[u] == Self.noTime || t < result.firstSeen[u] { result.firstSeen[u] = t }
                if t > result.lastSeen[u] { result.lastSeen[u] = t }
                if !sameZone { days.insert(Int64(u) << 24 | Int64(settings.dayNumber(t) & 0xFF_FFFF)) }
                guard behaviour else { continue }
                result.eventCount[u] += 1
                if purchase {
                    result.purchaseCount[u] += 1
                    if t > result.lastPurchaseAt[u] { result.lastPurchaseAt[u] = t }
                }
            }
        }
        if sameZone {
            // Whole days from the day sets; the last day only up to asOf, from the last time seen.
            let lastDay = horizon.lastDay, lastDayStart = horizon.startOfDay(lastDay)
            for day in activeDayNumbers where day < lastDay {
                for u in activeUsers(days: [day]) { result.activeDays[u] += 1 }
            }
            for u in 0..<n where result.lastSeen[u] != Self.noTime && result.lastSeen[u] >= lastDayStart {
                result.activeDays[u] += 1
            }
        } else {
            for key in days { result.activeDays[Int(key >> 24)] += 1 }
        }
        return result
    }
}
