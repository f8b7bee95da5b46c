import GRDB
import StrataCore

extension ComputedAttributes {
    /// One `users` column of the attributes and the property it holds.
    /// (Key paths to stored properties are immutable values, safe to share.)
    enum Column: @unchecked Sendable {
        case time(WritableKeyPath<ComputedAttributes, Int64?>)
        case count(WritableKeyPath<ComputedAttributes, Int64>)
        case text(WritableKeyPath<ComputedAttributes, String?>)
    }

    /// The one mapping between the attributes and the `users` table: every reader and the ingest
    /// transaction's update use it, in this order.
    static let mapping: [(name: String, column: Column)] = [
        ("first_seen", .time(\.firstSeen)), ("last_seen", .time(\.lastSeen)), ("event_count", .count(\.eventCount)),
        ("active_days", .count(\.activeDays)), ("purchase_count", .count(\.purchaseCount)),
        ("revenue_minor", .count(\.revenueMinor)), ("last_purchase_at", .time(\.lastPurchaseAt)),
        ("first_touch_channel", .text(\.firstTouchChannel)), ("first_touch_at", .time(\.firstTouchAt)),
        ("last_city", .text(\.lastCity)), ("last_city_at", .time(\.lastCityAt)), ("last_device", .text(\.lastDevice)),
        ("last_device_at", .time(\.lastDeviceAt)),
    ]

    /// The `users` columns that hold the attributes, in `mapping` order.
    static let columns = mapping.map(\.name)

    /// Reads the attributes column by column, in `mapping` order: `integer(i)` and `text(i)` give
    /// the i-th column's value (`nil` for NULL).
    init(integer: (Int) -> Int64?, text: (Int) -> String?) {
        self.init()
        for (i, field) in Self.mapping.enumerated() {
            switch field.column {
            case .time(let path): self[keyPath: path] = integer(i)
            case .count(let path): self[keyPath: path] = integer(i) ?? 0
            case .text(let path): self[keyPath: path] = text(i)
            }
        }
    }

    /// Reads the attributes from a `users` row selected with (at least) `columns`.
    init(row: Row) {
        self.init(integer: { row[Self.columns[$0]] }, text: { row[Self.columns[$0]] })
    }

    /// Binds the attributes to positions `first`, `first + 1` … in `mapping` order.
    func bind(to binder: FastStatement.Binder, from first: Int32) {
        for (i, field) in Self.mapping.enumerated() {
            let position = first + Int32(i)
            switch field.column {
            case .time(let path): binder.bind(position, self[keyPath: path])
            case .count(let path): binder.bind(position, self[keyPath: path])
            case .text(let path): binder.bind(position, self[keyPath: path])
            }
        }
    }
}
