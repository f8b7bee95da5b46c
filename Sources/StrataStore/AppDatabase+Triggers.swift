import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// The id of the latest stored event (0 when none): where a triggered campaign starts watching.
    public func latestEventId() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events") ?? 0 }
    }

    /// Sets where a triggered campaign watches from, unless it already watches.
    public func startWatching(campaign: String, after eventId: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO campaign_cursors (campaign, last_event_id) VALUES (?, ?)",
                           arguments: [campaign, eventId])
        }
    }

    /// Records the trigger events stored since the campaign's cursor (up to `limit`), each due
    /// `delay` after it happened, and moves the cursor past them, in one transaction.
    ///
    /// - Returns: triggers recorded.
    @discardableResult
    public func collectTriggers(campaign: String, event: String, delay: Int64, limit: Int = 10_000) throws -> Int {
        try writer.write { db in
            let cursor = try Int64.fetchOne(db, sql: "SELECT last_event_id FROM campaign_cursors WHERE campaign = ?",
                                            arguments: [campaign]) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.id, coalesce(u.merged_into, e.uid) AS uid, e.ts FROM events e
                JOIN event_names n ON n.id = e.name_id LEFT JOIN users u ON u.id = e.uid
                WHERE e.id > ? AND n.name = ? ORDER BY e.id LIMIT ?
                """, arguments: [cursor, event, limit])
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO campaign_triggers (campaign, event_id, uid, triggered_at, due_at) VALUES (?, ?, ?, ?, ?)
                """)
            for row in rows {
                let ts: Int64 = row["ts"]
                try insert.execute(arguments: [campaign, row["id"], row["uid"], ts, ts + delay])
            }
            // Past every event seen, trigger or not, so the next scan starts after them.
            let last = rows.count == limit ? (rows.last?["id"] ?? cursor)
                : (try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events") ?? cursor)
            try db.execute(sql: "UPDATE campaign_cursors SET last_event_id = max(last_event_id, ?) WHERE campaign = ?",
                           arguments: [last, campaign])
            return rows.count
        }
    }

    /// Triggers whose delay has passed and that were not handled yet.
    public func dueTriggers(campaign: String, now: Int64, limit: Int = 10_000) throws -> [CampaignTrigger] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT event_id, uid, triggered_at, due_at FROM campaign_triggers
                WHERE campaign = ? AND done = 0 AND due_at <= ? ORDER BY due_at LIMIT ?
                """, arguments: [campaign, now, limit]).map { row in
                CampaignTrigger(eventId: row["event_id"], uid: row["uid"], triggeredAt: row["triggered_at"], dueAt: row["due_at"])
            }
        }
    }

    /// Marks triggers handled.
    public func finishTriggers(campaign: String, eventIds: [Int64]) throws {
        try writer.write { db in
            let statement = try db.cachedStatement(sql: "UPDATE campaign_triggers SET done = 1 WHERE campaign = ? AND event_id = ?")
            for id in eventIds { try statement.execute(arguments: [campaign, id]) }
        }
    }

    /// Whether a user (with the profiles merged into them) did an event within a time span:
    /// the exit condition of a triggered campaign.
    public func didEvent(uid: Int64, event: String, from: Int64, to: Int64) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM events e JOIN event_names n ON n.id = e.name_id
                WHERE e.uid IN (SELECT id FROM users WHERE id = ?1 OR merged_into = ?1) AND n.name = ?2
                  AND e.ts > ?3 AND e.ts <= ?4 LIMIT 1
                """, arguments: [uid, event, from, to]) == true
        }
    }
}
