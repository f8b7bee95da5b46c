/// The JSON and tables of the lift, channel and lifetime-value reports. Money is in major units
/// (the stored minor units ÷ 100), rates are fractions rounded to four places.
extension ReportRequest {
    /// Attribute lift of the target within the base (`base`: all users, or those active in the range).
    func liftOutput(_ index: UserIndex, range: AnalysisRange, target: UserSet?, settings: WorkspaceSettings,
                    json: [String: JSONValue]) throws -> Output
    {
        let report = try lift(index)
        guard let target else {
            throw StrataError(.invalidParameter, "Give the target as event, target_segment, target_layer or target.",
                              field: "target")
        }
        var base = range.users ?? index.live
        let firstSeen = index.rollups.firstSeen
        if range.asOf <= index.latestTime {
            // Profiles first seen after as_of did not exist yet.
            for u in base where firstSeen[u] != UserIndex.noTime && firstSeen[u] >= range.asOf { base.remove(u) }
        }
        switch parameters["base"] ?? "all" {
        case "all": break
        case "active":
            if let days = range.days(settings) {
                base = base.intersection(ActivityDays(index: index, settings: settings, asOf: range.asOf).users(on: days))
            } else {
                base = UserSet(capacity: index.userCapacity)
            }
        case let other:
            throw StrataError(.invalidParameter, "base is all or active, not \"\(other)\".", field: "base")
        }
        let result = report.run(index, base: base, target: target, asOf: range.asOf, settings: settings)
        var json = json
        let targetText = ["event", "target_segment", "target_layer", "target"].compactMap { key in
            parameters[key].map { (key, $0) }
        }.first
        json["target"] = .object(["kind": .string(targetText?.0 ?? ""), "value": .string(targetText?.1 ?? "")])
        json["base"] = .string(parameters["base"] ?? "all")
        json["base_users"] = .number(Double(result.baseUsers))
        json["target_users"] = .number(Double(result.targetUsers))
        json["target_rate"] = ReportFormat.rate(result.baseUsers == 0 ? nil : Double(result.targetUsers) / Double(result.baseUsers))
        json["dimensions"] = .array(result.dimensions.map { d in
            .object(["name": .string(d.name), "values": .number(Double(d.values)),
                     "cramers_v": ReportFormat.rate(d.cramersV), "p_value": .number(d.pValue)])
        })
        json["rows"] = .array(result.rows.map { r in
            .object([
                "dimension": .string(r.dimension), "value": .string(r.value), "users": .number(Double(r.users)),
                "target_users": .number(Double(r.targetUsers)), "share_of_base": ReportFormat.rate(r.shareOfBase),
                "share_of_target": ReportFormat.rate(r.shareOfTarget), "rate": ReportFormat.rate(r.rate),
                "lift": ReportFormat.rate(r.lift), "excess_users": .number((r.excessUsers * 10).rounded() / 10),
                "z": .number((r.test.z * 100).rounded() / 100), "p_value": .number(r.test.pValue),
                "significant": .bool(r.significant),
            ])
        })
        let table = ReportTable(
            headers: ["dimension", "value", "users", "target", "share of base", "share of target", "rate", "lift", "z",
                      "p-value", "significant"],
            rows: result.rows.map { r in
                [r.dimension, r.value, String(r.users), String(r.targetUsers), ReportFormat.percent(r.shareOfBase),
                 ReportFormat.percent(r.shareOfTarget), ReportFormat.percent(r.rate),
                 r.lift.map { String(format: "%.2f", $0) } ?? "", String(format: "%.1f", r.test.z),
                 r.test.pValue < 0.0001 ? "<0.0001" : String(format: "%.4f", r.test.pValue), r.significant ? "yes" : ""]
            })
        return Output(json: .object(json), table: table, stepUsers: [])
    }

