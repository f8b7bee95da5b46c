import Foundation
import StrataCore
import StrataTestSupport
import Testing

// Tests of the checks made before every campaign send: frequency caps, quiet hours, recipients'
// addresses and consent, and the send policy's decision
// (Sources/StrataCore/Campaigns/FrequencyCap.swift, QuietHours.swift, Recipient.swift,
// ContactPolicy.swift, SendPolicy.swift).

/// Time zones, instants and builders shared by the campaign tests.
enum CampaignFixture {
    static let utc = TimeZone(identifier: "UTC")!
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let moscow = TimeZone(identifier: "Europe/Moscow")!

    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// An instant written in ISO 8601 (with its offset) in ms.
    static func t(_ text: String) -> Int64 {
        guard let ms = Timestamp.parse(text) else { fatalError("unreadable time \(text)") }
        return ms
    }

    /// A message that passes validation on `channel`.
    static func message(_ channel: ChannelKind) -> CampaignMessage {
        switch channel {
        case .email: CampaignMessage(subject: "Hello", body: "Your cart is waiting.")
        case .sms, .wechat: CampaignMessage(body: "Your cart is waiting.")
        case .push, .inbox: CampaignMessage(title: "Hello", body: "Your cart is waiting.")
        case .webhook: CampaignMessage()
        }
    }

    /// A variant with a valid message on each channel, in that order.
    static func variant(_ name: String, weight: Int = 1, _ channels: [ChannelKind]) -> CampaignVariant {
        CampaignVariant(name: name, weight: weight, messages: channels.map { ($0, message($0)) })
    }

    /// A recipient with traits given as JSON-ish values.
    static func recipient(_ uid: Int64, key: String? = nil, _ traits: [String: JSONValue] = [:], zone: TimeZone = utc,
                          unsubscribed: Set<ChannelKind> = [], unsubscribedAll: Bool = false,
                          sent: [(at: Int64, channel: ChannelKind)] = [], participations: Int = 0) -> Recipient
    {
        Recipient(uid: uid, key: key ?? "u\(uid)", traits: traits, timeZone: zone, unsubscribed: unsubscribed,
                  unsubscribedAll: unsubscribedAll, sent: sent, participations: participations)
    }

    /// The error a throwing call raises (`nil` when it does not throw, or throws something else).
    static func error(_ body: () throws -> Void) -> StrataError? {
        do {
            try body()
            return nil
        } catch let error as StrataError {
            return error
        } catch {
            return nil
        }
    }

    /// The field an `invalidField` error names (`nil` when nothing or something else is thrown).
    static func field(_ body: () throws -> Void) -> String? {
        guard let error = error(body), error.code == .invalidField else { return nil }
        return error.field
    }

    /// Parses JSON text written in a test.
    static func json(_ text: String) -> JSONValue { Fixtures.json(text) }
}

// MARK: - Frequency caps

@Suite struct FrequencyCapTests {
    typealias F = CampaignFixture

    @Test func countsTodayAndTheDaysBeforeWithinItsSpan() {
        let daily = FrequencyCap(limit: 1)
        #expect(daily.days == 1 && daily.channel == nil)
        #expect(daily.allows(channel: .email, today: 100, sent: []))
        #expect(!daily.allows(channel: .email, today: 100, sent: [(100, .email)]))
        // Yesterday's send does not count against a one-day cap.
        #expect(daily.allows(channel: .email, today: 100, sent: [(99, .email)]))
        // A 3-day cap counts days 98, 99 and 100, not 97.
        let threeDays = FrequencyCap(limit: 2, days: 3)
        #expect(threeDays.allows(channel: .sms, today: 100, sent: [(97, .sms), (98, .email)]))
        #expect(!threeDays.allows(channel: .sms, today: 100, sent: [(98, .sms), (99, .email)]))
        #expect(threeDays.allows(channel: .sms, today: 100, sent: [(97, .sms), (97, .sms), (100, .email)]))
        // Later days (messages already scheduled for tomorrow) are not in today's window.
        #expect(daily.allows(channel: .email, today: 100, sent: [(101, .email)]))
        // The limit is "at most": two of three is still allowed.
        let three = FrequencyCap(limit: 3)
        #expect(three.allows(channel: .push, today: 5, sent: [(5, .email), (5, .sms)]))
        #expect(!three.allows(channel: .push, today: 5, sent: [(5, .email), (5, .sms), (5, .inbox)]))
    }

