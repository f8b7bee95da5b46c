/// How the dispatcher sends: batch size, messages in flight, retries and their backoff.
public struct DispatchSettings: Sendable, Equatable {
    /// Messages claimed per round.
    public var batchSize: Int
    /// Messages in flight at once.
    public var concurrency: Int
    /// Attempts before a message is dead-lettered.
    public var maxAttempts: Int
    /// The first retry's delay (ms); each later one doubles, up to `maxBackoff`, with ±20% jitter.
    public var baseBackoff: Int64
    public var maxBackoff: Int64
    /// Pause when nothing is due (ms).
    public var idlePause: Int

    /// Creates settings.
    public init(batchSize: Int = 500, concurrency: Int = 64, maxAttempts: Int = 6, baseBackoff: Int64 = 30_000,
                maxBackoff: Int64 = 3_600_000, idlePause: Int = 200)
    {
        self.batchSize = batchSize
        self.concurrency = concurrency
        self.maxAttempts = maxAttempts
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.idlePause = idlePause
    }

    /// The delay before attempt `attempts + 1`, jittered by `random` in 0…1.
    public func backoff(afterAttempt attempts: Int, random: Double) -> Int64 {
        let exponent = min(max(attempts - 1, 0), 30)
        let delay = min(maxBackoff, baseBackoff * (Int64(1) << Int64(exponent)))
        return Int64(Double(delay) * (0.8 + 0.4 * random))
    }
}
