/// Channel quality and return (渠道质量与 ROI): the users first seen within the range, by their
/// first-touch acquisition channel (`context.campaign.source` / UTM source) or a channel trait,
/// with what they went on to do — D1/D7/D30 retention, conversion to an event within a window
/// of their first day, revenue per user — and, against the spend entered for each channel, CAC,
/// ROI and the payback period.
///
/// Retention on day N counts users active on the Nth calendar day after their first, among the
/// users whose day N has come by `asOf`. Revenue is everything the users paid before `asOf`.
/// Spend counts pro rata for the days of the range; the payback period is the first age (days
/// since each user's first day) by which the channel's users had paid back its spend.
public struct ChannelReport: Sendable {
    /// Where a user's channel comes from.
    public enum Source: Sendable, Equatable {
        /// The first-touch source Strata records on each profile.
        case firstTouch
        /// A trait such as `channel` or `utm_source`.
        case trait(String)
    }

    /// The retention days reported.
    public static let retentionDays = [1, 7, 30]

    public var source: Source
    /// The conversion event.
    public var conversionEvent: String
    /// Days from a user's first message within which the conversion event counts (1…365).
    public var conversionDays: Int

    /// Creates a report; `validate(events:traits:)` checks it.
    public init(source: Source = .firstTouch, conversionEvent: String = "purchase", conversionDays: Int = 30) {
        self.source = source
        self.conversionEvent = conversionEvent
        self.conversionDays = conversionDays
    }

    /// Checks the limits.
    ///
    /// - Throws: `StrataError.invalidParameter` for an unknown trait or conversion event, or a
    ///   window outside 1…365 days.
    public func validate(events: Set<String>, traits: Set<String>) throws {
        if case .trait(let key) = source, !traits.contains(key) {
            throw StrataError(.invalidParameter, "No user has the trait \"\(key)\".", field: "channel_trait")
        }
        guard events.contains(conversionEvent) else {
            throw StrataError(.invalidParameter, "Unknown event \"\(conversionEvent)\".", field: "conversion_event")
        }
        guard (1...365).contains(conversionDays) else {
            throw StrataError(.invalidParameter, "conversion_days must be 1…365, got \(conversionDays).",
                              field: "conversion_days")
        }
    }

    /// One channel's figures.
    public struct Row: Sendable, Equatable {
        public var channel: String
        /// Users first seen in the range.
        public var newUsers: Int
        /// Per retention day (1, 7, 30): users whose day had come, and those active on it.
        public var retention: [(eligible: Int, retained: Int)]
        /// Users who did the conversion event within the window.
        public var converted: Int
        /// Users who paid anything by `asOf`.
        public var paying: Int
        /// Their revenue before `asOf` (minor units).
        public var revenueMinor: Int64
        /// Spend on the range's days (minor units), when any was entered.
        public var spendMinor: Double?
        /// Days after which the users' revenue covered the spend (`nil` when not yet or no spend).
        public var paybackDays: Int?

        /// Retained ÷ eligible for each retention day (`nil` when no user's day has come).
        public var retentionRates: [Double?] {
            retention.map { $0.eligible == 0 ? nil : Double($0.retained) / Double($0.eligible) }
        }
        /// Converted ÷ new users.
        public var conversionRate: Double? { newUsers == 0 ? nil : Double(converted) / Double(newUsers) }
        /// Revenue ÷ new users (minor units).
        public var revenuePerUser: Double? { newUsers == 0 ? nil : Double(revenueMinor) / Double(newUsers) }
        /// Spend ÷ new users (minor units).
        public var cac: Double? { spendMinor.flatMap { newUsers == 0 ? nil : $0 / Double(newUsers) } }
        /// (Revenue − spend) ÷ spend.
        public var roi: Double? { spendMinor.flatMap { $0 > 0 ? (Double(revenueMinor) - $0) / $0 : nil } }

        public static func == (a: Row, b: Row) -> Bool {
            a.channel == b.channel && a.newUsers == b.newUsers && a.converted == b.converted && a.paying == b.paying
                && a.revenueMinor == b.revenueMinor && a.spendMinor == b.spendMinor && a.paybackDays == b.paybackDays
                && a.retention.map(\.eligible) == b.retention.map(\.eligible)
                && a.retention.map(\.retained) == b.retention.map(\.retained)
        }
    }

    /// Label of users with no channel.
    public static let noChannel = "(none)"

