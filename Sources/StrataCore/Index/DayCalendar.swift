import Foundation

/// Calendar days (days since 1970-01-01 in a time zone) of event times, fast enough to run once
/// per event while the index is built: the zone's offset is looked up once per hour of event
/// time and reused while events stay in that hour, as they mostly arrive in time order.
public struct DayCalendar: Sendable {
    /// The time zone days are counted in.
    public let timeZone: TimeZone
    private let fixedOffset: Int64?
    private var cachedHour = Int64.min
    private var cachedOffset: Int64 = 0

    /// A calendar in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        let now = Date()
        let noTransitions = timeZone.nextDaylightSavingTimeTransition(after: now.addingTimeInterval(-20 * 365 * 86_400)) == nil
        fixedOffset = noTransitions ? Int64(timeZone.secondsFromGMT(for: now)) * 1000 : nil
    }

    /// The day of an instant (ms).
    public mutating func day(_ ms: Int64) -> Int {
        let local = localTime(ms)
        return Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000)
    }

    /// The instant as wall-clock milliseconds in the time zone (the offset added).
    public mutating func localTime(_ ms: Int64) -> Int64 {
        let offset: Int64
        if let fixedOffset {
            offset = fixedOffset
        } else {
            let hour = ms >= 0 ? ms / 3_600_000 : (ms - 3_599_999) / 3_600_000
            if hour != cachedHour {
                cachedHour = hour
                cachedOffset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
            }
            offset = cachedOffset
        }
        return ms + offset
    }
}
