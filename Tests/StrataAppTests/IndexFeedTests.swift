import Foundation
import StrataApp
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// The index fed by the writer: what this process commits is applied from memory, and what
/// another process writes into the same folder is still read from the store.
@Suite struct IndexFeedTests {
    static func track(_ user: String, _ event: String, _ id: String) -> String {
        #"{"type":"track","userId":"\#(user)","event":"\#(event)","messageId":"\#(id)","timestamp":"2026-09-29T10:00:00Z","traits":{"city":"Beijing"}}"#
    }

    @Test func acknowledgedEventsCountAtOnceWithoutReadingThemBack() async throws {
        let directory = TemporaryDirectory()
        let app = try AppServices(database: try Fixtures.database(in: directory))
        let rule = try SegmentRule(text: "did purchase")
        await #expect(throws: StrataError.self) { _ = try await app.segments(.cli).preview(rule, sample: 0) }
        let before = await app.index.deltasApplied
        _ = try await app.ingest.store(Fixtures.batch([Self.track("u1", "purchase", "m1"), Self.track("u2", "view_item", "m2")]))
        // Asked right after the acknowledgement: exact, from the delta.
        #expect(try await app.segments(.cli).preview(rule, sample: 0).size == 1)
        #expect(await app.index.deltasApplied == before + 1)
        // An identify that merges an anonymous visitor, and new traits.
        _ = try await app.ingest.store(Fixtures.batch([
            #"{"type":"track","anonymousId":"a1","event":"purchase","messageId":"m3","timestamp":"2026-09-29T11:00:00Z"}"#,
            #"{"type":"identify","userId":"u2","anonymousId":"a1","traits":{"city":"Wuhan"},"messageId":"m4","timestamp":"2026-09-29T12:00:00Z"}"#,
        ]))
        #expect(try await app.segments(.cli).preview(rule, sample: 0).size == 2)
        #expect(try await app.segments(.cli).preview(try SegmentRule(text: "city = Wuhan and did purchase"), sample: 0).size == 1)
        #expect(await app.index.deltasApplied == before + 2)
    }

    @Test func writesOfAnotherProcessAreReadFromTheStore() async throws {
        let directory = TemporaryDirectory()
        let app = try AppServices(database: try Fixtures.database(in: directory))
        _ = try await app.ingest.store(Fixtures.batch([Self.track("u1", "purchase", "m1")]))
        // Another process (here: a second store on the same folder) writes, then this one writes again:
        // the second delta does not start where the index stands, so the store is read instead.
        let other = try Fixtures.database(in: directory)
        _ = try await other.ingest(Fixtures.batch([Self.track("u2", "purchase", "m2")]))
        _ = try await app.ingest.store(Fixtures.batch([Self.track("u3", "purchase", "m3")]))
        let rule = try SegmentRule(text: "did purchase")
        #expect(try await app.segments(.cli).preview(rule, sample: 0).size == 3)
        let fresh = try AppServices(database: try Fixtures.database(in: directory))
        #expect(try await fresh.segments(.cli).preview(rule, sample: 0).size == 3)
    }
}