    @Test func aChannelCapCountsAndLimitsOnlyItsChannel() {
        let sms = FrequencyCap(limit: 1, channel: .sms)
        // Emails neither count against it nor are limited by it.
        #expect(sms.allows(channel: .sms, today: 10, sent: [(10, .email), (10, .email)]))
        #expect(!sms.allows(channel: .sms, today: 10, sent: [(10, .sms)]))
        #expect(sms.allows(channel: .email, today: 10, sent: [(10, .sms), (10, .sms), (10, .sms)]))
        // A cap over all channels counts every channel.
        let all = FrequencyCap(limit: 2)
        #expect(!all.allows(channel: .email, today: 10, sent: [(10, .sms), (10, .push)]))
    }

    @Test func readsAndWritesItsJSON() throws {
        let cap = try FrequencyCap(json: F.json(#"{"limit": 2, "days": 7, "channel": "email"}"#), path: "caps[0]")
        #expect(cap == FrequencyCap(limit: 2, days: 7, channel: .email))
        #expect(try FrequencyCap(json: F.json(#"{"limit": 5}"#), path: "c") == FrequencyCap(limit: 5, days: 1, channel: nil))
        for original in [cap, FrequencyCap(limit: 1), FrequencyCap(limit: 1000, days: 365, channel: .inbox)] {
            #expect(try FrequencyCap(json: original.json, path: "c") == original)
        }
        #expect(FrequencyCap(limit: 3).json == F.json(#"{"limit": 3, "days": 1, "channel": null}"#))
    }

    @Test func errorsNameTheFieldUnderItsPath() {
        let cases: [(String, String)] = [
            (#"{"days": 1}"#, "rules.caps[2].limit"),
            (#"{"limit": 0}"#, "rules.caps[2].limit"),
            (#"{"limit": 1001}"#, "rules.caps[2].limit"),
            (#"{"limit": 1.5}"#, "rules.caps[2].limit"),
            (#"{"limit": 1, "days": 0}"#, "rules.caps[2].days"),
            (#"{"limit": 1, "days": 366}"#, "rules.caps[2].days"),
            (#"{"limit": 1, "channel": "fax"}"#, "rules.caps[2].channel"),
            (#"[1]"#, "rules.caps[2]"),
        ]
        for (text, field) in cases {
            #expect(F.field { _ = try FrequencyCap(json: F.json(text), path: "rules.caps[2]") } == field, "\(text)")
        }
    }
}

// MARK: - Quiet hours

@Suite struct QuietHoursTests {
    typealias F = CampaignFixture
    static let night = QuietHours(start: 22 * 60, end: 8 * 60)

    @Test func aSpanThatWrapsMidnightCoversBothEnds() {
        let q = Self.night
        for (minute, quiet) in [(0, true), (7 * 60 + 59, true), (8 * 60, false), (12 * 60, false),
                                (21 * 60 + 59, false), (22 * 60, true), (23 * 60 + 59, true)]
        {
            #expect(q.contains(minuteOfDay: minute) == quiet, "\(minute)")
        }
    }

    @Test func aDaytimeSpanCoversFromStartToBeforeEnd() {
        let lunch = QuietHours(start: 12 * 60, end: 14 * 60)
        for (minute, quiet) in [(0, false), (11 * 60 + 59, false), (12 * 60, true), (13 * 60 + 59, true),
                                (14 * 60, false), (23 * 60 + 59, false)]
        {
            #expect(lunch.contains(minuteOfDay: minute) == quiet, "\(minute)")
        }
    }

    @Test func nextAllowedIsTheEndOfTheQuietHoursInTheUsersZone() {
        let q = Self.night
        // 23:30:15.5 in Shanghai: deferred to 08:00:00.000 the next morning there.
        #expect(q.nextAllowed(after: F.t("2026-09-30T23:30:15.500+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T08:00:00+08:00"))
        // After midnight: the same morning.
        #expect(q.nextAllowed(after: F.t("2026-10-01T03:10:00+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T08:00:00+08:00"))
        // The start minute is quiet; the last quiet millisecond moves to the end; the end is not quiet.
        #expect(q.nextAllowed(after: F.t("2026-09-30T22:00:00+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T08:00:00+08:00"))
        #expect(q.nextAllowed(after: F.t("2026-10-01T07:59:59.999+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T08:00:00+08:00"))
        for free in ["2026-10-01T08:00:00+08:00", "2026-10-01T12:34:56.789+08:00", "2026-10-01T21:59:59.999+08:00"] {
            #expect(q.nextAllowed(after: F.t(free), timeZone: F.shanghai) == F.t(free), "\(free)")
        }
    }

    @Test func theSameInstantIsQuietInOneZoneAndNotInAnother() {
        let q = Self.night
        // 14:30 UTC is 22:30 in Shanghai (quiet) and 10:30 in New York (daylight time, not quiet).
        let a = F.t("2026-09-30T14:30:00Z")
        #expect(q.nextAllowed(after: a, timeZone: F.shanghai) == F.t("2026-10-01T08:00:00+08:00"))
        #expect(q.nextAllowed(after: a, timeZone: F.shanghai) == F.t("2026-10-01T00:00:00Z"))
        #expect(q.nextAllowed(after: a, timeZone: F.newYork) == a)
        // 03:00 UTC is 11:00 in Shanghai and 23:00 the evening before in New York.
        let b = F.t("2026-10-01T03:00:00Z")
        #expect(q.nextAllowed(after: b, timeZone: F.shanghai) == b)
        #expect(q.nextAllowed(after: b, timeZone: F.newYork) == F.t("2026-10-01T08:00:00-04:00"))
        #expect(q.nextAllowed(after: b, timeZone: F.utc) == F.t("2026-10-01T08:00:00Z"))
    }

    @Test func aDaytimeSpanDefersToItsEndTheSameDay() {
        let lunch = QuietHours(start: 12 * 60, end: 14 * 60)
        #expect(lunch.nextAllowed(after: F.t("2026-10-01T12:45:30+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T14:00:00+08:00"))
        #expect(lunch.nextAllowed(after: F.t("2026-10-01T11:59:00+08:00"), timeZone: F.shanghai)
            == F.t("2026-10-01T11:59:00+08:00"))
    }

    @Test func onDaylightSavingDaysTheSendIsAtEightOClockLocalTime() {
        // New York leaves daylight time on 2026-11-01 at 02:00 (→ 01:00 EST) and enters it on
        // 2026-03-08 at 02:00 (→ 03:00 EDT). A send asked for at 23:00 the evening before waits
        // until 08:00 on the local clock of the morning after.
        let q = Self.night
        let fallBack = q.nextAllowed(after: F.t("2026-10-31T23:00:00-04:00"), timeZone: F.newYork)
        #expect(fallBack == F.t("2026-11-01T08:00:00-05:00"))
        let springForward = q.nextAllowed(after: F.t("2026-03-07T23:00:00-05:00"), timeZone: F.newYork)
        #expect(springForward == F.t("2026-03-08T08:00:00-04:00"))
        // Whatever the instant chosen, it must not itself be quiet on the local clock.
        let localMinute = Int((fallBack + Int64(F.newYork.secondsFromGMT(for: Date(timeIntervalSince1970: Double(fallBack) / 1000))) * 1000)
            % F.day / F.minute)
        #expect(!q.contains(minuteOfDay: localMinute), "local minute \(localMinute)")
        // Away from the transitions New York's quiet hours end at 08:00 local in both seasons.
        #expect(q.nextAllowed(after: F.t("2026-11-10T23:00:00-05:00"), timeZone: F.newYork) == F.t("2026-11-11T08:00:00-05:00"))
        #expect(q.nextAllowed(after: F.t("2026-07-10T23:00:00-04:00"), timeZone: F.newYork) == F.t("2026-07-11T08:00:00-04:00"))
    }

    @Test func readsAndWritesHHMMText() throws {
        let q = try QuietHours(text: "22:00-08:00", field: "quiet_hours")
        #expect(q == Self.night)
        #expect(q.text == "22:00-08:00")
        #expect(try QuietHours(text: " 9:05 - 13:30 ", field: "q") == QuietHours(start: 545, end: 810))
        #expect(QuietHours(start: 545, end: 810).text == "09:05-13:30")
        #expect(QuietHours.minute("00:00") == 0 && QuietHours.minute("23:59") == 1439)
        #expect(QuietHours.clock(0) == "00:00" && QuietHours.clock(1439) == "23:59" && QuietHours.clock(61) == "01:01")
        for bad in ["24:00", "12:60", "12", "12:00:00", "ab:cd", "-1:00", ""] {
            #expect(QuietHours.minute(bad) == nil, "\(bad)")
        }
        for bad in ["22:00", "22-08", "22:00-08:00-09:00", "08:00-08:00", "25:00-08:00", "22:00-8"] {
            let error = F.error { _ = try QuietHours(text: bad, field: "quiet_hours") }
            #expect(error?.code == .invalidField && error?.field == "quiet_hours", "\(bad)")
        }
    }
}

// MARK: - Recipients

@Suite struct RecipientTests {
    typealias F = CampaignFixture

    @Test func addressesAreTrimmedTraitsAndNoneForChannelsThatNeedNone() {
        let r = F.recipient(1, ["email": " a@example.com ", "phone": "", "push_token": "   ", "wechat_openid": .number(5)])
        #expect(r.address(on: .email) == "a@example.com")
        #expect(r.address(on: .sms) == nil)
        #expect(r.address(on: .push) == nil)
        #expect(r.address(on: .wechat) == nil)
        #expect(r.address(on: .webhook) == "")
        #expect(r.address(on: .inbox) == "")
        #expect(F.recipient(2, ["phone": "+8613800000000"]).address(on: .sms) == "+8613800000000")
    }

    @Test func theTimezoneTraitNamesTheZoneElseTheFallback() {
        #expect(Recipient.timeZone(traits: ["timezone": "Asia/Shanghai"], fallback: F.utc) == F.shanghai)
        #expect(Recipient.timeZone(traits: ["timezone": "Mars/Olympus"], fallback: F.newYork) == F.newYork)
        #expect(Recipient.timeZone(traits: ["timezone": .number(8)], fallback: F.utc) == F.utc)
        #expect(Recipient.timeZone(traits: [:], fallback: F.shanghai) == F.shanghai)
    }

    @Test func channelsNameTheirAddressAndConsentTraits() {
        #expect(ChannelKind.allCases.map(\.addressTrait) == ["email", "phone", "push_token", "wechat_openid", nil, nil])
        #expect(ChannelKind.sms.consentTrait == "sms_opt_in" && ChannelKind.email.consentTrait == "email_opt_in")
        #expect(ChannelKind.allCases.sorted() == [.email, .sms, .push, .wechat, .webhook, .inbox])
        #expect(ChannelKind.email < .sms && !(ChannelKind.inbox < .webhook))
    }
}

// MARK: - Send policy

@Suite struct SendPolicyTests {
    typealias F = CampaignFixture

    /// No caps and no quiet hours unless a test adds them; SMS needs explicit consent.
    static let open = SendPolicy(contact: ContactPolicy(caps: [], quietHours: nil))
    /// 2026-09-30 12:00 in Shanghai.
    static let noon = F.t("2026-09-30T12:00:00+08:00")
    static let reachable: [String: JSONValue] = ["email": "a@example.com", "phone": "+8613800000000", "sms_opt_in": true,
                                                 "push_token": "tok"]

    @Test func theDefaultContactPolicyIsThreeADayOneSMSQuietNightsAndSMSConsent() {
        let c = ContactPolicy()
        #expect(c.caps == [FrequencyCap(limit: 3, days: 1, channel: nil), FrequencyCap(limit: 1, days: 1, channel: .sms)])
        #expect(c.quietHours == QuietHours(start: 1320, end: 480))
        #expect(c.explicitConsent == [.sms])
    }

    @Test func participationLimitComesFirst() {
        var p = Self.open
        let rules = CampaignRules(maxParticipationsPerUser: 2)
        let once = F.recipient(1, Self.reachable, participations: 1)
        #expect(p.decide(once, channels: [.email], rules: rules, now: Self.noon)
            == .send(channel: .email, address: "a@example.com", at: Self.noon))
        let twice = F.recipient(1, Self.reachable, participations: 2)
        #expect(p.decide(twice, channels: [.email], rules: rules, now: Self.noon) == .skip(.participationLimit))
        // Even an unsubscribed user with no address is counted under the participation limit.
        let both = F.recipient(2, [:], unsubscribedAll: true, participations: 1)
        #expect(p.decide(both, channels: [.email], rules: CampaignRules(), now: Self.noon) == .skip(.participationLimit))
    }

    @Test func theFirstReachableChannelInOrderIsChosen() {
        var p = Self.open
        let rules = CampaignRules()
        // Has everything: the first channel wins.
        let all = F.recipient(1, Self.reachable)
        #expect(p.decide(all, channels: [.sms, .email], rules: rules, now: Self.noon)
            == .send(channel: .sms, address: "+8613800000000", at: Self.noon))
        #expect(p.decide(all, channels: [.email, .sms], rules: rules, now: Self.noon)
            == .send(channel: .email, address: "a@example.com", at: Self.noon))
        // No SMS consent: falls back to email.
        let noSMSConsent = F.recipient(2, ["email": "b@example.com", "phone": "+861"])
        #expect(p.decide(noSMSConsent, channels: [.sms, .email], rules: rules, now: Self.noon)
            == .send(channel: .email, address: "b@example.com", at: Self.noon))
        // No email address: falls back to push; unsubscribed from push: falls back to the inbox.
        let pushOnly = F.recipient(3, ["push_token": " tok-3 "])
        #expect(p.decide(pushOnly, channels: [.email, .push, .inbox], rules: rules, now: Self.noon)
            == .send(channel: .push, address: "tok-3", at: Self.noon))
        let inboxOnly = F.recipient(4, ["push_token": "tok-4"], unsubscribed: [.push])
        #expect(p.decide(inboxOnly, channels: [.email, .push, .inbox], rules: rules, now: Self.noon)
            == .send(channel: .inbox, address: "", at: Self.noon))
        // A webhook needs no address.
        #expect(p.decide(F.recipient(5), channels: [.webhook], rules: rules, now: Self.noon)
            == .send(channel: .webhook, address: "", at: Self.noon))
    }

    @Test func withinAChannelUnsubscribedComesBeforeNoConsentBeforeNoAddress() {
        var p = Self.open
        let rules = CampaignRules()
        // No email, refused email, unsubscribed from email: unsubscribed.
        let all3 = F.recipient(1, ["email_opt_in": false], unsubscribed: [.email])
        #expect(p.reachability(all3, .email) == .unsubscribed)
        #expect(p.decide(all3, channels: [.email], rules: rules, now: Self.noon) == .skip(.unsubscribed))
        // No email, refused email: no consent.
        let refused = F.recipient(2, ["email_opt_in": false])
        #expect(p.reachability(refused, .email) == .noConsent)
        #expect(p.decide(refused, channels: [.email], rules: rules, now: Self.noon) == .skip(.noConsent))
        // Only no email: no address.
        let bare = F.recipient(3)
        #expect(p.reachability(bare, .email) == .noAddress)
        #expect(p.decide(bare, channels: [.email], rules: rules, now: Self.noon) == .skip(.noAddress))
        // Unsubscribed from everything: even the inbox and webhooks, which need no address.
        let gone = F.recipient(4, Self.reachable, unsubscribedAll: true)
        for channel in ChannelKind.allCases {
            #expect(p.reachability(gone, channel) == .unsubscribed, "\(channel)")
        }
        #expect(p.reachability(F.recipient(5, Self.reachable), .email) == nil)
    }

    @Test func whenNoChannelWorksTheFirstChannelsProblemIsTheReason() {
        var p = Self.open
        let rules = CampaignRules()
        // Email: no address; SMS: unsubscribed.
        let r = F.recipient(1, ["phone": "+861", "sms_opt_in": true], unsubscribed: [.sms])
        #expect(p.decide(r, channels: [.email, .sms], rules: rules, now: Self.noon) == .skip(.noAddress))
        #expect(p.decide(r, channels: [.sms, .email], rules: rules, now: Self.noon) == .skip(.unsubscribed))
        // SMS: no consent (not given); push: no token.
        let s = F.recipient(2, ["phone": "+861"])
        #expect(p.decide(s, channels: [.sms, .push], rules: rules, now: Self.noon) == .skip(.noConsent))
        #expect(p.decide(s, channels: [.push, .sms], rules: rules, now: Self.noon) == .skip(.noAddress))
        // A variant without channels reaches nobody.
        #expect(p.decide(F.recipient(3, Self.reachable), channels: [], rules: rules, now: Self.noon) == .skip(.noAddress))
    }

    @Test func consentMustBeExplicitOnlyOnTheConfiguredChannels() {
        let p = Self.open  // explicit consent: SMS
        let phone: [String: JSONValue] = ["phone": "+861", "email": "a@example.com"]
        // SMS: true, "true" and 1 give consent; anything else (missing, "yes") does not.
        for given in [JSONValue.bool(true), "true", .number(1)] {
            var traits = phone
            traits["sms_opt_in"] = given
            #expect(p.reachability(F.recipient(1, traits), .sms) == nil, "\(given)")
        }
        for notGiven in [JSONValue?.none, "yes", .number(2), .null, .bool(false), "false", .number(0)] {
            var traits = phone
            traits["sms_opt_in"] = notGiven
            #expect(p.reachability(F.recipient(1, traits), .sms) == .noConsent, "\(String(describing: notGiven))")
        }
        // Email: only an explicit false, "false" or 0 refuses.
        for refusal in [JSONValue.bool(false), "false", .number(0)] {
            var traits = phone
            traits["email_opt_in"] = refusal
            #expect(p.reachability(F.recipient(1, traits), .email) == .noConsent, "\(refusal)")
        }
        for other in [JSONValue?.none, "yes", .null, .bool(true), .number(1)] {
            var traits = phone
            traits["email_opt_in"] = other
            #expect(p.reachability(F.recipient(1, traits), .email) == nil, "\(String(describing: other))")
        }
        // A workspace that asks explicit consent for email but not SMS.
        var emailFirst = SendPolicy(contact: ContactPolicy(caps: [], quietHours: nil, explicitConsent: [.email]))
        #expect(emailFirst.reachability(F.recipient(1, phone), .email) == .noConsent)
        #expect(emailFirst.reachability(F.recipient(1, phone), .sms) == nil)
        #expect(emailFirst.decide(F.recipient(1, phone), channels: [.email, .sms], rules: CampaignRules(), now: Self.noon)
            == .send(channel: .sms, address: "+861", at: Self.noon))
    }

    @Test func capsCountTheUsersLocalDays() {
        var p = SendPolicy(contact: ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil))
        let rules = CampaignRules()
        let email: [String: JSONValue] = ["email": "a@example.com"]
        // Shanghai: now is 2026-09-30 10:00 local (02:00 UTC).
        let now = F.t("2026-09-30T10:00:00+08:00")
        // Sent at 23:30 local the day before (15:30 UTC on 09-29): yesterday, so allowed.
        let lateYesterday = F.recipient(1, email, zone: F.shanghai, sent: [(F.t("2026-09-29T23:30:00+08:00"), .email)])
        #expect(p.decide(lateYesterday, channels: [.email], rules: rules, now: now)
            == .send(channel: .email, address: "a@example.com", at: now))
        // Sent at 00:30 local today (16:30 UTC on 09-29, "yesterday" in UTC): today, so capped.
        let earlyToday = F.recipient(1, email, zone: F.shanghai, sent: [(F.t("2026-09-30T00:30:00+08:00"), .email)])
        #expect(p.decide(earlyToday, channels: [.email], rules: rules, now: now) == .skip(.capped))
        // New York: now is 2026-09-30 10:00 EDT (14:00 UTC). Sent at 23:30 EDT the day before
        // (03:30 UTC on 09-30, "today" in UTC): yesterday locally, so allowed.
        let nyNow = F.t("2026-09-30T10:00:00-04:00")
        let nyYesterday = F.recipient(2, email, zone: F.newYork, sent: [(F.t("2026-09-29T23:30:00-04:00"), .email)])
        #expect(p.decide(nyYesterday, channels: [.email], rules: rules, now: nyNow)
            == .send(channel: .email, address: "a@example.com", at: nyNow))
        let nyToday = F.recipient(2, email, zone: F.newYork, sent: [(F.t("2026-09-30T00:05:00-04:00"), .email)])
        #expect(p.decide(nyToday, channels: [.email], rules: rules, now: nyNow) == .skip(.capped))
    }

    @Test func channelCapsAndAllChannelCapsBothApply() {
        var p = SendPolicy(contact: ContactPolicy(quietHours: nil))  // 3 a day in all, 1 SMS a day
        let rules = CampaignRules()
        let today = F.t("2026-09-30T01:00:00Z")  // earlier on the day of noon (04:00 UTC)
        let oneSMS = F.recipient(1, Self.reachable, sent: [(today, .sms)])
        #expect(p.decide(oneSMS, channels: [.sms], rules: rules, now: Self.noon) == .skip(.capped))
        #expect(p.decide(oneSMS, channels: [.email], rules: rules, now: Self.noon)
            == .send(channel: .email, address: "a@example.com", at: Self.noon))
        // A channel at its cap falls back to the next one.
        #expect(p.decide(oneSMS, channels: [.sms, .email], rules: rules, now: Self.noon)
            == .send(channel: .email, address: "a@example.com", at: Self.noon))
        // Two emails and a push today: the all-channel cap of 3 stops every channel, SMS included.
        let three = F.recipient(2, Self.reachable, sent: [(today, .email), (today, .email), (today + F.hour, .push)])
        for channel in [ChannelKind.email, .sms, .push, .inbox] {
            #expect(p.decide(three, channels: [channel], rules: rules, now: Self.noon) == .skip(.capped), "\(channel)")
        }
        // Two sends today: a third is allowed.
        let two = F.recipient(3, Self.reachable, sent: [(today, .email), (today, .push)])
        #expect(p.decide(two, channels: [.inbox], rules: rules, now: Self.noon)
            == .send(channel: .inbox, address: "", at: Self.noon))
    }

    @Test func campaignCapsApplyOnTopOfTheWorkspaces() {
        let now = F.t("2026-09-30T12:00:00Z")
        let weekly = CampaignRules(caps: [FrequencyCap(limit: 1, days: 7, channel: .email)])
        var p = Self.open
        // Six days ago is inside a 7-day window (days 09-24 … 09-30); seven days ago is not.
        let sixDays = F.recipient(1, Self.reachable, sent: [(now - 6 * F.day, .email)])
        #expect(p.decide(sixDays, channels: [.email], rules: weekly, now: now) == .skip(.capped))
        let sevenDays = F.recipient(1, Self.reachable, sent: [(now - 7 * F.day, .email)])
        #expect(p.decide(sevenDays, channels: [.email], rules: weekly, now: now)
            == .send(channel: .email, address: "a@example.com", at: now))
        // Without the campaign's cap, the open workspace lets it through.
        #expect(p.decide(sixDays, channels: [.email], rules: CampaignRules(), now: now)
            == .send(channel: .email, address: "a@example.com", at: now))
        // A looser campaign cap does not loosen the workspace's.
        var strict = SendPolicy(contact: ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil))
        let loose = CampaignRules(caps: [FrequencyCap(limit: 10)])
        let sentToday = F.recipient(2, Self.reachable, sent: [(now - F.hour, .push)])
        #expect(strict.decide(sentToday, channels: [.email], rules: loose, now: now) == .skip(.capped))
        // Each cap's own channel: an SMS campaign cap leaves email alone.
        let smsCap = CampaignRules(caps: [FrequencyCap(limit: 1, channel: .sms)])
        let smsToday = F.recipient(3, Self.reachable, sent: [(now - F.hour, .sms)])
        #expect(p.decide(smsToday, channels: [.email], rules: smsCap, now: now)
            == .send(channel: .email, address: "a@example.com", at: now))
        #expect(p.decide(smsToday, channels: [.sms], rules: smsCap, now: now) == .skip(.capped))
    }

    @Test func quietHoursDeferTheSendAndCapsCountTheDayItGoesOut() {
        var quiet = SendPolicy(contact: ContactPolicy(caps: [FrequencyCap(limit: 1)]))  // 22:00–08:00
        let rules = CampaignRules()
        let email: [String: JSONValue] = ["email": "a@example.com"]
        let lateEvening = F.t("2026-09-30T23:30:00+08:00")
        let morning = F.t("2026-10-01T08:00:00+08:00")
        #expect(quiet.decide(F.recipient(1, email, zone: F.shanghai), channels: [.email], rules: rules, now: lateEvening)
            == .send(channel: .email, address: "a@example.com", at: morning))
        // The same instant is 11:30 in New York: sent at once.
        #expect(quiet.decide(F.recipient(2, email, zone: F.newYork), channels: [.email], rules: rules, now: lateEvening)
            == .send(channel: .email, address: "a@example.com", at: lateEvening))
        // Already sent one today (10:00 on 09-30): the deferred send goes out on 10-01, under the cap.
        let sentToday = F.recipient(3, email, zone: F.shanghai, sent: [(F.t("2026-09-30T10:00:00+08:00"), .email)])
        #expect(quiet.decide(sentToday, channels: [.email], rules: rules, now: lateEvening)
            == .send(channel: .email, address: "a@example.com", at: morning))
        // Without quiet hours it would go out today and be capped.
        var noQuiet = SendPolicy(contact: ContactPolicy(caps: [FrequencyCap(limit: 1)], quietHours: nil))
        #expect(noQuiet.decide(sentToday, channels: [.email], rules: rules, now: lateEvening) == .skip(.capped))
        // A send at 07:00 on 10-01 counts on that day, the day the deferred send goes out.
        let queuedTomorrow = F.recipient(4, email, zone: F.shanghai, sent: [(F.t("2026-10-01T07:00:00+08:00"), .email)])
        #expect(quiet.decide(queuedTomorrow, channels: [.email], rules: rules, now: lateEvening) == .skip(.capped))
    }
}
