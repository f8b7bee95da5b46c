import Foundation
import StrataChannels
import StrataCore
import StrataStore

/// A campaign's last 24 hours with the expected band and its alerts.
public struct CampaignMonitorView: Sendable {
    public var hours: [CampaignMonitor.Hour]
    public var band: (low: Double, high: Double)?
    public var alerts: [CampaignMonitor.Alert]
}

extension CampaignService {
    /// The last 24 hours of a campaign (sends, failures, conversions of those reached, cost)
    /// and the alerts they raise now.
    public func monitor(_ campaign: Campaign, now: Int64) async throws -> CampaignMonitorView {
        let currentHour = now / 3_600_000
        let since = (currentHour - 23) * 3_600_000
        let stored = try database.campaignHours(campaign.name, since: since)
        var hours = (currentHour - 23...currentHour).map { stored[$0] ?? CampaignMonitor.Hour(hour: $0) }
        // Conversions of the users reached in each hour, over the goal's window.
        var event = try await index.purchaseEvent(), window = 72
        if case .conversion(let goalEvent, let goalHours)? = campaign.goal?.metric {
            event = goalEvent
            window = goalHours
        }
        let reached = try database.campaignRecords(campaign.name).reached.filter { $0.at >= since }
        let measured = try await index.measure(ConversionWindow(event: event, window: Int64(window) * 3_600_000),
                                               references: reached.map { (uid: $0.uid, at: $0.at) }, asOf: now)
        for (i, reference) in reached.enumerated() where measured.converted[i] {
            let slot = Int(reference.at / 3_600_000 - (currentHour - 23))
            if hours.indices.contains(slot) { hours[slot].converted += 1 }
        }
        let counts = try database.outboxCounts(campaign: campaign.name)
        var budget: (Int64, Int64, Double)?
        if let total = campaign.rules.budgetMinor {
            var elapsed = 1.0
            if let start = campaign.startsAt, let end = campaign.endsAt, end > start {
                elapsed = min(1, max(0, Double(now - start) / Double(end - start)))
            }
            budget = (total, try database.campaignSpentMinor(campaign.name), elapsed)
        }
        // Judge the last complete hour against the ones before it.
        let complete = Array(hours.dropLast())
        let alerts = CampaignMonitor.alerts(hours: complete, pending: counts["pending"] ?? 0, budget: budget)
        return CampaignMonitorView(hours: hours, band: CampaignMonitor.band(complete.dropLast().suffix(6).map { Double($0.sent) }),
                                   alerts: alerts)
    }

    /// Checks every running campaign, stores new alerts and posts them to the alert webhook.
    func watch(now: Int64) async throws {
        for stored in try database.campaigns(status: .running) {
            let view = try await monitor(stored.campaign, now: now)
            let fresh = try database.saveAlerts(view.alerts, campaign: stored.campaign.name)
            for alert in fresh {
                logger.warning("Campaign alert", metadata: ["campaign": "\(stored.campaign.name)", "kind": "\(alert.kind.rawValue)",
                                                            "message": "\(alert.message)"])
                guard let alertChannel else { continue }
                let body: JSONValue = .object([
                    "type": "campaign.alert", "campaign": .string(stored.campaign.name), "kind": .string(alert.kind.rawValue),
                    "message": .string(alert.message), "value": .number(alert.value),
                    "expected": .array([.number(alert.expectedLow), .number(alert.expectedHigh)]),
                    "hour": .string(Timestamp.format(alert.hour * 3_600_000)),
                ])
                do {
                    _ = try await alertChannel.send(Delivery(
                        key: "alert|\(stored.campaign.name)|\(alert.kind.rawValue)|\(alert.hour)", campaign: stored.campaign.name,
                        variant: "", uid: 0, userId: nil, address: "", message: RenderedMessage(body: body.jsonText)))
                } catch {
                    logger.error("Alert webhook failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
