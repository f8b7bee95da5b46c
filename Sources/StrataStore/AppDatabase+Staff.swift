import Crypto
import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// How long a session lasts without use (12 hours).
    public static let sessionLifetime: Int64 = 12 * 3_600_000

    private static func account(_ row: Row) -> StaffAccount {
        StaffAccount(id: row["id"], email: row["email"], name: row["name"],
                     role: StaffRole(rawValue: row["role"]) ?? .viewer, createdAt: row["created_at"])
    }

    /// Creates an account; the password is stored only as a slow salted hash.
    ///
    /// - Throws: `invalidField` for a bad email, name or password; `conflict` when the email is taken.
    @discardableResult
    public func createStaff(email: String, name: String, role: StaffRole, password: String,
                            hasher: PasswordHash = .standard, now: Int64) throws -> StaffAccount {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = name.trimmingCharacters(in: .whitespaces)
        try StaffAccount.validate(email: email, name: name, password: password)
        let hash = try hasher.hash(password)
        return try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE email = ?", arguments: [email]) != true else {
                throw StrataError(.conflict, "An account for \(email) exists already.", field: "email")
            }
            try db.execute(sql: "INSERT INTO staff (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [email, name.isEmpty ? email : name, role.rawValue, hash, now])
            return StaffAccount(id: db.lastInsertedRowID, email: email, name: name.isEmpty ? email : name, role: role,
                                createdAt: now)
        }
    }

    /// Every account, by email.
    public func staffAccounts() throws -> [StaffAccount] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM staff ORDER BY email").map(Self.account) }
    }

    /// One account by id.
    public func staffAccount(id: Int64) throws -> StaffAccount? {
        try writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE id = ?", arguments: [id]).map(Self.account) }
    }

    /// One account by email.
    public func staffAccount(email: String) throws -> StaffAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM staff WHERE email = ?", arguments: [email.lowercased()]).map(Self.account)
        }
    }

    /// Changes an account's role; the last admin cannot stop being one.
    ///
    /// - Throws: `notFound`, or `conflict` for the last admin.
    public func setStaffRole(id: Int64, to role: StaffRole) throws {
        try writer.write { db in
            try Self.requireAccount(db, id)
            if role != .admin { try Self.keepAnAdmin(db, besides: id) }
            try db.execute(sql: "UPDATE staff SET role = ? WHERE id = ?", arguments: [role.rawValue, id])
        }
    }

    /// Sets a new password and ends the account's sessions everywhere.
    public func setStaffPassword(id: Int64, to password: String, hasher: PasswordHash = .standard) throws {
        try StaffAccount.validate(password: password)
        let hash = try hasher.hash(password)
        try writer.write { db in
            try Self.requireAccount(db, id)
            try db.execute(sql: "UPDATE staff SET password_hash = ? WHERE id = ?",
                           arguments: [hash, id])
            try db.execute(sql: "DELETE FROM staff_sessions WHERE staff_id = ?", arguments: [id])
        }
    }

    /// Deletes an account and its sessions; the last admin cannot be deleted.
    public func deleteStaff(id: Int64) throws {
        try writer.write { db in
            try Self.requireAccount(db, id)
            try Self.keepAnAdmin(db, besides: id)
            try db.execute(sql: "DELETE FROM staff_sessions WHERE staff_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM staff WHERE id = ?", arguments: [id])
        }
    }

    private static func requireAccount(_ db: Database, _ id: Int64) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE id = ?", arguments: [id]) == true else {
            throw StrataError(.notFound, "No staff account with id \(id).", field: "id")
        }
    }

    private static func keepAnAdmin(_ db: Database, besides id: Int64) throws {
        let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM staff WHERE role = 'admin' AND id != ?", arguments: [id]) ?? 0
        let isAdmin = try String.fetchOne(db, sql: "SELECT role FROM staff WHERE id = ?", arguments: [id]) == "admin"
        if isAdmin && others == 0 {
            throw StrataError(.conflict, "This is the last admin; make another account admin first.", field: "role")
        }
    }

    /// Checks an email and password and opens a session; the answer for an unknown email and a
    /// wrong password is the same, and takes the same time. Repeated failures are slowed by
    /// the application layer per client address, not by locking the account, which would let
    /// anyone lock a staff member out.
    ///
    /// - Returns: the session and its token (for the cookie), or `nil` when the pair is wrong.
    public func signIn(email: String, password: String, now: Int64) throws -> (token: String, session: StaffSession)? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let stored = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, password_hash FROM staff WHERE email = ?", arguments: [email])
        }
        guard let stored else {
            // The same work as for a real account, so timing does not tell which emails exist.
            _ = PasswordHash.verify(password, against: Self.decoyHash)
            return nil
        }
        let id: Int64 = stored["id"]
        guard PasswordHash.verify(password, against: stored["password_hash"]) else { return nil }
        let token = Self.randomToken(), csrf = Self.randomToken()
        let expires = now + Self.sessionLifetime
        try writer.write { db in
            try db.execute(sql: "DELETE FROM staff_sessions WHERE expires_at < ?", arguments: [now])
            try db.execute(sql: "INSERT INTO staff_sessions (token_hash, staff_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Self.tokenHash(token), id, csrf, now, expires])
        }
        guard let account = try staffAccount(id: id) else { return nil }
        return (token, StaffSession(account: account, csrf: csrf, expiresAt: expires))
    }

    /// The default absolute lifetime of a session: however much it is used, it ends 7 days
    /// after the sign-in.
    public static let sessionMaxAge: Int64 = 7 * 86_400_000

    /// The live session of a cookie token, extended when it has been in use for an hour, but
    /// never past `maxAge` after its sign-in.
    public func staffSession(token: String, now: Int64, maxAge: Int64 = AppDatabase.sessionMaxAge) throws -> StaffSession? {
        let hash = Self.tokenHash(token)
        let row = try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT s.csrf, s.created_at AS session_created_at, s.expires_at, a.* FROM staff_sessions s
                JOIN staff a ON a.id = s.staff_id WHERE s.token_hash = ?
                """, arguments: [hash])
        }
        guard let row, (row["expires_at"] as Int64) > now else { return nil }
        let end: Int64 = (row["session_created_at"] as Int64) + maxAge
        guard now < end else {
            try writer.write { db in try db.execute(sql: "DELETE FROM staff_sessions WHERE token_hash = ?", arguments: [hash]) }
            return nil
        }
        var expires: Int64 = row["expires_at"]
        if expires - now < Self.sessionLifetime - 3_600_000 {
            expires = min(now + Self.sessionLifetime, end)
            try writer.write { db in
                try db.execute(sql: "UPDATE staff_sessions SET expires_at = ? WHERE token_hash = ?", arguments: [expires, hash])
            }
        }
        return StaffSession(account: Self.account(row), csrf: row["csrf"], expiresAt: expires)
    }

    /// Ends a session (log-out).
    public func endStaffSession(token: String) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM staff_sessions WHERE token_hash = ?", arguments: [Self.tokenHash(token)])
        }
    }

    /// 32 random bytes as URL-safe base64.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func tokenHash(_ token: String) -> String {
        ConstantTime.hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// A hash of nothing in particular, verified for unknown emails.
    private static let decoyHash = (try? PasswordHash.standard.hash(randomToken())) ?? ""
}
