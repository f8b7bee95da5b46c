import Foundation
import StrataApp
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// The segment, tag, model and report use cases on an in-memory store with a fixed clock, with
/// no HTTP: what the API, the dashboard and the CLI all call.
@Suite struct SegmentUseCaseTests {
    /// 2026-09-30T12:00:00Z.
    static let now = Fixtures.referenceTime + 12 * 3_600_000

    /// u1 viewed and bought in September (Beijing); u2 viewed in August (Wuhan); u3 viewed in
    /// September (Beijing).
    static func app() async throws -> AppServices {
        let database = try AppDatabase.inMemory(clock: .fixed(now))
        _ = try await database.ingest(Fixtures.batch([
            #"{"type":"identify","userId":"u1","traits":{"city":"Beijing"},"timestamp":"2026-08-01T00:00:00Z"}"#,
            #"{"type":"identify","userId":"u2","traits":{"city":"Wuhan"},"timestamp":"2026-08-01T00:00:00Z"}"#,
            #"{"type":"identify","userId":"u3","traits":{"city":"Beijing"},"timestamp":"2026-08-01T00:00:00Z"}"#,
            #"{"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-20T10:00:00Z"}"#,
            #"{"type":"track","userId":"u1","event":"purchase","properties":{"revenue":12.5},"timestamp":"2026-09-21T10:00:00Z"}"#,
            #"{"type":"track","userId":"u2","event":"view_item","timestamp":"2026-08-02T10:00:00Z"}"#,
            #"{"type":"track","userId":"u3","event":"view_item","timestamp":"2026-09-25T10:00:00Z"}"#,
        ]))
        return try AppServices(database: database)
    }

    @Test func savedSegmentsAreListedShownAndStampedByTheInjectedClock() async throws {
        let app = try await Self.app()
        let rule = try SegmentRule(text: "city = Beijing and did view_item")
        let (segment, size) = try await app.segments(.cli).save(name: "Beijing viewers", description: "d", owner: nil,
                                                          defaultOwner: "ops@example.com", rule: rule)
        #expect(size == 2)
        #expect(segment.owner == "ops@example.com")
        #expect(segment.createdAt == Self.now)
        // Replacing keeps the owner when none is given.
        let (replaced, _) = try await app.segments(.cli).save(name: "Beijing viewers", description: "d2", owner: nil, rule: rule)
        #expect(replaced.owner == "ops@example.com" && replaced.description == "d2")
        let listed = try await app.segments(.cli).list()
        #expect(listed.map(\.segment.name) == ["Beijing viewers"] && listed.map(\.size) == [2])
        let (_, shown) = try await app.segments(.cli).show("Beijing viewers", sample: 1)
        #expect(shown.size == 2 && shown.sample.count == 1)
        // As of a day before u3 came: only u1 had viewed.
        let (_, earlier) = try await app.segments(.cli).members("Beijing viewers", asOf: Fixtures.referenceTime - 8 * 86_400_000)
        #expect(earlier.count == 1)
    }

