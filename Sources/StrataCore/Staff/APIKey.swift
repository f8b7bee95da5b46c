/// An API key as listed: never the key itself, only its prefix.
public struct APIKey: Sendable, Codable, Equatable {
    /// Which APIs a key opens.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Public: sends events (`/v1/*`, PostHog capture). Safe to ship in an app.
        case write
        /// Private: the admin API (`/api/v1/*`). Keep on servers.
        case secret
    }

    /// Row id.
    public var id: Int64
    /// Which APIs it opens.
    public var kind: Kind
    /// A label for people.
    public var name: String
    /// The first characters of the key, to recognise it.
    public var prefix: String
    /// When it was created (ms).
    public var createdAt: Int64
    /// When it was revoked (ms), if it was.
    public var revokedAt: Int64?
    /// What a secret key may do and see, as a member of staff with this role would (`nil` for write keys).
    public var role: StaffRole?

    /// A value with every field given.
    public init(id: Int64, kind: Kind, name: String, prefix: String, createdAt: Int64, revokedAt: Int64? = nil,
                role: StaffRole? = nil) {
        self.role = role
        self.id = id
        self.kind = kind
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
