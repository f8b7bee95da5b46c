/// A user as operations staff see them: ids, traits, and behaviour attributes.
public struct UserProfile: Sendable, Equatable, Codable {
    /// Dense profile id (stable; the index addresses users by it).
    public var uid: Int64
    /// The known user id, or `nil` while the profile is anonymous.
    public var userId: String?
    /// Every known user id bound to the profile.
    public var userIds: [String]
    /// Every anonymous id bound to the profile.
    public var anonymousIds: [String]
    /// Current traits.
    public var traits: [String: JSONValue]
    /// Behaviour attributes.
    public var computed: ComputedAttributes
    /// When the profile was created (ms).
    public var createdAt: Int64

    /// Creates a profile view.
    public init(
        uid: Int64, userId: String?, userIds: [String], anonymousIds: [String], traits: [String: JSONValue],
        computed: ComputedAttributes, createdAt: Int64
    ) {
        self.uid = uid
        self.userId = userId
        self.userIds = userIds
        self.anonymousIds = anonymousIds
        self.traits = traits
        self.computed = computed
        self.createdAt = createdAt
    }

    /// The id people know the profile by: the known user id, else the first anonymous id, else `#uid`.
    public var displayId: String { userId ?? anonymousIds.first ?? "#\(uid)" }
}
