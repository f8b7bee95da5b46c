import Foundation
import StrataCore
import StrataTestSupport
import Testing

// Tests of a campaign's definition: its JSON form (read, written, round trip, errors naming
// the field), what launching requires, its status transitions, its messages per channel, and
// JSONFields' paths (Sources/StrataCore/Campaigns/Campaign.swift, Campaign+JSON.swift,
// CampaignStatus.swift, CampaignMessage.swift, CampaignGoal.swift, Support/JSONFields.swift).

/// Campaigns used by the definition tests.
enum CampaignDefinitionFixture {
    typealias F = CampaignFixture

    /// The example of `Campaign.init(json:)`'s documentation.
    static let documented = """
        {"name": "cart-recovery", "description": "Carts left for a day", "purpose": "conversion",
         "goal": {"metric": "conversion", "event": "purchase", "within_hours": 72, "target": 0.05,
                  "deadline": "2026-12-31"},
         "starts_at": "2026-12-01T00:00:00+08:00", "ends_at": "2026-12-31T23:59:59+08:00",
         "audience": {"segment": "高意向未购买"}, "holdout": 0.1,
         "variants": [{"name": "A", "weight": 1, "messages": {"email": {"subject": "Hi", "body": "Come back"}}}],
         "schedule": {"type": "once", "at": "2026-12-01T10:00:00+08:00"},
         "rules": {"max_participations": 1, "max_sends_per_day": 50000, "budget": 2000,
                   "cost_per_message": {"sms": 0.05}, "blocked_segments": ["投诉用户"],
                   "caps": [{"limit": 1, "days": 1, "channel": "sms"}], "priority": 60}}
        """

    /// A campaign using every part of the definition.
    static func full(goal: CampaignGoal?, audience: Membership?, schedule: CampaignSchedule?) -> Campaign {
        let email = CampaignMessage(subject: "Hi {{traits.name}}", body: "Your cart", html: "<p>Your cart</p>",
                                    url: "https://shop.example/cart", defaults: ["traits.name": "朋友"])
        return Campaign(
            name: "cart-recovery", description: "Carts left for a day.\n第二行 \"quoted\"", purpose: .recall, goal: goal,
            startsAt: F.t("2026-12-01T00:00:00+08:00"), endsAt: F.t("2026-12-31T23:59:59.500+08:00"), audience: audience,
            holdoutShare: 0.15,
            variants: [
                CampaignVariant(name: "A", weight: 3, messages: [(.email, email), (.sms, CampaignMessage(body: "短信 {{key}}"))]),
                CampaignVariant(name: "discount-10", weight: 1,
                                messages: [(.email, CampaignMessage(subject: "10% off", body: "b")),
                                           (.sms, CampaignMessage(body: "10% off"))]),
            ],
            schedule: schedule,
            rules: CampaignRules(maxParticipationsPerUser: 3, maxSendsPerDay: 50_000, budgetMinor: 200_005,
                                 costPerMessageMinor: [.sms: 5, .email: 0], blockedSegments: ["投诉用户", "staff"],
                                 caps: [FrequencyCap(limit: 1, days: 1, channel: .sms), FrequencyCap(limit: 5, days: 7)],
                                 priority: 60))
    }

    static let catalog = RuleCatalog(
        events: ["purchase", "add_to_cart", "checkout"], segments: ["高意向未购买": .all([]), "投诉用户": .all([])],
        layers: ["rfm": ["重要价值", "一般保持"]], tags: ["vip"])

    /// A campaign that passes `validateForLaunch(catalog:)`.
    static var ready: Campaign {
        Campaign(name: "c", goal: CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.05,
                                               deadline: F.t("2026-12-31")),
                 startsAt: F.t("2026-12-01T00:00:00+08:00"), endsAt: F.t("2026-12-31T00:00:00+08:00"),
                 audience: .segment("高意向未购买"), holdoutShare: 0.1,
                 variants: [F.variant("A", [.email, .sms]), F.variant("B", [.email, .sms])],
                 schedule: .once(at: F.t("2026-12-01T10:00:00+08:00")), rules: CampaignRules(blockedSegments: ["投诉用户"]))
    }
}

// MARK: - JSON

@Suite struct CampaignJSONTests {
    typealias F = CampaignFixture
    typealias D = CampaignDefinitionFixture

