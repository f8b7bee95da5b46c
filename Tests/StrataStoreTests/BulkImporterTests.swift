import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

@Suite struct BulkImporterTests {
    let directory = TemporaryDirectory()

    @Test func importsJSONLAndARerunStoresNothingTwice() throws {
        let database = try Fixtures.database(in: directory)
        let path = directory.file("events.jsonl")
        var lines: [String] = []
        for i in 0..<250 {
            lines.append(#"{"type":"track","userId":"u\#(i % 17)","event":"view_item","messageId":"e\#(i)","timestamp":"2026-09-01T00:00:00Z"}"#)
        }
        lines.insert(#"{"type":"track","event":"no user"}"#, at: 10)
        lines.insert("not json", at: 20)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let importer = BulkImporter(database: database, decoder: Fixtures.decoder, chunkLines: 64)
        var reports = 0
        let first = try importer.importFile(atPath: path) { _ in reports += 1 }
        #expect(first.accepted == 250 && first.quarantined == 2 && first.lines == 252)
        #expect(reports >= 4)
        let quarantined = try database.quarantine()
        #expect(Set(quarantined.map(\.index)) == [11, 21])
        #expect(quarantined.contains { $0.raw == "not json" && $0.code == "malformed_json" })
        let second = try importer.importFile(atPath: path)
        #expect(second.accepted == 0 && second.duplicates == 250)
        #expect(try database.stats().events == 250 && database.stats().users == 17)
    }

    @Test func importsTheSharedCSVLayouts() throws {
        let database = try Fixtures.database(in: directory)
        let users = directory.file("users.csv")
        try """
            user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone
            u1,1790726400000,female,1990,Beijing,wechat,u1@example.com,+8613800000001

            """.write(toFile: users, atomically: true, encoding: .utf8)
        let events = directory.file("events.csv")
        try """
            user_id,event,ts_ms,revenue,category,source
            u1,view_item,1790726401000,0.00,books,wechat
            u1,purchase,1790726402000,25.50,books,wechat

            """.write(toFile: events, atomically: true, encoding: .utf8)
        let importer = BulkImporter(database: database, decoder: Fixtures.decoder)
        _ = try importer.importFile(atPath: users)
        let totals = try importer.importFile(atPath: events)
        #expect(totals.accepted == 2)
        let profile = try #require(try database.profile(externalId: "u1"))
        #expect(profile.traits["city"] == "Beijing")
        #expect(profile.computed.revenueMinor == 2550 && profile.computed.purchaseCount == 1)
        #expect(profile.computed.firstTouchChannel == "wechat")
        #expect(try importer.importFile(atPath: events).duplicates == 2)
    }

    @Test func refusesAFileItCannotRead() throws {
        let database = try Fixtures.database(in: directory)
        let importer = BulkImporter(database: database, decoder: Fixtures.decoder)
        #expect(throws: StrataError.self) { try importer.importFile(atPath: directory.file("missing.jsonl")) }
        let odd = directory.file("odd.csv")
        try "a,b,c\n1,2,3\n".write(toFile: odd, atomically: true, encoding: .utf8)
        #expect(throws: StrataError.self) { try importer.importFile(atPath: odd) }
    }
}
