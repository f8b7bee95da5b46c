import Foundation
import StrataTestSupport
import Testing

/// Segments, tags, scoring models, flows and snapshots from the command line.
@Suite struct LayeringCLITests {
    let directory = TemporaryDirectory()

    func json(_ result: CLI.Result) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(result.lastLine.utf8)) as? [String: Any]) ?? [:]
    }

    /// u1 buys and views in September; u2 only viewed in August; u3 views in September.
    func seeded() throws -> String {
        let file = directory.file("events.jsonl")
        try """
            {"type":"identify","userId":"u1","traits":{"city":"Beijing","plan":"pro"},"timestamp":"2026-08-01T00:00:00Z"}
            {"type":"identify","userId":"u2","traits":{"city":"Wuhan"},"timestamp":"2026-08-01T00:00:00Z"}
            {"type":"identify","userId":"u3","traits":{"city":"Beijing"},"timestamp":"2026-08-01T00:00:00Z"}
            {"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-20T00:00:00Z"}
            {"type":"track","userId":"u1","event":"purchase","properties":{"revenue":12.5},"timestamp":"2026-09-21T00:00:00Z"}
            {"type":"track","userId":"u2","event":"view_item","timestamp":"2026-08-02T00:00:00Z"}
            {"type":"track","userId":"u3","event":"view_item","timestamp":"2026-09-25T00:00:00Z"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let data = directory.file("data")
        #expect(try CLI.run(["import", file, "--data-dir", data]).status == 0)
        return data
    }

    @Test func segmentsAreCreatedListedShownExportedAndDeleted() throws {
        let data = try seeded()
        let created = try CLI.run(["segment", "create", "Beijing viewers", "--data-dir", data,
                                   "--rule", "city = Beijing and did view_item"])
        #expect(created.status == 0)
        #expect(json(created)["size"] as? Int == 2)
        let list = try CLI.run(["segment", "list", "--data-dir", data])
        #expect(list.stdout.contains("Beijing viewers\t2\t"))
        let show = try CLI.run(["segment", "show", "Beijing viewers", "--data-dir", data])
        #expect(Set(json(show)["sample"] as? [String] ?? []) == ["u1", "u3"])
        let csv = directory.file("out.csv")
        let export = try CLI.run(["segment", "export", "Beijing viewers", "--traits", "plan,revenue", "--output", csv,
                                  "--data-dir", data])
        #expect(export.status == 0)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\r\n")
        #expect(lines.first == "uid,user_id,anonymous_ids,plan,revenue")
        #expect(lines.contains { $0.hasSuffix(",u1,,pro,12.50") })
        #expect(lines.count == 3)
        let bad = try CLI.run(["segment", "create", "typo", "--data-dir", data, "--rule", "did view_itme"])
        #expect(bad.status != 0 && bad.stderr.contains("view_item"))
        #expect(try CLI.run(["segment", "delete", "Beijing viewers", "--data-dir", data]).status == 0)
        #expect(try CLI.run(["segment", "show", "Beijing viewers", "--data-dir", data]).status != 0)
    }

    @Test func tagsFromIdsFilesAndSegmentsWorkInRules() throws {
        let data = try seeded()
        #expect(try CLI.run(["tags", "create", "VIP", "--data-dir", data]).status == 0)
        let added = try CLI.run(["tags", "add", "VIP", "--ids", "u1,u2", "--data-dir", data])
        #expect(json(added)["size"] as? Int == 2)
        let ids = directory.file("ids.csv")
        try "user_id\nu3\n".write(toFile: ids, atomically: true, encoding: .utf8)
        #expect(json(try CLI.run(["tags", "add", "VIP", "--file", ids, "--data-dir", data]))["size"] as? Int == 3)
        #expect(json(try CLI.run(["tags", "remove", "VIP", "--ids", "u2", "--data-dir", data]))["size"] as? Int == 2)
        let unknown = try CLI.run(["tags", "add", "VIP", "--ids", "u1,ghost", "--data-dir", data])
        #expect(unknown.status != 0 && unknown.stderr.contains("ghost"))
        let preview = try CLI.run(["segment", "preview", "--rule", "has tag VIP and did purchase", "--data-dir", data])
        #expect(json(preview)["size"] as? Int == 1)
        #expect(try CLI.run(["segment", "create", "buyers", "--rule", "did purchase", "--data-dir", data]).status == 0)
        #expect(try CLI.run(["tags", "create", "paying", "--follow", "buyers", "--data-dir", data]).status == 0)
        #expect(json(try CLI.run(["tags", "show", "paying", "--data-dir", data]))["size"] as? Int == 1)
        let list = try CLI.run(["tags", "list", "--data-dir", data])
        #expect(list.stdout.contains("paying\t1\tfollows segment buyers"))
        #expect(try CLI.run(["segment", "delete", "buyers", "--data-dir", data]).status != 0)
    }

    @Test func scoringFlowAndSnapshots() throws {
        let data = try seeded()
        let model = directory.file("model.json")
        try """
            {"name": "engaged", "factors": [{"attribute": "event_count", "weight": 1}],
             "tiers": [{"name": "high", "min_score": 50}, {"name": "low", "min_score": 0}]}
            """.write(toFile: model, atomically: true, encoding: .utf8)
        let score = try CLI.run(["model", "score", "--file", model, "--save", "--data-dir", data])
        #expect(score.status == 0)
        #expect((json(score)["layers"] as? [String: Int]) == ["high": 1, "low": 2])
        let preview = try CLI.run(["segment", "preview", "--rule", "in engaged:high", "--data-dir", data])
        #expect(json(preview)["sample"] as? [String] == ["u1"])

        let snapshot = try CLI.run(["snapshot", "--day", "2026-09-01", "--data-dir", data])
        #expect(json(snapshot)["snapshots"] as? Int == 15)
        // On 09-01 all three were last seen a month before (churned); by 09-30 u3 came back after a
        // gap (returning), u1 went quiet again after 09-21 (silent), u2 stayed away.
        let flow = try CLI.run(["flow", "lifecycle", "--from", "2026-09-01", "--to", "2026-09-30",
                                "--save", "came back", "--from-layer", "churned", "--to-layer", "returning",
                                "--data-dir", data])
        #expect(flow.status == 0)
        let summary = json(flow)
        #expect(summary["sources"] as? [String] == ["snapshot", "computed"])
        #expect((summary["matrix"] as? [[Int]])?[4] == [0, 1, 0, 1, 1, 0])
        #expect((summary["saved"] as? [String: Any])?["size"] as? Int == 1)
        let members = try CLI.run(["segment", "show", "came back", "--data-dir", data])
        #expect(json(members)["sample"] as? [String] == ["u3"])
        let bad = try CLI.run(["flow", "lifecycle", "--from", "2026-09-30", "--to", "2026-09-01", "--data-dir", data])
        #expect(bad.status != 0 && bad.stderr.contains("before"))
    }
}

@Suite struct ReportCLITests {
    let directory = TemporaryDirectory()

    @Test func reportsPrintATableCSVOrOneJSONDocument() throws {
        let file = directory.file("events.jsonl")
        try """
            {"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-01T10:00:00Z"}
            {"type":"track","userId":"u1","event":"purchase","timestamp":"2026-09-01T11:00:00Z"}
            {"type":"track","userId":"u2","event":"view_item","timestamp":"2026-09-01T12:00:00Z"}
            {"type":"track","userId":"u2","event":"view_item","timestamp":"2026-09-02T12:00:00Z"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let data = directory.file("data")
        #expect(try CLI.run(["import", file, "--data-dir", data]).status == 0)
        let funnel = try CLI.run(["report", "funnel", "--steps", "view_item,purchase", "--window", "24h",
                                  "--from", "2026-09-01", "--to", "2026-09-01", "--as-of", "2026-09-30",
                                  "--format", "json", "--data-dir", data])
        #expect(funnel.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(funnel.stdout.utf8)) as? [String: Any]
        let steps = json?["steps"] as? [[String: Any]]
        #expect(steps?.map { $0["users"] as? Int } == [2, 1])
        let table = try CLI.run(["report", "retention", "--periods", "2", "--from", "2026-09-01", "--to", "2026-09-01",
                                 "--as-of", "2026-09-30", "--data-dir", data])
        #expect(table.stdout.contains("2026-09-01  2      100.0%  50.0%"))
        let csv = try CLI.run(["report", "activity", "--from", "2026-09-02", "--to", "2026-09-02", "--as-of", "2026-09-30",
                               "--format", "csv", "--data-dir", data])
        #expect(csv.stdout.hasPrefix("day,DAU,"))
        #expect(csv.stdout.contains("2026-09-02,1,2,2,2,50.0%,50.0%,0,1,0"))
        let bad = try CLI.run(["report", "funnel", "--steps", "view_item", "--data-dir", data])
        #expect(bad.status != 0 && bad.stderr.contains("2 to 20 steps"))
    }
}
