import Foundation
import StrataCore
import StrataStore

/// The tag use cases, written once for the API, the dashboard and the CLI: manual tags whose
/// members are added by id list, file or a segment's members now, and rule tags that follow a
/// segment.
public struct TagUseCases: Sendable {
    let app: AppServices
    /// Who is asking: what the answers show of personal data follows their role.
    let principal: Principal

    /// How personal data is shown to the principal.
    var disclosure: Disclosure { principal.disclosure(app.settings.masking) }

    /// Who a member change names: external ids (known or anonymous), or a segment's members now.
    public enum Members: Sendable {
        /// User ids, checked: one unknown id and nothing changes.
        case ids(UserIdList)
        /// The members of a saved segment at this moment.
        case segment(String)
    }

    /// How a member change applies.
    public enum Mode: String, Sendable, CaseIterable {
        /// Add the users to the members.
        case add
        /// Remove the users from the members.
        case remove
        /// Make the users the only members.
        case replace

        /// A mode from its name.
        ///
        /// - Throws: `StrataError.invalidParameter` naming the modes.
        public init(name: String) throws {
            guard let mode = Mode(rawValue: name) else {
                throw StrataError(.invalidParameter, "mode is add, remove or replace, not \"\(name)\".", field: "mode")
            }
            self = mode
        }
    }

    /// Most ids one member change may name.
    public static var maxIdsPerCall: Int { AppDatabase.maxTagIdsPerCall }

    /// The tags with their current sizes (manual tags with merges applied, rule tags as their segments).
    public func list(asOf: Int64? = nil) async throws -> [(tag: StoredTag, size: Int)] {
        let tags = try app.database.tags()
        let sizes = try await app.index.sizes(of: tags, asOf: asOf ?? app.clock.now())
        return Array(zip(tags, sizes))
    }

    /// A stored tag.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func named(_ name: String) throws -> StoredTag {
        guard let tag = try app.database.tag(named: name) else {
            throw StrataError(.notFound, "No tag named \"\(name)\".", field: "name")
        }
        return tag
    }

    /// A tag's members now.
    public func members(_ name: String, asOf: Int64? = nil) async throws -> (tag: StoredTag, users: UserSet) {
        let tag = try named(name)
        return (tag, try await app.index.evaluate(.member(.tag(name)), asOf: asOf ?? app.clock.now()))
    }

    /// A tag with its size and a sample of its members' profiles.
    public func show(_ name: String, sample: Int = 10) async throws
        -> (tag: StoredTag, size: Int, sample: [UserProfile])
    {
        let (tag, users) = try await members(name)
        return (tag, users.count, try app.segments(principal).profiles(users, limit: sample))
    }

    /// Saves a manual tag, or one that follows a segment (refused when that would make a cycle).
    ///
    /// - Returns: the tag, whether it existed before, and its size now.
    public func save(name: String, description: String, follows segment: String?) async throws
        -> (tag: StoredTag, existed: Bool, size: Int)
    {
        try UserTag.validate(name: name)
        if let segment {
            guard try app.database.segment(named: segment) != nil else {
                throw StrataError(.invalidField, "No segment named \"\(segment)\" to follow.", field: "segment")
            }
            // A segment that uses this tag cannot be followed by it.
            var directory = try await app.index.directory()
            directory.tags[name] = .followsSegment(segment)
            try await app.index.validate(directory: directory, rule: .member(.tag(name)))
        }
        let existed = try app.database.tag(named: name) != nil
        let tag = try app.database.saveTag(UserTag(name: name, description: description,
                                                   kind: segment.map { .followsSegment($0) } ?? .manual))
        let size = try await app.index.evaluate(.member(.tag(name)), asOf: app.clock.now()).count
        return (tag, existed, size)
    }

    /// Deletes a tag no segment uses.
    ///
    /// - Throws: `StrataError.conflict` naming the segments that use it.
    public func delete(_ name: String) async throws {
        let users = try await app.index.directory().segments(using: { $0 == .tag(name) })
        guard users.isEmpty else {
            throw StrataError(.conflict, "Tag \"\(name)\" is used by segment(s) \(users.joined(separator: ", ")); "
                + "change or delete them first.", field: "name")
        }
        try app.database.deleteTag(named: name)
    }

    /// Adds, removes or replaces a manual tag's members, all or nothing.
    ///
    /// - Returns: how many memberships changed and the tag's size after.
    /// - Throws: `StrataError.conflict` for a rule tag, `.invalidField` for an unknown id or segment.
    public func changeMembers(_ name: String, _ members: Members, mode: Mode) async throws -> (changed: Int, size: Int) {
        let tag = try named(name)
        if let segment = tag.tag.segment {
            throw StrataError(.conflict, "Tag \"\(name)\" follows segment \"\(segment)\"; its members cannot be changed "
                + "by hand.", field: "name")
        }
        var uids: [Int64]
        switch members {
        case .ids(let list):
            uids = try app.database.uids(forExternalIds: list.ids)
        case .segment(let segment):
            guard let saved = try app.database.segment(named: segment) else {
                throw StrataError(.invalidField, "No segment named \"\(segment)\".", field: "segment")
            }
            uids = try await app.index.evaluate(saved.rule, asOf: app.clock.now()).map(Int64.init)
        }
        uids = try await app.index.canonical(uids)
        let changed: Int
        switch mode {
        case .add: changed = try app.database.changeTagMembers(name, add: uids, remove: [], replace: false)
        case .remove: changed = try app.database.changeTagMembers(name, add: [], remove: uids, replace: false)
        case .replace: changed = try app.database.changeTagMembers(name, add: uids, remove: [], replace: true)
        }
        let size = try await app.index.evaluate(.member(.tag(name)), asOf: app.clock.now()).count
        return (changed, size)
    }
}