    /// Channel quality and return.
    func channelsOutput(_ index: UserIndex, range: AnalysisRange, spend: [ChannelSpend], settings: WorkspaceSettings,
                        json: [String: JSONValue]) throws -> Output
    {
        let report = try channels(index, settings: settings)
        let rows = report.run(index, range: range, spend: spend, settings: settings)
        var json = json
        if case .trait(let key) = report.source {
            json["channel_source"] = .string("trait:\(key)")
        } else {
            json["channel_source"] = .string("first_touch")
        }
        json["conversion_event"] = .string(report.conversionEvent)
        json["conversion_days"] = .number(Double(report.conversionDays))
        func rowJSON(_ r: ChannelReport.Row) -> JSONValue {
            var retention: [String: JSONValue] = [:]
            for (k, n) in ChannelReport.retentionDays.enumerated() {
                retention["d\(n)"] = .object([
                    "eligible": .number(Double(r.retention[k].eligible)),
                    "retained": .number(Double(r.retention[k].retained)), "rate": ReportFormat.rate(r.retentionRates[k]),
                ])
            }
            return .object([
                "channel": .string(r.channel), "new_users": .number(Double(r.newUsers)), "retention": .object(retention),
                "converted": .number(Double(r.converted)), "conversion_rate": ReportFormat.rate(r.conversionRate),
                "paying_users": .number(Double(r.paying)), "revenue": ReportFormat.moneyJSON(Double(r.revenueMinor)),
                "revenue_per_user": ReportFormat.moneyJSON(r.revenuePerUser), "spend": ReportFormat.moneyJSON(r.spendMinor),
                "cac": ReportFormat.moneyJSON(r.cac), "roi": ReportFormat.rate(r.roi),
                "payback_days": r.paybackDays.map { .number(Double($0)) } ?? .null,
            ])
        }
        json["channels"] = .array(rows.dropLast().map(rowJSON))
        json["total"] = rows.last.map(rowJSON) ?? .null
        let table = ReportTable(
            headers: ["channel", "new users"] + ChannelReport.retentionDays.map { "D\($0)" }
                + ["converted", "conversion", "revenue", "revenue/user", "spend", "CAC", "ROI", "payback days"],
            rows: rows.map { r in
                [r.channel, String(r.newUsers)] + r.retentionRates.map(ReportFormat.percent)
                    + [String(r.converted), ReportFormat.percent(r.conversionRate),
                       ReportFormat.money(Double(r.revenueMinor)), ReportFormat.money(r.revenuePerUser),
                       ReportFormat.money(r.spendMinor), ReportFormat.money(r.cac), ReportFormat.percent(r.roi),
                       r.paybackDays.map(String.init) ?? (r.spendMinor == nil ? "" : "not yet")]
            })
        return Output(json: .object(json), table: table, stepUsers: [])
    }

    /// Lifetime value by cohort.
    func ltvOutput(_ index: UserIndex, range: AnalysisRange, settings: WorkspaceSettings,
                   json: [String: JSONValue]) throws -> Output
    {
        let report = LifetimeValueReport(periods: try integer("periods", default: 12, 1...104),
                                         unit: try choice("unit", default: RetentionReport.Unit.week))
        try report.validate()
        let cohorts = report.run(index, range: range, settings: settings)
        let average = LifetimeValueReport.average(cohorts, periods: report.periods)
        var json = json
        json["unit"] = .string(report.unit.rawValue)
        json["periods"] = .number(Double(report.periods))
        json["cohorts"] = .array(cohorts.map { c in
            .object([
                "start": .string(c.start), "size": .number(Double(c.size)),
                "revenue": .array(c.revenueMinor.map { ReportFormat.moneyJSON($0.map(Double.init)) }),
                "revenue_per_user": .array(c.revenuePerUser.map(ReportFormat.moneyJSON)),
                "paying_share": .array(c.payingShare.map(ReportFormat.rate)),
            ])
        })
        json["average"] = .array(average.map { a in
            a.map { .object(["revenue_per_user": ReportFormat.moneyJSON($0.revenuePerUser),
                             "paying_share": ReportFormat.rate($0.payingShare)]) } ?? .null
        })
        let letter = report.unit == .day ? "D" : "W"
        var rows = cohorts.map { c in
            [c.start, String(c.size), ReportFormat.percent(c.payingShare.last { $0 != nil } ?? nil)]
                + c.revenuePerUser.map(ReportFormat.money)
        }
        // Paid to date: each cohort's latest period.
        let size = cohorts.reduce(0) { $0 + $1.size }
        let paid = cohorts.reduce(0) { $0 + ($1.paying.last { $0 != nil }.flatMap { $0 } ?? 0) }
        rows.append(["average", String(size), ReportFormat.percent(size == 0 ? nil : Double(paid) / Double(size))]
            + average.map { ReportFormat.money($0?.revenuePerUser) })
        let table = ReportTable(headers: ["cohort", "users", "paid"] + (0..<report.periods).map { "\(letter)\($0)" },
                                rows: rows)
        return Output(json: .object(json), table: table, stepUsers: [])
    }
}
