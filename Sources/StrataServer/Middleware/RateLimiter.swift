import Foundation
import StrataCore
import Synchronization

/// A token bucket per API key or client address: `ratePerSecond` requests a second on average,
/// up to `burst` at once. Buckets that have refilled are dropped once there are many, so a
/// flood from many addresses cannot grow it without bound.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let ratePerSecond: Double
    private let burst: Double
    /// What is limited, for the message ("key", "address").
    private let subject: String
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets kept before the full ones are dropped.
    private static let pruneAt = 100_000

    /// Creates a limiter.
    public init(ratePerSecond: Double, burst: Double, subject: String = "key") {
        precondition(ratePerSecond > 0 && burst >= 1, "rate and burst must be positive")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.subject = subject
    }

    /// Takes one token for `key`.
    ///
    /// - Throws: `StrataError.rateLimited` with the seconds to wait in `retryAfterSeconds`.
    public func take(for key: String) throws {
        let now = ContinuousClock.now
        let wait: Double? = buckets.withLock { buckets in
            if buckets.count >= Self.pruneAt { prune(&buckets, now: now) }
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * ratePerSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return (1 - bucket.tokens) / ratePerSecond
        }
        if let wait {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw StrataError(.rateLimited, "Too many requests for this \(subject) (limit \(Int(ratePerSecond)) a second, "
                + "\(Int(burst)) at once); retry after \(seconds) s.", retryAfterSeconds: seconds)
        }
    }

    /// Drops the buckets that have refilled (a new one would start the same), then, if still
    /// too many, all of them: forgetting a bucket only ever gives a client more room.
    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        let refill = Duration.milliseconds(Int64((burst / ratePerSecond * 1000).rounded(.up)))
        buckets = buckets.filter { now - $0.value.updated < refill }
        if buckets.count >= Self.pruneAt { buckets.removeAll() }
    }
}
