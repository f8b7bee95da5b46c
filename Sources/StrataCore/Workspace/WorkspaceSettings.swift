import Foundation

/// Settings of a workspace that change what the domain logic computes: the calendar days are
/// counted in, and which events are purchases.
public struct WorkspaceSettings: Sendable, Equatable {
    /// The time zone that calendar days (active days, DAU) are counted in; default UTC.
    public var timeZone: TimeZone
    /// Event names that count as a purchase for purchase count and last purchase time.
    public var purchaseEvents: Set<String>

    /// Creates settings.
    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, purchaseEvents: Set<String> = ["purchase", "Order Completed"]) {
        self.timeZone = timeZone
        self.purchaseEvents = purchaseEvents
    }

    /// Whether a message is a purchase.
    public func isPurchase(_ message: Message) -> Bool {
        message.type == .track && purchaseEvents.contains(message.event)
    }

    /// The calendar day (days since 1970-01-01 in the workspace time zone) of an instant.
    public func dayNumber(_ ms: Int64) -> Int {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
        let local = ms + offset
        return Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000)
    }
}
