import GRDB
import StrataCore

extension ComputedAttributes {
    /// The `users` columns that hold the attributes, in the order every reader and the ingest
    /// transaction's update use (`init(integer:text:)` and `bind(to:from:)` below): the one
    /// mapping between the attributes and the table.
    static let columns = [
        "first_seen", "last_seen", "event_count", "active_days", "purchase_count", "revenue_minor", "last_purchase_at",
        "first_touch_channel", "first_touch_at", "last_city", "last_city_at", "last_device", "last_device_at",
    ]

    /// Reads the attributes column by column, in `columns` order: `integer(i)` and `text(i)` give
    /// the i-th column's value (`nil` for NULL). Plain assignments, no key paths: the index build
    /// reads a million profiles through it.
    init(integer: (Int) -> Int64?, text: (Int) -> String?) {
        self.init()
        firstSeen = integer(0)
        lastSeen = integer(1)
        eventCount = integer(2) ?? 0
        activeDays = integer(3) ?? 0
        purchaseCount = integer(4) ?? 0
        revenueMinor = integer(5) ?? 0
        lastPurchaseAt = integer(6)
        firstTouchChannel = text(7)
        firstTouchAt = integer(8)
        lastCity = text(9)
        lastCityAt = integer(10)
        lastDevice = text(11)
        lastDeviceAt = integer(12)
    }

    /// Reads the attributes from a `users` row selected with (at least) `columns`.
    init(row: Row) {
        self.init(integer: { row[Self.columns[$0]] }, text: { row[Self.columns[$0]] })
    }

    /// Binds the attributes to positions `first`, `first + 1` … in `columns` order.
    func bind(to b: FastStatement.Binder, from first: Int32) {
        b.bind(first, firstSeen)
        b.bind(first + 1, lastSeen)
        b.bind(first + 2, eventCount)
        b.bind(first + 3, activeDays)
        b.bind(first + 4, purchaseCount)
        b.bind(first + 5, revenueMinor)
        b.bind(first + 6, lastPurchaseAt)
        b.bind(first + 7, firstTouchChannel)
        b.bind(first + 8, firstTouchAt)
        b.bind(first + 9, lastCity)
        b.bind(first + 10, lastCityAt)
        b.bind(first + 11, lastDevice)
        b.bind(first + 12, lastDeviceAt)
    }
}
