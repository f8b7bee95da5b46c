/// An event as stored: what a timeline or an event list shows.
public struct StoredEvent: Sendable, Equatable, Codable {
    /// Storage row id (increasing with arrival).
    public var id: Int64
    /// The client's message id.
    public var messageId: String
    /// Dense profile id.
    public var uid: Int64
    /// The profile's known user id at read time, if any.
    public var userId: String?
    /// Event name (`$page`, `$identify`… for non-track types).
    public var event: String
    /// Segment message type.
    public var type: MessageType
    /// Corrected event time (ms).
    public var timestamp: Int64
    /// Receive time (ms).
    public var receivedAt: Int64
    /// The client's timestamp text.
    public var originalTimestamp: String?
    /// Properties.
    public var properties: [String: JSONValue]
    /// Revenue in minor units.
    public var revenueMinor: Int64?
    /// Campaign / UTM source.
    public var campaignSource: String?
    /// Client IP.
    public var ip: String?
    /// User agent.
    public var userAgent: String?
    /// SDK library.
    public var library: String?
    /// A correction note.
    public var warning: String?

    /// Creates an event view.
    public init(
        id: Int64, messageId: String, uid: Int64, userId: String?, event: String, type: MessageType,
        timestamp: Int64, receivedAt: Int64, originalTimestamp: String?, properties: [String: JSONValue],
        revenueMinor: Int64?, campaignSource: String?, ip: String?, userAgent: String?, library: String?,
        warning: String?
    ) {
        self.id = id
        self.messageId = messageId
        self.uid = uid
        self.userId = userId
        self.event = event
        self.type = type
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.originalTimestamp = originalTimestamp
        self.properties = properties
        self.revenueMinor = revenueMinor
        self.campaignSource = campaignSource
        self.ip = ip
        self.userAgent = userAgent
        self.library = library
        self.warning = warning
    }
}
