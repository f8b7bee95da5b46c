/// One arm of a campaign's A/B/n test: a share of the reached users (by weight) and the message
/// it sends on each channel.
public struct CampaignVariant: Sendable, Equatable {
    /// A short name (`A`, `discount-10`).
    public var name: String
    /// Relative share among the variants (1…1000).
    public var weight: Int
    /// The message per channel; a user gets the first channel, in this order, that they can be
    /// reached on.
    public var messages: [(channel: ChannelKind, message: CampaignMessage)]

    /// Creates a variant.
    public init(name: String, weight: Int = 1, messages: [(channel: ChannelKind, message: CampaignMessage)]) {
        self.name = name
        self.weight = weight
        self.messages = messages
    }

    public static func == (a: CampaignVariant, b: CampaignVariant) -> Bool {
        a.name == b.name && a.weight == b.weight && a.messages.map(\.channel) == b.messages.map(\.channel)
            && a.messages.map(\.message) == b.messages.map(\.message)
    }

    /// The message for a channel, if the variant has one.
    public func message(for channel: ChannelKind) -> CampaignMessage? {
        messages.first { $0.channel == channel }?.message
    }
}
