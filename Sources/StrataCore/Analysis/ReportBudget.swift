import Foundation

/// What a report may cost before it runs (报表预算). Reports allocate working memory in
/// proportion to their parameters — a retention over ten years of day cohorts holds a user
/// bitset per cohort, a 20-step funnel two times per user per step, a trend of users keeps a
/// marker per user per breakdown value — so the cost is estimated from the parameters and the
/// index's size, and a report over the budget is refused with a 400 naming the parameter to
/// narrow, instead of holding the server's memory for everyone else.
public struct ReportBudget: Sendable, Equatable {
    /// Working memory one report may use, in bytes (default 512 MB).
    public var memoryBytes: Int
    /// How long one report may run, in seconds (default 10); past it the report stops and the
    /// client is told to retry later.
    public var seconds: Double
    /// Reports running at once, each on a core of its own (default: the machine's cores).
    public var workers: Int
    /// Reports waiting for a worker; one more is refused with a 503 and `Retry-After`
    /// (default 4 per worker).
    public var queue: Int

    /// A budget of `memoryBytes` and `seconds` per report, with `workers` running at once and
    /// `queue` waiting.
    public init(memoryBytes: Int = 512 << 20, seconds: Double = 10, workers: Int? = nil, queue: Int? = nil) {
        self.memoryBytes = memoryBytes
        self.seconds = seconds
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.queue = max(0, queue ?? 4 * self.workers)
    }

    /// One estimate: the bytes, what drives them, and the parameter to narrow.
    public struct Estimate: Sendable, Equatable {
        public var bytes: Int
        /// The cost driver in words ("3,660 day cohorts × 1,000,000 users").
        public var driver: String
        /// The parameter the caller should change, and how.
        public var field: String, advice: String
    }

    /// The estimated working memory of `request` on an index of `users` profile ids.
    public static func estimate(_ request: ReportRequest, users: Int, settings: WorkspaceSettings) throws -> Estimate {
        let range = try request.range(settings: settings, users: nil)
        let days = range.toDay - range.fromDay + 1
        let bitset = (users + 63) / 64 * 8
        let people = "\(format(users)) users"
        switch request.kind {
        case .retention:
            let periods = try request.integer("periods", default: 30, 1...120)
            let week = request.parameters["unit"] == "week"
            let cohorts = week ? days / 7 + 1 : days
            let activeDays = days + periods * (week ? 7 : 1)
            return Estimate(bytes: users * 8 + (cohorts + activeDays) * bitset,
                            driver: "\(format(cohorts)) \(week ? "week" : "day") cohorts and \(format(activeDays)) days of activity × \(people)",
                            field: "from", advice: "narrow from–to, use unit=week or fewer periods")
        case .funnel:
            let steps = try request.funnelSteps().count
            return Estimate(bytes: users * 8 * (2 * steps + 2) + steps * bitset,
                            driver: "\(steps) steps × \(people)", field: "steps", advice: "use fewer steps")
        case .trend:
            let top = try request.integer("top", default: 10, 1...50)
            let unit = try request.choice("unit", default: TrendReport.Unit.day)
            let buckets = switch unit {
            case .hour: days * 24
            case .day: days
            case .week: days / 7 + 2
            case .month: days / 28 + 2
            }
            let slots = request.parameters["breakdown"] == nil ? 2 : top + 2
            let distinct = request.parameters["measure"] == "users" ? slots * users * 4 : 0
            return Estimate(bytes: buckets * slots * 16 * 2 + distinct,
                            driver: "\(format(buckets)) \(unit.rawValue) buckets × \(slots) series"
                                + (distinct > 0 ? " and distinct users per series × \(people)" : ""),
                            field: distinct > 0 && buckets * slots * 32 < distinct ? "top" : "unit",
                            advice: distinct > 0 ? "lower top, or measure count instead of users"
                                : "narrow from–to or use a longer unit")
        case .activity:
            let dormant = try request.integer("dormant_days", default: 7, 1...90)
            return Estimate(bytes: (2 * days + 30 + dormant) * bitset + users * 4,
                            driver: "\(format(days)) days × \(people)", field: "from", advice: "narrow from–to")
        case .lift, .channels, .ltv:
            return Estimate(bytes: users * 8 * 4 + days * bitset / 8, driver: people, field: "from", advice: "narrow from–to")
        }
    }

    /// Refuses a request whose estimate exceeds the budget.
    ///
    /// - Throws: `StrataError.invalidParameter` naming the parameter to narrow.
    public func check(_ request: ReportRequest, users: Int, settings: WorkspaceSettings) throws {
        let estimate = try Self.estimate(request, users: users, settings: settings)
        guard estimate.bytes <= memoryBytes else {
            throw StrataError(.invalidParameter, "This \(request.kind.rawValue) report would need about "
                + "\(estimate.bytes >> 20) MB of working memory (\(estimate.driver)); the limit is \(memoryBytes >> 20) MB. "
                + "To run it, \(estimate.advice).", field: estimate.field)
        }
    }

    private static func format(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }
}
