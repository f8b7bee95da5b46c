import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

// Tests of the channel report (new users by first-touch channel: retention, conversion,
// revenue, spend → CAC, ROI, payback), lifetime value by cohort, and channel spend entries
// (Sources/StrataCore/Analysis/ChannelReport.swift, LifetimeValueReport.swift, ChannelSpend.swift).

/// Builds indexes whose profiles carry first-touch channels and traits, as the store keeps them.
enum AcquisitionFixture {
    typealias F = AnalysisFixture

    /// An index over `events` like `AnalysisFixture.index`, plus: every message of a uid in
    /// `sources` carries that campaign source, and a profile's first-touch channel is the source
    /// of the earliest such message among its own and those of the profiles merged into it
    /// (`ComputedAttributes.apply` / `absorb`); revenue and purchases are rolled up too.
    static func index(_ events: [AnalysisEvent], sources: [Int64: String] = [:], traits: [Int64: [String: JSONValue]] = [:],
                      merges: [(Int64, Int64)] = [], profiles: [Int64] = [], zone: TimeZone = F.utc) -> UserIndex
    {
        var computed: [Int64: ComputedAttributes] = [:]
        for uid in events.map(\.uid) + profiles + merges.flatMap({ [$0.0, $0.1] }) + traits.keys {
            computed[uid] = computed[uid] ?? ComputedAttributes()
        }
        for event in events {
            var u: Int64? = event.uid
            while let current = u {
                var c = computed[current]!
                c.firstSeen = min(c.firstSeen ?? event.time, event.time)
                c.lastSeen = max(c.lastSeen ?? event.time, event.time)
                c.eventCount += 1
                if event.name == "purchase" {
                    c.purchaseCount += 1
                    c.lastPurchaseAt = max(c.lastPurchaseAt ?? event.time, event.time)
                }
                if let revenue = event.properties["revenue"]?.numberValue { c.revenueMinor += Int64((revenue * 100).rounded()) }
                if let source = sources[event.uid], event.time < (c.firstTouchAt ?? .max) {
                    c.firstTouchChannel = source
                    c.firstTouchAt = event.time
                }
                computed[current] = c
                u = merges.first(where: { $0.0 == current })?.1
            }
        }
        var index = UserIndex(timeZone: zone)
        for (uid, attributes) in computed.sorted(by: { $0.key < $1.key }) {
            index.setUser(uid: uid, computed: attributes, traits: traits[uid] ?? [:])
        }
        for event in events.enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }).map(\.element) {
            let text = event.properties.isEmpty ? nil : JSONValue.object(event.properties).jsonText
            index.appendEvent(uid: event.uid, name: event.name, time: event.time, propertiesText: text,
                              properties: { event.properties })
        }
        for (source, target) in merges { index.merge(source: source, into: target) }
        return index
    }

    /// 2026-09-01 (a Tuesday) at 00:00 UTC.
    static let d0 = F.time("2026-09-01T00:00:00Z")
    static let day0 = F.dayNumber("2026-09-01")

    /// An instant `days` after 2026-09-01 at `hours` o'clock UTC.
    static func at(_ days: Int64, _ hours: Int64 = 10) -> Int64 { d0 + days * F.day + hours * F.hour }

    static func event(_ uid: Int64, _ name: String, _ time: Int64, revenue: Double? = nil) -> AnalysisEvent {
        AnalysisEvent(uid: uid, name: name, time: time, properties: revenue.map { ["revenue": .number($0)] } ?? [:])
    }

    static func spend(_ channel: String, _ from: Int, _ to: Int, _ minor: Int64) -> ChannelSpend {
        ChannelSpend(id: nil, channel: channel, fromDay: day0 + from, toDay: day0 + to, amountMinor: minor, note: "")
    }
}

// MARK: - Channel report

@Suite struct ChannelReportTests {
    typealias F = AnalysisFixture
    typealias A = AcquisitionFixture

    /// The range is 2026-09-01 … 09-10 (days 0…9), as of day 34 at noon.
    ///
    /// - u1 (ads): first day 0, back on day 1 and day 8 (not day 7), buys 30 on day 2.
    /// - u2 (ads): first day 2, buys 50 on day 9 exactly 7 days after its first message.
    /// - u3 (seo): first day 6 at noon, back day 7, buys 20 at day 13 11:59:59.999 (7 days less 1 ms).
    /// - u4 (seo): first day 1, back on day 31, buys 99 on day 40 (after as-of).
    /// - u5 (no channel): first day 3 only.
    /// - u6 (ads): first seen before the range, buys 100 in it; u7 (ads): first seen after it.
    /// - u10 (anonymous, ads) on day 4 at 08:00 is merged into u11, who is back on day 5 and buys 10.
    static let events: [AnalysisEvent] = [
        A.event(1, "app_open", A.at(0)), A.event(1, "app_open", A.at(1)), A.event(1, "purchase", A.at(2), revenue: 30),
        A.event(1, "app_open", A.at(8)),
        A.event(2, "app_open", A.at(2)), A.event(2, "purchase", A.at(9), revenue: 50),
        A.event(3, "app_open", A.at(6, 12)), A.event(3, "app_open", A.at(7, 9)),
        A.event(3, "purchase", A.at(13, 12) - 1, revenue: 20),
        A.event(4, "app_open", A.at(1, 9)), A.event(4, "app_open", A.at(31, 9)), A.event(4, "purchase", A.at(40), revenue: 99),
        A.event(5, "app_open", A.at(3, 9)),
        A.event(6, "app_open", A.at(-5)), A.event(6, "purchase", A.at(3), revenue: 100),
        A.event(7, "app_open", A.at(12)),
        A.event(10, "app_open", A.at(4, 8)),
        A.event(11, "app_open", A.at(5, 9)), A.event(11, "purchase", A.at(5, 10), revenue: 10),
    ]
    static let sources: [Int64: String] = [1: "ads", 2: "ads", 3: "seo", 4: "seo", 6: "ads", 7: "ads", 10: "ads"]
    static let merges: [(Int64, Int64)] = [(10, 11)]
    static let asOf = A.at(34, 12)
    static var range: AnalysisRange { AnalysisRange(fromDay: A.day0, toDay: A.day0 + 9, asOf: asOf) }
    static var index: UserIndex { A.index(events, sources: sources, merges: merges) }

