import GRDB
import StrataCore

extension AppDatabase {
    /// Stores one consent change in the caller's transaction. An address `uid:N` is stored as the profile.
    static func recordConsent(_ db: Database, address: String?, uid: Int64? = nil, subject: String, value: String,
                              source: ConsentRecord.Source, reference: String, at: Int64) throws {
        var uid = uid, address = address
        if let text = address, text.hasPrefix("uid:"), let dense = Int64(text.dropFirst(4)) {
            uid = dense
            address = nil
        }
        try db.cachedStatement(sql: """
            INSERT INTO consent_records (uid, address, subject, value, source, reference, at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [uid, address?.lowercased(), subject, value, source.rawValue, String(reference.prefix(200)), at])
    }

    /// A person's consent records, newest first: those of their profiles and of their addresses.
    public func consentRecords(uids: [Int64], addresses: [String], limit: Int = 500) throws -> [ConsentRecord] {
        try writer.read { db in
            let uidMarks = Array(repeating: "?", count: max(1, uids.count)).joined(separator: ",")
            let addressMarks = Array(repeating: "?", count: max(1, addresses.count)).joined(separator: ",")
            let values: [any DatabaseValueConvertible] = (uids.isEmpty ? [Int64(-1)] : uids)
                + (addresses.isEmpty ? [""] : addresses.map { $0.lowercased() }) + [limit]
            let arguments = StatementArguments(values.map { $0.databaseValue })
            return try Row.fetchAll(db, sql: """
                SELECT * FROM consent_records WHERE uid IN (\(uidMarks)) OR address IN (\(addressMarks))
                ORDER BY at DESC, id DESC LIMIT ?
                """, arguments: arguments).map { row in
                ConsentRecord(uid: row["uid"], address: row["address"], subject: row["subject"], value: row["value"],
                              source: ConsentRecord.Source(rawValue: row["source"]) ?? .system, reference: row["reference"],
                              at: row["at"])
            }
        }
    }
}
