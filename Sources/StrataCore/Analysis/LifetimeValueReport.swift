/// Lifetime value (用户生命周期价值): users first seen within the range, in cohorts by the week
/// (or day) of their first message, and per period of age — weeks or days since each user's
/// own first day — the cumulative revenue per cohort user and the share of the cohort that has
/// paid. A cohort's period shows once its earliest user has reached that age by `asOf` (the
/// period under way counts what happened so far), so the newest cohorts have shorter rows.
public struct LifetimeValueReport: Sendable {
    /// Periods per cohort (1…104), and days or weeks.
    public var periods: Int
    public var unit: RetentionReport.Unit

    /// Creates a report; `validate()` checks it.
    public init(periods: Int = 12, unit: RetentionReport.Unit = .week) {
        self.periods = periods
        self.unit = unit
    }

    /// Checks the limits.
    ///
    /// - Throws: `StrataError.invalidParameter` for periods outside 1…104.
    public func validate() throws {
        guard (1...104).contains(periods) else {
            throw StrataError(.invalidParameter, "periods must be 1…104, got \(periods).", field: "periods")
        }
    }

    /// One cohort's row.
    public struct Cohort: Sendable, Equatable {
        /// The cohort's first day (`YYYY-MM-DD`; a Monday for weeks).
        public var start: String
        /// Users in the cohort.
        public var size: Int
        /// Revenue (minor units) earned by the cohort through the end of each period (`nil` for
        /// periods no user has reached).
        public var revenueMinor: [Int64?]
        /// Users who had paid by the end of each period.
        public var paying: [Int?]

        /// Cumulative revenue per cohort user per period (minor units).
        public var revenuePerUser: [Double?] {
            revenueMinor.map { r in r.flatMap { size == 0 ? nil : Double($0) / Double(size) } }
        }
        /// Share of the cohort that had paid, per period.
        public var payingShare: [Double?] {
            paying.map { p in p.flatMap { size == 0 ? nil : Double($0) / Double(size) } }
        }
    }

    /// The cohorts whose periods start within the range, oldest first.
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> [Cohort] {
        guard let days = range.days(settings) else { return [] }
        let first = unit.periodStart(days.lowerBound), last = unit.periodStart(days.upperBound)
        let step = unit.days
        let revenue = NewUserRevenue(index, range: range, settings: settings, groups: (last - first) / step + 1) { _, day in
            (unit.periodStart(day) - first) / step
        }
        let asOfDay = range.lastDay(settings)
        return stride(from: first, through: last, by: step).enumerated().map { g, start in
            // A period shows once the cohort's earliest user has reached it (an empty cohort's
            // periods count from its first day in the range).
            let earliest = revenue.size[g] > 0 ? revenue.earliestDay[g] : max(start, days.lowerBound)
            var cohort = Cohort(start: WorkspaceSettings.dayText(dayNumber: start), size: revenue.size[g],
                                revenueMinor: [Int64?](repeating: nil, count: periods),
                                paying: [Int?](repeating: nil, count: periods))
            for n in 0..<periods where earliest + n * step <= asOfDay {
                let age = (n + 1) * step - 1
                cohort.revenueMinor[n] = revenue.revenue(group: g, throughAge: age)
                cohort.paying[n] = revenue.paying(group: g, throughAge: age)
            }
            return cohort
        }
    }

    /// Per period over the cohorts that reached it, weighted by size: revenue per user (minor
    /// units) and the paying share.
    public static func average(_ cohorts: [Cohort], periods: Int) -> [(revenuePerUser: Double, payingShare: Double)?] {
        (0..<periods).map { n in
            var revenue: Int64 = 0, paying = 0, users = 0
            for cohort in cohorts where cohort.size > 0 {
                guard let r = cohort.revenueMinor[n], let p = cohort.paying[n] else { continue }
                revenue += r
                paying += p
                users += cohort.size
            }
            return users == 0 ? nil : (Double(revenue) / Double(users), Double(paying) / Double(users))
        }
    }
}
