import Foundation
import Logging
import ServiceLifecycle
import StrataChannels
import StrataCore
import StrataStore

/// Runs campaigns: checks definitions, moves them through their life cycle, and — every
/// second — starts scheduled campaigns whose time has come, plans each due occurrence (the
/// one-off send, a recurring day, a trigger whose delay has passed) into the outbox, and
/// completes campaigns whose window has closed or whose one-off send is done.
public actor CampaignService: Service {
    let database: any WorkspaceStore
    let index: IndexService
    let contact: ContactPolicy
    let logger: Logger
    private let renderer = MessageRenderer()
    /// Where alerts are posted, if anywhere.
    let alertChannel: HTTPChannel?
    private var lastWatch: Int64 = 0

    /// A service over the store and the index; `alertWebhook` receives each new alert as JSON.
    public init(database: any WorkspaceStore, index: IndexService, contact: ContactPolicy, logger: Logger,
                alertWebhook: ChannelSettings.HTTPSettings? = nil) throws
    {
        self.database = database
        self.index = index
        self.contact = contact
        self.logger = logger
        alertChannel = try alertWebhook.map { try HTTPChannel($0, kind: .webhook) }
    }

    // MARK: - Definitions and life cycle

    /// Checks every message template of a campaign.
    func checkTemplates(_ campaign: Campaign) throws {
        for (i, variant) in campaign.variants.enumerated() {
            for (channel, message) in variant.messages {
                _ = try renderer.compile(message, jsonBody: channel == .webhook,
                                         path: "variants[\(i)].messages.\(channel.rawValue)")
            }
        }
    }

    /// Creates a draft, recording `principal` as its author.
    public func create(_ campaign: Campaign, by principal: Principal) throws -> StoredCampaign {
        try checkTemplates(campaign)
        return try database.createCampaign(campaign, author: principal.actor)
    }

    /// Replaces a campaign's definition as a new version; a scheduled, running or paused one
    /// must still be launchable after the edit.
    public func update(_ campaign: Campaign, by principal: Principal) async throws -> StoredCampaign {
        try checkTemplates(campaign)
        let catalog = try await index.catalog()
        return try database.updateCampaign(campaign, author: principal.actor) { stored in
            if [.scheduled, .running, .paused].contains(stored.campaign.status) {
                try campaign.validateForLaunch(catalog: catalog)
            }
        }
    }

    /// Schedules a draft after checking that it is complete; it starts when its time comes.
    public func launch(_ name: String, by principal: Principal) async throws -> StoredCampaign {
        let catalog = try await index.catalog()
        return try database.setCampaignStatus(name, to: .scheduled, note: "launched", author: principal.actor) { stored in
            try stored.campaign.validateForLaunch(catalog: catalog)
            let channels = try database.channelSettings()
            for channel in stored.campaign.channels where channels[channel] == nil {
                throw StrataError(.invalidField, "The \(channel.rawValue) channel is not configured; set it up under "
                    + "/api/v1/channels/\(channel.rawValue) first.", field: "variants")
            }
        }
    }

    /// Moves a campaign to another status (pause, resume, cancel, complete, back to draft).
    public func setStatus(_ name: String, to status: CampaignStatus, by principal: Principal) throws -> StoredCampaign {
        let stored = try database.setCampaignStatus(name, to: status, author: principal.actor)
        if status == .cancelled { logger.info("Campaign cancelled", metadata: ["campaign": "\(name)"]) }
        return stored
    }

    // MARK: - Scheduling

    /// Runs the scheduler once a second until shutdown, then closes the alert channel.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await tick()
            } catch {
                logger.error("Campaign scheduling failed", metadata: ["error": "\(error)"])
            }
            do {
                try await Task.sleep(for: .seconds(1))
            } catch {
                break
            }
        }
        await alertChannel?.shutdown()
    }

    /// One pass of the scheduler at `now`.
    public func tick(now: Int64? = nil) async throws {
        let now = now ?? database.clock.now()
        for stored in try database.campaigns(status: .scheduled) {
            let campaign = stored.campaign
            var start = campaign.startsAt ?? .min
            if case .once(let at)? = campaign.schedule { start = max(start, at) }
            guard start <= now else { continue }
            if campaign.schedule?.isTriggered == true {
                try database.startWatching(campaign: campaign.name, after: try database.latestEventId())
            }
            try database.setCampaignStatus(campaign.name, to: .running, note: "started")
            logger.info("Campaign started", metadata: ["campaign": "\(campaign.name)"])
        }
        for stored in try database.campaigns(status: .running) {
            try await advance(stored.campaign, now: now)
        }
        if now - lastWatch >= 60_000 {
            lastWatch = now
            try await watch(now: now)
        }
    }

    /// Plans what is due for a running campaign, or completes it.
    private func advance(_ campaign: Campaign, now: Int64) async throws {
        if let end = campaign.endsAt, now > end {
            try database.setCampaignStatus(campaign.name, to: .completed, note: "window closed")
            return
        }
        switch campaign.schedule {
        case .once(let at)?:
            if try database.isPlanned(campaign: campaign.name, occurrence: "once") {
                let counts = try database.outboxCounts(campaign: campaign.name)
                if (counts["pending"] ?? 0) + (counts["sending"] ?? 0) == 0 && campaign.endsAt == nil {
                    try database.setCampaignStatus(campaign.name, to: .completed, note: "sent")
                }
            } else if at <= now {
                try await plan(campaign, occurrence: "once", now: now)
            }
        case .recurring(let weekday, let minute)?:
            var calendar = DayCalendar(timeZone: database.settings.timeZone)
            let local = calendar.localTime(now)
            let day = Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000)
            let minuteOfDay = Int((local - Int64(day) * 86_400_000) / 60_000)
            // Day 0 (1970-01-01) was a Thursday: weekday 4.
            let today = ((day + 3) % 7 + 7) % 7 + 1
            guard weekday == nil || weekday == today, minuteOfDay >= minute else { return }
            let occurrence = WorkspaceSettings.dayText(dayNumber: day)
            if try !database.isPlanned(campaign: campaign.name, occurrence: occurrence) {
                try await plan(campaign, occurrence: occurrence, now: now)
            }
        case .triggered(let event, let delay, let exit)?:
            try database.collectTriggers(campaign: campaign.name, event: event, delay: Int64(delay) * 60_000)
            let due = try database.dueTriggers(campaign: campaign.name, now: now)
            guard !due.isEmpty else { return }
            var ready: [CampaignTrigger] = []
            var exited: [CampaignPlan] = []
            for trigger in due {
                if let exit, try database.didEvent(uid: trigger.uid, event: exit, from: trigger.triggeredAt, to: now) {
                    exited.append(CampaignPlan(occurrence: "e\(trigger.eventId)", skipped: [(trigger.uid, "", .exited)]))
                } else {
                    ready.append(trigger)
                }
            }
            for plan in exited { try database.enqueue(plan, campaign: campaign.name, priority: campaign.rules.priority, now: now) }
            for trigger in ready {
                try await plan(campaign, occurrence: "e\(trigger.eventId)", only: [trigger.uid], now: now)
            }
            try database.finishTriggers(campaign: campaign.name, eventIds: due.map(\.eventId))
        case nil:
            return
        }
    }

    /// Plans one occurrence for the audience (or some of its users) and stores it.
    @discardableResult
    public func plan(_ campaign: Campaign, occurrence: String, only: [Int64]? = nil, now: Int64) async throws -> CampaignPlan {
        let clock = ContinuousClock()
        let started = clock.now
        var (recipients, blocked) = try await index.recipients(of: campaign, asOf: now, only: only)
        let audienceRead = clock.now
        let capDays = (contact.caps + campaign.rules.caps).map(\.days).max() ?? 1
        let history = try database.sendHistory(since: now - Int64(capDays + 1) * 86_400_000)
        let participations = try database.participations(campaign: campaign.name)
        let suppressions = try SuppressionCheck(database)
        let channels = campaign.channels
        for i in recipients.indices {
            let uid = recipients[i].uid
            if !history.isEmpty { recipients[i].sent = history[uid] ?? [] }
            if !participations.isEmpty { recipients[i].participations = participations[uid] ?? 0 }
            if !suppressions.isEmpty { recipients[i].unsubscribedAll = suppressions.unsubscribedAll(uid) }
            for channel in channels where !suppressions.isEmpty {
                let address = recipients[i].address(on: channel) ?? ""
                if suppressions.isSuppressed(uid: uid, channel: channel, address: address) {
                    recipients[i].unsubscribed.insert(channel)
                }
            }
        }
        let storeRead = clock.now
        let planner = CampaignPlanner(campaign: campaign, policy: SendPolicy(contact: contact),
                                      timeZone: database.settings.timeZone)
        let plan = planner.plan(occurrence: occurrence, recipients: recipients, blocked: blocked, now: now,
                                spentMinor: try database.campaignSpentMinor(campaign.name),
                                queuedPerDay: campaign.rules.maxSendsPerDay == nil ? [:]
                                    : try database.campaignMessagesPerDay(campaign.name))
        let planned = clock.now
        let queued = try database.enqueue(plan, campaign: campaign.name, priority: campaign.rules.priority, now: now)
        logger.info("Campaign occurrence planned", metadata: [
            "campaign": "\(campaign.name)", "occurrence": "\(occurrence)", "targeted": "\(plan.targeted)",
            "queued": "\(queued)", "holdout": "\(plan.holdout.count)", "skipped": "\(plan.skipped.count)",
            "audience": "\(audienceRead - started)", "history": "\(storeRead - audienceRead)",
            "policy": "\(planned - storeRead)", "outbox": "\(clock.now - planned)",
        ])
        return plan
    }
}
