import GRDB
import StrataCore

extension AppDatabase {
    /// The stored answer of an earlier request with this key in this scope, if younger than `since`.
    public func idempotentAnswer(scope: String, key: String, since: Int64) throws -> IdempotentAnswer? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM idempotent_answers WHERE scope = ? AND key = ? AND created_at >= ?
                """, arguments: [scope, key, since]).map {
                IdempotentAnswer(requestDigest: $0["request_digest"], status: $0["status"], body: $0["body"], createdAt: $0["created_at"])
            }
        }
    }

    /// Stores an answer under its key unless one younger than a day is there (then that one is
    /// returned: concurrent first calls all answer as the first stored); answers older than a
    /// day are dropped on the way.
    public func storeIdempotentAnswer(_ answer: IdempotentAnswer, scope: String, key: String) throws -> IdempotentAnswer {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM idempotent_answers WHERE created_at < ?",
                           arguments: [answer.createdAt - IdempotentAnswer.lifetime])
            try db.execute(sql: """
                INSERT OR IGNORE INTO idempotent_answers (scope, key, request_digest, status, body, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scope, key, answer.requestDigest, answer.status, answer.body, answer.createdAt])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM idempotent_answers WHERE scope = ? AND key = ?",
                                       arguments: [scope, key])!
            return IdempotentAnswer(requestDigest: row["request_digest"], status: row["status"], body: row["body"],
                                    createdAt: row["created_at"])
        }
    }
}
