/// Parses and formats the RFC 3339 / ISO 8601 instants that SDKs send, as milliseconds since
/// the Unix epoch.
///
/// SDKs differ in the details (`Z` or `+00:00`, 0 to 9 fractional digits, a space instead of
/// `T`), so this accepts all of them; it is hand-written because it runs once per message on
/// the hot path and Foundation's formatters are strict about fractional digits.
public enum Timestamp {
    /// Milliseconds since the epoch for an ISO 8601 string, or `nil` when it cannot be read.
    ///
    /// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z`, `±HH:MM`, `±HHMM` or no
    /// zone (read as UTC).
    public static func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2),
              expect(UInt8(ascii: "-")), let day = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0
        var offsetMinutes = 0
        if i < n {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else {
                return nil
            }
            i += 1
            guard let h = digits(2), expect(UInt8(ascii: ":")), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(UInt8(ascii: ":")) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    var count = 0
                    var fraction = 0
                    while i < n, b[i] >= 48, b[i] <= 57 {
                        if count < 3 { fraction = fraction * 10 + Int(b[i] - 48) }
                        count += 1
                        i += 1
                    }
                    guard count > 0 else { return nil }
                    for _ in count..<max(count, 3) { fraction *= 10 }
                    millis = fraction
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if i < n {
                let c = b[i]
                if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                    i += 1
                } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(UInt8(ascii: ":"))
                    guard let om = digits(2), oh < 24, om < 60 else { return nil }
                    offsetMinutes = (oh * 60 + om) * (c == UInt8(ascii: "+") ? 1 : -1)
                } else {
                    return nil
                }
            }
            guard i == n else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        let ms = seconds * 1000 + Int64(millis)
        // A zone offset can carry 0000-01-01 into year -1 or 9999-12-31 into year 10000, which
        // four digits cannot write: such instants are refused, so every one read formats back.
        guard (minimum...maximum).contains(ms) else { return nil }
        return ms
    }

    /// The first instant that formats with a four-digit year: 0000-01-01T00:00:00.000Z.
    static let minimum = Int64(daysFromCivil(year: 0, month: 1, day: 1)) * 86_400_000
    /// The last: 9999-12-31T23:59:59.999Z.
    static let maximum = Int64(daysFromCivil(year: 10_000, month: 1, day: 1)) * 86_400_000 - 1

    /// ISO 8601 text in UTC with milliseconds, e.g. `2026-09-30T12:00:00.000Z`.
    public static func format(_ ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }

    /// The calendar date (`YYYY-MM-DD`) of a day number (days since 1970-01-01).
    public static func formatDay(_ dayNumber: Int) -> String {
        String(format(Int64(dayNumber) * 86_400_000).prefix(10))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
