import Foundation
import GRDB
import StrataCore

extension ComputedField {
    /// The `users` column of a numeric or time attribute, and the factor from the value in rules
    /// and the API (currency units for revenue) to the stored one (minor units); `nil` for text.
    var storage: (column: String, factor: Double)? {
        switch self {
        case .firstSeen: ("first_seen", 1)
        case .lastSeen: ("last_seen", 1)
        case .eventCount: ("event_count", 1)
        case .activeDays: ("active_days", 1)
        case .purchaseCount: ("purchase_count", 1)
        case .revenue: ("revenue_minor", 100)
        case .lastPurchaseAt: ("last_purchase_at", 1)
        case .channel, .lastCity, .lastDevice: nil
        }
    }
}

extension AppDatabase {
    /// Totals for the stats endpoint.
    public func stats() throws -> StoreStats {
        try writer.read { db in
            let users = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE merged_into IS NULL") ?? 0
            let known = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM users WHERE merged_into IS NULL AND user_id IS NOT NULL") ?? 0
            let counters = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT name, value FROM counters")
                .map { (row: Row) -> (String, Int) in (row[0], row[1]) })
            let names = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event_names") ?? 0
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return StoreStats(users: users, knownUsers: known, anonymousUsers: users - known,
                              events: counters["events"] ?? 0, quarantined: counters["quarantined"] ?? 0,
                              eventNames: names, databaseBytes: pageCount * pageSize)
        }
    }

    /// The profile an external id (known or anonymous) belongs to, or `nil`.
    public func profile(externalId: String) throws -> UserProfile? {
        try writer.read { db in
            guard let uid = try Int64.fetchOne(db, sql: """
                SELECT uid FROM identities WHERE external_id = ? ORDER BY kind LIMIT 1
                """, arguments: [externalId]) else { return nil }
            return try Self.profile(db, uid: uid)
        }
    }

    /// The profile with a dense id, or `nil`.
    public func profile(uid: Int64) throws -> UserProfile? {
        try writer.read { db in try Self.profile(db, uid: uid) }
    }

    static func profile(_ db: Database, uid: Int64) throws -> UserProfile? {
        // (merged_into = 0 marks the tombstone an erasure leaves so the id is never given again.)
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ? AND merged_into IS NOT 0", arguments: [uid]) else {
            return nil
        }
        let ids = try Row.fetchAll(db, sql: "SELECT kind, external_id FROM identities WHERE uid = ? ORDER BY external_id",
                                   arguments: [uid])
        return try profile(from: row,
                           userIds: ids.filter { $0[0] == IdentityKind.user.rawValue }.map { $0[1] },
                           anonymousIds: ids.filter { $0[0] == IdentityKind.anonymous.rawValue }.map { $0[1] })
    }

    static func profile(from row: Row, userIds: [String], anonymousIds: [String]) throws -> UserProfile {
        let computed = ComputedAttributes(row: row)
        let traits = try JSONValue.parse(Data((row["traits"] as String).utf8)).objectValue ?? [:]
        return UserProfile(uid: row["id"], userId: row["user_id"], userIds: userIds, anonymousIds: anonymousIds,
                           traits: traits, computed: computed, createdAt: row["created_at"])
    }

    /// The profiles of several ids (up to a few thousand per call), in the order given; ids
    /// without a profile are left out.
    public func profiles(uids: [Int64]) throws -> [UserProfile] {
        guard !uids.isEmpty else { return [] }
        return try writer.read { db in
            var rows: [Int64: Row] = [:]
            var ids: [Int64: [(Int, String)]] = [:]
            for chunk in stride(from: 0, to: uids.count, by: 500).map({ Array(uids[$0..<min($0 + 500, uids.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM users WHERE id IN (\(marks))",
                                            arguments: StatementArguments(chunk)) {
                    rows[row["id"]] = row
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT uid, kind, external_id FROM identities WHERE uid IN (\(marks)) ORDER BY external_id
                    """, arguments: StatementArguments(chunk)) {
                    ids[row["uid"], default: []].append((row["kind"], row["external_id"]))
                }
            }
            return try uids.compactMap { uid in
                guard let row = rows[uid] else { return nil }
                let own = ids[uid] ?? []
                return try Self.profile(from: row,
                                        userIds: own.filter { $0.0 == IdentityKind.user.rawValue }.map(\.1),
                                        anonymousIds: own.filter { $0.0 == IdentityKind.anonymous.rawValue }.map(\.1))
            }
        }
    }

    /// Profiles matching a query, in `uid` order.
    public func users(_ query: UserQuery) throws -> [UserProfile] {
        var clauses = ["u.merged_into IS NULL"]
        var arguments = StatementArguments()
        if let text = query.idContains, !text.isEmpty {
            clauses.append("u.id IN (SELECT uid FROM identities WHERE instr(external_id, ?) > 0)")
            _ = arguments.append(contentsOf: [text])
        }
        for (key, value) in query.traitEquals.sorted(by: { $0.key < $1.key }) {
            // JSON true / false read back as 1 / 0; compare those by their JSON type instead.
            let path = "$.\"\(key.replacingOccurrences(of: "\"", with: ""))\""
            if value == "true" || value == "false" {
                clauses.append("json_type(u.traits, ?) = ?")
            } else {
                clauses.append("(json_type(u.traits, ?) NOT IN ('true', 'false') AND CAST(json_extract(u.traits, ?) AS TEXT) = ?)")
            }
            _ = arguments.append(contentsOf: value == "true" || value == "false" ? [path, value] : [path, path, value])
        }
        for (bounds, op) in [(query.atLeast, ">="), (query.atMost, "<=")] {
            for (field, bound) in bounds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let storage = field.storage else { continue }
                clauses.append("u.\(storage.column) \(op) ?")
                _ = arguments.append(contentsOf: [bound * storage.factor])
            }
        }
        if let known = query.known { clauses.append(known ? "u.user_id IS NOT NULL" : "u.user_id IS NULL") }
        if let after = query.afterUid {
            clauses.append("u.id > ?")
            _ = arguments.append(contentsOf: [after])
        }
        _ = arguments.append(contentsOf: [query.limit])
        let sql = "SELECT u.* FROM users u WHERE \(clauses.joined(separator: " AND ")) ORDER BY u.id LIMIT ?"
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return try rows.map { row in
                let uid: Int64 = row["id"]
                let ids = try Row.fetchAll(
                    db, sql: "SELECT kind, external_id FROM identities WHERE uid = ? ORDER BY external_id",
                    arguments: [uid])
                return try Self.profile(from: row,
                                        userIds: ids.filter { $0[0] == IdentityKind.user.rawValue }.map { $0[1] },
                                        anonymousIds: ids.filter { $0[0] == IdentityKind.anonymous.rawValue }.map { $0[1] })
            }
        }
    }

    /// Events matching a query, newest first.
    public func events(_ query: EventQuery) throws -> [StoredEvent] {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let name = query.name {
            clauses.append("e.name_id = (SELECT id FROM event_names WHERE name = ?)")
            _ = arguments.append(contentsOf: [name])
        }
        if let uid = query.uid {
            clauses.append("e.uid = ?")
            _ = arguments.append(contentsOf: [uid])
        }
        if let from = query.from {
            clauses.append("e.ts >= ?")
            _ = arguments.append(contentsOf: [from])
        }
        if let to = query.to {
            clauses.append("e.ts < ?")
            _ = arguments.append(contentsOf: [to])
        }
        if let before = query.before {
            clauses.append("(e.ts < ? OR (e.ts = ? AND e.id < ?))")
            _ = arguments.append(contentsOf: [before.timestamp, before.timestamp, before.id])
        }
        _ = arguments.append(contentsOf: [query.limit])
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = """
            SELECT e.*, n.name AS event_name, u.user_id AS known_user_id FROM events e
            JOIN event_names n ON n.id = e.name_id JOIN users u ON u.id = e.uid
            \(filter) ORDER BY e.ts DESC, e.id DESC LIMIT ?
            """
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let properties: String? = row["properties"]
                return StoredEvent(
                    id: row["id"], messageId: row["message_id"], uid: row["uid"], userId: row["known_user_id"],
                    event: row["event_name"], type: MessageType(code: row["type"]) ?? .track, timestamp: row["ts"],
                    receivedAt: row["received_at"],
                    originalTimestamp: OriginalTimestampColumn.read(row["original_ts"], timestamp: row["ts"]),
                    properties: try properties.map { try JSONValue.parse(Data($0.utf8)).objectValue ?? [:] } ?? [:],
                    revenueMinor: row["revenue_minor"], campaignSource: row["campaign_source"], ip: row["ip"],
                    userAgent: row["user_agent"], library: row["library"], warning: row["warning"])
            }
        }
    }

    /// Whether a message id is stored.
    public func hasMessage(_ messageId: String) throws -> Bool {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM events WHERE message_id = ?", arguments: [messageId]) != nil
        }
    }

    /// Quarantined messages, newest first, with ids below `beforeId` when paging.
    public func quarantine(limit: Int = 50, beforeId: Int64? = nil) throws -> [QuarantinedMessage] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM quarantine WHERE id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [beforeId ?? Int64.max, limit]).map { row in
                QuarantinedMessage(id: row["id"], receivedAt: row["received_at"], source: row["source"],
                                   index: row["batch_index"], code: row["code"], reason: row["reason"],
                                   field: row["field"], raw: row["raw"])
            }
        }
    }
}
