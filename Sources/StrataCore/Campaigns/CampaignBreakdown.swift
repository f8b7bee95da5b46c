/// Reached users and conversions by a dimension of the send (channel, hour of day, variant):
/// the detailed analysis (详细分析) of a campaign review.
public struct CampaignBreakdown: Sendable, Equatable {
    /// One value's figures.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var reached: Int
        public var converted: Int
        public var revenueMinor: Int64

        /// Creates a row.
        public init(key: String, reached: Int = 0, converted: Int = 0, revenueMinor: Int64 = 0) {
            self.key = key
            self.reached = reached
            self.converted = converted
            self.revenueMinor = revenueMinor
        }

        /// Converted ÷ reached.
        public var rate: Double? { reached == 0 ? nil : Double(converted) / Double(reached) }
    }

    /// The dimension (`channel`, `hour`).
    public var dimension: String
    public var rows: [Row]

    /// Creates a breakdown.
    public init(dimension: String, rows: [Row]) {
        self.dimension = dimension
        self.rows = rows
    }

    /// The row with the best conversion rate among those with at least `minimum` reached users.
    public func best(minimum: Int = 30) -> Row? {
        rows.filter { $0.reached >= minimum }.max { ($0.rate ?? 0) < ($1.rate ?? 0) }
    }
}
