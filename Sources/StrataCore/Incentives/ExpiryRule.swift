import Foundation

/// When earned points expire (积分有效期), counted in the workspace's time zone so month ends
/// and daylight-saving days fall where an operations person expects them.
public enum ExpiryRule: Sendable, Equatable {
    /// Points never expire.
    case never
    /// At the end of a fixed number of days after earning (the end of that local day).
    case days(Int)
    /// At the end of the Nth calendar month after the month of earning: `endOfMonth(12)` makes
    /// points earned on 2026-03-15 expire at the end of 2027-03-31, local time.
    case endOfMonth(Int)

    /// The instant points earned at `earnedAt` expire (the first instant they no longer count).
    public func expiry(earnedAt: Int64, timeZone: TimeZone) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let earned = Date(timeIntervalSince1970: Double(earnedAt) / 1000)
        let startOfDay = calendar.startOfDay(for: earned)
        let end: Date?
        switch self {
        case .never:
            return nil
        case .days(let n):
            end = calendar.date(byAdding: .day, value: n + 1, to: startOfDay)
        case .endOfMonth(let n):
            let month = calendar.dateInterval(of: .month, for: earned)?.start ?? startOfDay
            end = calendar.date(byAdding: .month, value: n + 1, to: month)
        }
        return end.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// Reads `never`, `days:N` or `end_of_month:N` (N from 1 to 1200).
    ///
    /// - Throws: `invalidField` showing the forms there are.
    public init(text: String, field: String = "expiry") throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let n = parts.count == 2 ? Int(parts[1]) : nil
        switch (parts.first, n) {
        case ("never", nil) where parts.count == 1: self = .never
        case ("days", let n?) where (1...36_500).contains(n): self = .days(n)
        case ("end_of_month", let n?) where (1...1200).contains(n): self = .endOfMonth(n)
        default:
            throw StrataError(.invalidField, "expiry is never, days:N (1…36500) or end_of_month:N (1…1200), not \"\(text)\".",
                              field: field)
        }
    }

    /// The rule as `init(text:)` reads it.
    public var text: String {
        switch self {
        case .never: "never"
        case .days(let n): "days:\(n)"
        case .endOfMonth(let n): "end_of_month:\(n)"
        }
    }
}
