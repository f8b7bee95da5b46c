/// Whether an external id names a known user (`userId`) or a device/browser (`anonymousId`).
public enum IdentityKind: Int, Sendable, Codable, CaseIterable {
    case user = 1
    case anonymous = 2
}

/// An external id bound to a profile.
public struct IdentityBinding: Sendable, Hashable {
    /// The id's kind.
    public var kind: IdentityKind
    /// The id as the client sends it.
    public var id: String

    /// Creates a binding.
    public init(_ kind: IdentityKind, _ id: String) {
        self.kind = kind
        self.id = id
    }
}

/// What the store knows about a profile an id points to.
public struct ProfileRef: Sendable, Equatable {
    /// Dense profile id.
    public var uid: Int64
    /// The profile's known user id, or `nil` for an anonymous profile.
    public var knownUserId: String?
    /// Which kind of binding matched the lookup.
    public var matchedKind: IdentityKind

    /// Creates a reference.
    public init(uid: Int64, knownUserId: String?, matchedKind: IdentityKind) {
        self.uid = uid
        self.knownUserId = knownUserId
        self.matchedKind = matchedKind
    }

    /// Whether the profile belongs to a known user.
    public var isKnown: Bool { knownUserId != nil }
}