    /// ads: 50 % of a 10-day 100.00 (days 5…14); seo: 15.00 within; tv: 10.00 within, no users;
    /// ads again and radio: outside the range.
    static let spend = [A.spend("ads", 5, 14, 10_000), A.spend("ads", 20, 25, 99_900), A.spend("seo", 0, 9, 1_500),
                        A.spend("tv", 2, 3, 1_000), A.spend("radio", 30, 31, 5_000)]

    static func retention(_ row: ChannelReport.Row) -> [[Int]] { row.retention.map { [$0.eligible, $0.retained] } }

    @Test func newUsersRetentionConversionRevenueAndSpendOfAHandWorkedHistory() throws {
        let report = ChannelReport(conversionEvent: "purchase", conversionDays: 7)
        try report.validate(events: Self.index.eventNames, traits: [])
        let rows = report.run(Self.index, range: Self.range, spend: Self.spend, settings: WorkspaceSettings())
        #expect(rows.map(\.channel) == ["ads", "seo", "(none)", "tv", "total"])
        #expect(rows.map(\.newUsers) == [3, 2, 1, 0, 6])
        let ads = rows[0], seo = rows[1], none = rows[2], tv = rows[3], total = rows[4]
        // D1, D7, D30 as [eligible, retained]. ads: u1 back on day 1 (not on day 7: day 8 is too
        // late), u2 back on day 9 = its day 7, u11 back the day after u10's first visit.
        #expect(Self.retention(ads) == [[3, 2], [3, 1], [3, 0]])
        // seo: u3's day 30 (day 36) has not come by day 34; u4's (day 31) has, and u4 was back.
        #expect(Self.retention(seo) == [[2, 1], [2, 1], [1, 1]])
        #expect(Self.retention(none) == [[1, 0], [1, 0], [1, 0]])
        #expect(Self.retention(tv) == [[0, 0], [0, 0], [0, 0]])
        #expect(Self.retention(total) == [[6, 3], [6, 2], [5, 1]])
        #expect(ads.retentionRates[0].map { abs($0 - 2.0 / 3) < 1e-12 } == true && tv.retentionRates == [nil, nil, nil])
        // Conversion within 7 days of the first message: u2's purchase at exactly 7 days is out,
        // u3's at 7 days less 1 ms is in, u4's after as-of is out; u6 is not a new user.
        #expect(rows.map(\.converted) == [2, 1, 0, 0, 3])
        #expect(seo.conversionRate == 0.5 && tv.conversionRate == nil)
        // Revenue up to as-of.
        #expect(rows.map(\.revenueMinor) == [9_000, 2_000, 0, 0, 11_000])
        #expect(rows.map(\.paying) == [3, 1, 0, 0, 4])
        #expect(ads.revenuePerUser == 3_000 && seo.revenuePerUser == 1_000 && tv.revenuePerUser == nil)
        // Spend on the range's days only.
        #expect(rows.map(\.spendMinor) == [5_000, 1_500, nil, 1_000, 7_500])
        #expect(ads.cac.map { abs($0 - 5_000.0 / 3) < 1e-9 } == true)
        #expect(seo.cac == 750 && none.cac == nil && tv.cac == nil && total.cac == 1_250)
        #expect(ads.roi == 0.8 && seo.roi.map { abs($0 - 1.0 / 3) < 1e-12 } == true && none.roi == nil && tv.roi == -1)
        #expect(total.roi.map { abs($0 - 3_500.0 / 7_500) < 1e-12 } == true)
        // ads revenue by age: 10 (age 1), 30 (age 2), 50 (age 7) → reaches 50.00 at age 7.
        #expect(rows.map(\.paybackDays) == [7, 7, nil, nil, 7])
    }