    @Test func badInputIsRefusedWithWhatToFix() async throws {
        let app = try await Self.app()
        await #expect(throws: StrataError.self) {
            _ = try await app.segments(.cli).save(name: "typo", description: "", owner: nil,
                                            rule: try SegmentRule(text: "did view_itme"))
        }
        #expect(try app.segments(.cli).find("typo") == nil)
        do {
            _ = try await app.segments(.cli).preview(try SegmentRule(text: "did view_item"), sample: 101)
            Issue.record("a sample of 101 was accepted")
        } catch let error as StrataError {
            #expect(error.code == .invalidParameter && error.field == "sample")
        }
        do {
            _ = try app.segments(.cli).named("ghost")
            Issue.record("an unknown segment was found")
        } catch let error as StrataError {
            #expect(error.code == .notFound && error.message.contains("ghost"))
        }
    }

    @Test func aSegmentInUseIsNotDeleted() async throws {
        let app = try await Self.app()
        _ = try await app.segments(.cli).save(name: "buyers", description: "", owner: "", rule: try SegmentRule(text: "did purchase"))
        _ = try await app.tags(.cli).save(name: "paying", description: "", follows: "buyers")
        do {
            try await app.segments(.cli).delete("buyers")
            Issue.record("a followed segment was deleted")
        } catch let error as StrataError {
            #expect(error.code == .conflict && error.message.contains("tag \"paying\""))
        }
        #expect(try app.segments(.cli).find("buyers") != nil)
        try await app.tags(.cli).delete("paying")
        try await app.segments(.cli).delete("buyers")
        #expect(try app.segments(.cli).find("buyers") == nil)
    }

    @Test func tagMembersChangeAllOrNothing() async throws {
        let app = try await Self.app()
        let (_, existed, size) = try await app.tags(.cli).save(name: "VIP", description: "", follows: nil)
        #expect(!existed && size == 0)
        let added = try await app.tags(.cli).changeMembers("VIP", .ids(try UserIdList(ids: ["u1", "u2"], limit: 10)), mode: .add)
        #expect(added.changed == 2 && added.size == 2)
        await #expect(throws: StrataError.self) {
            _ = try await app.tags(.cli).changeMembers("VIP", .ids(try UserIdList(ids: ["u3", "ghost"], limit: 10)), mode: .add)
        }
        #expect(try await app.tags(.cli).members("VIP").users.count == 2)
        let replaced = try await app.tags(.cli).changeMembers("VIP", .ids(try UserIdList(ids: ["u3"], limit: 10)), mode: .replace)
        #expect(replaced.size == 1)
        #expect(throws: StrataError.self) { try TagUseCases.Mode(name: "merge") }
        _ = try await app.segments(.cli).save(name: "buyers", description: "", owner: "", rule: try SegmentRule(text: "did purchase"))
        _ = try await app.tags(.cli).save(name: "paying", description: "", follows: "buyers")
        do {
            _ = try await app.tags(.cli).changeMembers("paying", .segment("buyers"), mode: .add)
            Issue.record("a rule tag's members were changed by hand")
        } catch let error as StrataError {
            #expect(error.code == .conflict)
        }
    }

    @Test func modelsFlowsAndSnapshotsUseTheClock() async throws {
        let app = try await Self.app()
        do {
            _ = try app.models.layerModel(named: "nope")
            Issue.record("an unknown model was found")
        } catch let error as StrataError {
            #expect(error.code == .notFound && error.message.contains("rfm, lifecycle"))
        }
        // Tomorrow, by the fixed clock, is in the future.
        await #expect(throws: StrataError.self) { _ = try await app.models.takeSnapshots(day: "2026-10-01") }
        let (day, count) = try await app.models.takeSnapshots(day: "2026-09-01")
        #expect(day == "2026-09-01" && count > 0)
        #expect(try app.models.snapshotDays() == ["2026-09-01"])
        let (_, flow, sources) = try await app.models.flow("lifecycle", from: "2026-09-01", to: "2026-09-29")
        #expect(sources == (true, false))
        #expect(flow.matrix.flatMap { $0 }.reduce(0, +) == 3)
        let (segment, size) = try await app.models.saveFlowCell("lifecycle", from: "2026-09-01", to: "2026-09-29",
                                                                 fromLayer: "churned", toLayer: "returning",
                                                                 name: "came back", description: nil, owner: "")
        let cell = try flow.users(from: "churned", to: "returning")
        #expect(segment.description.contains("churned") && size == cell.count)
        let (rfm, asOf) = try await app.models.rfm(RFMModel())
        #expect(asOf == Self.now && rfm.scores.count == 1)
    }

    @Test func reportsRunAndSaveAFunnelStep() async throws {
        let app = try await Self.app()
        let (request, output) = try await app.reports(.cli).run("funnel", parameters: [
            "steps": "view_item,purchase", "from": "2026-09-01", "to": "2026-09-30", "window": "7d",
        ])
        #expect(request.kind == .funnel)
        #expect(output.stepUsers.map(\.count) == [2, 1])
        let (segment, size) = try await app.reports(.cli).saveFunnelStep([
            "steps": "view_item,purchase", "from": "2026-09-01", "to": "2026-09-30", "window": "7d",
            "step": "2", "which": "dropped", "name": "viewed, never bought",
        ])
        #expect(size == 1 && segment.name == "viewed, never bought")
        await #expect(throws: StrataError.self) {
            _ = try await app.reports(.cli).saveFunnelStep(["steps": "view_item,purchase", "step": "1", "name": "x"])
        }
    }
}
