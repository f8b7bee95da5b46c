import Foundation

extension CampaignOutcome {
    /// The conversion a campaign is measured by: its goal's event and window when the goal is a
    /// conversion, else `defaultEvent` within 72 hours.
    public static func conversion(of campaign: Campaign, defaultEvent: String) -> (event: String, hours: Int) {
        if case .conversion(let event, let hours)? = campaign.goal?.metric { return (event, hours) }
        return (defaultEvent, 72)
    }

    /// Measures a campaign from what the store holds of it, with no I/O.
    ///
    /// - Parameters:
    ///   - records: counts and reached users from the store.
    ///   - conversions: for each of `records.references`, in order, whether the user converted
    ///     within the window and the revenue they brought (minor units).
    ///   - layers: for each model, the layer each reached user (in `records.reached` order) was in
    ///     when the campaign started.
    ///   - goalActual: the goal's metric for goals the records cannot answer (segment size, DAU);
    ///     a conversion goal's rate is computed here.
    ///   - timeZone: the workspace's, for the by-hour breakdown.
    public static func measure(
        _ campaign: Campaign, records: CampaignRecords, conversions: (converted: [Bool], revenueMinor: [Int64]),
        layers: [(model: String, layers: [String?])], goalActual: Double?, conversion: (event: String, hours: Int),
        timeZone: TimeZone, asOf: Int64
    ) -> CampaignOutcome {
        // Arms: the holdout and each variant, with their configured shares.
        let weights = campaign.variants.reduce(0) { $0 + $1.weight }
        var arms: [CampaignResults.Arm] = []
        var position: [String: Int] = [:]
        let holdoutName = "holdout"
        if campaign.holdoutShare > 0 || !records.holdout.isEmpty {
            position[holdoutName] = arms.count
            arms.append(CampaignResults.Arm(name: holdoutName, expectedShare: campaign.holdoutShare))
        }
        for variant in campaign.variants {
            position[variant.name] = arms.count
            arms.append(CampaignResults.Arm(
                name: variant.name,
                expectedShare: weights == 0 ? 0 : (1 - campaign.holdoutShare) * Double(variant.weight) / Double(weights)))
        }
        func arm(_ variant: String) -> Int {
            let name = variant.isEmpty ? holdoutName : variant
            if let i = position[name] { return i }
            position[name] = arms.count
            arms.append(CampaignResults.Arm(name: name, expectedShare: 0))
            return arms.count - 1
        }
        // Targeted: holdout and skipped members, and every message (a queued user's membership).
        for m in records.members where m.outcome != .queued {
            let a = arm(m.outcome == .holdout ? "" : m.variant)
            arms[a].targeted += m.count
            if m.outcome == .skipped { arms[a].skipped[m.reason ?? "unknown", default: 0] += m.count }
        }
        for m in records.messages {
            let a = arm(m.variant)
            arms[a].targeted += m.count
            switch m.status {
            case .sent:
                arms[a].sent += m.count
                arms[a].costMinor += m.costMinor
            case .failed: arms[a].failed[m.reason ?? "unknown", default: 0] += m.count
            case .skipped: arms[a].skipped[m.reason ?? "unknown", default: 0] += m.count
            case .pending, .sending: arms[a].pending += m.count
            }
        }
        for e in records.engagements {
            let a = arm(e.variant)
            switch e.kind {
            case .open: arms[a].opened += e.count
            case .click: arms[a].clicked += e.count
            case .unsubscribe: arms[a].unsubscribed += e.count
            }
        }
        // Conversions: reached users from their send, holdout users from their planned time.
        var channels: [String: CampaignBreakdown.Row] = [:]
        var hours = (0..<24).map { CampaignBreakdown.Row(key: QuietHours.clock($0 * 60)) }
        var calendar = DayCalendar(timeZone: timeZone)
        for (i, reference) in records.reached.enumerated() {
            let a = arm(reference.variant)
            arms[a].measured += 1
            let converted = conversions.converted[i], revenue = conversions.revenueMinor[i]
            if converted { arms[a].converted += 1 }
            arms[a].revenueMinor += revenue
            let local = calendar.localTime(reference.at)
            let hour = Int(((local % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000)
            channels[reference.channel, default: CampaignBreakdown.Row(key: reference.channel)].add(converted, revenue)
            hours[hour].add(converted, revenue)
        }
        if let h = position[holdoutName] {
            for i in records.reached.count..<min(records.references.count, conversions.converted.count) {
                arms[h].measured += 1
                if conversions.converted[i] { arms[h].converted += 1 }
                arms[h].revenueMinor += conversions.revenueMinor[i]
            }
        }
        // By layer: each reached user's lifecycle stage and RFM layer when the campaign started.
        let byLayer = layers.map { model in
            var rows: [String: CampaignBreakdown.Row] = [:]
            for (i, layer) in model.layers.enumerated() {
                let key = layer ?? LayerFlow.outside
                rows[key, default: CampaignBreakdown.Row(key: key)].add(conversions.converted[i], conversions.revenueMinor[i])
            }
            return CampaignBreakdown(dimension: model.model, rows: rows.values.sorted { ($0.reached, $1.key) > ($1.reached, $0.key) })
        }
        let results = CampaignResults(arms: arms)
        var actual = goalActual
        if case .conversion? = campaign.goal?.metric {
            let variants = results.arms.filter { $0.name != holdoutName }
            let reached = variants.reduce(0) { $0 + $1.measured }
            actual = reached == 0 ? nil : Double(variants.reduce(0) { $0 + $1.converted }) / Double(reached)
        }
        return CampaignOutcome(
            campaign: campaign, results: results,
            byChannel: CampaignBreakdown(dimension: "channel", rows: channels.values.sorted { $0.key < $1.key }),
            byHour: CampaignBreakdown(dimension: "hour", rows: hours.filter { $0.reached > 0 }), byLayer: byLayer,
            goalActual: actual, conversionEvent: conversion.event, windowHours: conversion.hours, asOf: asOf)
    }
}

extension CampaignBreakdown.Row {
    /// Counts one reached user: converted or not, and the revenue they brought.
    mutating func add(_ converted: Bool, _ revenueMinor: Int64) {
        reached += 1
        if converted { self.converted += 1 }
        self.revenueMinor += revenueMinor
    }
}
