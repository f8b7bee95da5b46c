import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Stores snapshots in one transaction, replacing those of the same day, source, name and
    /// layer (taking a day's snapshot again refreshes it).
    public func saveSnapshots(_ snapshots: [LayerSnapshot]) throws {
        let now = clock.now()
        try writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO layer_snapshots (source, name, day, layer, size, members, taken_at, window_rule)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for snapshot in snapshots {
                try statement.execute(arguments: [snapshot.source.rawValue, snapshot.name, snapshot.day, snapshot.layer,
                                                  snapshot.size, Data(snapshot.members.encoded), now, AsOf.ruleName])
            }
        }
    }

    /// Sizes per day and layer of one segment or model, oldest first, within optional days.
    public func snapshotSizes(_ source: LayerSnapshot.Source, name: String, from: String? = nil, to: String? = nil)
        throws -> [LayerSize]
    {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT day, layer, size FROM layer_snapshots
                WHERE source = ? AND name = ? AND day >= ? AND day <= ? ORDER BY day, layer
                """, arguments: [source.rawValue, name, from ?? "", to ?? "9999"]).map {
                LayerSize(day: $0["day"], layer: $0["layer"], size: $0["size"])
            }
        }
    }

    /// The snapshots of one segment or model on one day (every layer), or empty when none was taken.
    public func snapshots(_ source: LayerSnapshot.Source, name: String, day: String) throws -> [LayerSnapshot] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT layer, members FROM layer_snapshots WHERE source = ? AND name = ? AND day = ?
                """, arguments: [source.rawValue, name, day]).map { row in
                let bytes: Data = row["members"]
                return LayerSnapshot(source: source, name: name, day: day, layer: row["layer"],
                                     members: try UserSet(encoded: bytes))
            }
        }
    }

    /// The days on which any snapshot was taken, newest first.
    public func snapshotDays(limit: Int = 400) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT day FROM layer_snapshots ORDER BY day DESC LIMIT ?",
                                arguments: [limit])
        }
    }
}
