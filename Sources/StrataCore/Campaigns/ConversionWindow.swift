/// Measures conversion after a moment per user: whether each user did the goal event within
/// the window after their own reference time (when they were reached, or — for the holdout —
/// when they would have been), and the revenue they brought in that window. One pass over the
/// goal event's column and one over revenue events, whatever the number of users.
public struct ConversionWindow: Sendable {
    /// The goal event.
    public var event: String
    /// The window after the reference time (ms).
    public var window: Int64

    /// Creates a measurement.
    public init(event: String, window: Int64) {
        self.event = event
        self.window = window
    }

    /// For each (profile id, reference time): converted, and revenue in the window (minor units).
    /// Only events before `asOf` count (as `AsOf` defines); profiles merged since count for the profile they joined.
    public func measure(_ index: UserIndex, references: [(uid: Int64, at: Int64)], asOf: Int64)
        -> (converted: [Bool], revenueMinor: [Int64])
    {
        var converted = [Bool](repeating: false, count: references.count)
        var revenue = [Int64](repeating: 0, count: references.count)
        guard !references.isEmpty else { return (converted, revenue) }
        // References per live profile.
        var byUser: [Int: [Int]] = [:]
        var earliest = Int64.max, latest = Int64.min
        for (i, reference) in references.enumerated() where reference.uid >= 0 && Int(reference.uid) < index.userCapacity {
            byUser[Int(index.canonical[Int(reference.uid)]), default: []].append(i)
            earliest = min(earliest, reference.at)
            latest = max(latest, reference.at)
        }
        guard earliest <= latest else { return (converted, revenue) }
        let end = min(asOf - 1, latest + window)   // the last instant that can count
        func inWindow(_ i: Int, _ t: Int64) -> Bool {
            let at = references[i].at
            return t > at && t <= at + window && t < asOf
        }
        if let column = index.events(named: event) {
            let canonical = index.canonical
            for p in column.positions(from: earliest + 1, to: end + 1) {
                let t = column.times[p]
                guard let refs = byUser[Int(canonical[Int(column.users[p])])] else { continue }
                for i in refs where inWindow(i, t) { converted[i] = true }
            }
        }
        index.forEachRevenueEvent(before: end + 1) { u, t, minor in
            guard t > earliest, let refs = byUser[u] else { return }
            for i in refs where inWindow(i, t) { revenue[i] += minor }
        }
        return (converted, revenue)
    }
}