    @Test func paybackNotYetAndTheRequestsJSONAndTable() throws {
        let settings = WorkspaceSettings()
        let request = try ReportRequest(kind: "channels", parameters: [
            "from": "2026-09-01", "to": "2026-09-10", "as_of": Timestamp.format(Self.asOf), "conversion_days": "7",
        ], now: 0)
        // 200.00 on ads within the range: its 90.00 has not paid it back.
        let spend = Self.spend.map { $0.channel == "ads" && $0.fromDay == A.day0 + 5 ? A.spend("ads", 0, 9, 20_000) : $0 }
        let inputs = try request.inputs(settings: settings, evaluate: { _ in
            Issue.record("channels evaluates no rule")
            return UserSet()
        }, spend: { spend })
        #expect(inputs.spend == spend)
        let output = try request.run(Self.index, inputs: inputs, settings: settings)
        let json = output.json
        #expect(json["report"] == "channels" && json["channel_source"] == "first_touch")
        #expect(json["conversion_event"] == "purchase" && json["conversion_days"] == 7)
        let channels = json["channels"]?.arrayValue ?? []
        #expect(channels.compactMap { $0["channel"]?.stringValue } == ["ads", "seo", "(none)", "tv"])
        let ads = try #require(channels.first)
        #expect(ads["new_users"] == 3 && ads["converted"] == 2 && ads["conversion_rate"] == 0.6667)
        #expect(ads["retention"]?["d1"]?["eligible"] == 3 && ads["retention"]?["d1"]?["retained"] == 2)
        #expect(ads["retention"]?["d1"]?["rate"] == 0.6667 && ads["retention"]?["d30"]?["rate"] == 0)
        #expect(ads["paying_users"] == 3 && ads["revenue"] == 90 && ads["revenue_per_user"] == 30)
        #expect(ads["spend"] == 200 && ads["cac"] == 66.67 && ads["roi"] == -0.55 && ads["payback_days"] == .null)
        #expect(channels[3]["cac"] == .null && channels[3]["roi"] == -1 && channels[2]["spend"] == .null)
        let total = try #require(json["total"])
        #expect(total["channel"] == "total" && total["new_users"] == 6 && total["spend"] == 225)
        #expect(total["retention"]?["d30"]?["eligible"] == 5 && total["payback_days"] == .null)
        #expect(output.table.headers == ["channel", "new users", "D1", "D7", "D30", "converted", "conversion", "revenue",
                                         "revenue/user", "spend", "CAC", "ROI", "payback days"])
        #expect(output.table.rows == [
            ["ads", "3", "66.7%", "33.3%", "0.0%", "2", "66.7%", "90.00", "30.00", "200.00", "66.67", "-55.0%", "not yet"],
            ["seo", "2", "50.0%", "50.0%", "100.0%", "1", "50.0%", "20.00", "10.00", "15.00", "7.50", "33.3%", "7"],
            ["(none)", "1", "0.0%", "0.0%", "0.0%", "0", "0.0%", "0.00", "0.00", "", "", "", ""],
            ["tv", "0", "", "", "", "0", "", "0.00", "", "10.00", "", "-100.0%", "not yet"],
            ["total", "6", "50.0%", "33.3%", "20.0%", "3", "50.0%", "110.00", "18.33", "225.00", "37.50", "-51.1%", "not yet"],
        ])
    }

    @Test func mergedProfilesCountOnceWithTheEarliestSource() {
        // u20 (known) was first seen on day 1 with no source; u21 (anonymous, ads) on day 0 and
        // u22 (anonymous, seo) on day 2 both become u20: one new user from ads, first seen day 0.
        let events = [A.event(20, "app_open", A.at(1)), A.event(21, "app_open", A.at(0)), A.event(22, "app_open", A.at(2)),
                      A.event(21, "purchase", A.at(0, 11), revenue: 5), A.event(22, "purchase", A.at(3), revenue: 7)]
        let index = A.index(events, sources: [21: "ads", 22: "seo"], merges: [(21, 20), (22, 20)])
        let range = AnalysisRange(fromDay: A.day0, toDay: A.day0 + 9, asOf: A.at(20))
        let rows = ChannelReport(conversionDays: 1).run(index, range: range, spend: [], settings: WorkspaceSettings())
        #expect(rows.map(\.channel) == ["ads", "total"])
        #expect(rows[0].newUsers == 1 && rows[0].revenueMinor == 1_200 && rows[0].paying == 1)
        // Active on day 1 (u20), day 2 (u22) and day 3: D1 retained once.
        #expect(Self.retention(rows[0]) == [[1, 1], [1, 0], [0, 0]])
        // The purchase 1 hour after the first message converts within a day.
        #expect(rows[0].converted == 1)
        #expect(rows[0].spendMinor == nil && rows[0].cac == nil && rows[0].paybackDays == nil)
    }

    @Test func channelsFromATraitGroupEqualTexts() throws {
        // The trait holds "1" as text for u1 and 1 as a number for u2: one channel "1".
        let events = (1...4).map { A.event(Int64($0), "app_open", A.at(Int64($0))) }
        let traits: [Int64: [String: JSONValue]] = [1: ["utm": "1"], 2: ["utm": 1], 3: ["utm": "wechat"]]
        let index = A.index(events, sources: [1: "ads", 2: "ads", 3: "ads", 4: "ads"], traits: traits)
        let report = ChannelReport(source: .trait("utm"), conversionEvent: "app_open")
        try report.validate(events: index.eventNames, traits: index.traitKeys)
        let range = AnalysisRange(fromDay: A.day0, toDay: A.day0 + 9, asOf: A.at(9))
        let rows = report.run(index, range: range, spend: [A.spend("wechat", 0, 9, 400)], settings: WorkspaceSettings())
        #expect(rows.map(\.channel) == ["1", "(none)", "wechat", "total"])
        #expect(rows.map(\.newUsers) == [2, 1, 1, 4])
        #expect(rows.map(\.converted) == [2, 1, 1, 4])  // the first message itself is the conversion event
        #expect(rows[2].cac == 400 && rows[2].roi == -1)
        // The request names the source.
        let request = try ReportRequest(kind: "channels", parameters: ["channel_trait": "utm", "from": "2026-09-01",
                                                                       "conversion_event": "app_open"], now: A.at(9))
        let json = try request.run(index, inputs: .init(), settings: WorkspaceSettings()).json
        #expect(json["channel_source"] == "trait:utm" && json["conversion_event"] == "app_open")
    }

    @Test func validateRefusesUnknownTraitsEventsAndWindows() throws {
        let events: Set<String> = ["purchase"], traits: Set<String> = ["utm"]
        let cases: [(ChannelReport, String)] = [
            (ChannelReport(source: .trait("source")), "channel_trait"),
            (ChannelReport(conversionEvent: "signup"), "conversion_event"),
            (ChannelReport(conversionDays: 0), "conversion_days"),
            (ChannelReport(conversionDays: 366), "conversion_days"),
        ]
        for (report, field) in cases {
            let error = try #require(throws: StrataError.self) { try report.validate(events: events, traits: traits) }
            #expect(error.code == .invalidParameter && error.field == field)
        }
        #expect(throws: Never.self) { try ChannelReport(source: .trait("utm"), conversionDays: 365).validate(events: events, traits: traits) }
        // The request's default conversion event is the first purchase event the index knows.
        let request = try ReportRequest(kind: "channels", parameters: ["conversion_days": "400"], now: 0)
        let error = try #require(throws: StrataError.self) { try request.channels(Self.index, settings: WorkspaceSettings()) }
        #expect(error.field == "conversion_days")
        let defaults = try ReportRequest(kind: "channels", parameters: [:], now: 0).channels(Self.index, settings: WorkspaceSettings())
        #expect(defaults.conversionEvent == "purchase" && defaults.conversionDays == 30 && defaults.source == .firstTouch)
        let paid = WorkspaceSettings(purchaseEvents: ["Order Completed", "zz_paid"])
        let withPaid = A.index([A.event(1, "app_open", A.at(0)), A.event(1, "zz_paid", A.at(1))])
        #expect(try ReportRequest(kind: "channels", parameters: [:], now: 0).channels(withPaid, settings: paid).conversionEvent
            == "zz_paid")
        // Neither purchase event in the index: "purchase" is the fallback, and unknown.
        let noPurchase = try #require(throws: StrataError.self) {
            try ReportRequest(kind: "channels", parameters: [:], now: 0)
                .channels(A.index([A.event(1, "app_open", A.at(0))]), settings: paid)
        }
        #expect(noPurchase.field == "conversion_event" && noPurchase.message == "Unknown event \"purchase\".")
    }

    @Test func aRangeAfterAsOfHasNoNewUsers() {
        let range = AnalysisRange(fromDay: A.day0 + 40, toDay: A.day0 + 45, asOf: Self.asOf)
        let rows = ChannelReport().run(Self.index, range: range, spend: Self.spend, settings: WorkspaceSettings())
        #expect(rows.map(\.channel) == ["total"])
        #expect(rows[0].newUsers == 0 && rows[0].spendMinor == nil)
    }

    @Test func firstTouchChannelsThroughTheStore() async throws {
        let directory = TemporaryDirectory()
        let database = try Fixtures.database(in: directory)
        _ = try await database.ingest(Fixtures.batch([
            // k1 on a laptop first, then an anonymous phone visit from an ad, then the identify.
            #"{"type":"track","userId":"k1","event":"app_open","timestamp":"2026-09-01T08:00:00Z"}"#,
            #"{"type":"page","anonymousId":"v1","name":"home","context":{"campaign":{"source":"ads"}},"timestamp":"2026-09-01T10:00:00Z"}"#,
            #"{"type":"identify","userId":"k1","anonymousId":"v1","timestamp":"2026-09-02T10:05:00Z"}"#,
            #"{"type":"track","userId":"k1","event":"purchase","properties":{"revenue":12.5},"context":{"campaign":{"source":"seo"}},"timestamp":"2026-09-02T11:00:00Z"}"#,
            // k2 from a newsletter (UTM source), k3 without a source, k4's first source comes later.
            #"{"type":"track","userId":"k2","event":"app_open","context":{"campaign":{"utm_source":"newsletter"}},"timestamp":"2026-09-03T10:00:00Z"}"#,
            #"{"type":"track","userId":"k3","event":"app_open","timestamp":"2026-09-03T10:00:00Z"}"#,
            #"{"type":"track","userId":"k4","event":"app_open","timestamp":"2026-09-04T10:00:00Z"}"#,
            #"{"type":"track","userId":"k4","event":"app_open","context":{"campaign":{"source":"seo"}},"timestamp":"2026-09-05T10:00:00Z"}"#,
            #"{"type":"track","userId":"k4","event":"app_open","context":{"campaign":{"source":"ads"}},"timestamp":"2026-09-06T10:00:00Z"}"#,
        ]))
        let (index, _) = try database.loadIndex()
        #expect(index.live.count == 4)
        let range = try AnalysisRange(from: "2026-09-01", to: "2026-09-10", asOf: Fixtures.referenceTime,
                                      settings: database.settings)
        let rows = ChannelReport().run(index, range: range, spend: [], settings: database.settings)
        let byChannel = Dictionary(uniqueKeysWithValues: rows.map { ($0.channel, $0) })
        #expect(rows.map(\.channel) == ["(none)", "ads", "newsletter", "seo", "total"])
        #expect(rows.map(\.newUsers) == [1, 1, 1, 1, 4])
        #expect(byChannel["ads"]?.revenueMinor == 1_250 && byChannel["ads"]?.converted == 1)
        // k1's first day is 09-01 (the laptop), and the phone visit and the identify are the same profile.
        #expect(byChannel["ads"].map(Self.retention) == [[1, 1], [1, 0], [0, 0]])
    }
}

