/// The lifecycle model (生命周期分层): every user is in exactly one stage as of an instant.
///
/// - new: first seen within the last `newDays` days;
/// - returning (回流): active within the last `activeDays` days after no activity in the
///   `silentDays` days before that window, and active some time before those (and not new);
/// - active: active within the last `activeDays` days (and neither new nor returning);
/// - silent (沉默): last active between `activeDays` and `churnDays` days ago;
/// - churned (流失): last active more than `churnDays` days ago, or never.
///
/// Profiles whose first activity is after `asOf` did not exist yet and are in no stage.
///
/// Thresholds depend on how often the product is used; `daily` and `lowFrequency` are presets.
public struct LifecycleModel: Sendable, Equatable, Codable {
    /// A lifecycle stage.
    public enum Stage: String, Sendable, CaseIterable, Codable {
        case new, returning, active, silent, churned

        /// The stage's Chinese name.
        public var chineseName: String {
            switch self {
            case .new: "新用户"
            case .returning: "回流"
            case .active: "活跃"
            case .silent: "沉默"
            case .churned: "流失"
            }
        }
    }

    /// Days since first seen that still count as new.
    public var newDays: Int
    /// Days of the activity window.
    public var activeDays: Int
    /// Days of inactivity before the activity window that make an active user "returning".
    public var silentDays: Int
    /// Days of inactivity after which a user is churned.
    public var churnDays: Int

    /// A daily-use app: new 7, active 7, returning after 14 silent days, churned after 30.
    public static let daily = LifecycleModel(newDays: 7, activeDays: 7, silentDays: 14, churnDays: 30)
    /// A low-frequency tool: new 30, active 30, returning after 60, churned after 90.
    public static let lowFrequency = LifecycleModel(newDays: 30, activeDays: 30, silentDays: 60, churnDays: 90)

    /// Creates a model; `validate()` checks the thresholds.
    public init(newDays: Int, activeDays: Int, silentDays: Int, churnDays: Int) {
        self.newDays = newDays
        self.activeDays = activeDays
        self.silentDays = silentDays
        self.churnDays = churnDays
    }

    /// Checks the thresholds.
    ///
    /// - Throws: `StrataError.invalidParameter` unless new, active and silent days are ≥ 1 and
    ///   churn days exceed active days.
    public func validate() throws {
        guard newDays >= 1, activeDays >= 1, silentDays >= 1, churnDays > activeDays, churnDays <= 3650 else {
            throw StrataError(.invalidParameter, "Lifecycle thresholds need new, active and silent days ≥ 1 and churn days "
                + "above active days (at most 3650); got new \(newDays), active \(activeDays), silent \(silentDays), "
                + "churn \(churnDays).", field: "lifecycle")
        }
    }

    /// The users of each stage as of `asOf`.
    public func stages(_ index: UserIndex, asOf: Int64, settings: WorkspaceSettings = WorkspaceSettings())
        -> [Stage: UserSet]
    {
        let horizon = AsOf(asOf, settings: settings)
        let today = horizon.lastDay
        let activeFrom = horizon.lastDays(activeDays).lowerBound
        let gapFrom = horizon.lastDays(activeDays + silentDays).lowerBound
        let churnFrom = horizon.lastDays(churnDays).lowerBound
        let newFrom = horizon.lastDays(newDays).lowerBound
        let capacity = index.userCapacity
        // Per user: first and last activity up to asOf, and whether active in the gap window.
        var first = [Int64](repeating: .max, count: capacity)
        var last = [Int64](repeating: .min, count: capacity)
        var inGap = [Bool](repeating: false, count: capacity)
        let canonical = index.canonical
        var gapUsers: UserSet?
        if asOf > index.latestTime {
            // Nothing after asOf: first and last seen are the profiles' own attributes, and only
            // the gap window's activity is needed: the day sets' union, or its events.
            for u in index.live {
                let f = index.rollups.firstSeen[u], l = index.rollups.lastSeen[u]
                if f != UserIndex.noTime { first[u] = f }
                if l != UserIndex.noTime { last[u] = l }
            }
            if index.timeZone == settings.timeZone {
                gapUsers = index.activeUsers(days: (today - activeDays - silentDays + 1)...(today - activeDays))
            } else {
                for column in index.columns {
                    for i in column.positions(from: gapFrom, to: activeFrom) {
                        let t = column.times[i]
                        if t >= gapFrom && t < activeFrom { inGap[Int(canonical[Int(column.users[i])])] = true }
                    }
                }
            }
        } else {
            let end = asOf
            for column in index.columns {
                column.times.withUnsafeBufferPointer { times in
                    column.users.withUnsafeBufferPointer { users in
                        for i in 0..<times.count {
                            let t = times[i]
                            guard t < end else { continue }
                            let u = Int(canonical[Int(users[i])])
                            if t < first[u] { first[u] = t }
                            if t > last[u] { last[u] = t }
                            if t >= gapFrom && t < activeFrom { inGap[u] = true }
                        }
                    }
                }
            }
        }
        var result = Dictionary(uniqueKeysWithValues: Stage.allCases.map { ($0, UserSet(capacity: capacity)) })
        for u in index.live {
            let stage: Stage
            if first[u] == .max {
                // Not seen by asOf: a profile that only appears later did not exist yet.
                let firstEver = index.rollups.firstSeen[u]
                if firstEver != UserIndex.noTime && !horizon.includes(firstEver) { continue }
                stage = .churned
            } else if first[u] >= newFrom {
                stage = .new
            } else if last[u] >= activeFrom {
                // Returning means back after a silence: seen before the gap, not during it.
                let activeInGap = gapUsers?.contains(u) ?? inGap[u]
                stage = !activeInGap && first[u] < gapFrom ? .returning : .active
            } else if last[u] >= churnFrom {
                stage = .silent
            } else {
                stage = .churned
            }
            result[stage]!.insert(u)
        }
        return result
    }
}
