import Foundation
import GRDB
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

@Suite struct StaffAccountTests {
    let directory = TemporaryDirectory()
    /// A low scrypt cost so the suite stays fast; the format and checks are the same.
    static let fast = PasswordHash(rounds: 1 << 10)
    static let t0 = Fixtures.referenceTime
    static let password = "correct horse battery"

    func database() throws -> AppDatabase { try Fixtures.database(in: directory) }

    @discardableResult
    func add(_ database: AppDatabase, _ email: String, _ role: StaffRole, name: String = "Ops",
             password: String = StaffAccountTests.password) throws -> StaffAccount {
        try database.createStaff(email: email, name: name, role: role, password: password, hasher: Self.fast, now: Self.t0)
    }

    func storedHash(_ database: AppDatabase, _ email: String) throws -> String? {
        try database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM staff WHERE email = ?", arguments: [email])
        }
    }

    static func code(_ body: () throws -> Void) -> StrataError.Code? {
        do {
            try body()
            return nil
        } catch let error as StrataError {
            return error.code
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: - Password hashes

    @Test func hashesAreSaltedScryptInTheDocumentedFormat() throws {
        let first = try Self.fast.hash(Self.password)
        let second = try Self.fast.hash(Self.password)
        #expect(first != second, "a fresh salt each time")
        for hash in [first, second] {
            let parts = hash.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 6)
            #expect(Array(parts.prefix(4)) == ["scrypt", "1024", "8", "1"])
            #expect(Data(base64Encoded: parts[4])?.count == 16)
            #expect(Data(base64Encoded: parts[5])?.count == 32)
            #expect(!hash.contains(Self.password))
        }
        #expect(PasswordHash.verify(Self.password, against: first))
        #expect(PasswordHash.verify(Self.password, against: second))
    }

    @Test func theStandardCostIsScryptN32768() {
        #expect(PasswordHash.standard.rounds == 1 << 15)
        #expect(PasswordHash.standard.blockSize == 8)
        #expect(PasswordHash.standard.parallelism == 1)
    }

    @Test func verifyRefusesWrongPasswordsAndMalformedOrTamperedHashes() throws {
        let hash = try Self.fast.hash(Self.password)
        #expect(!PasswordHash.verify("correct horse battery ", against: hash))
        #expect(!PasswordHash.verify("Correct horse battery", against: hash))
        #expect(!PasswordHash.verify("", against: hash))
        let parts = hash.split(separator: "$").map(String.init)
        var tampered = Data(base64Encoded: parts[5])!
        tampered[0] ^= 1
        let malformed = [
            "", Self.password, "scrypt$1024$8$1$\(parts[4])",
            "bcrypt$1024$8$1$\(parts[4])$\(parts[5])",
            "scrypt$1000$8$1$\(parts[4])$\(parts[5])",          // not a power of two
            "scrypt$\(1 << 21)$8$1$\(parts[4])$\(parts[5])",    // a cost that would exhaust the server
            "scrypt$1024$0$1$\(parts[4])$\(parts[5])",
            "scrypt$1024$8$99$\(parts[4])$\(parts[5])",
            "scrypt$1024$8$1$!!!$\(parts[5])",
            "scrypt$1024$8$1$\(parts[4])$\(tampered.base64EncodedString())",
            "scrypt$2048$8$1$\(parts[4])$\(parts[5])",          // the right key under another cost
        ]
        for stored in malformed {
            #expect(!PasswordHash.verify(Self.password, against: stored), "\(stored)")
        }
    }

    @Test func randomTokensAreLongURLSafeAndUnique() {
        let tokens = (0..<200).map { _ in AppDatabase.randomToken() }
        #expect(Set(tokens).count == tokens.count)
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.unicodeScalars.allSatisfy { allowed.contains($0) })
        }
    }

    // MARK: - Accounts

    @Test func accountsAreStoredWithALowerCaseEmailAndOnlyAHash() throws {
        let database = try database()
        let account = try add(database, "  Ops@Example.COM ", .operator, name: " 运营小王 ")
        #expect(account.email == "ops@example.com")
        #expect(account.name == "运营小王")
        #expect(account.role == .operator)
        #expect(account.createdAt == Self.t0)
        #expect(try database.staffAccount(id: account.id) == account)
        #expect(try database.staffAccount(email: "OPS@example.com") == account)
        let hash = try #require(try storedHash(database, "ops@example.com"))
        #expect(hash.hasPrefix("scrypt$1024$8$1$"))
        #expect(!hash.contains(Self.password))
        #expect(PasswordHash.verify(Self.password, against: hash))
    }

    @Test func anAccountWithoutANameIsShownByItsEmail() throws {
        let database = try database()
        let account = try add(database, "viewer@example.com", .viewer, name: "  ")
        #expect(account.name == "viewer@example.com")
        #expect(try database.staffAccount(id: account.id)?.name == "viewer@example.com")
    }

    @Test func aTakenEmailOrBadFieldsAreRefusedAndNothingIsStored() throws {
        let database = try database()
        try add(database, "ops@example.com", .admin)
        #expect(Self.code { try add(database, "OPS@example.com", .viewer) } == .conflict)
        #expect(Self.code { try add(database, "not-an-email", .viewer) } == .invalidField)
        #expect(Self.code { try add(database, "short@example.com", .viewer, password: "123456789") } == .invalidField)
        #expect(try database.staffAccounts().map(\.email) == ["ops@example.com"])
        #expect(try database.staffAccount(email: "ops@example.com")?.role == .admin)
    }

    @Test func accountsAreListedByEmail() throws {
        let database = try database()
        try add(database, "zoe@example.com", .viewer)
        try add(database, "adam@example.com", .admin)
        try add(database, "mia@example.com", .analyst)
        #expect(try database.staffAccounts().map(\.email) == ["adam@example.com", "mia@example.com", "zoe@example.com"])
        #expect(try database.staffAccounts().map(\.role) == [.admin, .analyst, .viewer])
        #expect(try database.staffAccount(email: "nobody@example.com") == nil)
        #expect(try database.staffAccount(id: 9999) == nil)
    }

    // MARK: - Signing in

    @Test func theRightPasswordOpensASessionAndAWrongOneDoesNot() throws {
        let database = try database()
        let account = try add(database, "ops@example.com", .analyst)
        #expect(try database.signIn(email: "ops@example.com", password: "wrong password!", now: Self.t0) == nil)
        #expect(try database.signIn(email: "nobody@example.com", password: Self.password, now: Self.t0) == nil)
        let opened = try #require(try database.signIn(email: " OPS@example.com ", password: Self.password, now: Self.t0))
        #expect(opened.session.account == account)
        #expect(opened.session.expiresAt == Self.t0 + AppDatabase.sessionLifetime)
        #expect(opened.token.count == 43 && opened.session.csrf.count == 43)
        #expect(opened.token != opened.session.csrf)
        #expect(try database.staffSession(token: opened.token, now: Self.t0 + 1000) == opened.session)
        #expect(try database.staffSession(token: opened.token + "x", now: Self.t0) == nil)
        #expect(try database.staffSession(token: "", now: Self.t0) == nil)
        // Only a hash of the token is stored.
        let stored = try database.writer.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM staff_sessions") }
        #expect(stored.count == 1)
        #expect(!stored.contains(opened.token))
    }

    @Test func aSessionInUseStillEndsAtItsAbsoluteLifetime() throws {
        let database = try database()
        try add(database, "ops@example.com", .operator)
        let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let hour: Int64 = 3_600_000
        // Used every two hours, the sliding expiry keeps it open ...
        var now = Self.t0
        while now + 2 * hour < Self.t0 + AppDatabase.sessionMaxAge {
            now += 2 * hour
            let session = try #require(try database.staffSession(token: opened.token, now: now), "\(now - Self.t0) ms in")
            #expect(session.expiresAt <= Self.t0 + AppDatabase.sessionMaxAge)
        }
        // ... until 7 days after the sign-in, when it ends for good.
        #expect(try database.staffSession(token: opened.token, now: Self.t0 + AppDatabase.sessionMaxAge) == nil)
        // A shorter configured lifetime.
        let other = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        #expect(try database.staffSession(token: other.token, now: Self.t0 + 2 * hour, maxAge: hour) == nil)
    }

    @Test func everySignInIsItsOwnSessionWithItsOwnCSRFToken() throws {
        let database = try database()
        try add(database, "ops@example.com", .operator)
        let a = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let b = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        #expect(a.token != b.token && a.session.csrf != b.session.csrf)
        try database.endStaffSession(token: a.token)
        #expect(try database.staffSession(token: a.token, now: Self.t0) == nil)
        #expect(try database.staffSession(token: b.token, now: Self.t0) != nil)
    }

    @Test func wrongPasswordsNeverLockTheAccountInTheStore() throws {
        // Throttling is per client address, in the application layer (SignInThrottle); the
        // store itself never locks an account, so a stranger cannot lock anyone out.
        let database = try database()
        try add(database, "ops@example.com", .admin)
        for i in 0..<50 {
            #expect(try database.signIn(email: "ops@example.com", password: "wrong password \(i)", now: Self.t0) == nil)
        }
        #expect(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0) != nil)
        #expect(try database.signIn(email: "nobody@example.com", password: Self.password, now: Self.t0) == nil)
    }

    // MARK: - Sessions

    @Test func aSessionEndsTwelveHoursAfterItsLastUse() throws {
        let database = try database()
        try add(database, "ops@example.com", .viewer)
        #expect(AppDatabase.sessionLifetime == 12 * 3_600_000)
        // (Looking a session up uses it, so each probe gets its own session.)
        let a = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let b = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        #expect(try database.staffSession(token: a.token, now: Self.t0 + AppDatabase.sessionLifetime - 1) != nil)
        // Unused, it is gone at its expiry, and stays gone.
        #expect(try database.staffSession(token: b.token, now: Self.t0 + AppDatabase.sessionLifetime) == nil)
        #expect(try database.staffSession(token: b.token, now: Self.t0 + 2 * AppDatabase.sessionLifetime) == nil)
    }

    @Test func usingASessionExtendsIt() throws {
        let database = try database()
        try add(database, "ops@example.com", .viewer)
        let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let early = try #require(try database.staffSession(token: opened.token, now: Self.t0 + 60_000))
        #expect(early.expiresAt == Self.t0 + AppDatabase.sessionLifetime, "not rewritten within the first hour")
        let later = Self.t0 + 2 * 3_600_000
        let used = try #require(try database.staffSession(token: opened.token, now: later))
        #expect(used.expiresAt == later + AppDatabase.sessionLifetime)
        // Past the original expiry it is still open; twelve hours after the last use it is not.
        #expect(try database.staffSession(token: opened.token, now: later + AppDatabase.sessionLifetime) == nil)
        let other = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        _ = try database.staffSession(token: other.token, now: later)
        #expect(try database.staffSession(token: other.token, now: Self.t0 + AppDatabase.sessionLifetime + 1) != nil)
    }

    @Test func aSessionSeesRoleChangesAtOnce() throws {
        let database = try database()
        try add(database, "admin@example.com", .admin)
        let account = try add(database, "ops@example.com", .operator)
        let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        try database.setStaffRole(id: account.id, to: .viewer)
        #expect(try database.staffSession(token: opened.token, now: Self.t0)?.account.role == .viewer)
        #expect(try database.staffAccount(id: account.id)?.role == .viewer)
    }

    @Test func changingThePasswordEndsEverySessionOfTheAccount() throws {
        let database = try database()
        let account = try add(database, "ops@example.com", .operator)
        try add(database, "other@example.com", .viewer)
        let a = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let b = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        let other = try #require(try database.signIn(email: "other@example.com", password: Self.password, now: Self.t0))
        try database.setStaffPassword(id: account.id, to: "a brand new passphrase", hasher: Self.fast)
        #expect(try database.staffSession(token: a.token, now: Self.t0) == nil)
        #expect(try database.staffSession(token: b.token, now: Self.t0) == nil)
        #expect(try database.staffSession(token: other.token, now: Self.t0) != nil)
        #expect(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0) == nil)
        #expect(try database.signIn(email: "ops@example.com", password: "a brand new passphrase", now: Self.t0) != nil)
    }

    @Test func aNewPasswordLiftsALockAndMustBeLongEnough() throws {
        let database = try database()
        let account = try add(database, "ops@example.com", .operator)
        for _ in 0..<10 { _ = try database.signIn(email: "ops@example.com", password: "wrong password", now: Self.t0) }
        #expect(Self.code { try database.setStaffPassword(id: account.id, to: "short", hasher: Self.fast) } == .invalidField)
        #expect(Self.code { try database.setStaffPassword(id: 9999, to: "long enough password", hasher: Self.fast) } == .notFound)
        try database.setStaffPassword(id: account.id, to: "long enough password", hasher: Self.fast)
        #expect(try database.signIn(email: "ops@example.com", password: "long enough password", now: Self.t0) != nil)
    }

    // MARK: - Roles and removal

    @Test func theLastAdminCanNeitherBeDemotedNorRemoved() throws {
        let database = try database()
        let admin = try add(database, "admin@example.com", .admin)
        let viewer = try add(database, "viewer@example.com", .viewer)
        for role in [StaffRole.operator, .analyst, .viewer] {
            #expect(Self.code { try database.setStaffRole(id: admin.id, to: role) } == .conflict)
        }
        #expect(Self.code { try database.deleteStaff(id: admin.id) } == .conflict)
        #expect(try database.staffAccount(id: admin.id)?.role == .admin)
        // Making an admin an admin again is fine; other accounts change freely.
        try database.setStaffRole(id: admin.id, to: .admin)
        try database.setStaffRole(id: viewer.id, to: .analyst)
        #expect(try database.staffAccount(id: viewer.id)?.role == .analyst)
        // With a second admin, the first may step down, and then the second is the last.
        try database.setStaffRole(id: viewer.id, to: .admin)
        try database.setStaffRole(id: admin.id, to: .viewer)
        #expect(Self.code { try database.setStaffRole(id: viewer.id, to: .operator) } == .conflict)
        #expect(Self.code { try database.deleteStaff(id: viewer.id) } == .conflict)
        try database.deleteStaff(id: admin.id)
        #expect(try database.staffAccounts().map(\.email) == ["viewer@example.com"])
    }

    @Test func unknownAccountsAreNotFound() throws {
        let database = try database()
        try add(database, "admin@example.com", .admin)
        #expect(Self.code { try database.setStaffRole(id: 9999, to: .viewer) } == .notFound)
        #expect(Self.code { try database.deleteStaff(id: 9999) } == .notFound)
    }

    @Test func removingAnAccountEndsItsSessions() throws {
        let database = try database()
        try add(database, "admin@example.com", .admin)
        let ops = try add(database, "ops@example.com", .operator)
        let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0))
        try database.deleteStaff(id: ops.id)
        #expect(try database.staffSession(token: opened.token, now: Self.t0) == nil)
        #expect(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.t0) == nil)
        let sessions = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM staff_sessions") }
        #expect(sessions == 0)
        // The email may be used again.
        try add(database, "ops@example.com", .viewer)
    }
}
