extension UserProfile {
    /// The profile as the admin API shows it.
    public var json: JSONValue {
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(Timestamp.format($0)) } ?? .null }
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let c = computed
        return .object([
            "uid": .number(Double(uid)), "user_id": text(userId),
            "user_ids": .array(userIds.map { .string($0) }), "anonymous_ids": .array(anonymousIds.map { .string($0) }),
            "traits": .object(traits), "created_at": time(createdAt),
            "computed": .object([
                "first_seen": time(c.firstSeen), "last_seen": time(c.lastSeen),
                "event_count": .number(Double(c.eventCount)), "active_days": .number(Double(c.activeDays)),
                "purchase_count": .number(Double(c.purchaseCount)),
                "revenue": .number(Double(c.revenueMinor) / 100), "last_purchase_at": time(c.lastPurchaseAt),
                "first_touch_channel": text(c.firstTouchChannel), "last_city": text(c.lastCity),
                "last_device": text(c.lastDevice),
            ]),
        ])
    }
}
