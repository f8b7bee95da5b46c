/// A suppression as listed: channel (`*` for all), address (`uid:N` for a user), reason, time.
public struct Suppression: Sendable, Equatable {
    public var channel: String
    public var address: String
    public var reason: String
    public var createdAt: Int64

    /// A value with every field given.
    public init(channel: String, address: String, reason: String, createdAt: Int64) {
        self.channel = channel
        self.address = address
        self.reason = reason
        self.createdAt = createdAt
    }
}
