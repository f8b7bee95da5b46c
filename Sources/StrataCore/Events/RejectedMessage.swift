/// A message that could not be stored, kept in quarantine with why and what was sent.
public struct RejectedMessage: Sendable, Equatable {
    /// Position in the request's batch (0 for a single message).
    public var index: Int
    /// Why it was refused.
    public var error: StrataError
    /// The message as received, as JSON text.
    public var raw: String

    /// Creates a rejection record.
    public init(index: Int, error: StrataError, raw: String) {
        self.index = index
        self.error = error
        self.raw = raw
    }
}
