import Foundation
import StrataCore
import Testing

// Every reader of untrusted text has a nesting limit and answers past it with an error that
// names the limit, instead of recursing until the stack runs out.

@Suite struct NestingLimitTests {
    @Test func jsonNestsAtMost64Levels() throws {
        func nested(_ levels: Int) -> Data { Data((String(repeating: "[", count: levels) + String(repeating: "]", count: levels)).utf8) }
        #expect(throws: Never.self) { try JSONValue.parse(nested(64)) }
        for levels in [65, 100_000] {
            let error = try #require(throws: StrataError.self) { try JSONValue.parse(nested(levels)) }
            #expect(error.code == .malformedJSON && error.message.contains("64 levels"))
        }
        // Brackets inside strings are text, not nesting.
        let quoted = "{\"a\": \"" + String(repeating: "[{", count: 1000) + "\\\"\"}"
        #expect(try JSONValue.parse(Data(quoted.utf8))["a"]?.stringValue?.count == 2001)
    }

    @Test func csvLinesAndFieldsHaveLimits() throws {
        let long = String(repeating: "x", count: CSVText.maxLineLength + 1)
        let error = try #require(throws: StrataError.self) { try UserIdList(text: "user_id\na\n" + long, limit: 10) }
        #expect(error.message.contains("Line 3") && error.field == "csv")
        let wide = String(repeating: ",", count: CSVText.maxFields)
        #expect(throws: StrataError.self) { try ChannelSpend.entries(csv: "channel,from,to,amount\n" + wide) }
        #expect(try UserIdList(text: "a," + String(repeating: ",", count: CSVText.maxFields - 2), limit: 10).ids == ["a"])
    }
}

@Suite struct ReportBudgetTests {
    static let settings = WorkspaceSettings()
    static func request(_ kind: String, _ parameters: [String: String]) throws -> ReportRequest {
        try ReportRequest(kind: kind, parameters: parameters.merging(["as_of": "2026-09-30"]) { a, _ in a },
                          now: Timestamp.parse("2026-09-30T00:00:00Z")!)
    }

    @Test func tenYearsOfDayCohortsOverAMillionUsersIsRefusedNamingTheRange() throws {
        let budget = ReportBudget()
        let long = try Self.request("retention", ["from": "2016-10-06", "to": "2026-09-29"])
        let error = try #require(throws: StrataError.self) { try budget.check(long, users: 1_000_000, settings: Self.settings) }
        #expect(error.code == .invalidParameter && error.field == "from")
        #expect(error.message.contains("3,646 day cohorts") && error.message.contains("limit is 512 MB"))
        // The usual questions fit with room to spare.
        for (kind, parameters) in [("retention", [:]), ("retention", ["unit": "week", "from": "2024-10-01", "to": "2026-09-29"]),
                                   ("funnel", ["steps": "a,b,c,d"]), ("trend", ["event": "a", "breakdown": "trait:city", "top": "50"]),
                                   ("trend", ["event": "a", "measure": "users", "breakdown": "x"]), ("activity", ["from": "2026-01-01"]),
                                   ("lift", [:])] {
            let estimate = try ReportBudget.estimate(try Self.request(kind, parameters), users: 1_000_000, settings: Self.settings)
            #expect(estimate.bytes < 200 << 20, "\(kind) \(parameters): \(estimate.bytes >> 20) MB")
        }
        // A trend of distinct users per hour over 50 values of a breakdown names top.
        let users = try Self.request("trend", ["event": "a", "measure": "users", "breakdown": "x", "top": "50",
                                              "from": "2026-09-01", "unit": "hour"])
        let small = ReportBudget(memoryBytes: 64 << 20)
        #expect(try #require(throws: StrataError.self) { try small.check(users, users: 1_000_000, settings: Self.settings) }
            .field == "top")
        let steps = try Self.request("funnel", ["steps": (1...20).map { "e\($0)" }.joined(separator: ",")])
        #expect(try #require(throws: StrataError.self) { try small.check(steps, users: 1_000_000, settings: Self.settings) }
            .field == "steps")
    }
}

@Suite struct ReportDeadlineTests {
    @Test func aReportPastItsLimitStopsEarlyAndSaysSo() {
        let events = (0..<40).map { AnalysisEvent(uid: Int64($0 % 7), name: "app_open", time: AnalysisFixture.time("2026-09-01") + Int64($0) * AnalysisFixture.day / 2) }
        let index = AnalysisFixture.index(events)
        let range = AnalysisRange(fromDay: AnalysisFixture.dayNumber("2026-09-01"), toDay: AnalysisFixture.dayNumber("2026-09-20"),
                                  asOf: AnalysisFixture.time("2026-09-30"))
        let report = RetentionReport(periods: 5)
        let full = ReportDeadline.run(seconds: 60) { report.run(index, range: range, settings: WorkspaceSettings()) }
        #expect(!full.timedOut && full.value.count == 20)
        let stopped = ReportDeadline.run(seconds: 0) { report.run(index, range: range, settings: WorkspaceSettings()) }
        #expect(stopped.timedOut && stopped.value.isEmpty)
        // Without a limit nothing stops.
        #expect(report.run(index, range: range, settings: WorkspaceSettings()).count == 20)
    }
}
