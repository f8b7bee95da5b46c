import Foundation
import StrataCore
import StrataStore

/// API keys, staff accounts and dashboard sessions.
public struct AccessUseCases: Sendable {
    let app: AppServices

    /// A random token for a cookie or a form (256 bits, URL-safe).
    public static func randomToken() -> String { AppDatabase.randomToken() }

    /// How long a dashboard session lasts from its last use (ms).
    public static var sessionLifetime: Int64 { AppDatabase.sessionLifetime }

    /// Every key, revoked ones included (prefixes only; the secret is never stored).
    public func keys() throws -> [APIKey] {
        try app.database.keys()
    }

    /// Creates a key; its full text is returned this once. A secret key acts with `role`
    /// (admin when none is given), as a member of staff with that role would.
    public func createKey(kind: APIKey.Kind, name: String, role: StaffRole? = nil) throws -> (key: String, record: APIKey) {
        try app.database.createKey(kind: kind, name: name, role: role)
    }

    /// Revokes a key; it stops working within a second.
    public func revokeKey(id: Int64) throws {
        try app.database.revokeKey(id: id)
    }

    /// The staff accounts.
    public func staff() throws -> [StaffAccount] {
        try app.database.staffAccounts()
    }

    /// One staff account.
    ///
    /// - Throws: `StrataError.notFound` when there is none with that id.
    public func staffAccount(id: Int64) throws -> StaffAccount {
        guard let account = try app.database.staffAccount(id: id) else {
            throw StrataError(.notFound, "No staff account \(id).", field: "id")
        }
        return account
    }

    /// The account of an e-mail address, if there is one.
    public func staffAccount(email: String) throws -> StaffAccount? {
        try app.database.staffAccount(email: email)
    }

    /// Creates a staff account with a password (stored as a slow hash).
    public func createStaff(email: String, name: String, role: StaffRole, password: String) throws -> StaffAccount {
        try app.database.createStaff(email: email, name: name, role: role, password: password, now: app.clock.now())
    }

    /// Changes an account's role (the last admin is kept).
    public func setRole(id: Int64, to role: StaffRole) throws {
        try app.database.setStaffRole(id: id, to: role)
    }

    /// Sets an account's password and ends its sessions.
    public func setPassword(id: Int64, to password: String) throws {
        try app.database.setStaffPassword(id: id, to: password)
    }

    /// Deletes an account (the last admin is kept).
    public func deleteStaff(id: Int64) throws {
        try app.database.deleteStaff(id: id)
    }

    /// Checks a password and opens a session; `nil` for a wrong e-mail or password. Attempts
    /// from an address that keeps failing wait longer and longer (`SignInThrottle`); other
    /// addresses are not held back, so nobody can lock a staff member out.
    ///
    /// - Parameter address: the client's address as the server sees it.
    /// - Throws: `StrataError.rateLimited` with the seconds to wait.
    public func signIn(email: String, password: String, from address: String) throws -> (token: String, session: StaffSession)? {
        let now = app.clock.now()
        // Every attempt is in the audit log; a failed one names the account only by a digest of its e-mail.
        let account = AuditUseCases.digest(Array(email.trimmingCharacters(in: .whitespaces).lowercased().utf8))
        let opened: (token: String, session: StaffSession)?
        do {
            opened = try app.signIns.attempt(email: email, address: address, now: now) {
                try app.database.signIn(email: email, password: password, now: now)
            }
        } catch let error as StrataError where error.code == .rateLimited {
            try app.audit.record(AuditEntry.Draft(actor: "anonymous", role: "", action: "sign_in_throttled", target: "",
                                                  address: address, digest: account, status: 429))
            throw error
        }
        if let opened {
            let account = opened.session.account
            try app.audit.record(Principal(.staff(id: account.id, email: account.email), role: account.role, address: address),
                                 action: "sign_in", target: "", status: 200)
        } else {
            try app.audit.record(AuditEntry.Draft(actor: "anonymous", role: "", action: "sign_in_failed", target: "",
                                                  address: address, digest: account, status: 401))
        }
        return opened
    }

    /// The live session of a cookie's token, sliding its expiry up to the absolute lifetime.
    public func session(token: String) throws -> StaffSession? {
        try app.database.staffSession(token: token, now: app.clock.now(), maxAge: app.sessionMaxAge)
    }

    /// Re-seals the channel and signing secrets under a new data key: a new `DATA_DIR/secret.key`,
    /// or `newMasterKey` when the key comes from `STRATA_MASTER_KEY`. Run with the server stopped.
    ///
    /// - Returns: how many secrets were re-sealed.
    public func rotateSecrets(directory: String, newMasterKey: String?) throws -> Int {
        try app.database.rotateSecrets(directory: directory, newMasterKey: newMasterKey)
    }

    /// Ends a session.
    public func endSession(token: String) throws {
        try app.database.endStaffSession(token: token)
    }
}
