/// What one request or one import chunk hands to the store: the messages that passed
/// validation and the ones refused, written together in one transaction.
public struct IngestBatch: Sendable {
    /// A valid message with its position and the JSON it came from.
    public struct Entry: Sendable {
        /// Position in the request's batch.
        public var index: Int
        /// The decoded message.
        public var message: Message
        /// The message as received (kept for quarantine if the store refuses it).
        public var raw: JSONValue
        /// Compact JSON of the properties (`nil` when empty), made when the entry is made: entries
        /// are built on many threads, the store writes them on one.
        public var propertiesText: String?
        /// Compact JSON of the context (`nil` when empty), made likewise.
        public var contextText: String?

        /// Creates an entry.
        public init(index: Int, message: Message, raw: JSONValue) {
            self.index = index
            self.message = message
            self.raw = raw
            propertiesText = message.properties.isEmpty ? nil : JSONValue.object(message.properties).jsonText
            contextText = message.context.isEmpty ? nil : JSONValue.object(message.context).jsonText
        }
    }

    /// Valid messages.
    public var entries: [Entry]
    /// Messages refused during validation.
    public var rejected: [RejectedMessage]
    /// Where the batch came from (`http:/v1/batch`, `import:events.jsonl`), kept with quarantined rows.
    public var source: String

    /// Creates a batch.
    public init(entries: [Entry] = [], rejected: [RejectedMessage] = [], source: String) {
        self.entries = entries
        self.rejected = rejected
        self.source = source
    }
}

/// What the store did with a batch.
public struct IngestOutcome: Sendable, Equatable {
    /// Messages stored now.
    public var accepted: Int
    /// Messages already stored before (same `messageId`); nothing was written for them.
    public var duplicates: Int
    /// Messages quarantined, by validation or by the store (identity conflicts).
    public var rejected: [RejectedMessage]

    /// Creates an outcome.
    public init(accepted: Int = 0, duplicates: Int = 0, rejected: [RejectedMessage] = []) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }
}
