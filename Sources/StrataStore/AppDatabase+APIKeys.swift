import Crypto
import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Creates a key and returns it in full; only its SHA-256 hash is stored, so this is the
    /// only time it can be read. A secret key acts with `role` (admin when none is given); a
    /// write key has no role.
    public func createKey(kind: APIKey.Kind, name: String, role: StaffRole? = nil) throws -> (key: String, record: APIKey) {
        if kind == .write, role != nil {
            throw StrataError(.invalidField, "Write keys only send events; give a role to a secret key.", field: "role")
        }
        let role = kind == .secret ? role ?? .admin : nil
        let key = APIKeyFormat.generate(kind)
        let now = clock.now()
        let prefix = String(key.prefix(10))
        let id = try writer.write { db in
            try db.execute(sql: "INSERT INTO api_keys (kind, name, prefix, hash, created_at, role) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [kind.rawValue, name, prefix, APIKeyFormat.hash(key), now, role?.rawValue])
            return db.lastInsertedRowID
        }
        return (key, APIKey(id: id, kind: kind, name: name, prefix: prefix, createdAt: now, revokedAt: nil, role: role))
    }

    /// Every key, oldest first.
    public func keys() throws -> [APIKey] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_keys ORDER BY id").map { row in
                APIKey(id: row["id"], kind: APIKey.Kind(rawValue: row["kind"]) ?? .write, name: row["name"],
                       prefix: row["prefix"], createdAt: row["created_at"], revokedAt: row["revoked_at"],
                       role: (row["role"] as String?).flatMap(StaffRole.init(rawValue:)))
            }
        }
    }

    /// Revokes a key by id.
    ///
    /// - Throws: `StrataError.notFound` when there is no such key.
    public func revokeKey(id: Int64) throws {
        let now = clock.now()
        let changed = try writer.write { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [now, id])
            return db.changesCount
        }
        guard changed > 0 else { throw StrataError(.notFound, "No active key with id \(id).") }
    }

    /// The active keys by hash, for the server's in-memory check.
    public func activeKeys() throws -> [String: APIKey] {
        try writer.read { db in
            var result: [String: APIKey] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE revoked_at IS NULL") {
                guard let kind = APIKey.Kind(rawValue: row["kind"]) else { continue }
                result[row["hash"]] = APIKey(id: row["id"], kind: kind, name: row["name"], prefix: row["prefix"],
                                             createdAt: row["created_at"], revokedAt: nil,
                                             role: (row["role"] as String?).flatMap(StaffRole.init(rawValue:)))
            }
            return result
        }
    }
}

/// How keys look and are hashed.
public enum APIKeyFormat {
    /// A new random key: `wk_` or `sk_` and 32 characters of base-62.
    public static func generate(_ kind: APIKey.Kind) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        let body = String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
        return (kind == .write ? "wk_" : "sk_") + body
    }

    /// Hex SHA-256 of a key.
    public static func hash(_ key: String) -> String {
        ConstantTime.hex(SHA256.hash(data: Data(key.utf8)))
    }
}
