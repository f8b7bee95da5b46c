/// A user's traits with the event time each was last set at, so that updates are ordered by
/// when they happened rather than when they arrived: a late, older `identify` cannot overwrite
/// a newer value, and a removal (`null`) is remembered as a tombstone with its time.
public struct TraitSet: Sendable, Equatable {
    /// Current values (removed keys are absent).
    public private(set) var values: [String: JSONValue]
    /// Event time (ms) each key was last set or removed at.
    public private(set) var times: [String: Int64]

    /// Creates a trait set.
    public init(values: [String: JSONValue] = [:], times: [String: Int64] = [:]) {
        self.values = values
        self.times = times
    }

    /// Applies traits sent at `time`: each key takes the new value unless a newer one is known;
    /// `null` removes the key.
    ///
    /// - Returns: whether anything changed.
    @discardableResult
    public mutating func apply(_ traits: [String: JSONValue], at time: Int64) -> Bool {
        var changed = false
        for (key, value) in traits {
            if let known = times[key], known > time { continue }
            times[key] = time
            if value.isNull {
                if values.removeValue(forKey: key) != nil { changed = true }
            } else if values[key] != value {
                values[key] = value
                changed = true
            } else {
                changed = true
            }
        }
        return changed
    }

    /// Applies traits that are set only where the key has never been set (PostHog `$set_once`).
    @discardableResult
    public mutating func applyOnce(_ traits: [String: JSONValue], at time: Int64) -> Bool {
        var changed = false
        for (key, value) in traits where times[key] == nil && !value.isNull {
            values[key] = value
            times[key] = time
            changed = true
        }
        return changed
    }

    /// Folds another profile's traits in, key by key, the newer setting winning.
    public mutating func merge(_ other: TraitSet) {
        for (key, time) in other.times {
            if let known = times[key], known >= time { continue }
            times[key] = time
            if let value = other.values[key] { values[key] = value } else { values.removeValue(forKey: key) }
        }
    }
}
