import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Saves a segment under its name, creating it or replacing its rule, description and owner.
    ///
    /// - Returns: the stored segment with its times.
    public func saveSegment(_ segment: SavedSegment) throws -> SavedSegment {
        try SavedSegment.validate(name: segment.name)
        let now = clock.now()
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO segments (name, description, owner, rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET description = excluded.description, owner = excluded.owner,
                    rule = excluded.rule, updated_at = excluded.updated_at
                """, arguments: [segment.name, segment.description, segment.owner, segment.rule.json.jsonText, now, now])
        }
        guard let stored = try self.segment(named: segment.name) else {
            throw StrataError(.unavailable, "The segment was not stored; retry.")
        }
        return stored
    }

    /// Every saved segment, by name.
    public func segments() throws -> [SavedSegment] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM segments ORDER BY name").map(Self.segment)
        }
    }

    /// The saved segment with this name, or `nil`.
    public func segment(named name: String) throws -> SavedSegment? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM segments WHERE name = ?", arguments: [name]).map(Self.segment)
        }
    }

    /// Deletes a saved segment.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func deleteSegment(named name: String) throws {
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM segments WHERE name = ?", arguments: [name])
            return db.changesCount
        }
        guard deleted > 0 else { throw StrataError(.notFound, "No segment named \"\(name)\".", field: "name") }
    }

    private static func segment(_ row: Row) throws -> SavedSegment {
        let text: String = row["rule"]
        return SavedSegment(name: row["name"], description: row["description"], owner: row["owner"],
                            rule: try SegmentRule(json: JSONValue.parse(Data(text.utf8))),
                            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
