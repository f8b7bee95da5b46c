/// A campaign's measured outcome: the statistics, the breakdowns and the goal's progress.
public struct CampaignOutcome: Sendable {
    /// Creates an outcome.
    public init(campaign: Campaign, results: CampaignResults, byChannel: CampaignBreakdown, byHour: CampaignBreakdown,
                byLayer: [CampaignBreakdown] = [], goalActual: Double?, conversionEvent: String, windowHours: Int,
                asOf: Int64)
    {
        self.byLayer = byLayer
        self.campaign = campaign
        self.results = results
        self.byChannel = byChannel
        self.byHour = byHour
        self.goalActual = goalActual
        self.conversionEvent = conversionEvent
        self.windowHours = windowHours
        self.asOf = asOf
    }

    public var campaign: Campaign
    public var results: CampaignResults
    public var byChannel: CampaignBreakdown
    public var byHour: CampaignBreakdown
    /// Reached users by the layer they were in when the campaign started, one breakdown per
    /// model (`lifecycle`, `rfm`): the review's by-segment analysis.
    public var byLayer: [CampaignBreakdown]
    /// The goal's metric now (a rate for conversion goals), if there is a goal.
    public var goalActual: Double?
    /// The conversion event and window measured.
    public var conversionEvent: String
    public var windowHours: Int
    public var asOf: Int64
}

