import StrataCore

/// How `events.original_ts` keeps the client's timestamp text in few bytes: most clients send
/// exactly the canonical form of the stored time (`2026-09-30T12:00:00.000Z`), so that case is
/// stored as `NULL`; a message sent without a timestamp is stored as `''`; anything else as sent.
enum OriginalTimestampColumn {
    /// The value to store.
    static func stored(_ original: String?, timestamp: Int64) -> String? {
        guard let original else { return "" }
        return original == Timestamp.format(timestamp) ? nil : original
    }

    /// The client's text back from the stored value.
    static func read(_ stored: String?, timestamp: Int64) -> String? {
        guard let stored else { return Timestamp.format(timestamp) }
        return stored.isEmpty ? nil : stored
    }
}
