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
