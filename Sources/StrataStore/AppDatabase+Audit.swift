import Crypto
import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Appends an entry to the audit log, chained to the last one, in its own transaction.
    /// There is no path that updates or deletes an entry; the table's triggers refuse both.
    @discardableResult
    public func appendAudit(_ draft: AuditEntry.Draft) throws -> AuditEntry {
        let now = clock.now()
        return try writer.write { db in
            let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            var entry = AuditEntry(id: (last?["id"] as Int64? ?? 0) + 1, at: now, actor: draft.actor, role: draft.role,
                                   action: draft.action, target: draft.target, address: draft.address,
                                   digest: draft.digest, status: draft.status, previousHash: last?["hash"] ?? "", hash: "")
            entry.hash = Self.auditHash(entry)
            try db.execute(sql: """
                INSERT INTO audit_log (id, at, actor, role, action, target, address, digest, status, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [entry.id, entry.at, entry.actor, entry.role, entry.action, entry.target, entry.address,
                                 entry.digest, entry.status, entry.previousHash, entry.hash])
            return entry
        }
    }

    /// Entries, newest first, narrowed by actor, by a text in the action and by time.
    public func auditEntries(actor: String? = nil, action: String? = nil, from: Int64? = nil, to: Int64? = nil,
                             before: Int64? = nil, limit: Int) throws -> [AuditEntry] {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let actor { conditions.append("actor = ?"); arguments.append(actor) }
        if let action { conditions.append("instr(action, ?) > 0"); arguments.append(action) }
        if let from { conditions.append("at >= ?"); arguments.append(from) }
        if let to { conditions.append("at < ?"); arguments.append(to) }
        if let before { conditions.append("id < ?"); arguments.append(before) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(limit)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log \(filter) ORDER BY id DESC LIMIT ?",
                             arguments: StatementArguments(arguments)).map(Self.auditEntry)
        }
    }

    /// Walks the whole log, recomputing every hash and link.
    ///
    /// - Returns: how many entries were checked, and the first entry whose hash or link is wrong
    ///   (edited, inserted or removed before it), if any.
    public func verifyAudit() throws -> (entries: Int, firstBroken: Int64?) {
        try writer.read { db in
            var previous = "", expectedId: Int64 = 1, count = 0
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
            while let row = try cursor.next() {
                let entry = Self.auditEntry(row)
                count += 1
                guard entry.id == expectedId, entry.previousHash == previous, Self.auditHash(entry) == entry.hash else {
                    return (count, entry.id)
                }
                previous = entry.hash
                expectedId += 1
            }
            return (count, nil)
        }
    }

    static func auditHash(_ entry: AuditEntry) -> String {
        ConstantTime.hex(SHA256.hash(data: Data(entry.chainedText.utf8)))
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], at: row["at"], actor: row["actor"], role: row["role"], action: row["action"],
                   target: row["target"], address: row["address"], digest: row["digest"], status: row["status"],
                   previousHash: row["previous_hash"], hash: row["hash"])
    }
}
