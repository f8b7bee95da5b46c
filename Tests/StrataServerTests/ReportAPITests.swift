import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct ReportAPITests {
    /// a: views, carts and buys within an hour; b: views and carts; c: views only, 2 days later
    /// returns; d (anonymous) views, then identifies as a and buys nothing more.
    static let seed = """
        {"batch":[
         {"type":"track","userId":"a","event":"view_item","timestamp":"2026-09-01T10:00:00Z"},
         {"type":"track","userId":"a","event":"add_to_cart","timestamp":"2026-09-01T10:10:00Z"},
         {"type":"track","userId":"a","event":"purchase","properties":{"revenue":9},"timestamp":"2026-09-01T10:40:00Z"},
         {"type":"track","userId":"b","event":"view_item","timestamp":"2026-09-01T11:00:00Z"},
         {"type":"track","userId":"b","event":"add_to_cart","timestamp":"2026-09-02T12:00:00Z"},
         {"type":"track","userId":"c","event":"view_item","timestamp":"2026-09-01T12:00:00Z"},
         {"type":"track","userId":"c","event":"view_item","timestamp":"2026-09-03T12:00:00Z"}]}
        """

    func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil)
        async throws -> (HTTPResponse.Status, JSONValue, String)
    {
        try await client.admin(method, uri, body)
    }

    func seeded(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                 body: Self.seed.buffer) { #expect($0.status == .ok) }
    }

    @Test func funnelByGetAndPostWithDropOffsSavedAsASegment() async throws {
        try await ServerHarness.run { client, _ in
            try await seeded(client)
            let (ok, json, _) = try await send(client, .get, """
                /api/v1/reports/funnel?steps=view_item,add_to_cart,purchase&window=24h&from=2026-09-01&to=2026-09-01&as_of=2026-09-30
                """)
            #expect(ok == .ok)
            let users = json["steps"]?.arrayValue?.compactMap { $0["users"]?.numberValue }
            // b's cart came 25 h after the view: outside the 24 h window.
            #expect(users == [3, 1, 1])
            #expect(json["steps"]?.arrayValue?[1]["median_time_ms"] == 600_000)
            let (_, wider, _) = try await send(client, .post, "/api/v1/reports/funnel", """
                {"steps": ["view_item", "add_to_cart", "purchase"], "window": "2d", "from": "2026-09-01",
                 "to": "2026-09-01", "as_of": "2026-09-30"}
                """)
            #expect(wider["steps"]?.arrayValue?.compactMap { $0["users"]?.numberValue } == [3, 2, 1])
            let (created, segment, _) = try await send(client, .post, "/api/v1/reports/funnel/segment", """
                {"steps": "view_item,add_to_cart,purchase", "window": "2d", "from": "2026-09-01", "to": "2026-09-01",
                 "as_of": "2026-09-30", "step": 2, "which": "dropped", "name": "viewed, no cart"}
                """)
            #expect(created == .created)
            #expect(segment["size"] == 1)
            let (_, preview, _) = try await send(client, .post, "/api/v1/segments/preview",
                                                 #"{"text": "in segment 'viewed, no cart'", "sample": 1}"#)
            #expect(preview["sample"]?.arrayValue?.first?["user_id"] == "c")
        }
    }

    @Test func retentionAndActivityAsJSONAndCSV() async throws {
        try await ServerHarness.run { client, _ in
            try await seeded(client)
            let (_, retention, _) = try await send(client, .get, """
                /api/v1/reports/retention?from=2026-09-01&to=2026-09-01&periods=3&as_of=2026-09-30
                """)
            let cohort = retention["cohorts"]?.arrayValue?.first
            #expect(cohort?["size"] == 3)
            #expect(cohort?["retained"]?.arrayValue?.compactMap(\.numberValue) == [3, 1, 1])
            let (_, activity, _) = try await send(client, .get, "/api/v1/reports/activity?from=2026-09-01&to=2026-09-03&as_of=2026-09-30")
            let days = activity["days"]?.arrayValue ?? []
            #expect(days.compactMap { $0["dau"]?.numberValue } == [3, 1, 1])
            #expect(days.compactMap { $0["new"]?.numberValue } == [3, 0, 0])
            #expect(days.last?["wau"] == 3)
            let (ok, _, csv) = try await send(client, .get, "/api/v1/reports/activity?from=2026-09-01&to=2026-09-01&as_of=2026-09-30&format=csv")
            #expect(ok == .ok)
            #expect(csv.hasPrefix("day,DAU,WAU,MAU,users,active rate,DAU/MAU,new,returning,resurrected\r\n2026-09-01,3,3,3,3,"))
        }
    }

    @Test func trendsCountUsersSumsAndBreaksDown() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: """
                {"batch":[
                 {"type":"identify","userId":"a","traits":{"city":"Hangzhou"},"timestamp":"2026-08-01T00:00:00Z"},
                 {"type":"track","userId":"a","event":"purchase","properties":{"revenue":10,"category":"books"},"timestamp":"2026-09-01T10:00:00Z"},
                 {"type":"track","userId":"a","event":"purchase","properties":{"revenue":5,"category":"toys"},"timestamp":"2026-09-01T11:00:00Z"},
                 {"type":"track","userId":"b","event":"purchase","properties":{"revenue":7,"category":"books"},"timestamp":"2026-09-03T10:00:00Z"},
                 {"type":"track","userId":"b","event":"purchase","properties":{"revenue":1,"category":"books"},"timestamp":"2026-08-30T10:00:00Z"},
                 {"type":"track","userId":"a","event":"purchase","properties":{"revenue":50,"category":"toys"},"timestamp":"2026-09-03T12:00:00Z"}]}
                """.buffer) { #expect($0.status == .ok) }
            let base = "/api/v1/reports/trend?event=purchase&from=2026-09-01&to=2026-09-03&as_of=2026-09-30"
            let (_, count, _) = try await send(client, .get, base + "&compare=true")
            #expect(count["buckets"]?.arrayValue?.compactMap(\.stringValue) == ["2026-09-01", "2026-09-02", "2026-09-03"])
            #expect(count["total"]?["values"]?.arrayValue?.compactMap(\.numberValue) == [2, 0, 2])
            #expect(count["previous"]?["total"] == 1)
            // A browser's GET form writes spaces as "+": the same filter either way.
            let (_, plus, _) = try await send(client, .get, base.replacingOccurrences(of: "event=purchase", with: "event=purchase(category+%3D+books)"))
            let (_, spaces, _) = try await send(client, .get, base.replacingOccurrences(of: "event=purchase", with: "event=purchase(category%20%3D%20books)"))
            #expect(plus["total"]?["values"]?.arrayValue?.compactMap(\.numberValue) == [1, 0, 1])
            #expect(plus == spaces)
            let (_, users, _) = try await send(client, .get, base + "&measure=users")
            #expect(users["total"]?["values"]?.arrayValue?.compactMap(\.numberValue) == [1, 0, 2])
            // A user active on two days is one user of the range, not two.
            #expect(users["total"]?["total"] == 2)
            // The top values are the largest by the measure: toys by revenue (55 against 17),
            // although books and toys have two purchases each.
            let (_, byCategory, _) = try await send(client, .get, base + "&measure=sum:revenue&breakdown=category&top=1")
            let series = byCategory["series"]?.arrayValue ?? []
            #expect(series.compactMap { $0["key"]?.stringValue } == ["toys", "other"])
            #expect(series.first?["values"]?.arrayValue?.compactMap(\.numberValue) == [5, 0, 50])
            #expect(series.last?["total"] == 17)
            // By users: books has two buyers, toys one; the other series counts its users once.
            let (_, buyers, _) = try await send(client, .get, base + "&measure=users&breakdown=category&top=1")
            let buyerSeries = buyers["series"]?.arrayValue ?? []
            #expect(buyerSeries.compactMap { $0["key"]?.stringValue } == ["books", "other"])
            #expect(buyerSeries.compactMap { $0["total"]?.numberValue } == [2, 1])
            let (_, byCity, _) = try await send(client, .get, base + "&breakdown=trait:city")
            #expect(byCity["series"]?.arrayValue?.compactMap { $0["key"]?.stringValue } == ["Hangzhou", "(none)"])
            let (_, weekly, _) = try await send(client, .get, base + "&unit=week")
            #expect(weekly["buckets"]?.arrayValue?.compactMap(\.stringValue) == ["2026-08-31"])
            #expect(try await send(client, .get, base + "&measure=median").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/reports/trend?event=purchse").0 == .badRequest)
        }
    }

    @Test func hugeNumbersInABodyAreRefusedNotFatal() async throws {
        // Found by Schemathesis: a parameter of 3.3e267 in a report body once crashed the server
        // converting it to an integer; so did within_days = 1e300 in a scoring model.
        try await ServerHarness.run { client, _ in
            try await seeded(client)
            let (status, _, _) = try await send(client, .post, "/api/v1/reports/activity",
                                                #"{"dormant_days": 3.3e267, "x": [1e300, -1e300]}"#)
            #expect(status == .badRequest)
            try await client.execute(uri: "/api/v1/models/scores/preview", method: .post, headers: ServerHarness.bearer,
                                     body: ByteBuffer(string: #"{"name": "s", "factors": [{"did": "purchase", "within_days": 1e300, "weight": 1}], "tiers": [{"name": "a", "min_score": 0}]}"#)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/tags", method: .post, headers: ServerHarness.bearer,
                                     body: ByteBuffer(string: #"{"name": "t"}"#)) { #expect($0.status.code < 300) }
            try await client.execute(uri: "/api/v1/tags/t/members", method: .post, headers: ServerHarness.bearer,
                                     body: ByteBuffer(string: #"{"user_ids": [1e300]}"#)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aReportPastItsTimeLimitAnswers503WithRetryAfter() async throws {
        try await ServerHarness.run(configure: { $0.reportBudget = ReportBudget(seconds: 0.000_001) }) { client, _ in
            try await seeded(client)
            try await client.execute(uri: "/api/v1/reports/retention?from=2026-09-01&to=2026-09-20&as_of=2026-09-30",
                                     method: .get, headers: ServerHarness.bearer) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "30")
                #expect(response.json["error"]?["message"]?.stringValue?.contains("time limit") == true)
            }
        }
    }

    @Test func refusesWhatBreaksTheLimits() async throws {
        try await ServerHarness.run { client, _ in
            try await seeded(client)
            let (unknown, error, _) = try await send(client, .get, "/api/v1/reports/funnel?steps=view_item,add_to_cat")
            #expect(unknown == .badRequest)
            #expect(error["error"]?["field"] == "steps[1]")
            #expect(try await send(client, .get, "/api/v1/reports/funnel?steps=view_item").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/reports/funnel?steps=view_item,purchase&window=5s").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/reports/retention?periods=500").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/reports/activity?from=2026-09-10&to=2026-09-01").0 == .badRequest)
            #expect(try await send(client, .get, "/api/v1/reports/churn").0 == .notFound)
            #expect(try await send(client, .get, "/api/v1/reports/activity?segment=nope").0 == .badRequest)
        }
    }
}
