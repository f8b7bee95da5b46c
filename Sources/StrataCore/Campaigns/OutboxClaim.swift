/// What claiming found: messages to send now, and how many were skipped or deferred by the
/// policy checked again at the moment of sending.
public struct OutboxClaim: Sendable {
    public var messages: [OutboxMessage] = []
    public var skipped: [SkipReason: Int] = [:]
    public var deferred = 0

    /// A value with every field given.
    public init(messages: [OutboxMessage] = [], skipped: [SkipReason: Int] = [:], deferred: Int = 0) {
        self.messages = messages
        self.skipped = skipped
        self.deferred = deferred
    }
}
