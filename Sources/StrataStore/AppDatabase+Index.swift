import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

extension AppDatabase {
    /// Builds the index from the store.
    ///
    /// - Parameter parallelAbove: stores with more events are read on two connections at once.
    public func loadIndex(parallelAbove: Int64 = 1_000_000) throws -> (UserIndex, IndexCursor) {
        var index = UserIndex(timeZone: settings.timeZone)
        let cursor = try refresh(&index, from: IndexCursor(), parallelAbove: parallelAbove)
        Self.releaseFreedMemory()
        return (index, cursor)
    }

    /// Hands the pages the build freed back to the system. The build's temporaries (parsed
    /// profiles, the halves of a parallel read) peak at several times the index, mostly in the
    /// reader threads' malloc arenas, and glibc gives back only the free top of a heap by itself:
    /// without this a server started on 6M events kept 480-590 MB resident for a 230 MB index.
    /// Looked up at run time, as other C libraries have no `malloc_trim`.
    static func releaseFreedMemory() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
    }

    /// Reads what was stored after `cursor` into the index: new events, merges, and the
    /// profiles they touched. Returns the new cursor.
    ///
    /// From the start of the store (a full build), events, then merges, then every live profile
    /// are read (events and profiles on two connections at once past `parallelAbove` events);
    /// whatever was written meanwhile is then read like any later refresh.
    public func refresh(_ index: inout UserIndex, from cursor: IndexCursor, parallelAbove: Int64 = 1_000_000) throws
        -> IndexCursor
    {
        var start = cursor
        if cursor == IndexCursor() {
            let maxId = try writer.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0 }
            let parallel = maxId > parallelAbove
            if parallel {
                try readEventsInParallel(upTo: maxId, into: &index)
            } else {
                try writer.read { db in
                    var touched = Set<Int64>(), last: Int64 = 0
                    try Self.readEvents(db, after: 0, upTo: maxId, into: &index, collectTouched: false, touched: &touched,
                                        lastId: &last)
                }
            }
            start.lastEventId = maxId
            try writer.read { db in
                for row in try Row.fetchAll(db, sql: "SELECT seq, source, target FROM merge_log ORDER BY seq") {
                    index.merge(source: row[1], into: row[2])
                    start.lastMergeSeq = row[0]
                }
            }
            try readAllUsers(into: &index, parallel: parallel)
        }
        return try writer.read { db in
            var next = start
            var touched = Set<Int64>()
            let maxId = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0
            try Self.readEvents(db, after: start.lastEventId, upTo: maxId, into: &index, collectTouched: true,
                                touched: &touched, lastId: &next.lastEventId)
            for row in try Row.fetchAll(db, sql: "SELECT seq, source, target FROM merge_log WHERE seq > ? ORDER BY seq",
                                        arguments: [start.lastMergeSeq]) {
                index.merge(source: row[1], into: row[2])
                next.lastMergeSeq = row[0]
                touched.insert(row[2])
            }
            let ids = Array(touched)
            var chunkStart = 0
            while chunkStart < ids.count {
                let chunk = Array(ids[chunkStart..<min(ids.count, chunkStart + 500)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                try Self.readUsers(db, sql: "SELECT * FROM users WHERE id IN (\(placeholders)) AND merged_into IS NULL",
                                   arguments: StatementArguments(chunk), into: &index)
                chunkStart += 500
            }
            return next
        }
    }

    /// One profile as read for the index.
    private typealias IndexedUser = (uid: Int64, computed: ComputedAttributes, traits: [String: JSONValue])

    /// Reads every live profile, its columns by position and its traits parsed on two
    /// connections at once when `parallel`, then sets them into the index in id order.
    private func readAllUsers(into index: inout UserIndex, parallel: Bool) throws {
        let maxId = try writer.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM users") ?? 0 }
        let bounds: [(Int64, Int64)] = parallel ? [(Int64(0), maxId / 2), (maxId / 2, maxId)] : [(Int64(0), maxId)]
        let parts = Mutex<[[IndexedUser]]>(Array(repeating: [], count: bounds.count))
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: bounds.count) { part in
            do {
                let users = try writer.read { db in try Self.readUsers(db, after: bounds[part].0, upTo: bounds[part].1) }
                parts.withLock { $0[part] = users }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        for part in parts.withLock({ $0 }) {
            for user in part { index.setUser(uid: user.uid, computed: user.computed, traits: user.traits) }
        }
    }

    /// Live profiles with ids in `(after, upTo]`, read column by column without building rows.
    private static func readUsers(_ db: Database, after: Int64, upTo: Int64) throws -> [IndexedUser] {
        let statement = try db.makeStatement(sql: """
            SELECT id, traits, \(ComputedAttributes.columns.joined(separator: ", "))
            FROM users WHERE merged_into IS NULL AND id > ? AND id <= ? ORDER BY id
            """)
        defer { withExtendedLifetime(statement) {} }
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, after)
        sqlite3_bind_int64(handle, 2, upTo)
        defer { sqlite3_reset(handle) }
        func integer(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
        func text(_ column: Int32) -> String? {
            guard let pointer = sqlite3_column_text(handle, column) else { return nil }
            return String(cString: pointer)
        }
        var users: [IndexedUser] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let computed = ComputedAttributes(integer: { integer(Int32($0) + 2) }, text: { text(Int32($0) + 2) })
            var traits: [String: JSONValue] = [:]
            let length = Int(sqlite3_column_bytes(handle, 1))
            if length > 2, let pointer = sqlite3_column_text(handle, 1) {
                traits = try JSONValue.parse(Data(bytes: pointer, count: length)).objectValue ?? [:]
            }
            users.append((sqlite3_column_int64(handle, 0), computed, traits))
        }
        return users
    }

    /// Reads events `1...maxId` as two halves on two reader connections at once (each into its
    /// own index), then appends the second half to the first: the scan is CPU-bound, so the
    /// build goes nearly twice as fast on two cores.
    private func readEventsInParallel(upTo maxId: Int64, into index: inout UserIndex) throws {
        let zone = settings.timeZone
        let bounds: [(Int64, Int64)] = [(0, maxId / 2), (maxId / 2, maxId)]
        let parts = Mutex<[UserIndex?]>([nil, nil])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: bounds.count) { part in
            do {
                let built = try writer.read { db in
                    var partial = UserIndex(timeZone: zone)
                    var touched = Set<Int64>()
                    var last: Int64 = 0
                    try Self.readEvents(db, after: bounds[part].0, upTo: bounds[part].1, into: &partial,
                                        collectTouched: false, touched: &touched, lastId: &last)
                    return partial
                }
                parts.withLock { $0[part] = built }
            } catch {
                failure.withLock { $0 = error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let built = parts.withLock { $0 }
        index = built[0]!
        index.append(contentsOf: built[1]!)
    }

    private static func readEvents(_ db: Database, after lastId: Int64, upTo maxId: Int64, into index: inout UserIndex,
                                   collectTouched: Bool, touched: inout Set<Int64>, lastId newLast: inout Int64) throws
    {
        // Event name id → index column, so the loop does no string work per row.
        var columnOfName: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM event_names") {
            columnOfName[row[0]] = index.columnId(for: row[1])
        }
        let statement = try db.makeStatement(
            sql: "SELECT id, uid, name_id, ts, properties FROM events WHERE id > ? AND id <= ? ORDER BY id")
        // Keep the statement alive while its handle is used: ARC may otherwise finalize it early.
        defer { withExtendedLifetime(statement) {} }
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, lastId)
        sqlite3_bind_int64(handle, 2, maxId)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let uid = sqlite3_column_int64(handle, 1)
            let nameId = sqlite3_column_int64(handle, 2)
            let column = columnOfName[nameId] ?? index.columnId(for: "#\(nameId)")
            let time = sqlite3_column_int64(handle, 3)
            let text = sqlite3_column_text(handle, 4)
            let length = Int(sqlite3_column_bytes(handle, 4))
            let bytes = UnsafeRawBufferPointer(start: text.map { UnsafeRawPointer($0) }, count: text == nil ? 0 : length)
            let propertiesId = index.propertiesId(bytes: bytes) {
                guard length > 0 else { return [:] }
                return (try? JSONValue.parse(Data(bytes)).objectValue) ?? [:]
            }
            index.append(uid: uid, column: column, time: time, propertiesId: propertiesId)
            if collectTouched { touched.insert(uid) }
            newLast = sqlite3_column_int64(handle, 0)
        }
    }

    private static func readUsers(_ db: Database, sql: String, arguments: StatementArguments,
                                  into index: inout UserIndex) throws
    {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let traitsText: String = row["traits"]
            let traits = traitsText == "{}" ? [:] : (try JSONValue.parse(Data(traitsText.utf8)).objectValue ?? [:])
            index.setUser(uid: row["id"], computed: ComputedAttributes(row: row), traits: traits)
        }
    }
}
