/// A message a user received (sent or being sent), for their profile.
public struct ReceivedMessage: Sendable, Equatable {
    public var campaign: String
    public var variant: String
    public var channel: String
    public var status: String
    public var sentAt: Int64?

    /// A value with every field given.
    public init(campaign: String, variant: String, channel: String, status: String, sentAt: Int64? = nil) {
        self.campaign = campaign
        self.variant = variant
        self.channel = channel
        self.status = status
        self.sentAt = sentAt
    }
}
