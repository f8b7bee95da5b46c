import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Creates a campaign as a draft (whatever status the definition carries); `author` (an
    /// actor such as `staff:3`, `key:12`, `cli`) is recorded on the version.
    ///
    /// - Throws: `StrataError.conflict` when a campaign of that name exists.
    public func createCampaign(_ campaign: Campaign, author: String) throws -> StoredCampaign {
        var campaign = campaign
        campaign.status = .draft
        let now = clock.now()
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM campaigns WHERE name = ?", arguments: [campaign.name]) == true {
                throw StrataError(.conflict, "A campaign named \"\(campaign.name)\" exists; edit it or choose another name.",
                                  field: "name")
            }
            try Self.storeVersion(db, campaign, version: 1, note: "created", now: now, created: now, author: author)
        }
        return StoredCampaign(campaign: campaign, version: 1, createdAt: now, updatedAt: now)
    }

    /// Replaces a campaign's definition (its status stays), as a new version.
    ///
    /// - Parameter check: runs inside the write transaction with the stored campaign, to refuse
    ///   an edit (a running campaign whose new definition would not launch).
    /// - Throws: `StrataError.notFound`, `StrataError.conflict` for a finished campaign.
    public func updateCampaign(_ campaign: Campaign, author: String, check: (StoredCampaign) throws -> Void = { _ in }) throws
        -> StoredCampaign
    {
        let now = clock.now()
        return try writer.write { db in
            let stored = try Self.storedCampaign(db, campaign.name)
            guard stored.campaign.status.isEditable else {
                throw StrataError(.conflict, "Campaign \"\(campaign.name)\" is \(stored.campaign.status.rawValue); it can "
                    + "no longer be edited.", field: "status")
            }
            try check(stored)
            var updated = campaign
            updated.status = stored.campaign.status
            try Self.storeVersion(db, updated, version: stored.version + 1, note: "edited", now: now, created: stored.createdAt,
                                  author: author)
            return StoredCampaign(campaign: updated, version: stored.version + 1, createdAt: stored.createdAt, updatedAt: now)
        }
    }

    /// Moves a campaign to another status, after `check` (run in the same transaction) accepts it.
    ///
    /// - Throws: `StrataError.notFound`; `StrataError.conflict` for a move the life cycle does not allow.
    @discardableResult
    public func setCampaignStatus(_ name: String, to status: CampaignStatus, note: String = "", author: String = "system",
                                  check: (StoredCampaign) throws -> Void = { _ in }) throws -> StoredCampaign
    {
        let now = clock.now()
        return try writer.write { db in
            let stored = try Self.storedCampaign(db, name)
            try stored.campaign.status.checkTransition(to: status)
            try check(stored)
            var updated = stored.campaign
            updated.status = status
            try Self.storeVersion(db, updated, version: stored.version + 1,
                                  note: note.isEmpty ? "\(stored.campaign.status.rawValue) → \(status.rawValue)" : note,
                                  now: now, created: stored.createdAt, author: author)
            return StoredCampaign(campaign: updated, version: stored.version + 1, createdAt: stored.createdAt, updatedAt: now)
        }
    }

    /// The campaign of that name, or `nil`.
    public func campaign(named name: String) throws -> StoredCampaign? {
        try writer.read { db in try? Self.storedCampaign(db, name) }
    }

    /// Every campaign, newest first.
    public func campaigns(status: CampaignStatus? = nil) throws -> [StoredCampaign] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM campaigns WHERE ?1 IS NULL OR status = ?1 ORDER BY updated_at DESC, name
                """, arguments: [status?.rawValue]).map(Self.storedCampaign)
        }
    }

    /// Every version of a campaign, oldest first: version, status, note, time, author and definition.
    public func campaignVersions(_ name: String) throws -> [CampaignVersion] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT version, status, note, created_at, author, definition FROM campaign_versions WHERE name = ? ORDER BY version
                """, arguments: [name]).map { row in
                CampaignVersion(version: row["version"], status: row["status"], note: row["note"], at: row["created_at"],
                                author: row["author"], definition: try JSONValue.parse(Data((row["definition"] as String).utf8)))
            }
        }
    }

    /// Deletes a draft or cancelled campaign that never sent anything, with its versions.
    ///
    /// - Throws: `StrataError.notFound`; `StrataError.conflict` when it is live or has messages.
    public func deleteCampaign(named name: String) throws {
        try writer.write { db in
            let stored = try Self.storedCampaign(db, name)
            guard [.draft, .cancelled].contains(stored.campaign.status) else {
                throw StrataError(.conflict, "Campaign \"\(name)\" is \(stored.campaign.status.rawValue); cancel it first.",
                                  field: "status")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM outbox WHERE campaign = ? LIMIT 1", arguments: [name]) == true {
                throw StrataError(.conflict, "Campaign \"\(name)\" has sent messages; it is kept for its results.",
                                  field: "name")
            }
            try Self.purge(db, name)
        }
    }

    // MARK: - Rows


    private static func storeVersion(_ db: Database, _ campaign: Campaign, version: Int, note: String, now: Int64,
                                     created: Int64, author: String) throws
    {
        let definition = campaign.json.jsonText
        try db.execute(sql: """
            INSERT INTO campaigns (name, definition, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, status = excluded.status,
                version = excluded.version, updated_at = excluded.updated_at
            """, arguments: [campaign.name, definition, campaign.status.rawValue, version, created, now])
        try db.execute(sql: """
            INSERT INTO campaign_versions (name, version, definition, status, note, created_at, author) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [campaign.name, version, definition, campaign.status.rawValue, note, now, author])
    }

    static func storedCampaign(_ db: Database, _ name: String) throws -> StoredCampaign {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM campaigns WHERE name = ?", arguments: [name]) else {
            throw StrataError(.notFound, "No campaign named \"\(name)\".", field: "name")
        }
        return try storedCampaign(row)
    }

    static func storedCampaign(_ row: Row) throws -> StoredCampaign {
        var campaign = try Campaign(json: JSONValue.parse(Data((row["definition"] as String).utf8)))
        campaign.status = CampaignStatus(rawValue: row["status"]) ?? .draft
        return StoredCampaign(campaign: campaign, version: row["version"], createdAt: row["created_at"],
                              updatedAt: row["updated_at"])
    }
}

extension AppDatabase {
    /// Deletes a campaign with everything it recorded — versions, members, occurrences,
    /// messages, triggers, review texts — in one transaction. For benchmarks and test
    /// campaigns; a real campaign keeps its record for its results.
    public func purgeCampaign(named name: String) throws {
        try writer.write { db in try Self.purge(db, name) }
    }

    /// Deletes every row of a campaign, so a new campaign of the same name starts afresh.
    static func purge(_ db: Database, _ name: String) throws {
        for table in ["campaigns WHERE name", "campaign_versions WHERE name", "campaign_members WHERE campaign",
                      "campaign_occurrences WHERE campaign", "campaign_triggers WHERE campaign",
                      "campaign_cursors WHERE campaign", "campaign_reviews WHERE campaign", "campaign_alerts WHERE campaign",
                      "campaign_winners WHERE campaign"] {
            try db.execute(sql: "DELETE FROM \(table) = ?", arguments: [name])
        }
        try db.execute(sql: "DELETE FROM message_events WHERE key IN (SELECT key FROM outbox WHERE campaign = ?)",
                       arguments: [name])
        try db.execute(sql: "DELETE FROM outbox WHERE campaign = ?", arguments: [name])
    }
}