// MARK: - Lifetime value

@Suite struct LifetimeValueReportTests {
    typealias F = AnalysisFixture
    typealias A = AcquisitionFixture

    static func day(_ text: String, _ hour: Int64 = 10) -> Int64 { F.time(text) + hour * F.hour }

    /// Range 2026-09-01 (Tue) … 09-14 (Mon), as of Sunday 09-20 at noon; weekly cohorts start
    /// 08-31, 09-07 and 09-14.
    static let events: [AnalysisEvent] = [
        // Cohort 08-31: a pays 10 at age 0 and 5 at age 8; b (Sunday 09-06) pays 20 at age 6; c is refunded 2 at age 2.
        A.event(1, "app_open", day("2026-09-01")), A.event(1, "purchase", day("2026-09-01", 11), revenue: 10),
        A.event(1, "purchase", day("2026-09-09"), revenue: 5),
        A.event(2, "app_open", day("2026-09-06")), A.event(2, "purchase", day("2026-09-12"), revenue: 20),
        A.event(3, "app_open", day("2026-09-03")), A.event(3, "refund", day("2026-09-05"), revenue: -2),
        // Cohort 09-07: d pays 7 at age 7; e (Sunday 09-13) nothing.
        A.event(4, "app_open", day("2026-09-07")), A.event(4, "purchase", day("2026-09-14"), revenue: 7),
        A.event(5, "app_open", day("2026-09-13")),
        // Cohort 09-14: f pays 3 at age 6 before as-of and 100 after it.
        A.event(6, "app_open", day("2026-09-14")), A.event(6, "purchase", day("2026-09-20", 11), revenue: 3),
        A.event(6, "purchase", day("2026-09-20", 13), revenue: 100),
        // g was first seen before the range, h after it.
        A.event(7, "app_open", day("2026-08-30")), A.event(7, "purchase", day("2026-09-02"), revenue: 40),
        A.event(8, "app_open", day("2026-09-16")), A.event(8, "purchase", day("2026-09-16", 11), revenue: 40),
    ]
    static let asOf = F.time("2026-09-20T12:00:00Z")
    static var range: AnalysisRange { AnalysisRange(fromDay: F.dayNumber("2026-09-01"), toDay: F.dayNumber("2026-09-14"), asOf: asOf) }

