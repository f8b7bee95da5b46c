import StrataCore

/// What the product needs from storage for one aggregate. Campaigns and everything their sends leave: versions, the outbox, members, triggers, deliveries, engagements, the inbox, alerts, reviews and winners.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol CampaignStore: Sendable {

    /// Creates a campaign as a draft (whatever status the definition carries).
    ///
    /// - Throws: `StrataError.conflict` when a campaign of that name exists.
    func createCampaign(_ campaign: Campaign, author: String) throws -> StoredCampaign

    /// Replaces a campaign's definition (its status stays), as a new version.
    ///
    /// - Parameter check: runs inside the write transaction with the stored campaign, to refuse
    ///   an edit (a running campaign whose new definition would not launch).
    /// - Throws: `StrataError.notFound`, `StrataError.conflict` for a finished campaign.
    func updateCampaign(_ campaign: Campaign, author: String, check: (StoredCampaign) throws -> Void) throws -> StoredCampaign

    /// Moves a campaign to another status, after `check` (run in the same transaction) accepts it.
    ///
    /// - Throws: `StrataError.notFound`; `StrataError.conflict` for a move the life cycle does not allow.
    func setCampaignStatus(_ name: String, to status: CampaignStatus, note: String, author: String, check: (StoredCampaign) throws -> Void) throws -> StoredCampaign

    /// The campaign of that name, or `nil`.
    func campaign(named name: String) throws -> StoredCampaign?

    /// Every campaign, newest first.
    func campaigns(status: CampaignStatus?) throws -> [StoredCampaign]

    /// Every version of a campaign, oldest first: version, status, note, time and definition.
    func campaignVersions(_ name: String) throws -> [CampaignVersion]

    /// Deletes a draft or cancelled campaign that never sent anything, with its versions.
    ///
    /// - Throws: `StrataError.notFound`; `StrataError.conflict` when it is live or has messages.
    func deleteCampaign(named name: String) throws

    /// Messages of a campaign per status.
    func outboxCounts(campaign: String) throws -> [String: Int]

    /// Reads what the store holds of a campaign's sends in one read transaction: members by
    /// outcome, messages by status, engagements, reached and holdout users.
    func campaignRecords(_ name: String) throws -> CampaignRecords

    /// A campaign's sends, failures and cost per hour since an instant (hours since 1970).
    func campaignHours(_ name: String, since: Int64) throws -> [Int64: CampaignMonitor.Hour]

    /// What a campaign has spent or committed: the cost of its messages not failed or skipped.
    func campaignSpentMinor(_ campaign: String) throws -> Int64

    /// Messages of a campaign queued or sent per workspace day of their send time.
    func campaignMessagesPerDay(_ campaign: String) throws -> [Int: Int]

    /// Stores alerts, once per campaign, kind and hour.
    ///
    /// - Returns: the alerts that were new.
    func saveAlerts(_ alerts: [CampaignMonitor.Alert], campaign: String) throws -> [CampaignMonitor.Alert]

    /// Alerts, newest first, of one campaign or all.
    func campaignAlerts(campaign: String?, limit: Int) throws -> [(campaign: String, alert: CampaignMonitor.Alert, createdAt: Int64)]

    /// The review texts the team wrote for a campaign (经验总结, 后续计划), if any.
    func campaignReviewTexts(_ name: String) throws -> (lessons: String?, nextSteps: String?)

    /// Saves the review texts (`nil` leaves a text as it is; an empty text goes back to the
    /// seeded findings).
    func saveCampaignReviewTexts(_ name: String, lessons: String?, nextSteps: String?) throws

    /// Freezes a winners list as the published one, replacing an earlier publication.
    func publishWinners(_ list: WinnersList, campaign: String) throws -> Int64

    /// The published winners list and when it was published, or `nil` if none was.
    func publishedWinners(campaign: String) throws -> (list: WinnersList, publishedAt: Int64)?

    /// Users a campaign reached (its sent messages), each once.
    func reachedUsers(campaign: String) throws -> [Int64]

    /// Stores a plan in one transaction: a member row per holdout or skipped user (with the
    /// reason) and an outbox row per message. Keys already stored are left as
    /// they are, so planning the same occurrence again queues nothing twice.
    ///
    /// - Returns: messages newly queued.
    func enqueue(_ plan: CampaignPlan, campaign: String, priority: Int, now: Int64) throws -> Int

    /// Whether an occurrence of a campaign was planned.
    func isPlanned(campaign: String, occurrence: String) throws -> Bool

    /// Times a campaign reached (or will reach) each user: its queued, sending and sent messages.
    func participations(campaign: String) throws -> [Int64: Int]

    /// Messages each user got (or is being sent) since an instant, over all campaigns: what the
    /// frequency caps count.
    func sendHistory(since: Int64) throws -> [Int64: [(at: Int64, channel: ChannelKind)]]

    /// Sets where a triggered campaign watches from, unless it already watches.
    func startWatching(campaign: String, after eventId: Int64) throws

    /// Records the trigger events stored since the campaign's cursor (up to `limit`), each due
    /// `delay` after it happened, and moves the cursor past them, in one transaction.
    ///
    /// - Returns: triggers recorded.
    func collectTriggers(campaign: String, event: String, delay: Int64, limit: Int) throws -> Int

    /// Triggers whose delay has passed and that were not handled yet.
    func dueTriggers(campaign: String, now: Int64, limit: Int) throws -> [CampaignTrigger]

    /// Marks triggers handled.
    func finishTriggers(campaign: String, eventIds: [Int64]) throws

    /// Claims up to `limit` due messages, highest priority first, checking the send policy
    /// again for each in the same write transaction: a campaign no longer running skips (or,
    /// paused, keeps) its messages, consent and unsubscribes are read afresh, frequency caps
    /// count the messages being sent too (so concurrent campaigns never pass a cap), and quiet
    /// hours defer. Claimed messages are marked `sending`, which counts against caps until
    /// they fail.
    func claimDueMessages(now: Int64, limit: Int, contact: ContactPolicy, channels: Set<ChannelKind>?) throws -> OutboxClaim

    /// Records how a batch of claimed messages ended, in one transaction.
    func recordDeliveries(_ outcomes: [(message: OutboxMessage, outcome: DeliveryOutcome)], now: Int64) throws

    /// After a crash: messages left `sending` go back to `pending`, to be sent again with the
    /// same idempotency key (providers and sinks drop the copy if the first attempt arrived).
    func requeueInterruptedSends() throws -> Int

    /// Puts a message in a user's inbox; the same key twice keeps one message.
    ///
    /// - Returns: whether it was new.
    func deliverToInbox(uid: Int64, key: String, campaign: String, variant: String, title: String, body: String, url: String?, at: Int64) throws -> Bool

    /// The latest message of a campaign to a user on a channel (for engagement through links
    /// that name the user rather than the message, such as unsubscribe).
    func latestMessage(campaign: String, uid: Int64, channel: ChannelKind) throws -> String?

    /// Records the first engagement of a kind with a message.
    ///
    /// - Returns: the message, when this is the first such engagement (`nil` for a repeat or an
    ///   unknown key).
    func recordEngagement(key: String, kind: Engagement, at: Int64) throws -> OutboxMessage?

    /// Marks an inbox message read or clicked (the first time counts).
    ///
    /// - Returns: the message's campaign and variant, for the event to record.
    /// - Throws: `StrataError.notFound` when the user has no such message.
    func markInbox(id: Int64, uid: Int64, clicked: Bool, at: Int64) throws -> (campaign: String, variant: String)

    /// A user's inbox, newest first (the user's merged profiles included).
    func inbox(uid: Int64, limit: Int, before: Int64?) throws -> [InboxItem]

    /// The messages sent to a user, newest first (read through the per-user index of sent messages).
    func receivedMessages(uid: Int64, limit: Int) throws -> [ReceivedMessage]
}

