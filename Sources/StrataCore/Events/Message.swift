/// One validated message, normalised from Segment's or PostHog's wire format, ready to store.
///
/// Times are milliseconds since the epoch. `timestamp` is the corrected event time that every
/// analysis uses; the client's own text is kept in `originalTimestamp`.
public struct Message: Sendable, Equatable {
    /// How the ids of a message are to be read.
    public enum IdentityScheme: Sendable, Equatable {
        /// Segment: `userId` is a known user, `anonymousId` a device or browser.
        case segment
        /// PostHog: one `distinct_id` that is anonymous until an `$identify` names it.
        case distinctId
    }

    /// The client's id for the message; retries carry the same one, so it is the dedupe key.
    public var messageId: String
    /// Segment message type.
    public var type: MessageType
    /// The event name stored (the `track` event, or `$page`, `$identify`, …).
    public var event: String
    /// The known user's id, when the client has one.
    public var userId: String?
    /// The device or browser id, when the client has one.
    public var anonymousId: String?
    /// For `alias`: the id being merged into `userId`.
    public var previousId: String?
    /// For `group`: the group's id.
    public var groupId: String?
    /// How to read the ids.
    public var identityScheme: IdentityScheme
    /// Event properties (for `page`/`screen`, the name and category are included).
    public var properties: [String: JSONValue]
    /// Traits to set on the user (from `identify` traits and `context.traits`, or PostHog's `$set`).
    public var traits: [String: JSONValue]
    /// Traits to set only where the user has none yet (PostHog's `$set_once`).
    public var traitsSetOnce: [String: JSONValue]
    /// The message context without the traits (they are applied to the profile).
    public var context: [String: JSONValue]
    /// Corrected event time.
    public var timestamp: Int64
    /// When Strata received the message.
    public var receivedAt: Int64
    /// The client's timestamp text as sent.
    public var originalTimestamp: String?
    /// The client's `sentAt` text as sent.
    public var sentAt: String?
    /// A note about a correction applied on the way in (a future timestamp replaced).
    public var warning: String?
    /// `properties.revenue` in minor units (cents / 分), when present.
    public var revenueMinor: Int64?
    /// First-touch acquisition channel candidate: `context.campaign.source` or UTM source.
    public var campaignSource: String?
    /// `context.ip`.
    public var ip: String?
    /// `context.userAgent`.
    public var userAgent: String?
    /// `context.library` as `name/version`.
    public var library: String?
    /// City from `context.location.city` or the traits.
    public var city: String?
    /// Device from `context.device` (model, else type) or `context.os.name`.
    public var device: String?

    /// Creates a message; most callers get one from `MessageDecoder`.
    public init(
        messageId: String, type: MessageType, event: String, userId: String? = nil,
        anonymousId: String? = nil, previousId: String? = nil, groupId: String? = nil,
        identityScheme: IdentityScheme = .segment, properties: [String: JSONValue] = [:],
        traits: [String: JSONValue] = [:], traitsSetOnce: [String: JSONValue] = [:],
        context: [String: JSONValue] = [:], timestamp: Int64, receivedAt: Int64,
        originalTimestamp: String? = nil, sentAt: String? = nil, warning: String? = nil,
        revenueMinor: Int64? = nil, campaignSource: String? = nil, ip: String? = nil,
        userAgent: String? = nil, library: String? = nil, city: String? = nil, device: String? = nil
    ) {
        self.messageId = messageId
        self.type = type
        self.event = event
        self.userId = userId
        self.anonymousId = anonymousId
        self.previousId = previousId
        self.groupId = groupId
        self.identityScheme = identityScheme
        self.properties = properties
        self.traits = traits
        self.traitsSetOnce = traitsSetOnce
        self.context = context
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.originalTimestamp = originalTimestamp
        self.sentAt = sentAt
        self.warning = warning
        self.revenueMinor = revenueMinor
        self.campaignSource = campaignSource
        self.ip = ip
        self.userAgent = userAgent
        self.library = library
        self.city = city
        self.device = device
    }
}