    @Test func weeklyCohortsCumulateRevenueAndPayingUsers() throws {
        let report = LifetimeValueReport(periods: 4)
        try report.validate()
        let cohorts = report.run(A.index(Self.events), range: Self.range, settings: WorkspaceSettings())
        #expect(cohorts.map(\.start) == ["2026-08-31", "2026-09-07", "2026-09-14"])
        #expect(cohorts.map(\.size) == [3, 2, 1])
        // Periods not reached yet are nil: 08-31's users start 09-01, so period 3 starts 09-22.
        #expect(cohorts[0].revenueMinor == [2_800, 3_300, 3_300, nil])
        #expect(cohorts[0].paying == [2, 2, 2, nil])
        #expect(cohorts[1].revenueMinor == [0, 700, nil, nil] && cohorts[1].paying == [0, 1, nil, nil])
        #expect(cohorts[2].revenueMinor == [300, nil, nil, nil] && cohorts[2].paying == [1, nil, nil, nil])
        #expect(cohorts[0].revenuePerUser.map { $0.map { ($0 * 100).rounded() / 100 } } == [933.33, 1_100, 1_100, nil])
        #expect(cohorts[0].payingShare.map { $0.map { ($0 * 1e6).rounded() / 1e6 } } == [0.666667, 0.666667, 0.666667, nil])
        #expect(cohorts[1].revenuePerUser == [0, 350, nil, nil] && cohorts[1].payingShare == [0, 0.5, nil, nil])
        // Averages over the cohorts that reached each period, weighted by size.
        let average = LifetimeValueReport.average(cohorts, periods: 4)
        #expect(average.map { $0.map { ($0.revenuePerUser * 100).rounded() / 100 } } == [516.67, 800, 1_100, nil])
        #expect(average.map { $0.map { ($0.payingShare * 1e6).rounded() / 1e6 } } == [0.5, 0.6, 0.666667, nil])
    }

    @Test func dailyCohortsAndTheRequestsJSONAndTable() throws {
        let settings = WorkspaceSettings()
        let daily = LifetimeValueReport(periods: 3, unit: .day).run(A.index(Self.events), range: Self.range, settings: settings)
        #expect(daily.count == 14)
        let first = try #require(daily.first)
        #expect(first.start == "2026-09-01" && first.size == 1 && first.revenueMinor == [1_000, 1_000, 1_000])
        #expect(daily.first { $0.start == "2026-09-03" }?.revenueMinor == [0, 0, -200])
        #expect(daily.first { $0.start == "2026-09-03" }?.paying == [0, 0, 0])
        // The last cohort reached day 6 of its age by as-of: every period shows.
        #expect(daily.last?.start == "2026-09-14" && daily.last?.revenueMinor == [0, 0, 0])
        let empty = daily.filter { $0.size == 0 }
        #expect(empty.count == 8)
        for cohort in empty { #expect(cohort.revenuePerUser == [nil, nil, nil] && cohort.revenueMinor == [0, 0, 0]) }

        let request = try ReportRequest(kind: "ltv", parameters: ["from": "2026-09-01", "to": "2026-09-14", "periods": "4",
                                                                  "as_of": "2026-09-20T12:00:00Z"], now: 0)
        let output = try request.run(A.index(Self.events), inputs: .init(), settings: settings)
        #expect(output.json["unit"] == "week" && output.json["periods"] == 4)
        let cohorts = output.json["cohorts"]?.arrayValue ?? []
        #expect(cohorts.count == 3 && cohorts.first?["start"] == "2026-08-31" && cohorts.first?["size"] == 3)
        #expect(cohorts.first?["revenue"] == .array([28, 33, 33, .null]))
        #expect(cohorts.first?["revenue_per_user"] == .array([9.33, 11, 11, .null]))
        #expect(cohorts.first?["paying_share"] == .array([0.6667, 0.6667, 0.6667, .null]))
        #expect(output.json["average"]?.arrayValue?.first?["revenue_per_user"] == 5.17)
        #expect(output.json["average"]?.arrayValue?.last == .null)
        #expect(output.table.headers == ["cohort", "users", "paid", "W0", "W1", "W2", "W3"])
        #expect(output.table.rows == [
            ["2026-08-31", "3", "66.7%", "9.33", "11.00", "11.00", ""],
            ["2026-09-07", "2", "50.0%", "0.00", "3.50", "", ""],
            ["2026-09-14", "1", "100.0%", "3.00", "", "", ""],
            ["average", "6", "66.7%", "5.17", "8.00", "11.00", ""],
        ])
        for (parameters, field) in [(["periods": "0"], "periods"), (["periods": "105"], "periods"), (["unit": "month"], "unit")] {
            let error = try #require(throws: StrataError.self) {
                try ReportRequest(kind: "ltv", parameters: parameters, now: Self.asOf).run(A.index(Self.events), inputs: .init(),
                                                                                           settings: settings)
            }
            #expect(error.code == .invalidParameter && error.field == field)
        }
        #expect(throws: StrataError.self) { try LifetimeValueReport(periods: 0).validate() }
        #expect(throws: Never.self) { try LifetimeValueReport(periods: 104).validate() }
    }

    @Test func daysAreCountedInTheWorkspaceZone() {
        // 2026-09-06T17:00Z is Sunday 09-06 in UTC and Monday 09-07 01:00 in Shanghai. The
        // purchase at 09-13T15:00Z is age 7 in UTC (09-13 − 09-06) and age 6 in Shanghai (09-13 23:00 − 09-07).
        let events = [A.event(1, "app_open", F.time("2026-09-06T17:00:00Z")),
                      A.event(1, "purchase", F.time("2026-09-13T15:00:00Z"), revenue: 8)]
        let range = AnalysisRange(fromDay: F.dayNumber("2026-09-01"), toDay: F.dayNumber("2026-09-14"), asOf: Self.asOf)
        let utc = LifetimeValueReport(periods: 3).run(A.index(events), range: range, settings: WorkspaceSettings())
        #expect(utc.map(\.start) == ["2026-08-31", "2026-09-07", "2026-09-14"])
        #expect(utc.map(\.size) == [1, 0, 0])
        #expect(utc[0].revenueMinor == [0, 800, 800])
        let shanghai = LifetimeValueReport(periods: 3).run(A.index(events, zone: F.shanghai), range: range,
                                                           settings: F.settings(F.shanghai))
        #expect(shanghai.map(\.size) == [0, 1, 0])
        #expect(shanghai[1].revenueMinor == [800, 800, nil])
        #expect(shanghai[1].paying == [1, 1, nil])
        // A first message at 09-14T16:30Z is 09-15 in Shanghai: after the range, no cohort.
        let late = [A.event(2, "app_open", F.time("2026-09-14T16:30:00Z"))]
        #expect(LifetimeValueReport().run(A.index(late, zone: F.shanghai), range: range, settings: F.settings(F.shanghai))
            .map(\.size) == [0, 0, 0])
        #expect(LifetimeValueReport().run(A.index(late), range: range, settings: WorkspaceSettings()).map(\.size) == [0, 0, 1])
    }

    @Test func aPeriodShowsOnceTheCohortsFirstUserHasReachedIt() {
        // The week of Monday 09-14 has one user, first seen on Sunday 09-20, who pays 5 on 09-21
        // (age 1). As of Monday 09-21 the user is in period 0 of their age.
        let events = [A.event(1, "app_open", F.time("2026-09-20T10:00:00Z")),
                      A.event(1, "purchase", F.time("2026-09-21T10:00:00Z"), revenue: 5)]
        let range = AnalysisRange(fromDay: F.dayNumber("2026-09-14"), toDay: F.dayNumber("2026-09-20"),
                                  asOf: F.time("2026-09-21T12:00:00Z"))
        let cohorts = LifetimeValueReport(periods: 3).run(A.index(events), range: range, settings: WorkspaceSettings())
        #expect(cohorts.map(\.start) == ["2026-09-14"] && cohorts[0].size == 1)
        #expect(cohorts[0].revenueMinor[0] == 500 && cohorts[0].paying[0] == 1 && cohorts[0].revenueMinor[2] == nil)
        // Periods no user has reached are nil: the cohort's only user is at age 1 (day 0 of week 1 not yet).
        #expect(cohorts[0].revenueMinor[1] == nil)
        #expect(cohorts[0].paying[1] == nil)
    }

    @Test func usersOfTheRangeNarrowTheCohorts() {
        let users = UserSet([1, 4])
        var range = Self.range
        range.users = users
        let cohorts = LifetimeValueReport(periods: 2).run(A.index(Self.events), range: range, settings: WorkspaceSettings())
        #expect(cohorts.map(\.size) == [1, 1, 0])
        #expect(cohorts[0].revenueMinor == [1_000, 1_500] && cohorts[1].revenueMinor == [0, 700])
        #expect(cohorts[2].revenueMinor == [0, nil] && cohorts[2].revenuePerUser == [nil, nil])
        // A range after as-of has no cohorts.
        let after = AnalysisRange(fromDay: F.dayNumber("2026-09-21"), toDay: F.dayNumber("2026-09-30"), asOf: Self.asOf)
        #expect(LifetimeValueReport().run(A.index(Self.events), range: after, settings: WorkspaceSettings()).isEmpty)
    }
}

