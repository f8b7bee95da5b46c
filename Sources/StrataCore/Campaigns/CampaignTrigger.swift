/// A trigger of a triggered campaign waiting for its delay to pass.
public struct CampaignTrigger: Sendable, Equatable {
    public var eventId: Int64
    public var uid: Int64
    public var triggeredAt: Int64
    public var dueAt: Int64

    /// A value with every field given.
    public init(eventId: Int64, uid: Int64, triggeredAt: Int64, dueAt: Int64) {
        self.eventId = eventId
        self.uid = uid
        self.triggeredAt = triggeredAt
        self.dueAt = dueAt
    }
}
