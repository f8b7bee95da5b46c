import GRDB
import GRDBSQLite

/// Runs a cached statement through SQLite's C API with values bound by position.
///
/// GRDB's `execute(arguments:)` builds an array of existentials and validates it on every call;
/// on the event insert, run tens of thousands of times a second, that was a third of the write
/// time. This keeps the statement cached by GRDB and skips only the per-call packaging.
struct FastStatement {
    private let statement: Statement
    private let db: Database

    /// Prepares (or reuses) the statement for `sql`.
    init(_ db: Database, sql: String) throws {
        self.db = db
        self.statement = try db.cachedStatement(sql: sql)
    }

    /// Binds values by position.
    struct Binder {
        fileprivate let handle: SQLiteStatement
        private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

        /// Binds an integer or `NULL`.
        func bind(_ index: Int32, _ value: Int64?) {
            if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        }

        /// Binds an integer.
        func bind(_ index: Int32, _ value: Int) {
            sqlite3_bind_int64(handle, index, Int64(value))
        }

        /// Binds text or `NULL`.
        func bind(_ index: Int32, _ value: String?) {
            guard let value else {
                sqlite3_bind_null(handle, index)
                return
            }
            var text = value
            text.withUTF8 { bytes in
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                      Int32(bytes.count), Binder.transient)
            }
        }
    }

    /// Resets the statement, binds with `bind`, and steps it to completion.
    ///
    /// - Throws: `DatabaseError` with SQLite's message when a step fails (a constraint, say).
    func execute(_ bind: (Binder) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(Binder(handle: handle))
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            if code == SQLITE_ROW { continue }
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
