/// Filters for listing events.
public struct EventQuery: Sendable {
    /// Only this event name.
    public var name: String?
    /// Only this profile.
    public var uid: Int64?
    /// Corrected time at or after (ms).
    public var from: Int64?
    /// Corrected time before (ms).
    public var to: Int64?
    /// Page size.
    public var limit: Int = 50
    /// Keyset cursor: events ordered by (timestamp, id) descending, strictly before this pair.
    public var before: (timestamp: Int64, id: Int64)?

    /// Creates a query.
    public init() {}
}
