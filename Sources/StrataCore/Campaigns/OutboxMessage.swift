/// A message in the outbox, claimed for sending.
public struct OutboxMessage: Sendable, Equatable {
    public var id: Int64
    /// The idempotency key (campaign, occurrence, variant, user), passed to providers.
    public var key: String
    public var campaign: String
    public var occurrence: String
    public var uid: Int64
    public var variant: String
    public var channel: ChannelKind
    public var address: String
    /// Attempts so far, this one included.
    public var attempts: Int
    /// The user's known id as read when the message was claimed.
    public var userId: String? = nil

    /// A value with every field given.
    public init(id: Int64, key: String, campaign: String, occurrence: String, uid: Int64, variant: String, channel: ChannelKind, address: String, attempts: Int, userId: String? = nil) {
        self.id = id
        self.key = key
        self.campaign = campaign
        self.occurrence = occurrence
        self.uid = uid
        self.variant = variant
        self.channel = channel
        self.address = address
        self.attempts = attempts
        self.userId = userId
    }
}
