import Crypto
import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Starts erasing a person, in one transaction: the profile and every profile merged into it
    /// stop existing (identities, traits, suppressions and consent records with their addresses,
    /// quarantined messages that name them), keyed digests of their ids and addresses are kept
    /// so re-sent events and later sends are refused, and a job is stored that removes the rest
    /// (events, messages, inbox, memberships, snapshots) in small steps (`continueErasure`).
    ///
    /// Asking again for a person whose erasure is under way or done returns the same job.
    ///
    /// - Parameter uid: any dense id of the person (a merged profile's id leads to its target).
    public func requestErasure(uid: Int64, mode: ErasureJob.Mode, requestedBy: String) throws
        -> (job: ErasureJob, created: Bool)
    {
        let key = try erasureKey(), now = clock.now(), masking = settings.masking
        let cache = writeCache
        return try writer.write { db -> (job: ErasureJob, created: Bool) in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, merged_into FROM users WHERE id = ?", arguments: [uid]) else {
                let earlier = try String.fetchOne(db, sql: """
                    SELECT job FROM erasures WHERE EXISTS (SELECT 1 FROM json_each(erasures.uids) WHERE value = ?)
                    """, arguments: [uid])
                if let earlier, let job = try Self.erasureJob(db, earlier) { return (job, false) }
                throw StrataError(.notFound, "No profile #\(uid).", field: "userId")
            }
            let canonical: Int64 = row[1] ?? row[0]
            let uids = [canonical] + (try Int64.fetchAll(db, sql: "SELECT id FROM users WHERE merged_into = ? ORDER BY id",
                                                          arguments: [canonical]))
            let list = uids.map(String.init).joined(separator: ",")
            var removed: [String: Int] = [:]
            // Who the person is: every id bound to them, every address they were reached at or
            // hold as a trait, every personal trait value long enough to find in free text.
            let identities = try Row.fetchAll(db, sql: "SELECT kind, external_id FROM identities WHERE uid IN (\(list))")
                .map { IdentityBinding(IdentityKind(rawValue: $0[0]) ?? .user, $0[1]) }
            var addresses = Set(try String.fetchAll(db, sql: "SELECT DISTINCT address FROM outbox WHERE uid IN (\(list))")
                .filter { !$0.isEmpty }.map { $0.lowercased() })
            var personalValues = Set<String>()
            for traits in try String.fetchAll(db, sql: "SELECT traits FROM users WHERE id IN (\(list))") {
                for (name, value) in (try? JSONValue.parse(Data(traits.utf8)).objectValue) ?? [:] {
                    guard let text = value.stringValue, !text.isEmpty else { continue }
                    if ChannelKind.allCases.contains(where: { $0.addressTrait == name }) { addresses.insert(text.lowercased()) }
                    if masking.isPersonal(name) { personalValues.insert(text) }
                }
            }
            let digests = identities.map { Self.erasureDigest(of: $0, key: key) }
                + addresses.map { Self.erasureDigest(address: $0, key: key) }
            let jobId = "del_" + ConstantTime.hex((0..<10).map { _ in UInt8.random(in: 0...255) })
            let keep = try db.cachedStatement(sql: "INSERT OR IGNORE INTO erased_ids (digest, job) VALUES (?, ?)")
            for digest in digests { try keep.execute(arguments: [digest, jobId]) }

            let userAddresses = uids.map { Suppression.userAddress($0) }
            let addressList = Array(addresses) + userAddresses
            removed["suppressions"] = try Self.deleteMatching(db, table: "suppressions", column: "address", values: addressList)
            removed["consent_records"] = try Self.deleteMatching(db, table: "consent_records", column: "address",
                                                                 values: Array(addresses))
            // Quarantined messages are free text: any that names the person goes.
            var quarantined = 0
            let needles = Set(identities.map(\.id)).union(addresses).union(personalValues).filter { $0.utf8.count >= 5 }
            for needle in needles {
                try db.execute(sql: "DELETE FROM quarantine WHERE instr(raw, ?) > 0 OR instr(lower(raw), ?) > 0",
                               arguments: [needle, needle.lowercased()])
                quarantined += db.changesCount
            }
            removed["quarantined"] = quarantined
            try db.execute(sql: "UPDATE counters SET value = MAX(0, value - ?) WHERE name = 'quarantined'", arguments: [quarantined])
            try db.execute(sql: "DELETE FROM identities WHERE uid IN (\(list))")
            removed["identities"] = db.changesCount
            try db.execute(sql: "DELETE FROM users WHERE id IN (\(list))")
            removed["profiles"] = db.changesCount
            // SQLite gives a new row the largest id plus one: were the largest id freed, the next
            // person would get it, and with it what is kept under it (ledger accounts) and the
            // index's erasure of it at every start. A blank tombstone keeps it taken.
            let highest = uids.max() ?? canonical
            if try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM users") ?? 0 < highest {
                try db.execute(sql: "INSERT INTO users (id, merged_into, created_at) VALUES (?, 0, ?)", arguments: [highest, now])
            }

            let job = ErasureJob(id: jobId, mode: mode, state: .running, uids: uids, requestedBy: requestedBy,
                                 requestedAt: now, finishedAt: nil, step: "events", removed: removed)
            try db.execute(sql: """
                INSERT INTO erasures (job, mode, state, uids, requested_by, requested_at, step, removed)
                VALUES (?, ?, 'running', ?, ?, ?, 'events', ?)
                """, arguments: [jobId, mode.rawValue, "[\(list)]", requestedBy, now, Self.countsText(removed)])
            // The write path remembers ids and profiles between transactions; none of them may outlive this.
            db.afterNextTransaction(onCommit: { _ in cache.clear() }, onRollback: { _ in })
            return (job, true)
        }
    }

    /// The erasure under way or done for an external id, found by its digest (the id itself is
    /// no longer stored anywhere).
    public func erasure(ofExternalId id: String) throws -> ErasureJob? {
        let key = try erasureKey()
        return try writer.read { db in
            for kind in IdentityKind.allCases {
                let digest = Self.erasureDigest(of: IdentityBinding(kind, id), key: key)
                if let job = try String.fetchOne(db, sql: "SELECT job FROM erased_ids WHERE digest = ?", arguments: [digest]) {
                    return try Self.erasureJob(db, job)
                }
            }
            return nil
        }
    }

    /// An erasure job by id.
    public func erasureJob(_ id: String) throws -> ErasureJob? {
        try writer.read { db in try Self.erasureJob(db, id) }
    }

    /// Jobs not finished yet (to resume after a restart), oldest first.
    public func runningErasures() throws -> [ErasureJob] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT job FROM erasures WHERE state = 'running' ORDER BY seq")
                .compactMap { try Self.erasureJob(db, $0) }
        }
    }

    /// The profile ids of erasures requested after `seq`, and the last seq, for the index.
    public func erasedProfiles(after seq: Int64) throws -> (seq: Int64, uids: [Int64]) {
        try writer.read { db in
            var last = seq, uids: [Int64] = []
            for row in try Row.fetchAll(db, sql: "SELECT seq, uids FROM erasures WHERE seq > ? ORDER BY seq", arguments: [seq]) {
                last = row[0]
                let text: String = row[1]
                uids += (try? JSONValue.parse(Data(text.utf8)).arrayValue)?.compactMap { $0.numberValue.map { Int64($0) } } ?? []
            }
            return (last, uids)
        }
    }

    /// Takes one step of an erasure, in one transaction: up to `batch` events, or every other
    /// row that refers to the profiles, or up to `batch` stored snapshots, or the end (a
    /// `delete_only` job drops its digests). Each step records where the job stands, so a crash
    /// between steps loses nothing and a step run twice removes nothing twice.
    ///
    /// - Returns: the job after the step (`state == .done` once finished).
    public func continueErasure(_ id: String, batch: Int = 5_000) throws -> ErasureJob {
        let now = clock.now()
        return try writer.write { db in
            guard var job = try Self.erasureJob(db, id) else {
                throw StrataError(.notFound, "No deletion job \(id).", field: "job")
            }
            guard job.state == .running else { return job }
            let list = job.uids.map(String.init).joined(separator: ",")
            switch job.step {
            case "events":
                try db.execute(sql: "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE uid IN (\(list)) LIMIT ?)",
                               arguments: [batch])
                let count = db.changesCount
                job.removed["events", default: 0] += count
                if count > 0 {
                    try db.execute(sql: "UPDATE counters SET value = MAX(0, value - ?) WHERE name = 'events'", arguments: [count])
                }
                if count < batch { job.step = "rows" }
            case "rows":
                try db.execute(sql: """
                    DELETE FROM message_events WHERE key IN (SELECT key FROM outbox WHERE uid IN (\(list)))
                       OR key IN (SELECT key FROM inbox WHERE uid IN (\(list)))
                    """)
                job.removed["message_events", default: 0] += db.changesCount
                // Manual tags read their members by revision: the change must show.
                try db.execute(sql: "UPDATE tags SET revision = revision + 1 WHERE id IN (SELECT tag_id FROM tag_members WHERE uid IN (\(list)))")
                for table in ["outbox", "inbox", "user_days", "tag_members", "campaign_members", "campaign_triggers",
                              "campaign_winners", "consent_records"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE uid IN (\(list))")
                    job.removed[table, default: 0] += db.changesCount
                }
                try db.execute(sql: "DELETE FROM merge_log WHERE source IN (\(list)) OR target IN (\(list))")
                // Ledger entries are kept (they are the books), but the person's points are forfeited
                // and their holds released, so nothing of theirs stays spendable or outstanding.
                job.removed["points_forfeited", default: 0] += Int(try Self.forfeitLedger(db, uids: job.uids, job: id, now: now))
                job.step = "snapshots"
            case "snapshots":
                let position = try String.fetchOne(db, sql: "SELECT position FROM erasures WHERE job = ?", arguments: [id]) ?? ""
                let rows = try Row.fetchAll(db, sql: """
                    SELECT source, name, day, layer, members FROM layer_snapshots
                    WHERE source || char(31) || name || char(31) || day || char(31) || layer > ?
                    ORDER BY source || char(31) || name || char(31) || day || char(31) || layer LIMIT ?
                    """, arguments: [position, max(1, batch / 50)])
                let update = try db.cachedStatement(sql: """
                    UPDATE layer_snapshots SET members = ?, size = ? WHERE source = ? AND name = ? AND day = ? AND layer = ?
                    """)
                var last = position
                for row in rows {
                    let source: String = row[0], name: String = row[1], day: String = row[2], layer: String = row[3]
                    last = [source, name, day, layer].joined(separator: "\u{1F}")
                    let bytes: Data = row[4]
                    var members = try UserSet(encoded: bytes)
                    guard job.uids.contains(where: { members.contains(Int($0)) }) else { continue }
                    for uid in job.uids { members.remove(Int(uid)) }
                    try update.execute(arguments: [Data(members.encoded), members.count, source, name, day, layer])
                    job.removed["snapshot_memberships", default: 0] += 1
                }
                try db.execute(sql: "UPDATE erasures SET position = ? WHERE job = ?", arguments: [last, id])
                if rows.count < max(1, batch / 50) { job.step = "done" }
            default:
                if job.mode == .deleteOnly {
                    try db.execute(sql: "DELETE FROM erased_ids WHERE job = ?", arguments: [id])
                }
                job.state = .done
                job.finishedAt = now
            }
            try db.execute(sql: """
                UPDATE erasures SET state = ?, step = ?, removed = ?, finished_at = ? WHERE job = ?
                """, arguments: [job.state.rawValue, job.step, Self.countsText(job.removed), job.finishedAt, id])
            return job
        }
    }

    /// Releases the holds and forfeits the balances of erased people's ledger accounts (to
    /// `adjustment`, by transfers named after the job); returns the points forfeited.
    private static func forfeitLedger(_ db: Database, uids: [Int64], job: String, now: Int64) throws -> Int64 {
        let list = uids.map(String.init).joined(separator: ",")
        let writer = LedgerWriter(db: db, now: now)
        for hold in try Row.fetchAll(db, sql: """
            SELECT t.id, t.seq FROM ledger_transfers t JOIN ledger_accounts a ON a.id = t.debit
            WHERE a.uid IN (\(list)) AND t.state = 'pending'
            """) {
            _ = try writer.apply(.void(id: "\(job):void:\(hold[1] as Int64)", pending: hold[0], reason: "erased", actor: "system"))
        }
        var forfeited: Int64 = 0
        for row in try Row.fetchAll(db, sql: "SELECT uid, currency, balance - held FROM ledger_accounts WHERE uid IN (\(list))") {
            let available: Int64 = row[2]
            guard available > 0, let currency = Currency(rawValue: row[1]) else { continue }
            _ = try writer.apply(.spend(id: "\(job):forfeit:\(row[0] as Int64):\(currency.rawValue)", uid: row[0], currency: currency,
                                        amount: available, reason: "erased", source: .system, actor: "system"))
            forfeited += available
        }
        return forfeited
    }

    /// Copies every page of the write-ahead log into the database and truncates the log to
    /// nothing, so bytes removed by `secure_delete` are gone from the log file too. Retries while
    /// readers still hold old pages.
    public func truncateWriteAheadLog() throws {
        guard writer is DatabasePool else { return }
        for attempt in 0..<50 {
            let result = try writer.writeWithoutTransaction { db in
                try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            let busy: Int = result?[0] ?? 0
            if busy == 0 { return }
            Thread.sleep(forTimeInterval: 0.02 * Double(attempt + 1))
        }
        throw StrataError(.unavailable, "The write-ahead log could not be truncated: readers kept it busy; it will be on the next erasure.")
    }

    // MARK: - Digests

    /// Whether an external id belongs to an erased person (in `suppress` mode or still being erased).
    static func isErased(_ db: Database, _ binding: IdentityBinding, key: SymmetricKey) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM erased_ids WHERE digest = ?)"),
                          arguments: [erasureDigest(of: binding, key: key)]) ?? false
    }

    /// The digests of erased addresses, for the send policy (empty when nobody was erased).
    public func erasedAddressDigests() throws -> Set<String> {
        try writer.read { db in Set(try String.fetchAll(db, sql: "SELECT digest FROM erased_ids WHERE digest LIKE 'a:%'")) }
    }

    /// The digest an erased address is kept as (`a:` and a keyed SHA-256), for comparing an
    /// address about to be used with `erasedAddressDigests`.
    public func erasureDigest(address: String) throws -> String {
        Self.erasureDigest(address: address.lowercased(), key: try erasureKey())
    }

    static func erasureDigest(of binding: IdentityBinding, key: SymmetricKey) -> String {
        "i:" + ConstantTime.hex(HMAC<SHA256>.authenticationCode(for: Data("\(binding.kind.rawValue):\(binding.id)".utf8), using: key))
    }

    static func erasureDigest(address: String, key: SymmetricKey) -> String {
        "a:" + ConstantTime.hex(HMAC<SHA256>.authenticationCode(for: Data(address.utf8), using: key))
    }

    // MARK: - Rows

    static func erasureJob(_ db: Database, _ id: String) throws -> ErasureJob? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM erasures WHERE job = ?", arguments: [id]) else { return nil }
        let uidsText: String = row["uids"], removedText: String = row["removed"]
        let uids = (try? JSONValue.parse(Data(uidsText.utf8)).arrayValue)?.compactMap { $0.numberValue.map { Int64($0) } } ?? []
        let removed = ((try? JSONValue.parse(Data(removedText.utf8)).objectValue) ?? [:]).compactMapValues { $0.numberValue.map { Int($0) } }
        return ErasureJob(id: row["job"], mode: ErasureJob.Mode(rawValue: row["mode"]) ?? .suppress,
                          state: ErasureJob.State(rawValue: row["state"]) ?? .running, uids: uids,
                          requestedBy: row["requested_by"], requestedAt: row["requested_at"], finishedAt: row["finished_at"],
                          step: row["step"], removed: removed)
    }

    private static func countsText(_ counts: [String: Int]) -> String {
        JSONValue.object(counts.mapValues { .number(Double($0)) }).jsonText
    }

    /// Deletes the rows whose `column` is one of `values`, in chunks; returns how many went.
    private static func deleteMatching(_ db: Database, table: String, column: String, values: [String]) throws -> Int {
        var total = 0, start = 0
        while start < values.count {
            let chunk = Array(values[start..<min(values.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try db.execute(sql: "DELETE FROM \(table) WHERE \(column) IN (\(marks))", arguments: StatementArguments(chunk))
            total += db.changesCount
            start += 500
        }
        return total
    }
}
