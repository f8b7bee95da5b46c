import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// `strata staff add/list/role/password/remove`, run as the built binary.
@Suite struct StaffCommandTests {
    let directory = TemporaryDirectory()
    var data: String { directory.file("data") }

    /// Runs `strata staff …` on the test's data directory, with `input` on standard input.
    func staff(_ arguments: [String], input: String? = nil) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["staff"] + arguments + ["--data-dir", data]
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = env
        let stdin = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    func database() throws -> AppDatabase { try AppDatabase.open(directory: data) }

    func signsIn(_ email: String, _ password: String) throws -> Bool {
        try database().signIn(email: email, password: password, now: Int64(Date().timeIntervalSince1970 * 1000)) != nil
    }

    @Test func addWithAPasswordFromStandardInput() throws {
        let added = try staff(["add", "--email", "Ops@Example.com", "--name", "运营小王", "--role", "operator", "--password-stdin"],
                              input: "a long enough passphrase\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added ops@example.com as operator."))
        #expect(!added.stdout.contains("Password"), "a given password is not printed")
        #expect(!added.stdout.contains("a long enough passphrase"))
        let account = try #require(try database().staffAccount(email: "ops@example.com"))
        #expect(account.role == .operator)
        #expect(account.name == "运营小王")
        #expect(try signsIn("ops@example.com", "a long enough passphrase"))
        #expect(try !signsIn("ops@example.com", "a long enough passphrase\n"))
    }

    @Test func addWithoutAPasswordPrintsANewOneOnce() throws {
        let added = try staff(["add", "--email", "viewer@example.com"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added viewer@example.com as viewer."), "the default role is viewer")
        let line = try #require(added.stdout.split(separator: "\n").first { $0.hasPrefix("Password (shown once): ") })
        let password = String(line.dropFirst("Password (shown once): ".count))
        #expect(password.count == 20)
        #expect(try signsIn("viewer@example.com", password))
        #expect(try database().staffAccount(email: "viewer@example.com")?.name == "viewer@example.com")
        // Another account gets another password.
        let second = try staff(["add", "--email", "second@example.com"])
        #expect(!second.stdout.contains(password))
    }

    @Test func addRefusesBadInputAndStoresNothing() throws {
        let role = try staff(["add", "--email", "x@example.com", "--role", "superuser"])
        #expect(role.status != 0)
        #expect(role.stderr.contains("admin, operator, analyst, viewer"))
        let short = try staff(["add", "--email", "x@example.com", "--password-stdin"], input: "short\n")
        #expect(short.status != 0)
        #expect(short.stderr.contains("10 to 200 characters"))
        let empty = try staff(["add", "--email", "x@example.com", "--password-stdin"], input: "")
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("standard input"))
        let email = try staff(["add", "--email", "not-an-email"])
        #expect(email.status != 0)
        #expect(email.stderr.contains("email"))
        #expect(try database().staffAccounts().isEmpty)
        #expect(try staff(["add", "--email", "x@example.com"]).status == 0)
        let taken = try staff(["add", "--email", "X@example.com", "--role", "admin"])
        #expect(taken.status != 0)
        #expect(taken.stderr.contains("exists already"))
        #expect(try database().staffAccounts().map(\.role) == [.viewer])
    }

    @Test func listShowsAccountsButNoSecrets() throws {
        let none = try staff(["list"])
        #expect(none.status == 0)
        #expect(none.stdout.contains("No accounts"))
        #expect(try staff(["add", "--email", "zoe@example.com", "--name", "Zoe", "--role", "analyst", "--password-stdin"],
                          input: "zoe's long passphrase\n").status == 0)
        #expect(try staff(["add", "--email", "adam@example.com", "--name", "Adam", "--role", "admin", "--password-stdin"],
                          input: "adam's long passphrase\n").status == 0)
        let list = try staff(["list"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("adam@example.com\tadmin\tAdam\t") == true)
        #expect(lines.last?.hasPrefix("zoe@example.com\tanalyst\tZoe\t") == true)
        #expect(!list.stdout.contains("passphrase"))
        #expect(!list.stdout.contains("scrypt"))
    }

    @Test func roleChangesTheRoleButNotTheLastAdmins() throws {
        #expect(try staff(["add", "--email", "admin@example.com", "--role", "admin"]).status == 0)
        #expect(try staff(["add", "--email", "ops@example.com", "--role", "viewer"]).status == 0)
        let changed = try staff(["role", "ops@example.com", "operator"])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("ops@example.com is now operator."))
        #expect(try database().staffAccount(email: "ops@example.com")?.role == .operator)
        let last = try staff(["role", "admin@example.com", "viewer"])
        #expect(last.status != 0)
        #expect(last.stderr.contains("last admin"))
        #expect(try database().staffAccount(email: "admin@example.com")?.role == .admin)
        let unknown = try staff(["role", "nobody@example.com", "admin"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("No account for nobody@example.com"))
        let badRole = try staff(["role", "ops@example.com", "boss"])
        #expect(badRole.status != 0)
        #expect(try database().staffAccount(email: "ops@example.com")?.role == .operator)
    }

    @Test func passwordSetsANewOneAndSignsTheAccountOut() throws {
        #expect(try staff(["add", "--email", "ops@example.com", "--password-stdin"], input: "the first passphrase\n").status == 0)
        let session = try #require(try database().signIn(email: "ops@example.com", password: "the first passphrase",
                                                         now: Int64(Date().timeIntervalSince1970 * 1000)))
        let changed = try staff(["password", "ops@example.com", "--password-stdin"], input: "the second passphrase\n")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("New password set for ops@example.com."))
        #expect(try !signsIn("ops@example.com", "the first passphrase"))
        #expect(try signsIn("ops@example.com", "the second passphrase"))
        #expect(try database().staffSession(token: session.token, now: Int64(Date().timeIntervalSince1970 * 1000)) == nil)
        // Without standard input, a new one is made and printed.
        let generated = try staff(["password", "ops@example.com"])
        #expect(generated.status == 0)
        let line = try #require(generated.stdout.split(separator: "\n").first { $0.hasPrefix("Password (shown once): ") })
        #expect(try signsIn("ops@example.com", String(line.dropFirst("Password (shown once): ".count))))
        #expect(try !signsIn("ops@example.com", "the second passphrase"))
        let short = try staff(["password", "ops@example.com", "--password-stdin"], input: "short\n")
        #expect(short.status != 0)
        #expect(try staff(["password", "nobody@example.com"]).status != 0)
    }

    @Test func removeDeletesAnAccountButNotTheLastAdmin() throws {
        #expect(try staff(["add", "--email", "admin@example.com", "--role", "admin"]).status == 0)
        #expect(try staff(["add", "--email", "ops@example.com", "--role", "operator", "--password-stdin"],
                          input: "ops long passphrase\n").status == 0)
        let session = try #require(try database().signIn(email: "ops@example.com", password: "ops long passphrase",
                                                         now: Int64(Date().timeIntervalSince1970 * 1000)))
        let removed = try staff(["remove", "ops@example.com"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("Removed ops@example.com."))
        #expect(try database().staffAccount(email: "ops@example.com") == nil)
        #expect(try database().staffSession(token: session.token, now: Int64(Date().timeIntervalSince1970 * 1000)) == nil)
        let last = try staff(["remove", "admin@example.com"])
        #expect(last.status != 0)
        #expect(last.stderr.contains("last admin"))
        #expect(try database().staffAccounts().map(\.email) == ["admin@example.com"])
        #expect(try staff(["remove", "ops@example.com"]).status != 0)
    }
}
