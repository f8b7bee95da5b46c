import Foundation

/// A segment saved under a name, so campaigns, reports and other rules can refer to it; its
/// members are computed from the rule whenever they are asked for, so they are always current.
public struct SavedSegment: Sendable, Equatable {
    /// Unique name (1–100 characters).
    public var name: String
    /// What the segment is for (背景), for people.
    public var description: String
    /// Who looks after it.
    public var owner: String
    /// The rule.
    public var rule: SegmentRule
    /// When it was created (ms).
    public var createdAt: Int64
    /// When it was last changed (ms).
    public var updatedAt: Int64

    /// Creates a saved segment.
    public init(name: String, description: String = "", owner: String = "", rule: SegmentRule,
                createdAt: Int64 = 0, updatedAt: Int64 = 0)
    {
        self.name = name
        self.description = description
        self.owner = owner
        self.rule = rule
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Checks the name's limits.
    ///
    /// - Throws: `StrataError.invalidField` for an empty or over-long name or one with a line break.
    public static func validate(name: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100,
              !name.contains(where: \.isNewline)
        else {
            throw StrataError(.invalidField, "A segment name needs 1 to 100 characters on one line.", field: "name")
        }
    }
}
