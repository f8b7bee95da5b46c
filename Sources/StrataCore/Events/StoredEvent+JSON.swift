extension StoredEvent {
    /// The event as the admin API shows it.
    public var json: JSONValue {
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        return .object([
            "id": .number(Double(id)), "message_id": .string(messageId), "uid": .number(Double(uid)),
            "user_id": text(userId), "event": .string(event), "type": .string(type.rawValue),
            "timestamp": .string(Timestamp.format(timestamp)), "received_at": .string(Timestamp.format(receivedAt)),
            "original_timestamp": text(originalTimestamp), "properties": .object(properties),
            "revenue": revenueMinor.map { .number(Double($0) / 100) } ?? .null,
            "campaign_source": text(campaignSource), "ip": text(ip), "user_agent": text(userAgent),
            "library": text(library), "warning": text(warning),
        ])
    }
}
