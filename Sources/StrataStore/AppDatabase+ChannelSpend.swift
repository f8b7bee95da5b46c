import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Stores spend entries in one transaction: an entry for the same channel and period
    /// replaces the stored one (so importing a corrected file again is safe). Returns the
    /// entries with their ids.
    public func saveChannelSpend(_ entries: [ChannelSpend]) throws -> [ChannelSpend] {
        let now = clock.now()
        return try writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO channel_spend (channel, from_day, to_day, amount_minor, note, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (channel, from_day, to_day) DO UPDATE SET
                    amount_minor = excluded.amount_minor, note = excluded.note, updated_at = excluded.updated_at
                RETURNING id
                """)
            return try entries.map { entry in
                var saved = entry
                saved.id = try Int64.fetchOne(statement, arguments: [
                    entry.channel, WorkspaceSettings.dayText(dayNumber: entry.fromDay),
                    WorkspaceSettings.dayText(dayNumber: entry.toDay), entry.amountMinor, entry.note, now, now,
                ])
                return saved
            }
        }
    }

    /// Stored spend entries, by channel and period, optionally of one channel.
    public func channelSpend(channel: String? = nil) throws -> [ChannelSpend] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, channel, from_day, to_day, amount_minor, note FROM channel_spend
                WHERE ?1 IS NULL OR channel = ?1 ORDER BY channel, from_day, to_day
                """, arguments: [channel])
            return try rows.map { row in
                ChannelSpend(id: row["id"], channel: row["channel"],
                             fromDay: try WorkspaceSettings.dayNumber(text: row["from_day"], field: "from_day"),
                             toDay: try WorkspaceSettings.dayNumber(text: row["to_day"], field: "to_day"),
                             amountMinor: row["amount_minor"], note: row["note"])
            }
        }
    }

    /// Deletes one spend entry.
    ///
    /// - Throws: `StrataError.notFound` when there is no entry with that id.
    public func deleteChannelSpend(id: Int64) throws {
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM channel_spend WHERE id = ?", arguments: [id])
            return db.changesCount
        }
        guard deleted > 0 else { throw StrataError(.notFound, "No spend entry with id \(id).", field: "id") }
    }
}
