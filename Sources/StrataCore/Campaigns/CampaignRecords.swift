/// What the store holds of one campaign's sends, as counts and rows with typed statuses: the
/// input of `CampaignOutcome.measure`, so results are computed without a database.
public struct CampaignRecords: Sendable {
    /// Where an outbox message is in its life.
    public enum MessageStatus: String, Sendable, CaseIterable {
        /// Waiting to be sent (possibly deferred by quiet hours or a retry).
        case pending
        /// Claimed by the dispatcher.
        case sending
        /// Delivered to the channel.
        case sent
        /// Given up after its attempts.
        case failed
        /// Not sent, for a reason decided at send time (unsubscribed since, cap reached).
        case skipped
    }

    /// What planning decided for an audience member.
    public enum MemberOutcome: String, Sendable, CaseIterable {
        /// A message was queued (its status lives in the outbox).
        case queued
        /// Kept back as the control group.
        case holdout
        /// Not messaged, for a reason (no consent, cap, suppression …).
        case skipped
    }

    /// An engagement a message's recipient recorded.
    public typealias EngagementKind = Engagement

    /// Members per variant (empty for holdout), outcome and skip reason.
    public struct Members: Sendable, Equatable {
        public var variant: String
        public var outcome: MemberOutcome
        public var reason: String?
        public var count: Int

        /// A count of members.
        public init(variant: String, outcome: MemberOutcome, reason: String? = nil, count: Int) {
            self.variant = variant
            self.outcome = outcome
            self.reason = reason
            self.count = count
        }
    }

    /// Messages per variant, channel, status and reason, with their cost in minor units.
    public struct Messages: Sendable, Equatable {
        public var variant: String
        public var channel: String
        public var status: MessageStatus
        public var reason: String?
        public var count: Int
        public var costMinor: Int64

        /// A count of messages.
        public init(variant: String, channel: String, status: MessageStatus, reason: String? = nil, count: Int,
                    costMinor: Int64 = 0) {
            self.variant = variant
            self.channel = channel
            self.status = status
            self.reason = reason
            self.count = count
            self.costMinor = costMinor
        }
    }

    /// Engagements per variant and kind.
    public struct Engagements: Sendable, Equatable {
        public var variant: String
        public var kind: EngagementKind
        public var count: Int

        /// A count of engagements.
        public init(variant: String, kind: EngagementKind, count: Int) {
            self.variant = variant
            self.kind = kind
            self.count = count
        }
    }

    /// A user reached: profile, variant, channel and when the message was sent.
    public struct Reach: Sendable, Equatable {
        public var uid: Int64
        public var variant: String
        public var channel: String
        public var at: Int64

        /// A reached user.
        public init(uid: Int64, variant: String, channel: String, at: Int64) {
            self.uid = uid
            self.variant = variant
            self.channel = channel
            self.at = at
        }
    }

    public var members: [Members] = []
    public var messages: [Messages] = []
    public var engagements: [Engagements] = []
    /// Users reached, one row per sent message.
    public var reached: [Reach] = []
    /// Holdout users and when they would have been reached.
    public var holdout: [(uid: Int64, at: Int64)] = []

    /// Empty records.
    public init() {}

    /// Who conversions are measured for, in order: each reached message from its send, then each
    /// holdout user from the time they would have been reached.
    public var references: [(uid: Int64, at: Int64)] {
        reached.map { (uid: $0.uid, at: $0.at) } + holdout.map { (uid: $0.uid, at: $0.at) }
    }

    /// When the campaign first reached someone (`nil` before any send).
    public var firstReach: Int64? { reached.map(\.at).min() }
}
