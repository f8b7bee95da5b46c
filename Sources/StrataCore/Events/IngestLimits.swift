/// The limits every ingestion path enforces, as Segment's HTTP API states them.
public struct IngestLimits: Sendable, Equatable {
    /// Largest single message, in bytes of JSON.
    public var maxMessageBytes: Int
    /// Largest batch body, in bytes (after decompression).
    public var maxBatchBytes: Int
    /// Most messages in one batch.
    public var maxBatchMessages: Int
    /// How far in the future (ms) a timestamp may be before it is replaced by the receive time.
    public var maxFutureSkewMs: Int64
    /// Longest event name, in characters.
    public var maxEventNameLength: Int
    /// Longest id (`userId`, `anonymousId`, `messageId`), in characters.
    public var maxIdLength: Int

    /// Segment's limits: 32 KB a message, 500 KB a batch, 2,500 messages, 23 h of future skew.
    public static let segment = IngestLimits(
        maxMessageBytes: 32 * 1024, maxBatchBytes: 500 * 1024, maxBatchMessages: 2_500,
        maxFutureSkewMs: 23 * 3_600_000, maxEventNameLength: 200, maxIdLength: 256
    )

    /// Creates limits.
    public init(
        maxMessageBytes: Int, maxBatchBytes: Int, maxBatchMessages: Int, maxFutureSkewMs: Int64,
        maxEventNameLength: Int, maxIdLength: Int
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxBatchBytes = maxBatchBytes
        self.maxBatchMessages = maxBatchMessages
        self.maxFutureSkewMs = maxFutureSkewMs
        self.maxEventNameLength = maxEventNameLength
        self.maxIdLength = maxIdLength
    }
}
