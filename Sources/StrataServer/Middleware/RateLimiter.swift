import Foundation
import StrataCore
import Synchronization

/// A token bucket per API key: `ratePerSecond` requests a second on average, up to `burst` at once.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let ratePerSecond: Double
    private let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    /// Creates a limiter.
    public init(ratePerSecond: Double, burst: Double) {
        precondition(ratePerSecond > 0 && burst >= 1, "rate and burst must be positive")
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// Takes one token for `key`.
    ///
    /// - Throws: `StrataError.rateLimited` with the seconds to wait in `retryAfterSeconds`.
    public func take(for key: String) throws {
        let now = ContinuousClock.now
        let wait: Double? = buckets.withLock { buckets in
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
            throw StrataError(.rateLimited, "Too many requests for this key (limit \(ratePerSecond) per second); "
                + "retry after \(seconds) s.", retryAfterSeconds: seconds)
        }
    }
}
