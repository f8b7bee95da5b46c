/// A campaign as stored: its definition, version and times.
public struct StoredCampaign: Sendable {
    public var campaign: Campaign
    /// Increases with every edit and status change; each version is kept.
    public var version: Int
    public var createdAt: Int64
    public var updatedAt: Int64

    /// A stored campaign's view.
    public init(campaign: Campaign, version: Int, createdAt: Int64, updatedAt: Int64) {
        self.campaign = campaign
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