/// The calls with the parameters they usually leave at their defaults.
extension CampaignStore {
    /// `setCampaignStatus` with no note.
    @discardableResult
    func setCampaignStatus(_ name: String, to status: CampaignStatus, author: String, check: (StoredCampaign) throws -> Void)
        throws -> StoredCampaign
    {
        try setCampaignStatus(name, to: status, note: "", author: author, check: check)
    }

    /// `setCampaignStatus` with a note and nothing to check, by `author` (Strata's own services by default).
    @discardableResult
    func setCampaignStatus(_ name: String, to status: CampaignStatus, note: String = "", author: String = "system") throws
        -> StoredCampaign
    {
        try setCampaignStatus(name, to: status, note: note, author: author, check: { _ in })
    }

    /// `campaigns` with its defaults.
    @discardableResult
    func campaigns() throws -> [StoredCampaign] {
        try campaigns(status: nil)
    }

    /// `campaignAlerts` with its defaults.
    @discardableResult
    func campaignAlerts() throws -> [(campaign: String, alert: CampaignMonitor.Alert, createdAt: Int64)] {
        try campaignAlerts(campaign: nil, limit: 100)
    }

    /// `collectTriggers` with its defaults.
    @discardableResult
    func collectTriggers(campaign: String, event: String, delay: Int64) throws -> Int {
        try collectTriggers(campaign: campaign, event: event, delay: delay, limit: 10_000)
    }

    /// `dueTriggers` with its defaults.
    @discardableResult
    func dueTriggers(campaign: String, now: Int64) throws -> [CampaignTrigger] {
        try dueTriggers(campaign: campaign, now: now, limit: 10_000)
    }

    /// `claimDueMessages` with its defaults.
    @discardableResult
    func claimDueMessages(now: Int64, limit: Int, contact: ContactPolicy) throws -> OutboxClaim {
        try claimDueMessages(now: now, limit: limit, contact: contact, channels: nil)
    }

    /// `inbox` with its defaults.
    @discardableResult
    func inbox(uid: Int64, limit: Int) throws -> [InboxItem] {
        try inbox(uid: uid, limit: limit, before: nil)
    }

    /// `receivedMessages` with its defaults.
    @discardableResult
    func receivedMessages(uid: Int64) throws -> [ReceivedMessage] {
        try receivedMessages(uid: uid, limit: 50)
    }
}
