/// A tag as stored, with the revision that changes on every write to it or its members, so the
/// index service reloads a tag's members only when they changed.
public struct StoredTag: Sendable, Equatable {
    /// The tag.
    public var tag: UserTag
    /// Increases on each change of the tag or its members.
    public var revision: Int64
    /// Stored members (profile ids as tagged; manual tags only).
    public var storedMembers: Int

    /// A stored tag's view.
    public init(tag: UserTag, revision: Int64, storedMembers: Int) {
        self.tag = tag
        self.revision = revision
        self.storedMembers = storedMembers
    }
}
