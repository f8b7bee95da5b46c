import Foundation
import StrataCore
import StrataStore

extension CampaignService {
    /// Measures a campaign as of `now`: counts per group from the outbox and members,
    /// engagements, and conversions within the goal's window (default: the first purchase
    /// event within 72 hours) after each user was reached. Shown as `principal` may see it
    /// (delivery failure reasons scrubbed).
    public func outcome(_ name: String, now: Int64? = nil, for principal: Principal) async throws -> CampaignOutcome {
        let now = now ?? database.clock.now()
        guard let stored = try database.campaign(named: name) else {
            throw StrataError(.notFound, "No campaign named \"\(name)\".", field: "name")
        }
        let campaign = stored.campaign
        let records = try database.campaignRecords(name)
        let conversion = CampaignOutcome.conversion(of: campaign, defaultEvent: try await index.purchaseEvent())
        let measured = try await index.measure(ConversionWindow(event: conversion.event,
                                                                window: Int64(conversion.hours) * 3_600_000),
                                               references: records.references, asOf: now)
        let layers = try await index.layers(of: records.reached.map(\.uid), asOf: records.firstReach ?? now)
        var goalActual: Double?
        switch campaign.goal?.metric {
        case .segmentSize(let segment)?:
            goalActual = Double(try await index.evaluate(.member(.segment(segment)), asOf: now).count)
        case .dau?:
            goalActual = Double(try await index.dauOfLastFullDay(asOf: now))
        case .conversion?, nil:
            goalActual = nil
        }
        return CampaignOutcome.measure(campaign, records: records, conversions: measured, layers: layers,
                                       goalActual: goalActual, conversion: conversion,
                                       timeZone: database.settings.timeZone, asOf: now)
            .masked(by: principal.disclosure(database.settings.masking))
    }
}
