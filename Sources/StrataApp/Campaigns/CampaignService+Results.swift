import Foundation
import StrataCore
import StrataStore

extension CampaignService {
    /// Measures a campaign as of `now`: counts per group from the outbox and members,
    /// engagements, and conversions within the goal's window (default: the first purchase
    /// event within 72 hours) after each user was reached.
    public func outcome(_ name: String, now: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) async throws -> CampaignOutcome {
        guard let stored = try database.campaign(named: name) else {
            throw StrataError(.notFound, "No campaign named \"\(name)\".", field: "name")
        }
        let campaign = stored.campaign
        let rows = try database.campaignOutcome(name)
        var event = try await index.purchaseEvent(), hours = 72
        if case .conversion(let goalEvent, let goalHours)? = campaign.goal?.metric {
            event = goalEvent
            hours = goalHours
        }
        // Arms: the holdout and each variant, with their configured shares.
        let weights = campaign.variants.reduce(0) { $0 + $1.weight }
        var arms: [CampaignResults.Arm] = []
        var position: [String: Int] = [:]
        if campaign.holdoutShare > 0 || !rows.holdout.isEmpty {
            position["holdout"] = arms.count
            arms.append(CampaignResults.Arm(name: "holdout", expectedShare: campaign.holdoutShare))
        }
        for variant in campaign.variants {
            position[variant.name] = arms.count
            arms.append(CampaignResults.Arm(
                name: variant.name,
                expectedShare: weights == 0 ? 0 : (1 - campaign.holdoutShare) * Double(variant.weight) / Double(weights)))
        }
        func arm(_ variant: String) -> Int {
            let name = variant.isEmpty ? "holdout" : variant
            if let i = position[name] { return i }
            position[name] = arms.count
            arms.append(CampaignResults.Arm(name: name, expectedShare: 0))
            return arms.count - 1
        }
        // Targeted: holdout and skipped members, and every message (a queued user's membership).
        for m in rows.members where m.outcome != "queued" {
            let a = arm(m.outcome == "holdout" ? "" : m.variant)
            arms[a].targeted += m.count
            if m.outcome == "skipped" { arms[a].skipped[m.reason ?? "unknown", default: 0] += m.count }
        }
        for m in rows.messages {
            let a = arm(m.variant)
            arms[a].targeted += m.count
            switch m.status {
            case "sent":
                arms[a].sent += m.count
                arms[a].costMinor += m.costMinor
            case "failed": arms[a].failed[m.reason ?? "unknown", default: 0] += m.count
            case "skipped": arms[a].skipped[m.reason ?? "unknown", default: 0] += m.count
            default: arms[a].pending += m.count
            }
        }
        for e in rows.engagements {
            let a = arm(e.variant)
            switch e.kind {
            case "open": arms[a].opened += e.count
            case "click": arms[a].clicked += e.count
            case "unsubscribe": arms[a].unsubscribed += e.count
            default: break
            }
        }
        // Conversions: reached users from their send, holdout users from their planned time.
        let references = rows.reached.map { (uid: $0.uid, at: $0.at) } + rows.holdout.map { (uid: $0.uid, at: $0.at) }
        let measured = try await index.measure(ConversionWindow(event: event, window: Int64(hours) * 3_600_000),
                                               references: references, asOf: now)
        var channels: [String: CampaignBreakdown.Row] = [:]
        var hoursRows = (0..<24).map { CampaignBreakdown.Row(key: QuietHours.clock($0 * 60)) }
        var calendar = DayCalendar(timeZone: database.settings.timeZone)
        for (i, reference) in rows.reached.enumerated() {
            let a = arm(reference.variant)
            arms[a].measured += 1
            let converted = measured.converted[i], revenue = measured.revenueMinor[i]
            if converted { arms[a].converted += 1 }
            arms[a].revenueMinor += revenue
            channels[reference.channel, default: CampaignBreakdown.Row(key: reference.channel)].reached += 1
            let local = calendar.localTime(reference.at)
            let hour = Int(((local % 86_400_000) + 86_400_000) % 86_400_000 / 3_600_000)
            hoursRows[hour].reached += 1
            if converted {
                channels[reference.channel]!.converted += 1
                hoursRows[hour].converted += 1
            }
            channels[reference.channel]!.revenueMinor += revenue
            hoursRows[hour].revenueMinor += revenue
        }
        // By layer: each reached user's lifecycle stage and RFM layer when the campaign started.
        let started = rows.reached.map(\.at).min() ?? now
        let byLayer = try await index.layers(of: rows.reached.map(\.uid), asOf: started).map { model in
            var layerRows: [String: CampaignBreakdown.Row] = [:]
            for (i, layer) in model.layers.enumerated() {
                let key = layer ?? "(none)"
                layerRows[key, default: CampaignBreakdown.Row(key: key)].reached += 1
                if measured.converted[i] { layerRows[key]!.converted += 1 }
                layerRows[key]!.revenueMinor += measured.revenueMinor[i]
            }
            return CampaignBreakdown(dimension: model.model,
                                     rows: layerRows.values.sorted { ($0.reached, $1.key) > ($1.reached, $0.key) })
        }
        if let h = position["holdout"] {
            for i in rows.reached.count..<references.count {
                arms[h].measured += 1
                if measured.converted[i] { arms[h].converted += 1 }
                arms[h].revenueMinor += measured.revenueMinor[i]
            }
        }
        let results = CampaignResults(arms: arms)
        var actual: Double?
        switch campaign.goal?.metric {
        case .conversion?:
            let variants = results.arms.filter { $0.name != "holdout" }
            let reached = variants.reduce(0) { $0 + $1.measured }
            actual = reached == 0 ? nil : Double(variants.reduce(0) { $0 + $1.converted }) / Double(reached)
        case .segmentSize(let segment)?:
            actual = Double(try await index.evaluate(.member(.segment(segment)), asOf: now).count)
        case .dau?:
            actual = Double(try await index.dauOfLastFullDay(asOf: now))
        case nil:
            actual = nil
        }
        return CampaignOutcome(
            campaign: campaign, results: results,
            byChannel: CampaignBreakdown(dimension: "channel", rows: channels.values.sorted { $0.key < $1.key }),
            byHour: CampaignBreakdown(dimension: "hour", rows: hoursRows.filter { $0.reached > 0 }), byLayer: byLayer,
            goalActual: actual, conversionEvent: event, windowHours: hours, asOf: now)
    }
}
