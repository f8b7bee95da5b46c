/// The days an analysis covers and the instant it is computed at: `from` and `to` are
/// inclusive calendar days in the workspace time zone, cut where `AsOf` ends (nothing at or
/// after `asOf` counts), and an optional set of users (a segment or model layer) narrows every count.
public struct AnalysisRange: Sendable {
    /// First day (days since 1970-01-01 in the workspace time zone).
    public var fromDay: Int
    /// Last day, inclusive.
    public var toDay: Int
    /// Only events strictly before this instant count (ms).
    public var asOf: Int64
    /// Only these users count, when given.
    public var users: UserSet?

    /// Longest range an analysis takes, in days.
    public static let maxDays = 3660

    /// A range from `YYYY-MM-DD` texts; `to` defaults to the last day as of `asOf` (the day
    /// holding the last instant before it) and `from` to `defaultDays` days ending with `to`.
    ///
    /// - Throws: `StrataError.invalidParameter` for unreadable dates, `from` after `to`, or more than `maxDays`.
    public init(from: String?, to: String?, asOf: Int64, settings: WorkspaceSettings, defaultDays: Int = 30,
                users: UserSet? = nil) throws
    {
        let last = try to.map { try WorkspaceSettings.dayNumber(text: $0, field: "to") }
            ?? AsOf(asOf, settings: settings).lastDay
        let first = try from.map { try WorkspaceSettings.dayNumber(text: $0, field: "from") } ?? last - defaultDays + 1
        guard first <= last else {
            throw StrataError(.invalidParameter, "from must not be after to.", field: "from")
        }
        guard last - first < Self.maxDays else {
            throw StrataError(.invalidParameter, "A range covers at most \(Self.maxDays) days.", field: "from")
        }
        self.init(fromDay: first, toDay: last, asOf: asOf, users: users)
    }

    /// A range of day numbers.
    public init(fromDay: Int, toDay: Int, asOf: Int64, users: UserSet? = nil) {
        self.fromDay = fromDay
        self.toDay = toDay
        self.asOf = asOf
        self.users = users
    }

    /// The days, capped at the last day as of `asOf`.
    public func days(_ settings: WorkspaceSettings) -> ClosedRange<Int>? {
        let last = min(toDay, AsOf(asOf, settings: settings).lastDay)
        return fromDay <= last ? fromDay...last : nil
    }

    /// The instants the range covers: from the start of its first day up to the end of its last
    /// day or `asOf`, whichever comes first (excluded); `nil` when no day has begun by `asOf`.
    public func instants(_ settings: WorkspaceSettings) -> Range<Int64>? {
        days(settings).map { AsOf(asOf, settings: settings).days($0) }
    }

    /// The last day as of `asOf` in the workspace time zone (the day holding the instant before it).
    public func lastDay(_ settings: WorkspaceSettings) -> Int { AsOf(asOf, settings: settings).lastDay }

    /// `set` narrowed to the range's users.
    func narrow(_ set: UserSet) -> UserSet { users.map { set.intersection($0) } ?? set }
}