    @Test func readsTheDocumentedExample() throws {
        let c = try Campaign(json: F.json(D.documented))
        #expect(c.name == "cart-recovery")
        #expect(c.description == "Carts left for a day")
        #expect(c.purpose == .conversion)
        #expect(c.goal == CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.05,
                                       deadline: 1_798_675_200_000))  // 2026-12-31T00:00:00Z
        #expect(c.startsAt == 1_796_054_400_000)  // 2026-11-30T16:00:00Z
        #expect(c.endsAt == F.t("2026-12-31T15:59:59Z"))
        #expect(c.audience == .segment("高意向未购买"))
        #expect(c.holdoutShare == 0.1)
        #expect(c.variants == [CampaignVariant(name: "A", weight: 1,
                                               messages: [(.email, CampaignMessage(subject: "Hi", body: "Come back"))])])
        #expect(c.schedule == .once(at: F.t("2026-12-01T02:00:00Z")))
        // Money in major units becomes minor units: 2000 → 200000, 0.05 → 5.
        #expect(c.rules == CampaignRules(maxParticipationsPerUser: 1, maxSendsPerDay: 50_000, budgetMinor: 200_000,
                                         costPerMessageMinor: [.sms: 5], blockedSegments: ["投诉用户"],
                                         caps: [FrequencyCap(limit: 1, days: 1, channel: .sms)], priority: 60))
        #expect(c.status == .draft)
        #expect(c.channels == [.email])
    }

    @Test func aDraftNeedsOnlyAName() throws {
        let c = try Campaign(json: F.json(#"{"name": "  spring sale  "}"#))
        #expect(c == Campaign(name: "spring sale"))
        #expect(c.description == "" && c.purpose == .conversion && c.goal == nil && c.startsAt == nil && c.endsAt == nil)
        #expect(c.audience == nil && c.holdoutShare == 0 && c.variants.isEmpty && c.schedule == nil)
        #expect(c.rules == CampaignRules(maxParticipationsPerUser: 1, maxSendsPerDay: nil, budgetMinor: nil,
                                         costPerMessageMinor: [:], blockedSegments: [], caps: [], priority: 50))
        #expect(c.status == .draft)
        // Nulls are the same as missing fields.
        let nulls = try Campaign(json: F.json(#"""
            {"name": "n", "description": null, "goal": null, "audience": null, "variants": null, "schedule": null,
             "rules": {"max_sends_per_day": null, "budget": null, "caps": null}}
            """#))
        #expect(nulls == Campaign(name: "n"))
        // Rules given as an empty object take the same defaults.
        #expect(try Campaign(json: F.json(#"{"name": "e", "rules": {}}"#)).rules == CampaignRules())
    }

    @Test func readsEveryAudienceGoalAndSchedule() throws {
        func read(_ fields: String) throws -> Campaign { try Campaign(json: F.json(#"{"name": "c", "# + fields + "}")) }
        #expect(try read(#""audience": {"layer": "rfm:重要价值"}"#).audience == .layer(model: "rfm", layer: "重要价值"))
        #expect(try read(#""audience": {"layer": "lifecycle:a:b"}"#).audience == .layer(model: "lifecycle", layer: "a:b"))
        #expect(try read(#""audience": {"tag": "vip"}"#).audience == .tag("vip"))
        #expect(try read(#""goal": {"metric": "segment_size", "segment": "vip", "target": 5000, "deadline": "2026-12-31T12:00:00Z"}"#)
            .goal == CampaignGoal(metric: .segmentSize("vip"), target: 5000, deadline: F.t("2026-12-31T12:00:00Z")))
        #expect(try read(#""goal": {"metric": "dau", "target": 1e6, "deadline": "2027-01-01"}"#)
            .goal == CampaignGoal(metric: .dau, target: 1_000_000, deadline: F.t("2027-01-01T00:00:00Z")))
        // A conversion goal's window defaults to 72 hours.
        #expect(try read(#""goal": {"metric": "conversion", "event": "purchase", "target": 0, "deadline": "2027-01-01"}"#)
            .goal?.metric == .conversion(event: "purchase", withinHours: 72))
        #expect(try read(#""schedule": {"type": "recurring", "time": "09:30"}"#).schedule
            == .recurring(weekday: nil, minuteOfDay: 570))
        #expect(try read(#""schedule": {"type": "recurring", "every": "week", "weekday": 7, "time": "23:59"}"#).schedule
            == .recurring(weekday: 7, minuteOfDay: 1439))
        #expect(try read(#""schedule": {"type": "triggered", "event": "add_to_cart"}"#).schedule
            == .triggered(event: "add_to_cart", delayMinutes: 0, exitEvent: nil))
        #expect(try read(#""schedule": {"type": "triggered", "event": "add_to_cart", "delay_minutes": 60, "exit_event": "purchase"}"#)
            .schedule == .triggered(event: "add_to_cart", delayMinutes: 60, exitEvent: "purchase"))
        #expect(try read(#""schedule": {"type": "triggered", "event": "e"}"#).schedule?.isTriggered == true)
        #expect(try read(#""schedule": {"type": "once", "at": "2026-12-01"}"#).schedule?.isTriggered == false)
        // Purposes by name.
        for purpose in Campaign.Purpose.allCases {
            #expect(try read("\"purpose\": \"\(purpose.rawValue)\"").purpose == purpose)
        }
    }

    @Test func variantsTakeTheirMessagesInChannelOrderWithDefaultWeightOne() throws {
        let c = try Campaign(json: F.json(#"""
            {"name": "c", "variants": [
              {"name": "A", "messages": {"sms": {"body": "s"}, "inbox": {"title": "t", "body": "b"}, "email": {"subject": "x", "body": "y"}}},
              {"name": "B", "weight": 1000, "messages": {}}]}
            """#))
        #expect(c.variants.map(\.name) == ["A", "B"])
        #expect(c.variants.map(\.weight) == [1, 1000])
        #expect(c.variants[0].messages.map(\.channel) == [.email, .sms, .inbox])
        #expect(c.variants[0].message(for: .sms) == CampaignMessage(body: "s"))
        #expect(c.variants[0].message(for: .push) == nil)
        #expect(c.variants[1].messages.isEmpty)
        #expect(c.channels == [.email, .sms, .inbox])
    }

    @Test func moneyIsReadInMajorUnitsAndRoundedToMinorUnits() throws {
        let c = try Campaign(json: F.json(#"""
            {"name": "c", "rules": {"budget": 12.345, "cost_per_message": {"sms": 0.045, "email": 0, "push": 1.1}}}
            """#))
        #expect(c.rules.budgetMinor == 1235)
        #expect(c.rules.costPerMessageMinor == [.sms: 5, .email: 0, .push: 110])
        #expect(c.rules.cost(.sms) == 5 && c.rules.cost(.push) == 110 && c.rules.cost(.inbox) == 0)
        #expect(c.json["rules"]?["budget"] == .number(12.35))
        #expect(c.json["rules"]?["cost_per_message"]?["push"] == .number(1.1))
    }

    @Test(arguments: 0..<4) func theJSONFormReadsBackAsTheSameCampaign(form: Int) throws {
        typealias D = CampaignDefinitionFixture
        let deadline = F.t("2027-01-15T00:00:00Z")
        let forms: [(CampaignGoal?, Membership?, CampaignSchedule?)] = [
            (CampaignGoal(metric: .conversion(event: "purchase", withinHours: 48), target: 0.125, deadline: deadline),
             .segment("高意向未购买"), .once(at: F.t("2026-12-01T10:00:00.250+08:00"))),
            (CampaignGoal(metric: .segmentSize("vip"), target: 2500, deadline: deadline), .layer(model: "rfm", layer: "重要价值"),
             .recurring(weekday: 3, minuteOfDay: 9 * 60 + 5)),
            (CampaignGoal(metric: .dau, target: 1e6, deadline: deadline), .tag("vip"), .recurring(weekday: nil, minuteOfDay: 0)),
            (nil, nil, .triggered(event: "add_to_cart", delayMinutes: 90, exitEvent: "purchase")),
        ]
        let (goal, audience, schedule) = forms[form]
        let original = D.full(goal: goal, audience: audience, schedule: schedule)
        #expect(try Campaign(json: original.json) == original)
        // Through text as well, as the store and the API keep it.
        let text = original.json.jsonText
        #expect(try Campaign(json: JSONValue.parse(Data(text.utf8))) == original)
        // Writing again gives the same text.
        #expect(try Campaign(json: JSONValue.parse(Data(text.utf8))).json.jsonText == text)
    }

    @Test func theJSONFormWritesEveryFieldAndTheStatus() throws {
        var c = CampaignDefinitionFixture.full(goal: nil, audience: nil,
                                               schedule: .triggered(event: "e", delayMinutes: 0, exitEvent: nil))
        c.status = .running
        let json = c.json
        #expect(json["status"] == "running")
        #expect(json["purpose"] == "recall")
        #expect(json["holdout"] == .number(0.15))
        #expect(json["audience"] == .null && json["goal"] == .null)
        #expect(json["starts_at"] == "2026-11-30T16:00:00.000Z")
        #expect(json["ends_at"] == "2026-12-31T15:59:59.500Z")
        #expect(json["schedule"] == F.json(#"{"type": "triggered", "event": "e", "delay_minutes": 0, "exit_event": null}"#))
        #expect(json["rules"] == F.json(#"""
            {"max_participations": 3, "max_sends_per_day": 50000, "budget": 2000.05, "cost_per_message": {"sms": 0.05, "email": 0},
             "blocked_segments": ["投诉用户", "staff"], "priority": 60,
             "caps": [{"limit": 1, "days": 1, "channel": "sms"}, {"limit": 5, "days": 7, "channel": null}]}
            """#))
        #expect(json["variants"]?.arrayValue?.count == 2)
        #expect(json["variants"]?.arrayValue?[1] == F.json(#"""
            {"name": "discount-10", "weight": 1,
             "messages": {"email": {"subject": "10% off", "body": "b"}, "sms": {"body": "10% off"}}}
            """#))
        // The status is not read back: a definition read from JSON is a draft.
        let read = try Campaign(json: json)
        #expect(read.status == .draft)
        var expected = c
        expected.status = .draft
        #expect(read == expected)
        // Unset optional times and rules are null.
        let bare = Campaign(name: "b").json
        #expect(bare["starts_at"] == .null && bare["ends_at"] == .null && bare["schedule"] == .null)
        #expect(bare["rules"]?["budget"] == .null && bare["rules"]?["max_sends_per_day"] == .null)
        #expect(try Campaign(json: bare) == Campaign(name: "b"))
    }

    @Test func errorsNameTheFieldToFix() {
        let long = String(repeating: "x", count: 101)
        let elevenVariants = (0..<11).map { #"{"name": "v\#($0)"}"# }.joined(separator: ",")
        let elevenCaps = Array(repeating: #"{"limit": 1}"#, count: 11).joined(separator: ",")
        let cases: [(String, String)] = [
            (#"[]"#, "body"),
            (#"{}"#, "name"),
            (#"{"name": "   "}"#, "name"),
            (#"{"name": 5}"#, "name"),
            (#"{"name": "a/b"}"#, "name"),
            (#"{"name": "\#(long)"}"#, "name"),
            (#"{"name": "c", "description": ["x"]}"#, "description"),
            (#"{"name": "c", "purpose": "fun"}"#, "purpose"),
            (#"{"name": "c", "holdout": 0.6}"#, "holdout"),
            (#"{"name": "c", "holdout": -0.1}"#, "holdout"),
            (#"{"name": "c", "holdout": "10%"}"#, "holdout"),
            (#"{"name": "c", "starts_at": "tomorrow"}"#, "starts_at"),
            (#"{"name": "c", "ends_at": "2026-02-30"}"#, "ends_at"),
            // Audience
            (#"{"name": "c", "audience": "vip"}"#, "audience"),
            (#"{"name": "c", "audience": {}}"#, "audience"),
            (#"{"name": "c", "audience": {"segment": "a", "tag": "b"}}"#, "audience"),
            (#"{"name": "c", "audience": {"segment": ""}}"#, "audience.segment"),
            (#"{"name": "c", "audience": {"tag": 3}}"#, "audience.tag"),
            (#"{"name": "c", "audience": {"layer": "rfm"}}"#, "audience.layer"),
            (#"{"name": "c", "audience": {"layer": ":x"}}"#, "audience.layer"),
            // Goal
            (#"{"name": "c", "goal": {"metric": "revenue", "target": 1, "deadline": "2027-01-01"}}"#, "goal.metric"),
            (#"{"name": "c", "goal": {"target": 1, "deadline": "2027-01-01"}}"#, "goal.metric"),
            (#"{"name": "c", "goal": {"metric": "conversion", "target": 0.1, "deadline": "2027-01-01"}}"#, "goal.event"),
            (#"{"name": "c", "goal": {"metric": "conversion", "event": "p", "target": 5, "deadline": "2027-01-01"}}"#, "goal.target"),
            (#"{"name": "c", "goal": {"metric": "conversion", "event": "p", "target": 0.1, "within_hours": 0, "deadline": "2027-01-01"}}"#,
             "goal.within_hours"),
            (#"{"name": "c", "goal": {"metric": "conversion", "event": "p", "target": 0.1, "within_hours": 2161, "deadline": "2027-01-01"}}"#,
             "goal.within_hours"),
            (#"{"name": "c", "goal": {"metric": "conversion", "event": "p", "target": 0.1, "within_hours": 1.5, "deadline": "2027-01-01"}}"#,
             "goal.within_hours"),
            (#"{"name": "c", "goal": {"metric": "segment_size", "segment": "vip", "deadline": "2027-01-01"}}"#, "goal.target"),
            (#"{"name": "c", "goal": {"metric": "segment_size", "target": 5, "deadline": "2027-01-01"}}"#, "goal.segment"),
            (#"{"name": "c", "goal": {"metric": "dau", "target": -1, "deadline": "2027-01-01"}}"#, "goal.target"),
            (#"{"name": "c", "goal": {"metric": "dau", "target": 100}}"#, "goal.deadline"),
            (#"{"name": "c", "goal": {"metric": "dau", "target": 100, "deadline": "soon"}}"#, "goal.deadline"),
            // Variants
            (#"{"name": "c", "variants": {"name": "A"}}"#, "variants"),
            (#"{"name": "c", "variants": [\#(elevenVariants)]}"#, "variants"),
            (#"{"name": "c", "variants": [5]}"#, "variants[0]"),
            (#"{"name": "c", "variants": [{"name": "A"}, {"weight": 2}]}"#, "variants[1].name"),
            (#"{"name": "c", "variants": [{"name": "A"}, {"name": "B", "weight": 0}]}"#, "variants[1].weight"),
            (#"{"name": "c", "variants": [{"name": "A", "weight": 1001}]}"#, "variants[0].weight"),
            (#"{"name": "c", "variants": [{"name": "A"}, {"name": "B"}, {"name": "A"}]}"#, "variants[2].name"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": []}]}"#, "variants[0].messages"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": {"fax": {"body": "x"}}}]}"#, "variants[0].messages.fax"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": {"email": "hi"}}]}"#, "variants[0].messages.email"),
            (#"{"name": "c", "variants": [{"name": "A"}, {"name": "B", "messages": {"email": {"subjet": "x"}}}]}"#,
             "variants[1].messages.email.subjet"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": {"sms": {"body": 5}}}]}"#, "variants[0].messages.sms.body"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": {"sms": {"body": "x", "defaults": {"traits.name": 5}}}}]}"#,
             "variants[0].messages.sms.defaults.traits.name"),
            (#"{"name": "c", "variants": [{"name": "A", "messages": {"sms": {"body": "x", "defaults": ["a"]}}}]}"#,
             "variants[0].messages.sms.defaults"),
            // Schedule
            (#"{"name": "c", "schedule": "once"}"#, "schedule"),
            (#"{"name": "c", "schedule": {}}"#, "schedule.type"),
            (#"{"name": "c", "schedule": {"type": "weekly"}}"#, "schedule.type"),
            (#"{"name": "c", "schedule": {"type": "once"}}"#, "schedule.at"),
            (#"{"name": "c", "schedule": {"type": "once", "at": "12/01/2026"}}"#, "schedule.at"),
            (#"{"name": "c", "schedule": {"type": "recurring"}}"#, "schedule.time"),
            (#"{"name": "c", "schedule": {"type": "recurring", "time": "25:00"}}"#, "schedule.time"),
            (#"{"name": "c", "schedule": {"type": "recurring", "time": "9"}}"#, "schedule.time"),
            (#"{"name": "c", "schedule": {"type": "recurring", "every": "month", "time": "09:00"}}"#, "schedule.every"),
            (#"{"name": "c", "schedule": {"type": "recurring", "every": "week", "time": "09:00"}}"#, "schedule.weekday"),
            (#"{"name": "c", "schedule": {"type": "recurring", "every": "week", "weekday": 0, "time": "09:00"}}"#, "schedule.weekday"),
            (#"{"name": "c", "schedule": {"type": "recurring", "every": "week", "weekday": 8, "time": "09:00"}}"#, "schedule.weekday"),
            (#"{"name": "c", "schedule": {"type": "triggered"}}"#, "schedule.event"),
            (#"{"name": "c", "schedule": {"type": "triggered", "event": "e", "delay_minutes": -1}}"#, "schedule.delay_minutes"),
            (#"{"name": "c", "schedule": {"type": "triggered", "event": "e", "delay_minutes": 43201}}"#, "schedule.delay_minutes"),
            (#"{"name": "c", "schedule": {"type": "triggered", "event": "e", "exit_event": true}}"#, "schedule.exit_event"),
            // Rules
            (#"{"name": "c", "rules": []}"#, "rules"),
            (#"{"name": "c", "rules": {"max_participations": 0}}"#, "rules.max_participations"),
            (#"{"name": "c", "rules": {"max_sends_per_day": 0}}"#, "rules.max_sends_per_day"),
            (#"{"name": "c", "rules": {"max_sends_per_day": 10.5}}"#, "rules.max_sends_per_day"),
            (#"{"name": "c", "rules": {"budget": -1}}"#, "rules.budget"),
            (#"{"name": "c", "rules": {"budget": "100"}}"#, "rules.budget"),
            (#"{"name": "c", "rules": {"cost_per_message": {"fax": 1}}}"#, "rules.cost_per_message.fax"),
            (#"{"name": "c", "rules": {"cost_per_message": {"sms": "0.05"}}}"#, "rules.cost_per_message.sms"),
            (#"{"name": "c", "rules": {"cost_per_message": {"sms": 1000001}}}"#, "rules.cost_per_message.sms"),
            (#"{"name": "c", "rules": {"blocked_segments": "a"}}"#, "rules.blocked_segments"),
            (#"{"name": "c", "rules": {"blocked_segments": ["a", 1]}}"#, "rules.blocked_segments[1]"),
            (#"{"name": "c", "rules": {"caps": [{"limit": 1}, {"days": 1}]}}"#, "rules.caps[1].limit"),
            (#"{"name": "c", "rules": {"caps": [{"limit": 1, "channel": "fax"}]}}"#, "rules.caps[0].channel"),
            (#"{"name": "c", "rules": {"caps": [\#(elevenCaps)]}}"#, "rules.caps"),
            (#"{"name": "c", "rules": {"priority": 101}}"#, "rules.priority"),
        ]
        for (text, field) in cases {
            #expect(F.field { _ = try Campaign(json: F.json(text)) } == field, "\(text)")
        }
        // The limits themselves are accepted.
        let edges = #"""
            {"name": "\#(String(repeating: "x", count: 100))", "holdout": 0.5,
             "variants": [\#((0..<10).map { #"{"name": "v\#($0)", "weight": 1000}"# }.joined(separator: ","))],
             "rules": {"max_participations": 1000, "priority": 0, "budget": 0,
                       "caps": [\#(Array(repeating: #"{"limit": 1000, "days": 365}"#, count: 10).joined(separator: ","))]},
             "schedule": {"type": "triggered", "event": "e", "delay_minutes": 43200}}
            """#
        #expect(throws: Never.self) { _ = try Campaign(json: F.json(edges)) }
    }

    @Test func errorMessagesSayWhatWasExpected() {
        let holdout = F.error { _ = try Campaign(json: F.json(#"{"name": "c", "holdout": 0.75}"#)) }
        #expect(holdout?.message == "holdout must be from 0 to 0.5, got 0.75.")
        let type = F.error { _ = try Campaign(json: F.json(#"{"name": "c", "variants": [{"name": 1}]}"#)) }
        #expect(type?.message == "variants[0].name must be text, got number.")
        let duplicate = F.error { _ = try Campaign(json: F.json(#"{"name": "c", "variants": [{"name": "A"}, {"name": "A"}]}"#)) }
        #expect(duplicate?.message == "Two variants are named \"A\".")
        let channel = F.error { _ = try Campaign(json: F.json(#"{"name": "c", "variants": [{"name": "A", "messages": {"mms": {}}}]}"#)) }
        #expect(channel?.message == "Unknown channel \"mms\"; channels are email, sms, push, wechat, webhook, inbox.")
    }
}

// MARK: - JSONFields

@Suite struct JSONFieldsTests {
    typealias F = CampaignFixture

    @Test func nestedObjectsNameTheirFullPath() throws {
        let top = try JSONFields(F.json(#"{"a": {"b": {"c": "x", "n": 2.5, "flag": "yes", "list": 4}}}"#))
        #expect(top.path == "" && top.at("a") == "a")
        let b = try #require(try top.object("a")?.object("b"))
        #expect(b.path == "a.b" && b.at("c") == "a.b.c")
        #expect(try b.string("c") == "x")
        #expect(try b.string("missing") == nil)
        #expect(try b.number("n", 0...3) == 2.5)
        let errors: [(StrataError?, String, String)] = [
            (F.error { _ = try b.integer("n", 0...3) }, "a.b.n", "a.b.n must be a whole number."),
            (F.error { _ = try b.number("n", 0...2) }, "a.b.n", "a.b.n must be from 0 to 2, got 2.5."),
            (F.error { _ = try b.bool("flag") }, "a.b.flag", "a.b.flag must be true or false, got string."),
            (F.error { _ = try b.array("list") }, "a.b.list", "a.b.list must be a list, got number."),
            (F.error { _ = try b.object("c") }, "a.b.c", "a.b.c must be an object, got string."),
            (F.error { _ = try b.requiredString("missing", hint: "a name") }, "a.b.missing", "Give a.b.missing (a name)."),
            (F.error { _ = try b.string("c", maxLength: 0) }, "a.b.c", "a.b.c has at most 0 characters."),
            (F.error { _ = try b.instant("c") }, "a.b.c",
             "a.b.c must be an ISO 8601 time such as 2026-12-01T09:00:00+08:00, got \"x\"."),
            (F.error { _ = try b.choice("c", ChannelKind.self) }, "a.b.c",
             "a.b.c is \"email\", \"sms\", \"push\", \"wechat\", \"webhook\", \"inbox\"; got \"x\"."),
        ]
        for (error, field, message) in errors {
            #expect(error?.code == .invalidField)
            #expect(error?.field == field)
            #expect(error?.message == message)
        }
        // A value that is not an object: at the top it is the body, below it is its path.
        #expect(F.error { _ = try JSONFields(F.json("[1]")) }?.field == "body")
        #expect(F.error { _ = try JSONFields(F.json("[1]")) }?.message == "The body must be an object, got array.")
        #expect(F.error { _ = try JSONFields(F.json("3"), path: "x[2]", what: "a cap") }?.message == "x[2] must be a cap, got number.")
    }
}

// MARK: - Launch validation

@Suite struct CampaignLaunchValidationTests {
    typealias F = CampaignFixture
    typealias D = CampaignDefinitionFixture

    @Test func aCompleteCampaignCanLaunch() {
        #expect(throws: Never.self) { try D.ready.validateForLaunch(catalog: D.catalog) }
        var variants = [(String, (inout Campaign) -> Void)]()
        variants.append(("layer audience", { $0.audience = .layer(model: "rfm", layer: "重要价值") }))
        variants.append(("tag audience", { $0.audience = .tag("vip") }))
        variants.append(("no goal", { $0.goal = nil }))
        variants.append(("segment goal", { $0.goal = CampaignGoal(metric: .segmentSize("投诉用户"), target: 1, deadline: 0) }))
        variants.append(("dau goal", { $0.goal = CampaignGoal(metric: .dau, target: 1, deadline: 0) }))
        variants.append(("no window", { $0.startsAt = nil; $0.endsAt = nil }))
        variants.append(("send at the very end", { $0.schedule = .once(at: $0.endsAt!) }))
        variants.append(("triggered", { $0.schedule = .triggered(event: "add_to_cart", delayMinutes: 60, exitEvent: "purchase") }))
        variants.append(("triggered, no end", { $0.schedule = .triggered(event: "add_to_cart", delayMinutes: 0, exitEvent: nil); $0.endsAt = nil }))
        variants.append(("recurring", { $0.schedule = .recurring(weekday: 1, minuteOfDay: 600) }))
        variants.append(("one variant, webhook only", { $0.variants = [F.variant("only", [.webhook])] }))
        for (name, change) in variants {
            var c = D.ready
            change(&c)
            #expect(throws: Never.self, "\(name)") { try c.validateForLaunch(catalog: D.catalog) }
        }
    }

    @Test func theFirstProblemIsNamed() {
        var cases = [(String, (inout Campaign) -> Void)]()
        cases.append(("audience", { $0.audience = nil }))
        cases.append(("variants", { $0.variants = [] }))
        cases.append(("variants[1].messages", { $0.variants[1].messages = [] }))
        cases.append(("variants[0].messages.email.subject", { $0.variants[0].messages[0].message.subject = " " }))
        cases.append(("variants[1].messages.sms.body", { $0.variants[1].messages[1].message.body = nil }))
        cases.append(("variants[1].messages.email.url", { $0.variants[1].messages[0].message.url = "shop.example" }))
        cases.append(("variants[1].messages", { $0.variants[1].messages.removeLast() }))
        cases.append(("variants[0].messages", { $0.variants[0] = F.variant("A", [.email]) }))
        // B adds push: now A lacks it.
        cases.append(("variants[0].messages", { $0.variants[1] = F.variant("B", [.email, .sms, .push]) }))
        cases.append(("schedule", { $0.schedule = nil }))
        cases.append(("schedule.at", { $0.schedule = .once(at: $0.endsAt! + 1) }))
        cases.append(("schedule.event", { $0.schedule = .triggered(event: "purchased", delayMinutes: 0, exitEvent: nil) }))
        cases.append(("schedule.exit_event", { $0.schedule = .triggered(event: "add_to_cart", delayMinutes: 0, exitEvent: "buy") }))
        cases.append(("ends_at", { $0.schedule = .recurring(weekday: nil, minuteOfDay: 0); $0.endsAt = nil }))
        cases.append(("starts_at", { $0.startsAt = $0.endsAt }))
        cases.append(("starts_at", { $0.startsAt = $0.endsAt! + 1; $0.schedule = .recurring(weekday: nil, minuteOfDay: 0) }))
        cases.append(("goal.event", { $0.goal = CampaignGoal(metric: .conversion(event: "signup", withinHours: 1), target: 0.1, deadline: 0) }))
        cases.append(("goal.segment", { $0.goal = CampaignGoal(metric: .segmentSize("nobody"), target: 1, deadline: 0) }))
        cases.append(("rules.blocked_segments[1]", { $0.rules.blockedSegments = ["投诉用户", "staff"] }))
        for (field, change) in cases {
            var c = D.ready
            change(&c)
            #expect(F.field { try c.validateForLaunch(catalog: D.catalog) } == field, "\(field)")
        }
        // The message for a variant missing a channel names the channel.
        var missing = D.ready
        missing.variants[1] = F.variant("B", [.email])
        let error = F.error { try missing.validateForLaunch(catalog: D.catalog) }
        #expect(error?.message.hasPrefix("Variant B has no message for sms;") == true)
    }

    @Test func anAudienceThatDoesNotExistIsRefused() {
        let unknown: [Membership] = [.segment("高意向"), .layer(model: "rfm", layer: "流失"), .layer(model: "ltv", layer: "x"), .tag("VIP")]
        for audience in unknown {
            var c = D.ready
            c.audience = audience
            let error = F.error { try c.validateForLaunch(catalog: D.catalog) }
            #expect(error?.code == .invalidField, "\(audience)")
            // The field names the campaign's audience, so a client can point at it.
            #expect(error?.field?.hasPrefix("audience") == true, "\(audience): \(error?.field ?? "nil")")
        }
    }

    @Test func channelsAreEveryVariantsChannelsInChannelOrder() {
        var c = D.ready
        #expect(c.channels == [.email, .sms])
        c.variants = [F.variant("A", [.inbox, .email]), F.variant("B", [.push, .email, .sms])]
        #expect(c.channels == [.email, .sms, .push, .inbox])
        #expect(Campaign(name: "x").channels.isEmpty)
    }
}

// MARK: - Status

@Suite struct CampaignStatusTests {
    typealias F = CampaignFixture

    static let allowed: [CampaignStatus: Set<CampaignStatus>] = [
        .draft: [.scheduled, .cancelled],
        .scheduled: [.draft, .running, .paused, .cancelled],
        .running: [.paused, .completed, .cancelled],
        .paused: [.running, .completed, .cancelled],
        .completed: [],
        .cancelled: [],
    ]

    @Test func everyMoveIsAllowedOrRefusedAsTheLifeCycleSays() {
        for from in CampaignStatus.allCases {
            #expect(from.next == Self.allowed[from], "\(from)")
            for to in CampaignStatus.allCases {
                let error = F.error { try from.checkTransition(to: to) }
                if Self.allowed[from]!.contains(to) {
                    #expect(error == nil, "\(from) → \(to)")
                } else {
                    #expect(error?.code == .conflict && error?.field == "status", "\(from) → \(to)")
                }
            }
        }
    }

    @Test func refusalsSayWhatIsPossible() {
        #expect(F.error { try CampaignStatus.draft.checkTransition(to: .running) }?.message
            == "A draft campaign cannot become running; it can become cancelled, scheduled.")
        #expect(F.error { try CampaignStatus.running.checkTransition(to: .running) }?.message
            == "A running campaign cannot become running; it can become cancelled, completed, paused.")
        #expect(F.error { try CampaignStatus.completed.checkTransition(to: .running) }?.message
            == "A completed campaign cannot become running; it is finished.")
        #expect(F.error { try CampaignStatus.cancelled.checkTransition(to: .draft) }?.message
            == "A cancelled campaign cannot become draft; it is finished.")
    }

    @Test func onlyFinishedCampaignsAreFrozen() {
        #expect(CampaignStatus.allCases.filter(\.isEditable) == [.draft, .scheduled, .running, .paused])
        #expect(CampaignStatus.allCases.map(\.rawValue) == ["draft", "scheduled", "running", "paused", "completed", "cancelled"])
    }
}

// MARK: - Messages and goals

@Suite struct CampaignMessageTests {
    typealias F = CampaignFixture

    @Test func eachChannelRequiresItsParts() {
        typealias M = CampaignMessage
        let cases: [(ChannelKind, M, String?)] = [
            (.email, M(subject: "s", body: "b"), nil),
            (.email, M(subject: "s", html: "<p>b</p>"), nil),
            (.email, M(body: "b"), "m.subject"),
            (.email, M(subject: " \n", body: "b"), "m.subject"),
            (.email, M(subject: "s"), "m.body"),
            (.email, M(subject: "s", body: "", html: ""), "m.body"),
            (.email, M(subject: "s", title: "t"), "m.body"),
            (.sms, M(body: "b"), nil),
            (.sms, M(subject: "s", title: "t"), "m.body"),
            (.sms, M(body: "\t"), "m.body"),
            (.wechat, M(body: "b"), nil),
            (.wechat, M(html: "<p>b</p>"), "m.body"),
            (.push, M(title: "t", body: "b"), nil),
            (.push, M(body: "b"), "m.title"),
            (.push, M(title: "t"), "m.body"),
            (.push, M(), "m.title"),
            (.inbox, M(title: "t", body: "b", url: "https://app.example/offer"), nil),
            (.inbox, M(subject: "s", body: "b"), "m.title"),
            (.inbox, M(title: "t", body: " "), "m.body"),
            (.webhook, M(), nil),
            (.webhook, M(body: #"{"user": "{{user.id}}"}"#), nil),
            (.webhook, M(url: "ftp://x"), "m.url"),
            (.inbox, M(title: "t", body: "b", url: "app.example/offer"), "m.url"),
            (.email, M(subject: "s", body: "b", url: "http://shop.example"), nil),
        ]
        for (channel, message, field) in cases {
            let error = F.error { try message.validate(for: channel, path: "m") }
            #expect(error?.field == field, "\(channel) \(message)")
            if field != nil { #expect(error?.code == .invalidField) }
        }
        #expect(F.error { try M(body: "b").validate(for: .email, path: "v.email") }?.message.contains("needs a subject") == true)
    }

    @Test func anEmailWhoseBodyIsOnlySpacesHasNoBody() {
        // SMS and the other channels trim their required parts; an email's body should be held to the same.
        let blank = CampaignMessage(subject: "Hello", body: "   \n")
        #expect(F.field { try CampaignMessage(body: "   \n").validate(for: .sms, path: "m") } == "m.body")
        #expect(F.field { try blank.validate(for: .email, path: "m") } == "m.body")
    }

    @Test func messagesReadAndWriteTheirJSON() throws {
        let text = #"""
            {"subject": "Hi {{traits.name}}", "body": "b", "html": "<p>b</p>", "url": "https://x.example",
             "defaults": {"traits.name": "朋友", "computed.revenue": "0"}}
            """#
        let m = try CampaignMessage(json: F.json(text), path: "m")
        #expect(m == CampaignMessage(subject: "Hi {{traits.name}}", body: "b", html: "<p>b</p>", url: "https://x.example",
                                     defaults: ["traits.name": "朋友", "computed.revenue": "0"]))
        #expect(m.json == F.json(text))
        #expect(try CampaignMessage(json: m.json, path: "m") == m)
        // Unset parts and empty defaults are left out.
        #expect(CampaignMessage(body: "x").json == F.json(#"{"body": "x"}"#))
        #expect(try CampaignMessage(json: F.json("{}"), path: "m") == CampaignMessage())
        #expect(F.field { _ = try CampaignMessage(json: F.json(#"{"body": "x", "text": "y"}"#), path: "v[0].sms") } == "v[0].sms.text")
        #expect(F.field { _ = try CampaignMessage(json: F.json(#"{"subject": "\#(String(repeating: "s", count: 1001))"}"#), path: "m") }
            == "m.subject")
        #expect(F.field { _ = try CampaignMessage(json: F.json(#"{"url": 1}"#), path: "m") } == "m.url")
    }

    @Test func goalsSummariseThemselves() {
        #expect(CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.05, deadline: 0).summary
            == "conversion to purchase within 72 h ≥ 5.0%")
        #expect(CampaignGoal(metric: .conversion(event: "signup", withinHours: 24), target: 0.125, deadline: 0).summary
            == "conversion to signup within 24 h ≥ 12.5%")
        #expect(CampaignGoal(metric: .segmentSize("vip"), target: 1000, deadline: 0).summary == "segment vip ≥ 1000 users")
        #expect(CampaignGoal(metric: .dau, target: 5000.5, deadline: 0).summary == "DAU ≥ 5000.5")
    }
}
