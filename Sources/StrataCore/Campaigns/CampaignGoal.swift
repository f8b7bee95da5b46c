/// What a campaign is meant to achieve, as a number to reach by a deadline (活动目标).
public struct CampaignGoal: Sendable, Equatable {
    /// The metric the goal is stated in.
    public enum Metric: Sendable, Equatable {
        /// Reached users who did `event` within `withinHours` of being reached, as a rate (0–1).
        case conversion(event: String, withinHours: Int)
        /// Members of a saved segment.
        case segmentSize(String)
        /// Daily active users.
        case dau
    }

    public var metric: Metric
    /// The value to reach.
    public var target: Double
    /// When it must be reached (ms).
    public var deadline: Int64

    /// Creates a goal.
    public init(metric: Metric, target: Double, deadline: Int64) {
        self.metric = metric
        self.target = target
        self.deadline = deadline
    }

    /// A short description for reports ("purchase within 72 h ≥ 5%").
    public var summary: String {
        switch metric {
        case .conversion(let event, let hours):
            return "conversion to \(event) within \(hours) h ≥ \(ReportFormat.percent(target))"
        case .segmentSize(let name): return "segment \(name) ≥ \(JSONFields.text(target)) users"
        case .dau: return "DAU ≥ \(JSONFields.text(target))"
        }
    }
}
