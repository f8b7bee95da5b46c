import Foundation
import StrataApp
import StrataCore
import StrataStore
import StrataTestSupport
import Synchronization
import Testing

/// Reports run off the index actor in a bounded queue: a busy report worker holds neither
/// segment previews nor ingestion, and one report over the queue's capacity is refused.
@Suite struct ReportQueueTests {
    /// A gate a test opens once, letting blocked report work finish.
    final class Gate: Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        private let entered = Mutex(0)
        func pass() {
            entered.withLock { $0 += 1 }
            semaphore.wait()
        }
        var waiting: Int { entered.withLock { $0 } }
        func open(_ times: Int) { for _ in 0..<times { semaphore.signal() } }
    }

    /// Waits (up to 10 s) until `condition` holds.
    static func eventually(_ condition: () async -> Bool) async throws {
        for _ in 0..<1_000 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await condition())
    }

    @Test func oneReportMoreThanWorkersAndLineIsRefusedWithRetryAfter() async throws {
        let queue = ReportQueue(workers: 1, capacity: 1)
        let gate = Gate()
        let first = Task { try await queue.run { gate.pass(); return 1 } }
        try await Self.eventually { gate.waiting == 1 }
        let second = Task { try await queue.run { 2 } }
        try await Self.eventually { queue.load.waiting == 1 }
        #expect(queue.load.running == 1)
        do {
            _ = try await queue.run { 3 }
            Issue.record("a third report was let in past one worker and one waiting")
        } catch let error as StrataError {
            #expect(error.code == .unavailable)
            #expect(error.retryAfterSeconds == 5)
            #expect(error.message.contains("1 reports with 1 more waiting"))
        }
        gate.open(1)
        #expect(try await first.value == 1)
        #expect(try await second.value == 2)
        #expect(queue.load.running == 0 && queue.load.waiting == 0)
        // Errors of the work come back to its caller and free the worker.
        await #expect(throws: StrataError.self) {
            _ = try await queue.run { () throws -> Int in throw StrataError(.invalidParameter, "bad") }
        }
        #expect(try await queue.run { 4 } == 4)
    }

    @Test func aBusyReportWorkerHoldsNeitherSegmentsNorIngestion() async throws {
        let directory = TemporaryDirectory()
        let app = try AppServices(database: try Fixtures.database(in: directory),
                                  reportBudget: ReportBudget(workers: 1, queue: 0))
        _ = try await app.ingest.store(Fixtures.batch([IndexFeedTests.track("u1", "purchase", "m1")]))
        let gate = Gate()
        // The only worker is held, as a slow report would hold it.
        let slow = Task { try await app.index.reports.run { gate.pass() } }
        try await Self.eventually { gate.waiting == 1 }
        // Ingestion and segment previews go on, and see the new write at once.
        _ = try await app.ingest.store(Fixtures.batch([IndexFeedTests.track("u2", "purchase", "m2")]))
        #expect(try await app.segments(.cli).preview(try SegmentRule(text: "did purchase"), sample: 0).size == 2)
        // A report now finds no worker and no room to wait.
        await #expect(throws: StrataError.self) {
            _ = try await app.reports(.cli).run("activity", parameters: ["from": "2026-09-28", "to": "2026-09-30"])
        }
        gate.open(1)
        try await slow.value
        let (_, output) = try await app.reports(.cli).run("activity", parameters: ["from": "2026-09-28", "to": "2026-09-30"])
        let days = output.json["days"]?.arrayValue ?? []
        #expect(days.first { $0["day"]?.stringValue == "2026-09-29" }?["dau"]?.numberValue == 2)
    }
}
