/// One entry of the audit log (审计日志): who changed what, when, from where, and a digest of the
/// change, without the change itself (so the log holds no personal data). Entries are chained:
/// each one's hash covers its fields and the previous entry's hash, so editing or removing a
/// stored entry breaks the chain from there on, and `strata audit verify` finds it.
public struct AuditEntry: Sendable, Equatable {
    /// Position in the log (1, 2, …).
    public var id: Int64
    /// When (ms).
    public var at: Int64
    /// Who: `staff:ID`, `key:ID`, `cli`, `system`, or `anonymous` for a failed sign-in.
    public var actor: String
    /// The actor's role then.
    public var role: String
    /// What: `POST /api/v1/segments`, `sign_in`, `keys create` …
    public var action: String
    /// On what: the request path or the command's target, with addresses and numbers masked.
    public var target: String
    /// The client's address, for requests.
    public var address: String
    /// Hex SHA-256 of the request body or the command's arguments (empty when there was none).
    public var digest: String
    /// The HTTP status answered, or 0/1 for a command that succeeded/failed.
    public var status: Int
    /// The previous entry's hash (empty for the first).
    public var previousHash: String
    /// This entry's hash.
    public var hash: String

    /// An entry.
    public init(id: Int64, at: Int64, actor: String, role: String, action: String, target: String, address: String,
                digest: String, status: Int, previousHash: String, hash: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.address = address
        self.digest = digest
        self.status = status
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers: every field but the hash itself, each length-prefixed so no two
    /// different entries read the same.
    public var chainedText: String {
        [String(id), String(at), actor, role, action, target, address, digest, String(status), previousHash]
            .map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }

    /// What one new entry says, before the log numbers and chains it.
    public struct Draft: Sendable, Equatable {
        public var actor: String
        public var role: String
        public var action: String
        public var target: String
        public var address: String
        public var digest: String
        public var status: Int

        /// A draft entry.
        public init(actor: String, role: String, action: String, target: String, address: String = "", digest: String = "",
                    status: Int) {
            self.actor = actor
            self.role = role
            self.action = action
            self.target = target
            self.address = address
            self.digest = digest
            self.status = status
        }

        /// A draft for `principal` doing `action` on `target`, with the target scrubbed of addresses and numbers.
        public init(_ principal: Principal, action: String, target: String, digest: String = "", status: Int) {
            self.init(actor: principal.actor, role: principal.role.rawValue, action: action,
                      target: MaskingPolicy().scrub(target), address: principal.address ?? "", digest: digest, status: status)
        }
    }
}
