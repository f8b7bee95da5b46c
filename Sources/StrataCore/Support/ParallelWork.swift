import Foundation
import Synchronization

/// Runs independent pieces of work at once, one per core, and returns their results in the
/// order given; if any throws, the first error (in that order) is rethrown after all finished.
/// The dashboard's side-by-side reports and the two days of a layer flow use it.
public enum ParallelWork {
    /// The results of `work`, computed concurrently.
    public static func run<T: Sendable>(_ work: [@Sendable () throws -> T]) throws -> [T] {
        let results = Mutex<[Int: Result<T, Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let result = Result { try work[i]() }
            results.withLock { $0[i] = result }
        }
        return try results.withLock { done in try work.indices.map { try done[$0]!.get() } }
    }

    /// Two results of different types, computed concurrently.
    public static func both<A: Sendable, B: Sendable>(_ a: @Sendable () throws -> A, _ b: @Sendable () throws -> B)
        throws -> (A, B)
    {
        let first = Mutex<Result<A, Error>?>(nil), second = Mutex<Result<B, Error>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                let result = Result { try a() }
                first.withLock { $0 = result }
            } else {
                let result = Result { try b() }
                second.withLock { $0 = result }
            }
        }
        return (try first.withLock { $0! }.get(), try second.withLock { $0! }.get())
    }
}
