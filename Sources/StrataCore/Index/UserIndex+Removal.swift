extension UserIndex {
    /// Removes erased people: their events from every column, their active days, their
    /// attributes and traits, and their place among live profiles, so that every report counts
    /// them no more, as if they had never been.
    ///
    /// `uids` are the dense ids of the profile and of the profiles merged into it (an erasure
    /// job's ids). Columns without any of their events are left as they are (not copied).
    public mutating func erase(_ uids: [Int64]) {
        var gone = UserSet(capacity: userCapacity)
        for uid in uids where uid >= 0 && Int(uid) < userCapacity {
            gone.insert(Int(uid))
            for child in mergedChildren[Int32(uid)] ?? [] { gone.insert(Int(child)) }
        }
        guard !gone.isEmpty else { return }
        for c in columns.indices where columns[c].users.contains(where: { gone.contains(Int($0)) }) {
            let column = columns[c]
            var kept = EventColumn()
            kept.isSorted = column.isSorted
            kept.users.reserveCapacity(column.users.count)
            kept.times.reserveCapacity(column.times.count)
            kept.propertyIds.reserveCapacity(column.propertyIds.count)
            for i in column.users.indices where !gone.contains(Int(column.users[i])) {
                kept.users.append(column.users[i])
                kept.times.append(column.times[i])
                kept.propertyIds.append(column.propertyIds[i])
            }
            eventCount -= column.users.count - kept.users.count
            columns[c] = kept
        }
        for i in daySets.indices where daySets[i].intersectionCount(gone) > 0 {
            daySets[i] = daySets[i].subtracting(gone)
        }
        for u in gone {
            live.remove(u)
            clearAttributes(of: u)
            for i in traitColumns.indices where traitColumns[i].codes[u] >= 0 { traitColumns[i].codes[u] = -1 }
            mergedChildren[Int32(u)] = nil
        }
    }

    /// Drops the events before an instant (the retention period): from every column and the
    /// active-day sets of the days before it. Profiles and their attributes stay.
    ///
    /// - Returns: how many events were dropped.
    @discardableResult
    public mutating func dropEvents(before cutoff: Int64) -> Int {
        var dropped = 0
        for c in columns.indices {
            let column = columns[c]
            guard column.times.contains(where: { $0 < cutoff }) else { continue }
            var kept = EventColumn()
            kept.isSorted = column.isSorted
            for i in column.times.indices where column.times[i] >= cutoff {
                kept.users.append(column.users[i])
                kept.times.append(column.times[i])
                kept.propertyIds.append(column.propertyIds[i])
            }
            dropped += column.times.count - kept.times.count
            columns[c] = kept
        }
        eventCount -= dropped
        // Days wholly before the cutoff lose their sets; the cutoff's own day keeps its users
        // (some of them were active after the cutoff on that day).
        let firstKeptDay = calendar.day(cutoff)
        for (day, position) in dayPositions where day < firstKeptDay {
            daySets[position] = UserSet()
            dayPositions[day] = nil
        }
        lastDay = Int.min
        return dropped
    }

    /// Resets a profile's behaviour attributes to those of a profile with no events.
    private mutating func clearAttributes(of u: Int) {
        rollups.firstSeen[u] = Self.noTime
        rollups.lastSeen[u] = Self.noTime
        rollups.eventCount[u] = 0
        rollups.activeDays[u] = 0
        rollups.purchaseCount[u] = 0
        rollups.revenueMinor[u] = 0
        rollups.lastPurchaseAt[u] = Self.noTime
        rollups.channel[u] = -1
        rollups.lastCity[u] = -1
        rollups.lastDevice[u] = -1
    }
}