/// Seeded random histories (merges, time zones, past as-of): every LTV cell equals a direct sum
/// over the generated events.
@Suite struct LifetimeValuePropertyTests {
    typealias F = AnalysisFixture

    @Test(arguments: 1...24)
    func cellsEqualADirectSumOfRevenue(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919)
        func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let zones = [F.utc, F.shanghai, F.newYork]
        let zone = zones[int(zones.count)]
        let settings = F.settings(zone)
        let start = F.time("2026-08-20T00:00:00Z")
        let users = 5 + int(60)
        var events: [AnalysisEvent] = []
        for uid in 1...Int64(users) {
            var t = start + Int64(int(50)) * F.day + Int64(int(86_400)) * 1000
            for _ in 0..<(1 + int(8)) {
                let paid = int(3) == 0
                let revenue: Double? = paid ? (int(6) == 0 ? -Double(int(500)) / 100 : Double(int(10_000)) / 100) : nil
                events.append(AnalysisEvent(uid: uid, name: paid ? "purchase" : "app_open", time: t,
                                            properties: revenue.map { ["revenue": .number($0)] } ?? [:]))
                t += Int64(int(12 * 86_400)) * 1000
            }
        }
        // Some profiles merged into others (chains too).
        var merges: [(Int64, Int64)] = []
        for uid in 2...Int64(users) where int(6) == 0 {
            let into = Int64(1 + int(Int(uid) - 1))
            if !merges.contains(where: { $0.0 == into }) { merges.append((uid, into)) }
        }
        let unit: RetentionReport.Unit = int(2) == 0 ? .week : .day
        let periods = 1 + int(unit == .week ? 12 : 40)
        let asOf = start + Int64(20 + int(60)) * F.day + Int64(int(86_400_000))
        let fromDay = F.dayNumber("2026-08-20") + int(30)
        let range = AnalysisRange(fromDay: fromDay, toDay: fromDay + int(40), asOf: asOf)
        let index = F.index(events, zone: zone, merges: merges, shuffleSeed: UInt64(seed))
        let cohorts = LifetimeValueReport(periods: periods, unit: unit).run(index, range: range, settings: settings)

