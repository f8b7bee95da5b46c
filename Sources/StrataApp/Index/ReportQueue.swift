import Dispatch
import StrataCore
import Synchronization

/// Runs reports off the index actor and off Swift's cooperative threads (报表队列): at most
/// `workers` at once, each on a thread of its own, with at most `waiting` more in line. One
/// report more is refused with a 503 and `Retry-After`, so a burst of heavy reports costs their
/// senders a retry instead of costing everyone else the server.
///
/// Reports are long CPU loops; on the cooperative pool (one thread per core) two of them would
/// hold every thread and stall ingestion's request handlers, so they run on Dispatch threads.
public final class ReportQueue: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Error>] = []
    }

    /// Reports that may run at once.
    public let workers: Int
    /// Reports that may wait for a worker.
    public let capacity: Int
    private let state = Mutex(State())
    private let threads = DispatchQueue(label: "strata.reports", qos: .userInitiated, attributes: .concurrent)

    /// A queue running `workers` reports at once with `capacity` more waiting.
    public init(workers: Int, capacity: Int) {
        self.workers = max(1, workers)
        self.capacity = max(0, capacity)
    }

    /// Reports running and waiting now (for the metrics and tests).
    public var load: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiting.count) }
    }

    /// Runs `work` on a report thread once a worker is free.
    ///
    /// - Throws: `StrataError.unavailable` with `Retry-After` when every worker is busy and the
    ///   line is full; whatever `work` throws.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            threads.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Takes a worker, waiting in line for one if all are busy. A waiter is handed its worker
    /// by `release`, which resumes it without lowering `running`.
    private func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            enum Admission { case run, wait, refuse }
            let admission = state.withLock { state -> Admission in
                if state.running < workers {
                    state.running += 1
                    return .run
                }
                guard state.waiting.count < capacity else { return .refuse }
                state.waiting.append(continuation)
                return .wait
            }
            switch admission {
            case .run: continuation.resume()
            case .wait: break
            case .refuse:
                continuation.resume(throwing: StrataError(.unavailable, "The server is running \(workers) reports with "
                    + "\(capacity) more waiting; retry in a few seconds.", retryAfterSeconds: 5))
            }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Error>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
