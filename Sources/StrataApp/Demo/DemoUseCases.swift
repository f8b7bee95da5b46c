import Foundation
import StrataCore
import StrataStore

/// The demo workspace `strata demo` creates: realistic users and events for the last days,
/// segments, a tag, a scoring model, channel spend, a launched campaign, a month of daily
/// snapshots, and an admin account.
public struct DemoUseCases: Sendable {
    let app: AppServices

    /// Whether the store holds no events yet (the demo then generates its data).
    public func isEmpty() throws -> Bool {
        try app.database.stats().events == 0
    }

    /// Generates `users` users' behaviour over `days` days ending now, stores it, and layers it.
    ///
    /// - Parameter progress: told what is being done, for a progress line.
    public func seed(users: Int, seed: UInt64, days: Int = 90, progress: (String) -> Void) async throws {
        let end = app.clock.now()
        let generator = DemoDataGenerator(users: users, days: days, end: end, seed: seed)
        let decoder = app.ingest.decoder
        var pending: [JSONValue] = []
        var stored = 0
        func flush() throws {
            let batch = decoder.batch(from: pending, receivedAt: end, source: "demo", fieldName: nil, indexOffset: stored)
            stored += pending.count
            _ = try app.database.ingestSync(batch)
            pending.removeAll(keepingCapacity: true)
            progress("Generating demo data: \(stored) messages")
        }
        try generator.generate { message in
            pending.append(message)
            if pending.count >= 5_000 { try flush() }
        }
        try flush()
        try await layer(now: end, progress: progress)
    }

    /// Saves the demo's segments, tag, scoring model and channel spend, launches its campaign, and
    /// takes a snapshot for each of the last 30 days so size history and flows have something to show.
    private func layer(now: Int64, progress: (String) -> Void) async throws {
        for segment in DemoLayering.segments {
            _ = try await app.segments(.system).save(name: segment.name, description: segment.description, owner: "demo",
                                            rule: try SegmentRule(text: segment.rule))
        }
        try await app.models.saveScoring(DemoLayering.scoringModel)
        let seeds = try await app.index.evaluate(try SegmentRule(text: DemoLayering.tag.rule), asOf: now)
        _ = try app.database.saveTag(UserTag(name: DemoLayering.tag.name, description: DemoLayering.tag.description))
        try app.database.changeTagMembers(DemoLayering.tag.name, add: seeds.map(Int64.init), remove: [], replace: false)
        let today = app.settings.dayNumber(now)
        _ = try app.channels.saveSpend(DemoChannelSpend.entries(today: today))
        let campaign = DemoLayering.campaign(now: now)
        _ = try app.database.createCampaign(campaign, author: Principal.system.actor)
        try app.database.setCampaignStatus(campaign.name, to: .scheduled, note: "launched by the demo")
        for day in (today - DemoLayering.snapshotDays)..<today {
            try await app.index.takeSnapshots(day: WorkspaceSettings.dayText(dayNumber: day), now: now)
            progress("Daily snapshots: \(day - today + DemoLayering.snapshotDays + 1) of \(DemoLayering.snapshotDays)")
        }
    }

    /// Creates the demo's admin account when the workspace has no staff yet.
    ///
    /// - Returns: whether it was created.
    @discardableResult
    public func ensureAdmin(email: String, name: String, password: String) throws -> Bool {
        guard try app.access.staff().isEmpty else { return false }
        _ = try app.access.createStaff(email: email, name: name, role: .admin, password: password)
        return true
    }
}

extension AppServices {
    /// The demo workspace.
    public var demo: DemoUseCases { DemoUseCases(app: self) }
}
