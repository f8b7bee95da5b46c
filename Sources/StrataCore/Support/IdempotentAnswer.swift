/// The answer given to a request sent with an `Idempotency-Key`, kept for 24 hours so a retry
/// gets the same answer without doing the work again; a retry whose body differs is refused.
public struct IdempotentAnswer: Sendable, Equatable {
    /// A digest of the request (method, path, body) the key was first used with.
    public var requestDigest: String
    public var status: Int
    public var body: String
    public var createdAt: Int64

    /// An answer with every field given.
    public init(requestDigest: String, status: Int, body: String, createdAt: Int64) {
        self.requestDigest = requestDigest
        self.status = status
        self.body = body
        self.createdAt = createdAt
    }

    /// How long answers are replayed.
    public static let lifetime: Int64 = 24 * 3_600_000

    /// The longest key accepted.
    public static let maxKeyLength = 255
}
