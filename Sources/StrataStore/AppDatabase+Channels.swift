import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Stores a channel's settings, replacing what was there.
    public func saveChannelSettings(_ settings: ChannelSettings, for kind: ChannelKind) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO channel_settings (kind, settings, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (kind) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at
                """, arguments: [kind.rawValue, try secrets.seal(settings.storedJSON.jsonText), clock.now()])
        }
    }

    /// The configured channels (the inbox is always there).
    public func channelSettings() throws -> [ChannelKind: ChannelSettings] {
        try writer.read { db in
            var result: [ChannelKind: ChannelSettings] = [.inbox: .inbox]
            for row in try Row.fetchAll(db, sql: "SELECT kind, settings FROM channel_settings") {
                guard let kind = ChannelKind(rawValue: row["kind"]) else { continue }
                result[kind] = try ChannelSettings(json: JSONValue.parse(Data(try secrets.open(row["settings"]).utf8)), kind: kind)
            }
            return result
        }
    }

    /// Removes a channel's settings.
    ///
    /// - Throws: `StrataError.notFound` when it has none.
    public func deleteChannelSettings(_ kind: ChannelKind) throws {
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM channel_settings WHERE kind = ?", arguments: [kind.rawValue])
            return db.changesCount
        }
        guard deleted > 0 else { throw StrataError(.notFound, "The \(kind.rawValue) channel is not configured.", field: "kind") }
    }

    // MARK: - Inbox

    /// Puts a message in a user's inbox; the same key twice keeps one message.
    ///
    /// - Returns: whether it was new.
    @discardableResult
    public func deliverToInbox(uid: Int64, key: String, campaign: String, variant: String, title: String, body: String,
                               url: String?, at: Int64) throws -> Bool
    {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO inbox (uid, key, campaign, variant, title, body, url, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [uid, key, campaign, variant, title, body, url, at])
            return db.changesCount > 0
        }
    }

    /// A user's inbox, newest first (the user's merged profiles included).
    public func inbox(uid: Int64, limit: Int, before: Int64? = nil) throws -> [InboxItem] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM inbox WHERE (uid = ?1 OR uid IN (SELECT id FROM users WHERE merged_into = ?1))
                  AND (?2 IS NULL OR id < ?2) ORDER BY id DESC LIMIT ?3
                """, arguments: [uid, before, limit]).map { row in
                InboxItem(id: row["id"], campaign: row["campaign"], title: row["title"], body: row["body"], url: row["url"],
                          createdAt: row["created_at"], readAt: row["read_at"], clickedAt: row["clicked_at"])
            }
        }
    }

    /// Marks an inbox message read or clicked (the first time counts).
    ///
    /// - Returns: the message's campaign and variant, for the event to record.
    /// - Throws: `StrataError.notFound` when the user has no such message.
    public func markInbox(id: Int64, uid: Int64, clicked: Bool, at: Int64) throws -> (campaign: String, variant: String) {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT campaign, variant FROM inbox
                WHERE id = ?1 AND (uid = ?2 OR uid IN (SELECT id FROM users WHERE merged_into = ?2))
                """, arguments: [id, uid]) else {
                throw StrataError(.notFound, "No inbox message \(id) for this user.", field: "id")
            }
            try db.execute(sql: "UPDATE inbox SET read_at = coalesce(read_at, ?) WHERE id = ?", arguments: [at, id])
            if clicked {
                try db.execute(sql: "UPDATE inbox SET clicked_at = coalesce(clicked_at, ?) WHERE id = ?", arguments: [at, id])
            }
            return (row["campaign"], row["variant"])
        }
    }
}

extension AppDatabase {
    /// A secret of the workspace by name, created (32 random bytes, base64) the first time it
    /// is asked for: it signs unsubscribe and tracking links.
    public func workspaceSecret(_ name: String) throws -> String {
        try Self.workspaceSecret(name, writer: writer, secrets: secrets)
    }

    static func workspaceSecret(_ name: String, writer: any DatabaseWriter, secrets: SecretBox) throws -> String {
        try writer.write { db in
            if let value = try String.fetchOne(db, sql: "SELECT value FROM workspace_secrets WHERE name = ?", arguments: [name]) {
                return try secrets.open(value)
            }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let value = Data(bytes).base64EncodedString()
            try db.execute(sql: "INSERT INTO workspace_secrets (name, value) VALUES (?, ?)", arguments: [name, try secrets.seal(value)])
            return value
        }
    }
}
