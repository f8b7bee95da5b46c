/// A campaign's rules and risk controls (规则与风控).
public struct CampaignRules: Sendable, Equatable {
    /// Times one user may be reached by this campaign (each recurrence or trigger counts).
    public var maxParticipationsPerUser: Int
    /// Messages sent per calendar day at most; the rest wait for the next day.
    public var maxSendsPerDay: Int?
    /// The budget in minor units: sending stops when the next message would pass it.
    public var budgetMinor: Int64?
    /// What one message costs per channel, minor units (0 when not given).
    public var costPerMessageMinor: [ChannelKind: Int64]
    /// Users in these saved segments are never reached.
    public var blockedSegments: [String]
    /// The campaign's own frequency caps (on top of the workspace's).
    public var caps: [FrequencyCap]
    /// Rank among campaigns competing for the same caps (higher first; 0…100).
    public var priority: Int

    /// Creates rules.
    public init(maxParticipationsPerUser: Int = 1, maxSendsPerDay: Int? = nil, budgetMinor: Int64? = nil,
                costPerMessageMinor: [ChannelKind: Int64] = [:], blockedSegments: [String] = [],
                caps: [FrequencyCap] = [], priority: Int = 50)
    {
        self.maxParticipationsPerUser = maxParticipationsPerUser
        self.maxSendsPerDay = maxSendsPerDay
        self.budgetMinor = budgetMinor
        self.costPerMessageMinor = costPerMessageMinor
        self.blockedSegments = blockedSegments
        self.caps = caps
        self.priority = priority
    }

    /// The cost of one message on a channel.
    public func cost(_ channel: ChannelKind) -> Int64 { costPerMessageMinor[channel] ?? 0 }
}