        // Brute force: each live profile's events (merged ones included) up to as-of.
        var byOwner: [Int64: [AnalysisEvent]] = [:]
        for event in events where event.time <= asOf { byOwner[F.owner(event.uid, merges), default: []].append(event) }
        let asOfDay = settings.dayNumber(asOf)
        guard let days = range.days(settings) else {
            #expect(cohorts.isEmpty)
            return
        }
        let firstPeriod = unit.periodStart(days.lowerBound)
        let starts = Array(stride(from: firstPeriod, through: unit.periodStart(days.upperBound), by: unit.days))
        #expect(cohorts.map(\.start) == starts.map { WorkspaceSettings.dayText(dayNumber: $0) }, "seed \(seed)")
        var firstDay: [Int64: Int] = [:]
        for (owner, list) in byOwner {
            let day = settings.dayNumber(list.map(\.time).min()!)
            if days.contains(day) { firstDay[owner] = day }
        }
        var total: Int64 = 0
        for (g, cohortStart) in starts.enumerated() where g < cohorts.count {
            let members = firstDay.filter { unit.periodStart($0.value) == cohortStart }
            #expect(cohorts[g].size == members.count, "seed \(seed) cohort \(g)")
            // Periods show once the cohort's earliest member reached them (empty cohorts: from their first day).
            let earliest = members.values.min() ?? max(cohortStart, days.lowerBound)
            for n in 0..<periods {
                let reached = earliest + n * unit.days <= asOfDay
                let lastAge = (n + 1) * unit.days - 1
                var revenue: Int64 = 0, paying = 0
                for (owner, first) in members {
                    let paid = byOwner[owner]!.filter { settings.dayNumber($0.time) - first <= lastAge }
                        .compactMap { $0.properties["revenue"]?.numberValue }.map { Int64(($0 * 100).rounded()) }
                    revenue += paid.reduce(0, +)
                    if paid.contains(where: { $0 > 0 }) { paying += 1 }
                }
                #expect(cohorts[g].revenueMinor[n] == (reached ? revenue : nil), "seed \(seed) cohort \(g) period \(n)")
                #expect(cohorts[g].paying[n] == (reached ? paying : nil), "seed \(seed) cohort \(g) period \(n)")
            }
            let all = members.keys.flatMap { byOwner[$0]! }.compactMap { $0.properties["revenue"]?.numberValue }
                .map { Int64(($0 * 100).rounded()) }.reduce(0, +)
            total += all
        }
        // With periods covering every age up to as-of, the last cell of each cohort is all its revenue.
        let longest = LifetimeValueReport(periods: 104, unit: unit)
        if (asOfDay - days.lowerBound) < longest.periods * unit.days {
            let full = longest.run(index, range: range, settings: settings)
            let sum = full.compactMap { $0.revenueMinor.last(where: { $0 != nil }) ?? nil }.reduce(0, +)
            #expect(sum == total, "seed \(seed)")
        }
    }
}

// MARK: - Channel spend

@Suite struct ChannelSpendTests {
    typealias F = AnalysisFixture

