import Foundation

/// One user as the send policy sees them at a moment: the traits that carry addresses and
/// consent, their time zone, their unsubscriptions, and the messages they were already sent.
public struct Recipient: Sendable {
    /// Profile id.
    public var uid: Int64
    /// Stable id for the holdout split and idempotency keys (the known user id, else the anonymous id).
    public var key: String
    /// Traits (addresses such as `email`, consent such as `email_opt_in`, `timezone`).
    public var traits: [String: JSONValue]
    /// The user's time zone (the `timezone` trait, else the workspace's).
    public var timeZone: TimeZone
    /// Channels the user unsubscribed from (all of them when `unsubscribedAll`).
    public var unsubscribed: Set<ChannelKind>
    public var unsubscribedAll: Bool
    /// Earlier successful sends: instant and channel (those that count against caps).
    public var sent: [(at: Int64, channel: ChannelKind)]
    /// Times this campaign already reached the user.
    public var participations: Int

    /// Creates a recipient.
    public init(uid: Int64, key: String, traits: [String: JSONValue] = [:], timeZone: TimeZone,
                unsubscribed: Set<ChannelKind> = [], unsubscribedAll: Bool = false,
                sent: [(at: Int64, channel: ChannelKind)] = [], participations: Int = 0)
    {
        self.uid = uid
        self.key = key
        self.traits = traits
        self.timeZone = timeZone
        self.unsubscribed = unsubscribed
        self.unsubscribedAll = unsubscribedAll
        self.sent = sent
        self.participations = participations
    }

    /// The time zone a `timezone` trait names, else `fallback`.
    public static func timeZone(traits: [String: JSONValue], fallback: TimeZone) -> TimeZone {
        traits["timezone"]?.stringValue.flatMap(TimeZone.init(identifier:)) ?? fallback
    }

    /// The user's address on a channel (`""` for channels that need none), or `nil`.
    public func address(on channel: ChannelKind) -> String? {
        guard let trait = channel.addressTrait else { return "" }
        guard let value = traits[trait]?.stringValue?.trimmingCharacters(in: .whitespaces), !value.isEmpty,
              !value.unicodeScalars.contains(where: { $0.value < 32 || $0 == "<" || $0 == ">" })
        else { return nil }
        return value
    }
}
