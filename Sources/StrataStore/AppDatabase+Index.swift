import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import StrataCore

/// How far the in-memory index has read the store.
public struct IndexCursor: Sendable, Equatable {
    /// The last event row read.
    public var lastEventId: Int64 = 0
    /// The last merge read.
    public var lastMergeSeq: Int64 = 0

    /// The start of the store.
    public init() {}
}

extension AppDatabase {
    /// Builds the index from the store.
    ///
    /// - Parameter parallelAbove: stores with more events are read on two connections at once.
    public func loadIndex(parallelAbove: Int64 = 1_000_000) throws -> (UserIndex, IndexCursor) {
        var index = UserIndex(timeZone: settings.timeZone)
        let cursor = try refresh(&index, from: IndexCursor(), parallelAbove: parallelAbove)
        return (index, cursor)
    }

    /// Reads what was stored after `cursor` into the index: new events, merges, and the
    /// profiles they touched. Returns the new cursor.
    public func refresh(_ index: inout UserIndex, from cursor: IndexCursor, parallelAbove: Int64 = 1_000_000) throws
        -> IndexCursor
    {
        var start = cursor
        let fullLoad = cursor == IndexCursor()
        if fullLoad {
            // A large store's events are read on two connections first; profiles and merges after.
            let maxId = try writer.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0 }
            if maxId > parallelAbove {
                try readEventsInParallel(upTo: maxId, into: &index)
                start.lastEventId = maxId
            }
        }
        return try writer.read { db in
            var next = start
            var touched = Set<Int64>()
            let maxId = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0
            try Self.readEvents(db, after: start.lastEventId, upTo: maxId, into: &index, collectTouched: !fullLoad,
                                touched: &touched, lastId: &next.lastEventId)
            for row in try Row.fetchAll(db, sql: "SELECT seq, source, target FROM merge_log WHERE seq > ? ORDER BY seq",
                                        arguments: [cursor.lastMergeSeq]) {
                index.merge(source: row[1], into: row[2])
                next.lastMergeSeq = row[0]
                touched.insert(row[2])
            }
            if fullLoad {
                try Self.readUsers(db, sql: "SELECT * FROM users WHERE merged_into IS NULL", arguments: [], into: &index)
            } else if !touched.isEmpty {
                let ids = Array(touched)
                var start = 0
                while start < ids.count {
                    let chunk = Array(ids[start..<min(ids.count, start + 500)])
                    let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    try Self.readUsers(db, sql: "SELECT * FROM users WHERE id IN (\(placeholders)) AND merged_into IS NULL",
                                       arguments: StatementArguments(chunk), into: &index)
                    start += 500
                }
            }
            return next
        }
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
