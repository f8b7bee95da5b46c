import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Saves a scoring model under its name, creating or replacing it.
    public func saveScoringModel(_ model: ScoringModel) throws {
        try model.validate()
        let now = clock.now()
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO scoring_models (name, definition, created_at, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at
                """, arguments: [model.name, model.json.jsonText, now, now])
        }
    }

    /// Every saved scoring model, by name.
    public func scoringModels() throws -> [ScoringModel] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT definition FROM scoring_models ORDER BY name").map {
                try ScoringModel(json: JSONValue.parse(Data($0.utf8)))
            }
        }
    }

    /// Deletes a scoring model.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func deleteScoringModel(named name: String) throws {
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM scoring_models WHERE name = ?", arguments: [name])
            return db.changesCount
        }
        guard deleted > 0 else { throw StrataError(.notFound, "No scoring model named \"\(name)\".", field: "name") }
    }
}
