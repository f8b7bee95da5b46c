/// A tag on users (用户标签): manual tags hold a fixed list of users (added by id, by a CSV
/// upload or as a snapshot of a segment); rule tags follow a saved segment, so their members
/// are always the segment's current members. Rules use both as `has tag NAME`.
public struct UserTag: Sendable, Equatable {
    /// Where a tag's members come from.
    public enum Kind: Sendable, Equatable {
        /// Users added and removed explicitly.
        case manual
        /// The current members of a saved segment.
        case followsSegment(String)
    }

    /// Unique name (1–100 characters, one line).
    public var name: String
    /// What the tag means, for people.
    public var description: String
    /// Manual or following a segment.
    public var kind: Kind
    /// When it was created (ms).
    public var createdAt: Int64
    /// When it or its members last changed (ms).
    public var updatedAt: Int64

    /// Creates a tag.
    public init(name: String, description: String = "", kind: Kind = .manual, createdAt: Int64 = 0, updatedAt: Int64 = 0) {
        self.name = name
        self.description = description
        self.kind = kind
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The segment a rule tag follows, or `nil` for a manual tag.
    public var segment: String? {
        if case .followsSegment(let name) = kind { return name }
        return nil
    }

    /// Checks the name's limits.
    ///
    /// - Throws: `StrataError.invalidField` for an empty or over-long name or one with a line break.
    public static func validate(name: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100,
              !name.contains(where: \.isNewline)
        else {
            throw StrataError(.invalidField, "A tag name needs 1 to 100 characters on one line.", field: "name")
        }
    }
}
