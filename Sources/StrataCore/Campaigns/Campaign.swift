/// A campaign (活动): why it runs (purpose, background, goal), whom it reaches (an audience,
/// less a holdout control group), with what (A/B/n variants, a message per channel), when
/// (a window and a schedule) and under which rules (caps, budget, blocked segments).
///
/// A draft may be incomplete; `validateForLaunch(catalog:)` says what is missing before it can
/// be scheduled. The store keeps every edit as a version.
public struct Campaign: Sendable, Equatable {
    /// Why the campaign runs (活动目的).
    public enum Purpose: String, Sendable, CaseIterable {
        /// 拉新
        case acquisition
        /// 促活
        case activation
        /// 转化
        case conversion
        /// 留存
        case retention
        /// 召回
        case recall
        /// 品牌
        case brand
    }

    /// The unique name (1–100 characters), also the key in the API and CLI.
    public var name: String
    /// The background (背景): why now, for whom.
    public var description: String
    public var purpose: Purpose
    public var goal: CampaignGoal?
    /// The time window: nothing is sent before `startsAt` or after `endsAt` (ms).
    public var startsAt: Int64?
    public var endsAt: Int64?
    /// The users it targets: a saved segment, a model layer or a tag, evaluated at send time.
    public var audience: Membership?
    /// The share of the audience kept back as a control group (0…0.5).
    public var holdoutShare: Double
    public var variants: [CampaignVariant]
    public var schedule: CampaignSchedule?
    public var rules: CampaignRules
    /// For reward campaigns: how participants are ranked for the winners list.
    public var reward: RewardRule?
    public var status: CampaignStatus

    /// Creates a campaign (a draft by default).
    public init(name: String, description: String = "", purpose: Purpose = .conversion, goal: CampaignGoal? = nil,
                startsAt: Int64? = nil, endsAt: Int64? = nil, audience: Membership? = nil, holdoutShare: Double = 0,
                variants: [CampaignVariant] = [], schedule: CampaignSchedule? = nil, rules: CampaignRules = CampaignRules(),
                status: CampaignStatus = .draft)
    {
        self.name = name
        self.description = description
        self.purpose = purpose
        self.goal = goal
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.audience = audience
        self.holdoutShare = holdoutShare
        self.variants = variants
        self.schedule = schedule
        self.rules = rules
        self.status = status
    }

    /// Channels any variant sends on.
    public var channels: [ChannelKind] {
        Set(variants.flatMap { $0.messages.map(\.channel) }).sorted()
    }

    /// Checks that the campaign can be scheduled: an audience that exists, variants with a
    /// message on every channel they use, a schedule inside the window, a goal whose metric
    /// refers to things that exist, and rules that refer to saved segments.
    ///
    /// - Throws: `StrataError.invalidField` naming the first thing to fix.
    public func validateForLaunch(catalog: RuleCatalog) throws {
        guard let audience else {
            throw StrataError(.invalidField, "Choose an audience: a saved segment, a model layer or a tag.", field: "audience")
        }
        do {
            try SegmentRule.member(audience).validate(against: catalog)
        } catch let error as StrataError {
            throw StrataError(error.code, error.message, field: "audience")
        }
        guard !variants.isEmpty else {
            throw StrataError(.invalidField, "Add at least one variant with a message.", field: "variants")
        }
        for (i, variant) in variants.enumerated() {
            guard !variant.messages.isEmpty else {
                throw StrataError(.invalidField, "Variant \(variant.name) has no message; add one for a channel.",
                                  field: "variants[\(i)].messages")
            }
            for (channel, message) in variant.messages {
                try message.validate(for: channel, path: "variants[\(i)].messages.\(channel.rawValue)")
            }
        }
        let used = Set(channels)
        for (i, variant) in variants.enumerated() where Set(variant.messages.map(\.channel)) != used {
            let missing = used.subtracting(variant.messages.map(\.channel)).map(\.rawValue).sorted()
            throw StrataError(.invalidField, "Variant \(variant.name) has no message for \(missing.joined(separator: ", ")); "
                + "every variant needs one for each channel the campaign uses, so the test compares like with like.",
                              field: "variants[\(i)].messages")
        }
        guard let schedule else {
            throw StrataError(.invalidField, "Choose a schedule: once, recurring or triggered.", field: "schedule")
        }
        switch schedule {
        case .once(let at):
            if let endsAt, at > endsAt {
                throw StrataError(.invalidField, "The send time is after the campaign's end.", field: "schedule.at")
            }
        case .triggered(let event, _, let exit):
            guard catalog.events.contains(event) else {
                throw StrataError(.invalidField, "Unknown trigger event \"\(event)\".", field: "schedule.event")
            }
            if let exit, !catalog.events.contains(exit) {
                throw StrataError(.invalidField, "Unknown exit event \"\(exit)\".", field: "schedule.exit_event")
            }
        case .recurring:
            guard endsAt != nil else {
                throw StrataError(.invalidField, "A recurring campaign needs an end (ends_at).", field: "ends_at")
            }
        }
        if let startsAt, let endsAt, startsAt >= endsAt {
            throw StrataError(.invalidField, "starts_at must be before ends_at.", field: "starts_at")
        }
        if let goal {
            switch goal.metric {
            case .conversion(let event, _):
                guard catalog.events.contains(event) else {
                    throw StrataError(.invalidField, "The goal's event \"\(event)\" has never been seen.",
                                      field: "goal.event")
                }
            case .segmentSize(let segment):
                guard catalog.segments[segment] != nil else {
                    throw StrataError(.invalidField, "The goal's segment \"\(segment)\" does not exist.",
                                      field: "goal.segment")
                }
            case .dau: break
            }
        }
        for (i, segment) in rules.blockedSegments.enumerated() where catalog.segments[segment] == nil {
            throw StrataError(.invalidField, "Blocked segment \"\(segment)\" does not exist.",
                              field: "rules.blocked_segments[\(i)]")
        }
    }
}