    /// The channels, most new users first, then channels with spend but no new users; the
    /// last row is the total.
    public func run(_ index: UserIndex, range: AnalysisRange, spend: [ChannelSpend], settings: WorkspaceSettings) -> [Row] {
        // Channel codes and names.
        let codes: [Int32], names: [String]
        switch source {
        case .firstTouch:
            codes = index.rollups.channel
            names = index.texts
        case .trait(let key):
            let column = index.trait(key) ?? UserIndex.TraitColumn()
            codes = column.codes
            names = column.values.map { $0.stringValue ?? $0.jsonText }
        }
        // Group numbers: by name (two codes may carry the same text), then "(none)".
        var groupOfName: [String: Int] = [:]
        var groupNames: [String] = []
        func groupNumber(_ name: String) -> Int {
            if let g = groupOfName[name] { return g }
            groupOfName[name] = groupNames.count
            groupNames.append(name)
            return groupNames.count - 1
        }
        let groupOfCode = names.map(groupNumber)
        let none = groupNumber(Self.noChannel)
        for entry in spend { _ = groupNumber(entry.channel) }
        let revenue = NewUserRevenue(index, range: range, settings: settings, groups: groupNames.count) { u, _ in
            let code = u < codes.count ? Int(codes[u]) : -1
            return code >= 0 ? groupOfCode[code] : none
        }
        var rows = groupNames.indices.map { g in
            Row(channel: groupNames[g], newUsers: revenue.size[g],
                retention: Self.retentionDays.map { _ in (0, 0) }, converted: 0, paying: 0, revenueMinor: 0)
        }
        guard let days = range.days(settings) else { return rows.filter { $0.newUsers > 0 } + [Self.total(rows)] }
        let asOfDay = range.lastDay(settings)

        // Retention: each new user's day 1, 7 and 30.
        let lastDay = min(asOfDay, days.upperBound + (Self.retentionDays.last ?? 0))
        if days.lowerBound + 1 <= lastDay {
            let activity = ActivityDays(index: index, settings: settings, asOf: range.asOf,
                                        days: (days.lowerBound + 1)...lastDay)
            let active = ((days.lowerBound + 1)...lastDay).map { activity.users(on: $0) }
            for u in index.live where revenue.group[u] >= 0 {
                let g = Int(revenue.group[u]), first = revenue.firstDay[u]
                for (k, n) in Self.retentionDays.enumerated() where first + n <= asOfDay {
                    rows[g].retention[k].eligible += 1
                    if active[first + n - days.lowerBound - 1].contains(u) { rows[g].retention[k].retained += 1 }
                }
            }
        }

        // Conversion within the window of each user's first message.
        if let column = index.events(named: conversionEvent) {
            let window = Int64(conversionDays) * 86_400_000
            let from = AsOf(range.asOf, settings: settings).startOfDay(days.lowerBound)
            var converted = UserSet(capacity: index.userCapacity)
            let canonical = index.canonical
            for i in column.positions(from: from, to: range.asOf) {
                let t = column.times[i]
                let u = Int(canonical[Int(column.users[i])])
                guard revenue.group[u] >= 0, t < range.asOf, t >= revenue.firstSeen[u],
                      t < revenue.firstSeen[u] + window else { continue }
                converted.insert(u)
            }
            for u in converted { rows[Int(revenue.group[u])].converted += 1 }
        }

        // Revenue, spend and payback.
        let maxAge = asOfDay - days.lowerBound
        var spendOf = [Double?](repeating: nil, count: groupNames.count)
        for entry in spend where entry.fromDay <= days.upperBound && entry.toDay >= days.lowerBound {
            let g = groupNumber(entry.channel)
            spendOf[g] = (spendOf[g] ?? 0) + entry.amountMinor(within: days)
        }
        for g in rows.indices {
            rows[g].revenueMinor = revenue.revenue(group: g, throughAge: maxAge)
            rows[g].paying = revenue.paying(group: g, throughAge: maxAge)
            rows[g].spendMinor = spendOf[g]
            rows[g].paybackDays = Self.payback(revenue.revenueByAge[g], spend: spendOf[g])
        }
        var total = Self.total(rows)
        var allByAge = [Int64](repeating: 0, count: maxAge + 1)
        for byAge in revenue.revenueByAge {
            for (age, amount) in byAge.enumerated() { allByAge[age] += amount }
        }
        total.paybackDays = Self.payback(allByAge, spend: total.spendMinor)
        let shown = rows.filter { $0.newUsers > 0 || $0.spendMinor != nil }
            .sorted { $0.newUsers != $1.newUsers ? $0.newUsers > $1.newUsers : $0.channel < $1.channel }
        return shown + [total]
    }

    /// The first age by which revenue added up over ages reaches the spend.
    static func payback(_ revenueByAge: [Int64], spend: Double?) -> Int? {
        guard let spend, spend > 0 else { return nil }
        var total: Int64 = 0
        for (age, amount) in revenueByAge.enumerated() {
            total += amount
            if Double(total) >= spend { return age }
        }
        return nil
    }

    /// The sum of all rows, payback aside.
    private static func total(_ rows: [Row]) -> Row {
        var total = Row(channel: "total", newUsers: 0, retention: retentionDays.map { _ in (0, 0) }, converted: 0,
                        paying: 0, revenueMinor: 0)
        for row in rows {
            total.newUsers += row.newUsers
            for k in row.retention.indices {
                total.retention[k].eligible += row.retention[k].eligible
                total.retention[k].retained += row.retention[k].retained
            }
            total.converted += row.converted
            total.paying += row.paying
            total.revenueMinor += row.revenueMinor
            if let spend = row.spendMinor { total.spendMinor = (total.spendMinor ?? 0) + spend }
        }
        return total
    }
}
