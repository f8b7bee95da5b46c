/// Behaviour attributes kept current on every write: when a user was first and last seen, how
/// much they did, what they bought, where they came from.
///
/// Each field is an order-independent fold (min, max, sum, or "value at the earliest/latest
/// time"), so events may arrive in any order and two profiles can be merged exactly.
public struct ComputedAttributes: Sendable, Equatable, Codable {
    /// Time of the earliest message.
    public var firstSeen: Int64?
    /// Time of the latest message.
    public var lastSeen: Int64?
    /// Behaviour events (track, page, screen).
    public var eventCount: Int64 = 0
    /// Distinct calendar days with any message (maintained by the store, which knows the days).
    public var activeDays: Int64 = 0
    /// Purchase events.
    public var purchaseCount: Int64 = 0
    /// Sum of `properties.revenue`, minor units.
    public var revenueMinor: Int64 = 0
    /// Time of the latest purchase.
    public var lastPurchaseAt: Int64?
    /// First-touch acquisition channel: the source on the earliest message that had one.
    public var firstTouchChannel: String?
    /// Time of that first touch.
    public var firstTouchAt: Int64?
    /// City on the latest message that had one.
    public var lastCity: String?
    /// Time of that city.
    public var lastCityAt: Int64?
    /// Device on the latest message that had one.
    public var lastDevice: String?
    /// Time of that device.
    public var lastDeviceAt: Int64?

    /// Empty attributes for a new profile.
    public init() {}

    /// Folds one message in.
    ///
    /// - Parameter isPurchase: whether the message counts as a purchase (by its event name).
    public mutating func apply(_ message: Message, isPurchase: Bool) {
        let t = message.timestamp
        firstSeen = min(firstSeen ?? t, t)
        lastSeen = max(lastSeen ?? t, t)
        if message.type.isBehaviour { eventCount += 1 }
        if isPurchase {
            purchaseCount += 1
            lastPurchaseAt = max(lastPurchaseAt ?? t, t)
        }
        if let revenue = message.revenueMinor { revenueMinor += revenue }
        if let source = message.campaignSource, !source.isEmpty, t < (firstTouchAt ?? .max) {
            firstTouchChannel = source
            firstTouchAt = t
        }
        if let city = message.city, !city.isEmpty, t >= (lastCityAt ?? .min) {
            lastCity = city
            lastCityAt = t
        }
        if let device = message.device, !device.isEmpty, t >= (lastDeviceAt ?? .min) {
            lastDevice = device
            lastDeviceAt = t
        }
    }

    /// Folds another profile's attributes in (an anonymous profile merged into a known one).
    /// `activeDays` is left to the caller, which must count the union of days.
    public mutating func absorb(_ other: ComputedAttributes) {
        if let f = other.firstSeen { firstSeen = min(firstSeen ?? f, f) }
        if let l = other.lastSeen { lastSeen = max(lastSeen ?? l, l) }
        eventCount += other.eventCount
        purchaseCount += other.purchaseCount
        revenueMinor += other.revenueMinor
        if let p = other.lastPurchaseAt { lastPurchaseAt = max(lastPurchaseAt ?? p, p) }
        if let t = other.firstTouchAt, t < (firstTouchAt ?? .max) {
            firstTouchAt = t
            firstTouchChannel = other.firstTouchChannel
        }
        if let t = other.lastCityAt, t >= (lastCityAt ?? .min) {
            lastCityAt = t
            lastCity = other.lastCity
        }
        if let t = other.lastDeviceAt, t >= (lastDeviceAt ?? .min) {
            lastDeviceAt = t
            lastDevice = other.lastDevice
        }
    }
}
