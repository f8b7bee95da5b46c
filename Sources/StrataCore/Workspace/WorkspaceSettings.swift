import Foundation

/// Settings of a workspace that change what the domain logic computes: the calendar days are
/// counted in, which events are purchases, and which traits are personal data.
public struct WorkspaceSettings: Sendable, Equatable {
    /// The time zone that calendar days (active days, DAU) are counted in; default UTC.
    public var timeZone: TimeZone
    /// Event names that count as a purchase for purchase count and last purchase time.
    public var purchaseEvents: Set<String>
    /// Which traits are personal data, masked for roles that may not see them.
    public var masking: MaskingPolicy
    /// How long events and quarantined messages are kept.
    public var retention: RetentionPolicy
    /// When awarded points expire unless an award says otherwise.
    public var pointsExpiry: ExpiryRule

    /// Creates settings.
    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, purchaseEvents: Set<String> = ["purchase", "Order Completed"],
                masking: MaskingPolicy = MaskingPolicy(), retention: RetentionPolicy = RetentionPolicy(),
                pointsExpiry: ExpiryRule = .endOfMonth(12)) {
        self.timeZone = timeZone
        self.purchaseEvents = purchaseEvents
        self.masking = masking
        self.retention = retention
        self.pointsExpiry = pointsExpiry
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

extension WorkspaceSettings {
    /// The calendar day of an instant as `YYYY-MM-DD` in the workspace time zone.
    public func dayText(_ ms: Int64) -> String {
        Self.dayText(dayNumber: dayNumber(ms))
    }

    /// `YYYY-MM-DD` of a day number (days since 1970-01-01).
    public static func dayText(dayNumber: Int) -> String {
        String(Timestamp.format(Int64(dayNumber) * 86_400_000).prefix(10))
    }

    /// The day number (days since 1970-01-01) of a calendar date written `YYYY-MM-DD`.
    ///
    /// - Throws: `StrataError.invalidParameter` naming `field` when the text is not a date.
    public static func dayNumber(text: String, field: String) throws -> Int {
        guard text.count == 10, let ms = Timestamp.parse(text) else {
            throw StrataError(.invalidParameter, "\(field) must be a date such as 2026-09-30, got \"\(text)\".", field: field)
        }
        return Int(ms / 86_400_000)
    }

    /// The instant that completes a calendar day given as `YYYY-MM-DD`: the next local midnight
    /// in the workspace time zone, so an answer as of it covers the whole day and nothing after.
    ///
    /// - Throws: `StrataError.invalidParameter` when the text is not a date.
    public func endOfDay(_ day: String, field: String) throws -> Int64 {
        AsOf(0, settings: self).startOfDay(try Self.dayNumber(text: day, field: field) + 1)
    }

    /// The first instant of a calendar day given as `YYYY-MM-DD` in the workspace time zone.
    ///
    /// - Throws: `StrataError.invalidParameter` when the text is not a date.
    public func startOfDay(_ day: String, field: String) throws -> Int64 {
        AsOf(0, settings: self).startOfDay(try Self.dayNumber(text: day, field: field))
    }
}

extension WorkspaceSettings {
    /// The purchase event this workspace records: the first configured one that has events in
    /// the index (`purchase` before `Order Completed` when both do), else `purchase`.
    /// Conversions default to it when a campaign or report names none.
    public func purchaseEvent(in index: UserIndex) -> String {
        let names = purchaseEvents.sorted { ($0 != "purchase" ? 1 : 0, $0) < ($1 != "purchase" ? 1 : 0, $1) }
        return names.first { index.columnIds[$0] != nil } ?? "purchase"
    }
}
