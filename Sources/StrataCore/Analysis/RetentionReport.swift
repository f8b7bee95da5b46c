/// N-day (or N-week) retention by cohort (留存): users join the cohort of the period of their
/// first start event (default: their first event), and count as retained in period N when they
/// did the return event (default: any event) in that period — or, in the unbounded mode, in
/// that period or any later one.
public struct RetentionReport: Sendable {
    /// Days or weeks.
    public enum Unit: String, Sendable, CaseIterable {
        case day, week

        /// Days in one period.
        public var days: Int { self == .day ? 1 : 7 }

        /// The first day of the period holding `day`: the day itself, or its week's Monday
        /// (day 0, 1970-01-01, was a Thursday).
        public func periodStart(_ day: Int) -> Int { self == .day ? day : day - ((day + 3) % 7 + 7) % 7 }
    }

    /// "On period N" or "on or after period N".
    public enum Mode: String, Sendable, CaseIterable {
        /// Returned in exactly that period.
        case on
        /// Returned in that period or a later one (unbounded retention).
        case onOrAfter = "on_or_after"
    }

    /// One cohort's row.
    public struct Cohort: Sendable, Equatable {
        /// The cohort's first day (`YYYY-MM-DD`; a Monday for weeks).
        public var start: String
        /// Users in the cohort.
        public var size: Int
        /// Retained users per period 0…N−1 (`nil` for periods not yet begun by `asOf`; the one under
        /// way counts what happened so far); period 0
        /// is the cohort itself.
        public var retained: [Int?]
    }

    /// The start event (`nil`: any event, so the cohort is the first day seen).
    public var startEvent: String?
    /// The return event (`nil`: any event).
    public var returnEvent: String?
    /// Periods per row (1–120).
    public var periods: Int
    /// Days or weeks.
    public var unit: Unit
    /// Bounded or unbounded.
    public var mode: Mode

    /// Creates a report; `validate()` checks it.
    public init(startEvent: String? = nil, returnEvent: String? = nil, periods: Int = 30, unit: Unit = .day,
                mode: Mode = .on)
    {
        self.startEvent = startEvent
        self.returnEvent = returnEvent
        self.periods = periods
        self.unit = unit
        self.mode = mode
    }

    /// Checks the limits.
    ///
    /// - Throws: `StrataError.invalidParameter` for periods outside 1…120 or an unknown event.
    public func validate(events: Set<String>) throws {
        guard (1...120).contains(periods) else {
            throw StrataError(.invalidParameter, "periods must be 1…120, got \(periods).", field: "periods")
        }
        for (field, event) in [("start_event", startEvent), ("return_event", returnEvent)] {
            if let event, !events.contains(event) {
                throw StrataError(.invalidParameter, "Unknown event \"\(event)\".", field: field)
            }
        }
    }

    /// The cohorts whose periods start within the range, oldest first.
    public func run(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings) -> [Cohort] {
        guard let days = range.days(settings) else { return [] }
        let asOfDay = range.lastDay(settings)
        // First start-event day of every user.
        var calendar = DayCalendar(timeZone: settings.timeZone)
        var firstDay = [Int](repeating: .max, count: index.userCapacity)
        if let startEvent {
            if let column = index.events(named: startEvent) {
                let canonical = index.canonical
                for i in column.positions(from: .min, to: range.asOf) where column.times[i] < range.asOf {
                    let u = Int(canonical[Int(column.users[i])])
                    firstDay[u] = min(firstDay[u], calendar.day(column.times[i]))
                }
            }
        } else {
            let attributes = index.attributes(asOf: range.asOf, settings: settings)
            for u in index.live where attributes.firstSeen[u] != UserIndex.noTime {
                firstDay[u] = calendar.day(attributes.firstSeen[u])
            }
        }
        let firstPeriod = unit.periodStart(days.lowerBound), lastPeriod = unit.periodStart(days.upperBound)
        let step = unit.days
        var cohortSets = [UserSet](repeating: UserSet(capacity: index.userCapacity),
                                   count: (lastPeriod - firstPeriod) / step + 1)
        for u in index.live where firstDay[u] != .max && days.contains(firstDay[u]) {
            // A cohort holds the users whose first start event falls within from–to, also when
            // the range cuts its week.
            if let users = range.users, !users.contains(u) { continue }
            let start = unit.periodStart(firstDay[u])
            if start >= firstPeriod && start <= lastPeriod { cohortSets[(start - firstPeriod) / step].insert(u) }
        }
        let activity = ActivityDays(index: index, settings: settings, asOf: range.asOf, event: returnEvent,
                                    days: firstPeriod...max(firstPeriod, min(asOfDay, lastPeriod + periods * unit.days)))
        var rows: [Cohort] = []
        for start in stride(from: firstPeriod, through: lastPeriod, by: step) {
            if ReportDeadline.passed { break }
            let cohort = cohortSets[(start - firstPeriod) / step]
            var retained = [Int?](repeating: nil, count: periods)
            // Periods that have ended (or are under way) by asOf.
            let known = min(periods, (asOfDay - start) / step + 1)
            if known > 0 && !cohort.isEmpty {
                if mode == .on {
                    for n in 0..<known {
                        retained[n] = n == 0 ? cohort.count
                            : activity.users(on: (start + n * step)...(start + n * step + step - 1)).intersectionCount(cohort)
                    }
                    rows.append(Cohort(start: WorkspaceSettings.dayText(dayNumber: start), size: cohort.count,
                                       retained: retained))
                    continue
                }
                var sets = (0..<known).map { n in
                    activity.users(on: (start + n * step)...(start + n * step + step - 1)).intersection(cohort)
                }
                do {
                    // Later activity beyond the last period shown counts too.
                    var later = activity.users(on: (start + known * step)...max(start + known * step, asOfDay))
                        .intersection(cohort)
                    for n in stride(from: known - 1, through: 0, by: -1) {
                        later.formUnion(sets[n])
                        sets[n] = later
                    }
                }
                for n in 0..<known { retained[n] = n == 0 ? cohort.count : sets[n].count }
            } else if known > 0 {
                for n in 0..<known { retained[n] = 0 }
            }
            rows.append(Cohort(start: WorkspaceSettings.dayText(dayNumber: start), size: cohort.count, retained: retained))
        }
        return rows
    }

    /// The average curve: per period, retained ÷ cohort size over the cohorts that reached it
    /// (weighted by cohort size).
    public static func averageCurve(_ cohorts: [Cohort], periods: Int) -> [Double?] {
        (0..<periods).map { n in
            var retained = 0, base = 0
            for cohort in cohorts where n < cohort.retained.count {
                if let value = cohort.retained[n] {
                    retained += value
                    base += cohort.size
                }
            }
            return base == 0 ? nil : Double(retained) / Double(base)
        }
    }
}
