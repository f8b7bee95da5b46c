import Foundation

/// The checks made before every send — when a campaign plans its messages and again at the
/// moment of sending: participations, a channel the user can be reached on (an address,
/// consent, not unsubscribed), the workspace's and the campaign's frequency caps (counted in
/// the user's calendar days), and quiet hours in the user's time zone (which defer the send).
public struct SendPolicy: Sendable {
    /// What to do with one user.
    public enum Decision: Sendable, Equatable {
        /// Send on `channel` to `address` at `at` (later than asked when quiet hours defer it).
        case send(channel: ChannelKind, address: String, at: Int64)
        case skip(SkipReason)
    }

    public var contact: ContactPolicy
    /// Calendars by time zone, made once (a calendar looks up its zone's rules when made).
    private var calendars: [String: DayCalendar] = [:]

    /// Creates a policy with the workspace's contact rules.
    public init(contact: ContactPolicy) {
        self.contact = contact
    }

    /// The calendar of a time zone.
    mutating func calendar(_ zone: TimeZone) -> DayCalendar {
        if let calendar = calendars[zone.identifier] { return calendar }
        let calendar = DayCalendar(timeZone: zone)
        calendars[zone.identifier] = calendar
        return calendar
    }

    /// Decides for one user and one variant at `now`.
    ///
    /// - Parameter channels: the channels the variant has messages for, in order of preference.
    public mutating func decide(_ recipient: Recipient, channels: [ChannelKind], rules: CampaignRules, now: Int64) -> Decision {
        guard recipient.participations < rules.maxParticipationsPerUser else { return .skip(.participationLimit) }
        var calendar = self.calendar(recipient.timeZone)
        var at = now
        if let quiet = contact.quietHours { at = quiet.nextAllowed(after: now, calendar: &calendar) }
        let today = calendar.day(at)
        let sent = recipient.sent.map { (day: calendar.day($0.at), channel: $0.channel) }
        // The first channel the user can be reached on and that is under its caps; a channel
        // at its cap falls back to the next one.
        var firstProblem: SkipReason?
        for channel in channels {
            if let problem = reachability(recipient, channel) {
                firstProblem = firstProblem ?? problem
                continue
            }
            if !sent.isEmpty, (contact.caps + rules.caps).contains(where: { !$0.allows(channel: channel, today: today, sent: sent) }) {
                firstProblem = firstProblem ?? .capped
                continue
            }
            return .send(channel: channel, address: recipient.address(on: channel) ?? "", at: at)
        }
        return .skip(firstProblem ?? .noAddress)
    }

    /// Why a user cannot be reached on a channel, or `nil` when they can.
    public func reachability(_ recipient: Recipient, _ channel: ChannelKind) -> SkipReason? {
        if recipient.unsubscribedAll || recipient.unsubscribed.contains(channel) { return .unsubscribed }
        switch recipient.traits[channel.consentTrait] {
        case .bool(false)?, .string("false")?, .number(0)?: return .noConsent
        case .bool(true)?, .string("true")?, .number(1)?: break
        default: if contact.explicitConsent.contains(channel) { return .noConsent }
        }
        return recipient.address(on: channel) == nil ? .noAddress : nil
    }
}
