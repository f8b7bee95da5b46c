import Foundation

/// The instant an answer is given as of, and the one definition of a relative window that every
/// segment condition, model, report, cap and campaign goal uses.
///
/// An answer as of T counts only what happened strictly before T. A window of N days as of T
/// holds the N local calendar days (in the workspace time zone) ending with the day that holds
/// the last instant before T. At a local midnight T that is the N full days before it; at 14:00
/// it is today so far and the N − 1 days before. Example: 14 days as of 2024-03-31T00:00 local
/// are 03-17 through 03-30; as of 2024-03-31T14:00 they are 03-18 through 03-31 up to 14:00.
public struct AsOf: Sendable, Equatable {
    /// The name stored with every snapshot taken under this rule (older snapshots record
    /// `through_end_of_day`: as of a day's last millisecond, that millisecond included).
    public static let ruleName = "before_as_of"

    /// T (ms since 1970): events at T or later do not count.
    public let instant: Int64
    /// The time zone calendar days are counted in.
    public let timeZone: TimeZone

    /// The answer as of `instant` with days counted in `timeZone`.
    public init(_ instant: Int64, timeZone: TimeZone) {
        self.instant = instant
        self.timeZone = timeZone
    }

    /// The answer as of `instant` with days counted in the workspace's time zone.
    public init(_ instant: Int64, settings: WorkspaceSettings) {
        self.init(instant, timeZone: settings.timeZone)
    }

    /// The local day (days since 1970-01-01) that holds the last instant before T: the newest
    /// day any window as of T reaches.
    public var lastDay: Int { day(of: instant - 1) }

    /// Whether an event at `time` counts as of T (it happened strictly before T).
    @inlinable public func includes(_ time: Int64) -> Bool { time < instant }

    /// The local calendar day (days since 1970-01-01) of an instant.
    public func day(of time: Int64) -> Int {
        let local = time + offset(at: time)
        return Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000)
    }

    /// The first instant of a local calendar day: its midnight, or the moment the day begins
    /// when a daylight-saving change skips its midnight.
    public func startOfDay(_ day: Int) -> Int64 {
        let local = Int64(day) * 86_400_000
        var start = local - offset(at: local - offset(at: local))
        if self.day(of: start) < day,
           let change = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(start) / 1000))
        {
            start = Int64((change.timeIntervalSince1970 * 1000).rounded())
        }
        return start
    }

    /// The instants a window of `days` days as of T holds: from the start of the day `days − 1`
    /// days before `lastDay` up to T (excluded).
    public func lastDays(_ days: Int) -> Range<Int64> {
        clamped(startOfDay(Self.days(days, endingWith: lastDay).lowerBound), instant)
    }

    /// The local days of a window of `days` days whose newest day is `last` (at least one day):
    /// the day arithmetic every window shares, also for caps counted on the day of a send.
    public static func days(_ days: Int, endingWith last: Int) -> ClosedRange<Int> {
        (last - max(days, 1) + 1)...last
    }

    /// The instants of the local calendar days `days` (both ends included), up to T (excluded).
    public func days(_ days: ClosedRange<Int>) -> Range<Int64> {
        clamped(startOfDay(days.lowerBound), min(startOfDay(days.upperBound + 1), instant))
    }

    /// Every instant before T.
    public var ever: Range<Int64> { Int64.min..<instant }

    /// An `as_of` text as an instant: an ISO 8601 time as written, or a date `YYYY-MM-DD`
    /// meaning the end of that local day (T is the next local midnight, so the day is complete).
    public static func parse(_ text: String, timeZone: TimeZone) -> Int64? {
        guard let parsed = Timestamp.parse(text) else { return nil }
        guard text.count == 10 else { return parsed }
        return AsOf(0, timeZone: timeZone).startOfDay(Int(parsed / 86_400_000) + 1)
    }

    private func offset(at time: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time) / 1000))) * 1000
    }

    private func clamped(_ from: Int64, _ to: Int64) -> Range<Int64> {
        min(from, to)..<to
    }
}
