import Foundation

/// What one occurrence of a campaign (the one-off send, one day of a recurring campaign, one
/// trigger) will do for each targeted user: a message to queue, the holdout group, or a skip
/// with its reason.
public struct CampaignPlan: Sendable {
    /// A message to put in the outbox.
    public struct Message: Sendable, Equatable {
        /// The idempotency key: campaign, occurrence, variant and user. The outbox stores each
        /// key once and providers that take an `Idempotency-Key` receive it.
        public var key: String
        public var uid: Int64
        public var variant: String
        public var channel: ChannelKind
        public var address: String
        /// When to send (quiet hours and the daily limit may have moved it later).
        public var sendAt: Int64
        public var costMinor: Int64

        /// Creates a message.
        public init(key: String, uid: Int64, variant: String, channel: ChannelKind, address: String, sendAt: Int64,
                    costMinor: Int64)
        {
            self.key = key
            self.uid = uid
            self.variant = variant
            self.channel = channel
            self.address = address
            self.sendAt = sendAt
            self.costMinor = costMinor
        }
    }

    /// The occurrence planned (`once`, a date for recurring campaigns, an event id for triggers).
    public var occurrence: String
    public var messages: [Message] = []
    /// Users held back as the control group.
    public var holdout: [Int64] = []
    /// Users skipped, with the variant they were assigned and why.
    public var skipped: [(uid: Int64, variant: String, reason: SkipReason)] = []

    /// Creates a plan.
    public init(occurrence: String, messages: [Message] = [], holdout: [Int64] = [],
                skipped: [(uid: Int64, variant: String, reason: SkipReason)] = [])
    {
        self.occurrence = occurrence
        self.messages = messages
        self.holdout = holdout
        self.skipped = skipped
    }

    /// Skipped users per reason.
    public var skipCounts: [SkipReason: Int] {
        var counts: [SkipReason: Int] = [:]
        for s in skipped { counts[s.reason, default: 0] += 1 }
        return counts
    }

    /// Users targeted: messages, holdout and skips.
    public var targeted: Int { messages.count + holdout.count + skipped.count }

    /// The idempotency key of a campaign's message to a user in an occurrence: the parts joined
    /// by `|`, each with `%` and `|` escaped so different parts never make the same key. A user
    /// id written as a plain number (no leading zero) is zero-padded, so keys sort in the order
    /// users are planned and the outbox's key index grows at its end; `#` marks the padding,
    /// so a padded id never equals an id that had the zeros itself.
    public static func key(campaign: String, occurrence: String, variant: String, user: String) -> String {
        key(prefix: keyPrefix(campaign: campaign, occurrence: occurrence), variant: escape(variant), user: user)
    }

    /// The part of the key shared by an occurrence's messages (computed once per plan).
    static func keyPrefix(campaign: String, occurrence: String) -> String { "\(escape(campaign))|\(escape(occurrence))|" }

    /// A key from its shared prefix, an escaped variant and a user id.
    static func key(prefix: String, variant: String, user: String) -> String {
        let utf8 = user.utf8
        let plainNumber = !utf8.isEmpty && utf8.count < 12 && utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
            && (utf8.count == 1 || utf8.first != 48)
        let userPart = plainNumber ? "#" + String(repeating: "0", count: 12 - utf8.count) + user : escape(user)
        return prefix + userPart + "|" + variant
    }

    /// `%`, `|` and `#` written as `%25`, `%7C` and `%23` (most parts have none and are returned as they are).
    static func escape(_ part: String) -> String {
        guard part.utf8.contains(where: { $0 == 37 || $0 == 124 || $0 == 35 }) else { return part }
        var result = ""
        for character in part {
            switch character {
            case "%": result += "%25"
            case "|": result += "%7C"
            case "#": result += "%23"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Plans one occurrence of a campaign: splits the audience into holdout and variants, applies
/// the send policy to each user, keeps within the budget (in audience order) and spreads
/// messages beyond the daily limit over the following days.
public struct CampaignPlanner: Sendable {
    public var campaign: Campaign
    public var policy: SendPolicy
    /// The workspace's time zone, for the daily send limit's days.
    public var timeZone: TimeZone

    /// Creates a planner.
    public init(campaign: Campaign, policy: SendPolicy, timeZone: TimeZone) {
        self.campaign = campaign
        self.policy = policy
        self.timeZone = timeZone
    }

    /// Plans for the users of the audience.
    ///
    /// - Parameters:
    ///   - blocked: users in the campaign's blocked segments.
    ///   - spentMinor: what the campaign has spent (and queued) before.
    ///   - queuedPerDay: messages already queued per workspace day, for the daily limit.
    public func plan(occurrence: String, recipients: [Recipient], blocked: Set<Int64> = [], now: Int64,
                     spentMinor: Int64 = 0, queuedPerDay: [Int: Int] = [:]) -> CampaignPlan
    {
        var plan = CampaignPlan(occurrence: occurrence)
        guard !campaign.variants.isEmpty else { return plan }
        plan.messages.reserveCapacity(recipients.count)
        let split = AudienceSplit(campaign)
        var policy = self.policy
        let channels = campaign.variants.map { $0.messages.map(\.channel) }
        var spent = spentMinor
        var perDay = queuedPerDay
        var calendar = DayCalendar(timeZone: timeZone)
        let start = max(now, campaign.startsAt ?? now)
        let keyPrefix = CampaignPlan.keyPrefix(campaign: campaign.name, occurrence: occurrence)
        let variantKeys = campaign.variants.map { CampaignPlan.escape($0.name) }
        for recipient in recipients {
            // Blocked users are in neither group, so the holdout stays comparable with the variants.
            if blocked.contains(recipient.uid) {
                plan.skipped.append((recipient.uid, campaign.variants[split.variant(forUser: recipient.key)].name, .blocked))
                continue
            }
            let arm = split.arm(forUser: recipient.key)
            guard case .variant(let v) = arm else {
                plan.holdout.append(recipient.uid)
                continue
            }
            let variant = campaign.variants[v]
            switch policy.decide(recipient, channels: channels[v], rules: campaign.rules, now: start) {
            case .skip(let reason):
                plan.skipped.append((recipient.uid, variant.name, reason))
            case .send(let channel, let address, var at):
                let cost = campaign.rules.cost(channel)
                if let budget = campaign.rules.budgetMinor, spent + cost > budget {
                    plan.skipped.append((recipient.uid, variant.name, .budget))
                    continue
                }
                var slot: Int?
                if let limit = campaign.rules.maxSendsPerDay {
                    var day = calendar.day(at)
                    while perDay[day, default: 0] >= limit { day += 1 }
                    if day != calendar.day(at) {
                        at = max(at, startOfDay(day))
                        if let quiet = policy.contact.quietHours {
                            var local = policy.calendar(recipient.timeZone)
                            at = quiet.nextAllowed(after: at, calendar: &local)
                        }
                    }
                    slot = day
                }
                if let end = campaign.endsAt, at > end {
                    plan.skipped.append((recipient.uid, variant.name, .outsideWindow))
                    continue
                }
                if let slot { perDay[slot, default: 0] += 1 }
                spent += cost
                plan.messages.append(CampaignPlan.Message(
                    key: CampaignPlan.key(prefix: keyPrefix, variant: variantKeys[v], user: recipient.key),
                    uid: recipient.uid, variant: variant.name, channel: channel, address: address, sendAt: at,
                    costMinor: cost))
            }
        }
        return plan
    }

    /// The first instant of a workspace day.
    private func startOfDay(_ day: Int) -> Int64 {
        AsOf(0, timeZone: timeZone).startOfDay(day)
    }
}