    @Test func entriesFromTextsAreCheckedAndSpreadOverTheirDays() throws {
        let entry = try ChannelSpend(channel: "  ads ", from: "2026-09-05", to: "2026-09-14", amount: " 100.00 ", note: "Q3")
        #expect(entry.channel == "ads" && entry.amountMinor == 10_000 && entry.note == "Q3" && entry.id == nil)
        #expect(entry.fromDay == F.dayNumber("2026-09-05") && entry.toDay == F.dayNumber("2026-09-14"))
        let september = F.dayNumber("2026-09-01")...F.dayNumber("2026-09-09")
        #expect(entry.amountMinor(within: september) == 5_000)  // 5 of its 10 days
        #expect(entry.amountMinor(within: F.dayNumber("2026-09-01")...F.dayNumber("2026-09-30")) == 10_000)
        #expect(entry.amountMinor(within: F.dayNumber("2026-09-15")...F.dayNumber("2026-09-30")) == 0)
        #expect(entry.amountMinor(within: F.dayNumber("2026-09-14")...F.dayNumber("2026-09-14")) == 1_000)
        let third = try ChannelSpend(channel: "seo", from: "2026-09-01", to: "2026-09-03", amount: "1")
        #expect(abs(third.amountMinor(within: F.dayNumber("2026-09-01")...F.dayNumber("2026-09-01")) - 100.0 / 3) < 1e-9)
        #expect(try ChannelSpend(channel: "a", from: "2026-09-01", to: "2026-09-01", amount: "0.125").amountMinor == 13)
        #expect(entry.json == .object(["id": .null, "channel": "ads", "from": "2026-09-05", "to": "2026-09-14",
                                       "amount": 100, "note": "Q3"]))
        // At most 3,660 days.
        let longest = try ChannelSpend(channel: "a", from: "2020-01-01", to: WorkspaceSettings.dayText(
            dayNumber: F.dayNumber("2020-01-01") + ChannelSpend.maxDays - 1), amount: "1")
        #expect(longest.toDay - longest.fromDay + 1 == ChannelSpend.maxDays)
    }

    @Test func badEntriesNameTheirField() throws {
        let cases: [(channel: String, from: String, to: String, amount: String, note: String, field: String)] = [
            ("", "2026-09-01", "2026-09-02", "1", "", "x.channel"),
            ("   ", "2026-09-01", "2026-09-02", "1", "", "x.channel"),
            (String(repeating: "c", count: 101), "2026-09-01", "2026-09-02", "1", "", "x.channel"),
            ("ads", "2026/09/01", "2026-09-02", "1", "", "x.from"),
            ("ads", "2026-09-01", "tomorrow", "1", "", "x.to"),
            ("ads", "2026-09-02", "2026-09-01", "1", "", "x.from"),
            ("ads", "2016-01-01", "2026-09-01", "1", "", "x.to"),
            ("ads", "2026-09-01", "2026-09-02", "-5", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "12,000", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "nan", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "inf", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "1000000000001", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "", "", "x.amount"),
            ("ads", "2026-09-01", "2026-09-02", "1", String(repeating: "n", count: 501), "x.note"),
        ]
        for c in cases {
            let error = try #require(throws: StrataError.self, "\(c)") {
                try ChannelSpend(channel: c.channel, from: c.from, to: c.to, amount: c.amount, note: c.note, path: "x")
            }
            #expect(error.code == .invalidField && error.field == c.field, "\(c.field) \(c.amount)")
        }
        let after = try #require(throws: StrataError.self) {
            try ChannelSpend(channel: "ads", from: "2026-09-10", to: "2026-09-01", amount: "1")
        }
        #expect(after.message == "from (2026-09-10) is after to (2026-09-01)." && after.field == "from")
        #expect(throws: Never.self) { try ChannelSpend(channel: "ads", from: "2026-09-01", to: "2026-09-01", amount: "1000000000000") }
    }

    @Test func csvWithByteOrderMarkQuotesAndColumnsInAnyOrder() throws {
        let csv = "\u{FEFF}Amount, note ,channel,TO,from\r\n"
            + "1200.50,\"Spring, week 1\",ads,2026-09-14,2026-09-01\r\n"
            + "\r\n"
            + "80,\"say \"\"hi\"\"\",\"seo\",2026-09-30,2026-09-01\r\n"
            + "5,,wechat,2026-09-01,2026-09-01"
        let entries = try ChannelSpend.entries(csv: csv)
        #expect(entries.map(\.channel) == ["ads", "seo", "wechat"])
        #expect(entries.map(\.amountMinor) == [120_050, 8_000, 500])
        #expect(entries.map(\.note) == ["Spring, week 1", "say \"hi\"", ""])
        #expect(entries[0].fromDay == F.dayNumber("2026-09-01") && entries[0].toDay == F.dayNumber("2026-09-14"))
        // Without the note column, with \n line ends.
        let plain = try ChannelSpend.entries(csv: "channel,from,to,amount\nads,2026-09-01,2026-09-02,3\n")
        #expect(plain == [ChannelSpend(id: nil, channel: "ads", fromDay: F.dayNumber("2026-09-01"),
                                       toDay: F.dayNumber("2026-09-02"), amountMinor: 300, note: "")])
        #expect(CSVText.fields("a,\"b,c\",,\"d\"\"e\"") == ["a", "b,c", "", "d\"e"])
        #expect(CSVText.lines("\u{FEFF}x\r\n\r\n  \ny\n").map(\.number) == [1, 4])
    }

    @Test func csvErrorsGiveTheLineAndStoreNothing() throws {
        func refusal(_ csv: String) throws -> StrataError {
            try #require(throws: StrataError.self) { try ChannelSpend.entries(csv: csv) }
        }
        let header = "channel,from,to,amount,note\n"
        let badDate = try refusal(header + "ads,2026-09-01,2026-09-02,1,\n\nseo,2026-9-1,2026-09-02,1,\n")
        #expect(badDate.code == .invalidField && badDate.field == "csv")
        #expect(badDate.message.hasPrefix("Line 4: from must be a date"))
        let negative = try refusal(header + "ads,2026-09-01,2026-09-02,-1,\n")
        #expect(negative.message.hasPrefix("Line 2: amount is a number from 0"))
        let reversed = try refusal(header + "ads,2026-09-01,2026-09-02,1,\nads,2026-09-03,2026-09-02,1,\n")
        #expect(reversed.message == "Line 3: from (2026-09-03) is after to (2026-09-02).")
        let missing = try refusal("channel,from,amount\nads,2026-09-01,1\n")
        #expect(missing.message.hasPrefix("Line 1: the header needs a to column"))
        #expect(try refusal("\u{FEFF}\n\n").message.hasPrefix("The file is empty"))
        #expect(try refusal(header).message == "The file has a header but no rows.")
        let short = try refusal(header + "ads,2026-09-01\n")
        #expect(short.message.hasPrefix("Line 2: to must be a date"))
        let tooMany = try refusal(header + String(repeating: "ads,2026-09-01,2026-09-01,1,\n", count: ChannelSpend.batchLimit + 1))
        #expect(tooMany.message.hasPrefix("At most 10000 rows"))
    }

    @Test func jsonOneEntryAListOrEntries() throws {
        let one = try ChannelSpend.entries(json: Fixtures.json(
            #"{"channel":"ads","from":"2026-09-01","to":"2026-09-10","amount":1234.5,"note":"n"}"#))
        #expect(one.map(\.amountMinor) == [123_450] && one.map(\.note) == ["n"])
        let list = try ChannelSpend.entries(json: Fixtures.json("""
            [{"channel":"ads","from":"2026-09-01","to":"2026-09-10","amount":"10"},
             {"channel":"seo","from":"2026-09-01","to":"2026-09-10","amount":2,"note":null}]
            """))
        #expect(list.map(\.channel) == ["ads", "seo"] && list.map(\.amountMinor) == [1_000, 200])
        let wrapped = try ChannelSpend.entries(json: Fixtures.json("""
            {"entries":[{"channel":"tv","from":"2026-09-01","to":"2026-09-01","amount":0}]}
            """))
        #expect(wrapped.map(\.channel) == ["tv"] && wrapped.map(\.amountMinor) == [0])
        let cases: [(String, String)] = [
            (#"[{"channel":"ads","from":"2026-09-01","to":"2026-09-10","amount":1},{"channel":"ads","from":"2026-09-01","to":"2026-09-10","amount":-1}]"#,
             "entries[1].amount"),
            (#"[{"channel":"ads","from":"2026-09-01","to":"2026-09-10","amount":[1]}]"#, "entries[0].amount"),
            (#"[{"channel":"ads","from":"2026-09-11","to":"2026-09-10","amount":1}]"#, "entries[0].from"),
            (#"[{"from":"2026-09-01","to":"2026-09-10","amount":1}]"#, "entries[0].channel"),
            (#"[5]"#, "entries[0]"),
            (#"[]"#, "entries"),
            (#"{"entries":{"channel":"ads"}}"#, "entries"),
            (#""ads""#, "body"),
        ]
        for (text, field) in cases {
            let error = try #require(throws: StrataError.self, "\(text)") { try ChannelSpend.entries(json: Fixtures.json(text)) }
            #expect(error.code == .invalidField && error.field == field, "\(text)")
        }
    }
}
