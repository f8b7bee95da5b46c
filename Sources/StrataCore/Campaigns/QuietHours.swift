import Foundation

/// Hours of the user's local day in which nothing is sent (免打扰): a send that falls inside
/// is deferred to the end of the quiet hours, never dropped. The span may wrap midnight
/// (22:00–08:00).
public struct QuietHours: Sendable, Equatable {
    /// Start and end, minutes after local midnight; the end is not quiet.
    public var start: Int, end: Int

    /// Creates quiet hours.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Whether a local minute of the day is quiet.
    public func contains(minuteOfDay m: Int) -> Bool {
        start <= end ? (m >= start && m < end) : (m >= start || m < end)
    }

    /// The earliest instant at or after `time` outside the quiet hours, in `timeZone`.
    public func nextAllowed(after time: Int64, timeZone: TimeZone) -> Int64 {
        var calendar = DayCalendar(timeZone: timeZone)
        return nextAllowed(after: time, calendar: &calendar)
    }

    /// The earliest instant at or after `time` outside the quiet hours, in a calendar's time zone.
    public func nextAllowed(after time: Int64, calendar: inout DayCalendar) -> Int64 {
        let local = calendar.localTime(time)
        let minute = Int((local % 86_400_000 + 86_400_000) % 86_400_000 / 60_000)
        guard contains(minuteOfDay: minute) else { return time }
        let wait = ((end - minute) % 1440 + 1440) % 1440
        // The wall-clock end of the quiet hours, turned back into an instant with the offset in
        // force then (the offset may change overnight, on a daylight-saving day).
        let intoMinute = (local % 60_000 + 60_000) % 60_000
        let target = local - intoMinute + Int64(wait) * 60_000
        let zone = calendar.timeZone
        func offset(_ instant: Int64) -> Int64 {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1000))) * 1000
        }
        let guess = target - offset(time)
        let result = target - offset(guess)
        return max(result, time)
    }

    /// Reads `"22:00-08:00"`.
    public init(text: String, field: String) throws {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]), start != end else {
            throw StrataError(.invalidField, "Quiet hours are written HH:MM-HH:MM, such as 22:00-08:00; got \"\(text)\".",
                              field: field)
        }
        self.init(start: start, end: end)
    }

    /// Minutes after midnight of `HH:MM`.
    public static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// `HH:MM` of minutes after midnight.
    public static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// `"22:00-08:00"`.
    public var text: String { Self.clock(start) + "-" + Self.clock(end) }
}
