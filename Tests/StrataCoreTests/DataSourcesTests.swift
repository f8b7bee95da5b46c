import StrataCore
import StrataTestSupport
import Testing

@Suite struct DataSourcesTests {
    @Test func csvLinesBecomeMessagesWithStableIds() throws {
        let layout = try #require(CSVEventLayout(header: "user_id,event,ts_ms,revenue,category,source"))
        let m = try layout.message(line: "u1,purchase,1790726400000,19.90,books,wechat", lineNumber: 2, fileTag: "f")
        let message = try Fixtures.decoder.decode(m, receivedAt: 0)
        #expect(message.event == "purchase" && message.userId == "u1" && message.revenueMinor == 1990)
        #expect(message.messageId == "f:2" && message.campaignSource == "wechat")
        #expect(throws: StrataError.self) { try layout.message(line: "u1,x,notatime,0,,", lineNumber: 3, fileTag: "f") }
        #expect(CSVEventLayout(header: "a,b,c") == nil)
        let users = try #require(CSVEventLayout(header: "user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone"))
        let identify = try Fixtures.decoder.decode(
            try users.message(line: "u1,1790726400000,female,1990,Beijing,wechat,u1@x.com,+861", lineNumber: 2,
                              fileTag: "g"), receivedAt: 0)
        #expect(identify.type == .identify && identify.traits["city"] == "Beijing" && identify.traits["birth_year"] == 1990)
    }

    @Test func demoDataIsDeterministicAndValid() throws {
        func collect() -> [JSONValue] {
            var all: [JSONValue] = []
            DemoDataGenerator(users: 50, days: 30, end: Fixtures.referenceTime, seed: 7).generate { all.append($0) }
            return all
        }
        let first = collect()
        #expect(first == collect())
        let batch = Fixtures.decoder.batch(from: first, receivedAt: Fixtures.referenceTime, source: "demo")
        #expect(batch.rejected.isEmpty)
        #expect(batch.entries.contains { $0.message.event == "purchase" })
        #expect(batch.entries.allSatisfy { $0.message.timestamp <= Fixtures.referenceTime })
        // Some visitors are anonymous first and identify later, with both ids.
        #expect(batch.entries.contains { $0.message.type == .identify && $0.message.anonymousId != nil })
    }
}
