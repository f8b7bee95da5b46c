import Foundation
import StrataTestSupport
import Testing

/// `strata spend` and the lift, channel and lifetime-value reports from the command line.
@Suite struct AnalysisCLITests {
    let directory = TemporaryDirectory()

    func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// u1 and u2 came from ads on 09-01, u3 from seo on 09-03; u1 buys 30 on 09-02 and u3 5 on
    /// 09-03; u1 and u2 live in Beijing, u3 in Shanghai.
    func seeded() throws -> String {
        let file = directory.file("events.jsonl")
        try """
            {"type":"identify","userId":"u1","traits":{"city":"Beijing"},"timestamp":"2026-09-01T10:00:00Z"}
            {"type":"track","userId":"u1","event":"app_open","context":{"campaign":{"source":"ads"}},"timestamp":"2026-09-01T10:00:00Z"}
            {"type":"track","userId":"u1","event":"purchase","properties":{"revenue":30},"timestamp":"2026-09-02T10:00:00Z"}
            {"type":"identify","userId":"u2","traits":{"city":"Beijing"},"timestamp":"2026-09-01T12:00:00Z"}
            {"type":"track","userId":"u2","event":"app_open","context":{"campaign":{"source":"ads"}},"timestamp":"2026-09-01T12:00:00Z"}
            {"type":"identify","userId":"u3","traits":{"city":"Shanghai"},"timestamp":"2026-09-03T10:00:00Z"}
            {"type":"track","userId":"u3","event":"app_open","context":{"campaign":{"source":"seo"}},"timestamp":"2026-09-03T10:00:00Z"}
            {"type":"track","userId":"u3","event":"purchase","properties":{"revenue":5},"timestamp":"2026-09-03T11:00:00Z"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let data = directory.file("data")
        #expect(try CLI.run(["import", file, "--data-dir", data]).status == 0)
        return data
    }

    @Test func spendIsImportedListedAddedAndDeleted() throws {
        let data = try seeded()
        let csv = directory.file("spend.csv")
        try "\u{FEFF}channel,from,to,amount,note\r\nads,2026-09-01,2026-09-10,100,\"launch, wave 1\"\r\nseo,2026-09-01,2026-09-20,20,\r\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["spend", "import", csv, "--data-dir", data])
        #expect(imported.status == 0)
        let saved = object(imported.stdout)
        #expect(saved["saved"] as? Int == 2)
        #expect((saved["entries"] as? [[String: Any]])?.compactMap { $0["note"] as? String } == ["launch, wave 1", ""])

        let added = try CLI.run(["spend", "add", "--channel", "tv", "--from", "2026-09-05", "--to", "2026-09-05",
                                 "--amount", "7.5", "--note", "one day", "--data-dir", data])
        #expect(added.status == 0 && object(added.stdout)["saved"] as? Int == 1)
        let list = try CLI.run(["spend", "list", "--data-dir", data])
        #expect(list.status == 0)
        let entries = object(list.stdout)["entries"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["channel"] as? String } == ["ads", "seo", "tv"])
        #expect(entries.compactMap { $0["amount"] as? Double } == [100, 20, 7.5])
        #expect(object(list.stdout)["saved"] == nil)
        let seo = try CLI.run(["spend", "list", "--channel", "seo", "--data-dir", data])
        #expect((object(seo.stdout)["entries"] as? [[String: Any]])?.first?["to"] as? String == "2026-09-20")

        // Importing a corrected file again replaces the same channel and period.
        try "channel,from,to,amount\nads,2026-09-01,2026-09-10,120\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["spend", "import", csv, "--data-dir", data]).status == 0)
        let replaced = object(try CLI.run(["spend", "list", "--channel", "ads", "--data-dir", data]).stdout)
        #expect((replaced["entries"] as? [[String: Any]])?.compactMap { $0["amount"] as? Double } == [120])

        // A file with one bad row stores nothing and names the line.
        try "channel,from,to,amount\nradio,2026-09-01,2026-09-10,10\nradio,2026-09-11,2026-09-20,-1\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["spend", "import", csv, "--data-dir", data])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("Line 3: amount is a number from 0"))
        #expect(try CLI.run(["spend", "list", "--channel", "radio", "--data-dir", data]).stdout.contains("\"entries\":[]"))
        let badAdd = try CLI.run(["spend", "add", "--channel", "tv", "--from", "2026-09-10", "--to", "2026-09-01",
                                  "--amount", "1", "--data-dir", data])
        #expect(badAdd.status != 0 && badAdd.stderr.contains("is after to"))

        let tv = try #require(entries.first { $0["channel"] as? String == "tv" }?["id"] as? Int)
        let deleted = try CLI.run(["spend", "delete", String(tv), "--data-dir", data])
        #expect(deleted.status == 0 && object(deleted.stdout)["deleted"] as? Int == tv)
        let again = try CLI.run(["spend", "delete", String(tv), "--data-dir", data])
        #expect(again.status != 0 && again.stderr.contains("No spend entry with id \(tv)"))
        let missingFile = try CLI.run(["spend", "import", directory.file("nope.csv"), "--data-dir", data])
        #expect(missingFile.status != 0 && missingFile.stderr.contains("Cannot read"))
    }

    @Test func channelsReportAsOneJSONDocumentWithSpend() throws {
        let data = try seeded()
        #expect(try CLI.run(["spend", "add", "--channel", "ads", "--from", "2026-09-01", "--to", "2026-09-10",
                             "--amount", "100", "--data-dir", data]).status == 0)
        let report = try CLI.run(["report", "channels", "--from", "2026-09-01", "--to", "2026-09-10", "--as-of", "2026-09-30",
                                  "--format", "json", "--data-dir", data])
        #expect(report.status == 0)
        let json = object(report.stdout)
        #expect(json["report"] as? String == "channels" && json["channel_source"] as? String == "first_touch")
        let channels = json["channels"] as? [[String: Any]] ?? []
        #expect(channels.compactMap { $0["channel"] as? String } == ["ads", "seo"])
        #expect(channels.first?["new_users"] as? Int == 2 && channels.first?["spend"] as? Double == 100)
        #expect(channels.first?["cac"] as? Double == 50 && channels.first?["roi"] as? Double == -0.7)
        #expect(channels.last?["spend"] is NSNull && channels.last?["cac"] is NSNull)
        let total = json["total"] as? [String: Any]
        #expect(total?["new_users"] as? Int == 3 && total?["revenue"] as? Double == 35)

        let table = try CLI.run(["report", "channels", "--from", "2026-09-01", "--to", "2026-09-10", "--as-of", "2026-09-30",
                                 "--conversion-event", "app_open", "--conversion-days", "1", "--data-dir", data])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("channel  new users  D1") == true)
        #expect(lines.last?.hasPrefix("total") == true)
        #expect(lines.count == 4)
        let byCity = try CLI.run(["report", "channels", "--channel-trait", "city", "--from", "2026-09-01", "--to", "2026-09-10",
                                  "--as-of", "2026-09-30", "--format", "csv", "--data-dir", data])
        #expect(byCity.stdout.contains("\r\nBeijing,2,"))
        // A negative percentage is a number to a spreadsheet, not a formula: no guard quote.
        #expect(byCity.stdout.contains("\r\nads,0,,,,0,,0.00,,100.00,,-100.0%,not yet\r\n"))
    }

    @Test func liftAsCSVAndLifetimeValue() throws {
        let data = try seeded()
        let lift = try CLI.run(["report", "lift", "--event", "purchase", "--by", "channel,city", "--from", "2026-09-01",
                                "--to", "2026-09-30", "--as-of", "2026-09-30", "--format", "csv", "--data-dir", data])
        #expect(lift.status == 0)
        let lines = lift.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "dimension,value,users,target,share of base,share of target,rate,lift,z,p-value,significant")
        #expect(lines.count == 5)
        #expect(lines.contains { $0.hasPrefix("channel,ads,2,1,66.7%,50.0%,50.0%,0.75,") })
        #expect(lines.contains { $0.hasPrefix("city,Shanghai,1,1,33.3%,50.0%,100.0%,1.50,") })
        let segmentTarget = try CLI.run(["report", "lift", "--target", "city = Shanghai", "--by", "channel", "--show-missing",
                                         "--top", "1", "--as-of", "2026-09-30", "--format", "json", "--data-dir", data])
        #expect(segmentTarget.status == 0)
        let json = object(segmentTarget.stdout)
        #expect(json["target_users"] as? Int == 1 && json["base_users"] as? Int == 3)
        #expect((json["rows"] as? [[String: Any]])?.compactMap { $0["value"] as? String }.sorted() == ["(other)", "ads"])

        let ltv = try CLI.run(["report", "ltv", "--from", "2026-09-01", "--to", "2026-09-10", "--as-of", "2026-09-30",
                               "--periods", "2", "--data-dir", data])
        #expect(ltv.status == 0)
        #expect(ltv.stdout == """
            cohort      users  paid   W0     W1
            2026-08-31  3      66.7%  11.67  11.67
            2026-09-07  0
            average     3      66.7%  11.67  11.67

            """)
        let daily = try CLI.run(["report", "ltv", "--from", "2026-09-01", "--to", "2026-09-03", "--as-of", "2026-09-30",
                                 "--unit", "day", "--periods", "2", "--format", "csv", "--data-dir", data])
        #expect(daily.stdout.hasPrefix("cohort,users,paid,D0,D1\r\n2026-09-01,2,50.0%,0.00,15.00\r\n"))
    }

    @Test func badReportParametersExitWithAMessage() throws {
        let data = try seeded()
        let noTarget = try CLI.run(["report", "lift", "--by", "channel", "--data-dir", data])
        #expect(noTarget.status == 64)
        #expect(noTarget.stderr.contains("Give the target as one of event, target_segment, target_layer or target"))
        let time = try CLI.run(["report", "lift", "--event", "purchase", "--by", "last_seen", "--data-dir", data])
        #expect(time.status == 64 && time.stderr.contains("last_seen is a time"))
        let trait = try CLI.run(["report", "channels", "--channel-trait", "utm", "--data-dir", data])
        #expect(trait.status == 64 && trait.stderr.contains("No user has the trait \"utm\"."))
        let periods = try CLI.run(["report", "ltv", "--periods", "200", "--data-dir", data])
        #expect(periods.status == 64 && periods.stderr.contains("periods must be a whole number from 1 to 104"))
        let unknown = try CLI.run(["report", "churn", "--data-dir", data])
        #expect(unknown.status == 64 && unknown.stderr.contains("No report \"churn\""))
        let format = try CLI.run(["report", "ltv", "--format", "xml", "--data-dir", data])
        #expect(format.status == 64 && format.stderr.contains("--format is table, csv or json."))
    }
}
