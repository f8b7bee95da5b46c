import StrataCore

/// What the product needs from storage for one aggregate. API keys, staff accounts, dashboard sessions and the workspace's secrets.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol AccessStore: Sendable {

    /// Every key, oldest first.
    func keys() throws -> [APIKey]

    /// Creates a key and returns it in full; only its SHA-256 hash is stored, so this is the
    /// only time it can be read.
    func createKey(kind: APIKey.Kind, name: String, role: StaffRole?) throws -> (key: String, record: APIKey)

    /// Revokes a key by id.
    ///
    /// - Throws: `StrataError.notFound` when there is no such key.
    func revokeKey(id: Int64) throws

    /// The hashes of active keys by kind, for the server's in-memory check.
    func activeKeys() throws -> [String: APIKey]

    /// Every account, by email.
    func staffAccounts() throws -> [StaffAccount]

    /// One account by id.
    func staffAccount(id: Int64) throws -> StaffAccount?

    /// One account by email.
    func staffAccount(email: String) throws -> StaffAccount?

    /// Creates an account; the password is stored only as a slow salted hash.
    ///
    /// - Throws: `invalidField` for a bad email, name or password; `conflict` when the email is taken.
    func createStaff(email: String, name: String, role: StaffRole, password: String, now: Int64) throws -> StaffAccount

    /// Changes an account's role; the last admin cannot stop being one.
    ///
    /// - Throws: `notFound`, or `conflict` for the last admin.
    func setStaffRole(id: Int64, to role: StaffRole) throws

    /// Sets a new password and ends the account's sessions everywhere.
    func setStaffPassword(id: Int64, to password: String) throws

    /// Deletes an account and its sessions; the last admin cannot be deleted.
    func deleteStaff(id: Int64) throws

    /// Checks an email and password and opens a session. Ten wrong passwords in a row lock the
    /// account for 15 minutes; the answer for an unknown email and a wrong password is the same.
    ///
    /// - Returns: the session and its token (for the cookie), or `nil` when the pair is wrong.
    /// - Throws: `rateLimited` while the account is locked.
    func signIn(email: String, password: String, now: Int64) throws -> (token: String, session: StaffSession)?

    /// The live session of a cookie token, extended when it has been in use for an hour.
    func staffSession(token: String, now: Int64, maxAge: Int64) throws -> StaffSession?

    /// Ends a session (log-out).
    func endStaffSession(token: String) throws

    /// A secret of the workspace by name, created (32 random bytes, base64) the first time it
    /// is asked for: it signs unsubscribe and tracking links.
    func workspaceSecret(_ name: String) throws -> String
    /// Re-seals every stored secret under a new data key (see `SecretKeyFile`); how many.
    func rotateSecrets(directory: String, newMasterKey: String?) throws -> Int
}
