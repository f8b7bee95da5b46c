/// An inbox message as the app reads it.
public struct InboxItem: Sendable, Equatable {
    public var id: Int64
    public var campaign: String
    public var title: String
    public var body: String
    public var url: String?
    public var createdAt: Int64
    public var readAt: Int64?
    public var clickedAt: Int64?

    /// A value with every field given.
    public init(id: Int64, campaign: String, title: String, body: String, url: String? = nil, createdAt: Int64, readAt: Int64? = nil, clickedAt: Int64? = nil) {
        self.id = id
        self.campaign = campaign
        self.title = title
        self.body = body
        self.url = url
        self.createdAt = createdAt
        self.readAt = readAt
        self.clickedAt = clickedAt
    }
}
