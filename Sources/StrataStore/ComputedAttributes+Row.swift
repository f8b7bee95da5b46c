import GRDB
import StrataCore

extension ComputedAttributes {
    /// The `users` columns that hold the attributes, in the order the ingest transaction's
    /// update binds them.
    static let columns = [
        "first_seen", "last_seen", "event_count", "active_days", "purchase_count", "revenue_minor", "last_purchase_at",
        "first_touch_channel", "first_touch_at", "last_city", "last_city_at", "last_device", "last_device_at",
    ]

    /// Reads the attributes from a `users` row selected with (at least) `columns`.
    init(row: Row) {
        self.init()
        firstSeen = row["first_seen"]
        lastSeen = row["last_seen"]
        eventCount = row["event_count"]
        activeDays = row["active_days"]
        purchaseCount = row["purchase_count"]
        revenueMinor = row["revenue_minor"]
        lastPurchaseAt = row["last_purchase_at"]
        firstTouchChannel = row["first_touch_channel"]
        firstTouchAt = row["first_touch_at"]
        lastCity = row["last_city"]
        lastCityAt = row["last_city_at"]
        lastDevice = row["last_device"]
        lastDeviceAt = row["last_device_at"]
    }
}
