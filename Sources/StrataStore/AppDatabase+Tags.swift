import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Most ids one call may tag or untag.
    public static let maxTagIdsPerCall = 100_000

    /// Every tag, by name.
    public func tags() throws -> [StoredTag] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.*, (SELECT COUNT(*) FROM tag_members m WHERE m.tag_id = t.id) AS stored
                FROM tags t ORDER BY name
                """).map(Self.tag)
        }
    }

    /// The tag with this name, or `nil`.
    public func tag(named name: String) throws -> StoredTag? {
        try writer.read { db in try Self.tag(db, named: name) }
    }

    private static func tag(_ db: Database, named name: String) throws -> StoredTag? {
        try Row.fetchOne(db, sql: """
            SELECT t.*, (SELECT COUNT(*) FROM tag_members m WHERE m.tag_id = t.id) AS stored
            FROM tags t WHERE name = ?
            """, arguments: [name]).map(Self.tag)
    }

    private static func tag(_ row: Row) -> StoredTag {
        let segment: String? = row["segment"]
        return StoredTag(
            tag: UserTag(name: row["name"], description: row["description"],
                         kind: segment.map { .followsSegment($0) } ?? .manual,
                         createdAt: row["created_at"], updatedAt: row["updated_at"]),
            revision: row["revision"], storedMembers: row["stored"])
    }

    /// The profile ids stored for a manual tag (as tagged: merges are applied by the index).
    public func tagMembers(named name: String) throws -> UserSet {
        try writer.read { db in
            var set = UserSet()
            let cursor = try Int64.fetchCursor(db, sql: """
                SELECT uid FROM tag_members WHERE tag_id = (SELECT id FROM tags WHERE name = ?)
                """, arguments: [name])
            while let uid = try cursor.next() { set.insert(Int(uid)) }
            return set
        }
    }

    /// Creates a tag, or changes the description (and for a rule tag, the segment) of one.
    ///
    /// - Throws: `StrataError.conflict` when a manual tag would become a rule tag or back (delete
    ///   it first), `StrataError.invalidField` for a bad name.
    public func saveTag(_ tag: UserTag) throws -> StoredTag {
        try UserTag.validate(name: tag.name)
        let now = clock.now()
        return try writer.write { db in
            if let existing = try Self.tag(db, named: tag.name) {
                guard (existing.tag.segment == nil) == (tag.segment == nil) else {
                    throw StrataError(.conflict, "Tag \"\(tag.name)\" is a \(existing.tag.segment == nil ? "manual" : "rule") "
                        + "tag; delete it before making it a \(tag.segment == nil ? "manual" : "rule") tag.", field: "name")
                }
                try db.execute(sql: """
                    UPDATE tags SET description = ?, segment = ?, revision = revision + 1, updated_at = ? WHERE name = ?
                    """, arguments: [tag.description, tag.segment, now, tag.name])
            } else {
                try db.execute(sql: """
                    INSERT INTO tags (name, description, segment, revision, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)
                    """, arguments: [tag.name, tag.description, tag.segment, now, now])
            }
            return try Self.tag(db, named: tag.name)!
        }
    }

    /// Adds or removes profile ids of a manual tag in one transaction.
    ///
    /// - Parameters:
    ///   - replace: when `true`, the tag holds exactly `uids` afterwards.
    /// - Returns: how many memberships changed.
    /// - Throws: `StrataError.notFound` for an unknown tag, `StrataError.conflict` for a rule
    ///   tag (its members follow its segment).
    @discardableResult
    public func changeTagMembers(_ name: String, add uids: [Int64] = [], remove: [Int64] = [], replace: Bool = false)
        throws -> Int
    {
        let now = clock.now()
        return try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, segment FROM tags WHERE name = ?", arguments: [name]) else {
                throw StrataError(.notFound, "No tag named \"\(name)\".", field: "name")
            }
            let id: Int64 = row["id"]
            if let segment: String = row["segment"] {
                throw StrataError(.conflict, "Tag \"\(name)\" follows segment \"\(segment)\"; its members cannot be "
                    + "changed by hand.", field: "name")
            }
            var changed = 0
            if replace {
                try db.execute(sql: "DELETE FROM tag_members WHERE tag_id = ?", arguments: [id])
                changed += db.changesCount
            }
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO tag_members (tag_id, uid) VALUES (?, ?)")
            for uid in uids {
                try insert.execute(arguments: [id, uid])
                changed += db.changesCount
            }
            let delete = try db.cachedStatement(sql: "DELETE FROM tag_members WHERE tag_id = ? AND uid = ?")
            for uid in remove {
                try delete.execute(arguments: [id, uid])
                changed += db.changesCount
            }
            try db.execute(sql: "UPDATE tags SET revision = revision + 1, updated_at = ? WHERE id = ?",
                           arguments: [now, id])
            return changed
        }
    }

    /// Deletes a tag and its memberships.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func deleteTag(named name: String) throws {
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM tags WHERE name = ?", arguments: [name])
            return db.changesCount
        }
        guard deleted > 0 else { throw StrataError(.notFound, "No tag named \"\(name)\".", field: "name") }
    }

    /// The profile ids of external ids (known or anonymous), in order.
    ///
    /// - Throws: `StrataError.invalidField` naming up to five ids that match no profile, so a
    ///   bulk change that cannot be applied whole is not applied at all.
    public func uids(forExternalIds ids: [String]) throws -> [Int64] {
        let (uids, unknown) = try writer.read { db in
            let lookup = try db.cachedStatement(sql: "SELECT uid FROM identities WHERE external_id = ? ORDER BY kind LIMIT 1")
            var uids: [Int64] = []
            var unknown: [String] = []
            for id in ids {
                if let uid = try Int64.fetchOne(lookup, arguments: [id]) { uids.append(uid) } else { unknown.append(id) }
            }
            return (uids, unknown)
        }
        guard unknown.isEmpty else {
            let shown = unknown.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
            throw StrataError(.invalidField, "\(unknown.count) id(s) match no user (\(shown)\(unknown.count > 5 ? ", …" : "")); "
                + "nothing was changed. Remove them or ingest those users first.", field: "user_ids")
        }
        return uids
    }
}

extension AppDatabase {
    /// Saves a fixed list of users as a manual tag and a segment of that tag, both named `name`,
    /// in one transaction (a flow cell or funnel drop-off kept for a campaign).
    ///
    /// - Throws: `StrataError.conflict` when a segment or tag of that name exists.
    public func saveFixedSegment(name: String, description: String, owner: String, uids: [Int64]) throws -> SavedSegment {
        try SavedSegment.validate(name: name)
        try UserTag.validate(name: name)
        let now = clock.now()
        try writer.write { db in
            let taken = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM segments WHERE name = ?) OR EXISTS (SELECT 1 FROM tags WHERE name = ?)
                """, arguments: [name, name]) ?? false
            guard !taken else {
                throw StrataError(.conflict, "A segment or tag named \"\(name)\" exists; choose another name.", field: "name")
            }
            try db.execute(sql: """
                INSERT INTO tags (name, description, segment, revision, created_at, updated_at) VALUES (?, ?, NULL, 1, ?, ?)
                """, arguments: [name, description, now, now])
            let tagId = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO tag_members (tag_id, uid) VALUES (?, ?)")
            for uid in uids { try insert.execute(arguments: [tagId, uid]) }
            try db.execute(sql: """
                INSERT INTO segments (name, description, owner, rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, description, owner, SegmentRule.member(.tag(name)).json.jsonText, now, now])
        }
        guard let stored = try segment(named: name) else {
            throw StrataError(.unavailable, "The segment was not stored; retry.")
        }
        return stored
    }
}
