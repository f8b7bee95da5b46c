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

    /// The address that stands for every address of a user (`uid:N`).
    public static func userAddress(_ uid: Int64) -> String { "uid:\(uid)" }

    /// Whether a send to a user's address on a channel is suppressed, given the suppression keys
    /// (`channel|address`, `*` for every channel).
    public static func isSuppressed(_ suppressions: Set<String>, uid: Int64, channel: ChannelKind, address: String) -> Bool {
        suppressions.contains("*|\(userAddress(uid))") || suppressions.contains("\(channel.rawValue)|\(userAddress(uid))")
            || (!address.isEmpty && suppressions.contains("\(channel.rawValue)|\(address.lowercased())"))
    }
}
