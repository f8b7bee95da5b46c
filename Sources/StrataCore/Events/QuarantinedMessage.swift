/// A message in quarantine.
public struct QuarantinedMessage: Sendable, Codable, Equatable {
    /// Row id (cursor for paging).
    public var id: Int64
    /// When it was received (ms).
    public var receivedAt: Int64
    /// Where it came from (`http:/v1/batch`, `import:file.jsonl`).
    public var source: String
    /// Its position in the request's batch.
    public var index: Int
    /// The error code.
    public var code: String
    /// Why it was refused.
    public var reason: String
    /// The field at fault.
    public var field: String?
    /// The message as received.
    public var raw: String

    /// A value with every field given.
    public init(id: Int64, receivedAt: Int64, source: String, index: Int, code: String, reason: String, field: String? = nil, raw: String) {
        self.id = id
        self.receivedAt = receivedAt
        self.source = source
        self.index = index
        self.code = code
        self.reason = reason
        self.field = field
        self.raw = raw
    }
}
