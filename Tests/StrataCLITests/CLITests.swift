import Foundation
import GRDB
import StrataApp
import StrataStore
import StrataTestSupport
import Testing

/// Runs the built `strata` executable, as a person or a script would.
struct CLI {
    /// The binary next to the test bundle (SwiftPM builds it because the tests depend on it).
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["STRATA_BIN"] { return explicit }
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("strata").path,
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("strata").path,
            Bundle.main.bundleURL.appendingPathComponent("strata").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct CLITests {
    let directory = TemporaryDirectory()

    @Test func keysCreatePrintsTheKeyAloneOnTheLastLine() throws {
        let write = try CLI.run(["keys", "create", "--write", "--data-dir", directory.path])
        #expect(write.status == 0)
        #expect(write.lastLine.hasPrefix("wk_") && write.lastLine.count == 35)
        let secret = try CLI.run(["keys", "create", "--secret", "--name", "ci"], environment: ["STRATA_DATA_DIR": directory.path])
        #expect(secret.lastLine.hasPrefix("sk_"))
        let list = try CLI.run(["keys", "list", "--data-dir", directory.path])
        #expect(list.stdout.contains("write") && list.stdout.contains("ci"))
        #expect(!list.stdout.contains(write.lastLine))
        let both = try CLI.run(["keys", "create", "--write", "--secret", "--data-dir", directory.path])
        #expect(both.status != 0)
        #expect(both.stderr.contains("exactly one"))
    }

    @Test func secretKeysGetARoleAndTheIdentitySecretProvesIds() throws {
        let analyst = try CLI.run(["keys", "create", "--secret", "--role", "analyst", "--data-dir", directory.path])
        #expect(analyst.status == 0 && analyst.stdout.contains("acting as analyst") && analyst.lastLine.hasPrefix("sk_"))
        let list = try CLI.run(["keys", "list", "--data-dir", directory.path])
        #expect(list.stdout.contains("\tanalyst\t"))
        let bad = try CLI.run(["keys", "create", "--secret", "--role", "owner", "--data-dir", directory.path])
        #expect(bad.status != 0 && bad.stderr.contains("admin, operator, analyst, viewer"))
        let writeWithRole = try CLI.run(["keys", "create", "--write", "--role", "viewer", "--data-dir", directory.path])
        #expect(writeWithRole.status != 0)
        // The proof of an id is the hex HMAC-SHA256 under the printed secret, the same on every call.
        let secret = try CLI.run(["keys", "identity-secret", "--data-dir", directory.path]).lastLine
        #expect(secret.count >= 40)
        #expect(try CLI.run(["keys", "identity-secret", "--data-dir", directory.path]).lastLine == secret)
        let proof = try CLI.run(["keys", "identity-secret", "--user", "u_1001", "--data-dir", directory.path]).lastLine
        #expect(proof == IdentityVerifier(secret: secret).proof(for: "u_1001") && proof.count == 64)
    }

    @Test func auditVerifyFindsAHandEditedEntry() throws {
        let database = try AppDatabase.open(directory: directory.path)
        for i in 0..<3 {
            try database.appendAudit(.init(actor: "cli", role: "admin", action: "keys create", target: "key \(i)", status: 0))
        }
        let intact = try CLI.run(["audit", "verify", "--data-dir", directory.path])
        #expect(intact.status == 0 && intact.stdout.contains("3 entries are intact"))
        #expect(try CLI.run(["audit", "list", "--data-dir", directory.path]).stdout.contains("keys create"))
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET actor = 'staff:9' WHERE id = 2")
        }
        let broken = try CLI.run(["audit", "verify", "--data-dir", directory.path])
        #expect(broken.status != 0 && broken.stderr.contains("broken at entry 2"))
    }

    @Test func commandsThatWriteAreInTheAuditLog() throws {
        #expect(try CLI.run(["keys", "create", "--secret", "--role", "viewer", "--data-dir", directory.path]).status == 0)
        #expect(try CLI.run(["keys", "revoke", "999", "--data-dir", directory.path]).status != 0)
        _ = try CLI.run(["keys", "list", "--data-dir", directory.path])  // reads leave nothing
        let entries = try AppDatabase.open(directory: directory.path).auditEntries(limit: 10)
        #expect(entries.map(\.action) == ["keys revoke", "keys create"])
        #expect(entries.map(\.status) == [1, 0] && entries.allSatisfy { $0.actor == "cli" && $0.digest.count == 64 })
        #expect(try CLI.run(["audit", "verify", "--data-dir", directory.path]).status == 0)
    }

    @Test func theDemoListensOnLoopbackOnly() throws {
        let exposed = try CLI.run(["demo", "--host", "0.0.0.0", "--users", "100", "--data-dir", directory.path])
        #expect(exposed.status != 0 && exposed.stderr.contains("loopback only"))
    }

    @Test func theDataDirectoryIsTheOwnersAlone() throws {
        let fresh = directory.path + "/new-store"
        _ = try CLI.run(["keys", "list", "--data-dir", fresh])
        let mode = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func importIsRerunnableAndReportsQuarantine() throws {
        let file = directory.file("events.jsonl")
        try """
            {"type":"identify","userId":"u1","traits":{"city":"Beijing"},"messageId":"i1"}
            {"type":"track","userId":"u1","event":"purchase","properties":{"revenue":9.5},"messageId":"t1"}
            {"type":"track","event":"orphan","messageId":"t2"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let data = directory.file("data")
        let first = try CLI.run(["import", file, "--data-dir", data])
        #expect(first.status == 0)
        #expect(first.stdout.contains("2 accepted, 0 duplicate, 1 quarantined"))
        let second = try CLI.run(["import", file, "--data-dir", data])
        #expect(second.stdout.contains("0 accepted, 2 duplicate, 1 quarantined"))
        let quarantine = try CLI.run(["quarantine", "--data-dir", data])
        #expect(quarantine.stdout.contains("missing_identity"))
        #expect(quarantine.stdout.contains("orphan"))
        let missing = try CLI.run(["import", directory.file("nope.jsonl"), "--data-dir", data])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Cannot open"))
    }

    @Test func demoCreatesDataOnceWithoutServing() throws {
        let data = directory.file("demo")
        let first = try CLI.run(["demo", "--data-dir", data, "--users", "200", "--no-serve"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("Demo data: 200 users"))
        let second = try CLI.run(["demo", "--data-dir", data, "--users", "200", "--no-serve"])
        #expect(second.stdout.contains("Using the demo data already"))
        let bad = try CLI.run(["demo", "--data-dir", data, "--users", "5", "--no-serve"])
        #expect(bad.status != 0)
    }

    @Test func serveRefusesABadTimeZoneOrPort() throws {
        let zone = try CLI.run(["serve", "--data-dir", directory.path, "--time-zone", "Mars/Olympus"])
        #expect(zone.status != 0 && zone.stderr.contains("Unknown time zone"))
        let port = try CLI.run(["serve", "--data-dir", directory.path, "--port", "70000"])
        #expect(port.status != 0)
    }
}

@Suite struct SegmentCLITests {
    let directory = TemporaryDirectory()

    @Test func previewEndsWithOneJSONLineHoldingTheSize() throws {
        let file = directory.file("events.jsonl")
        try """
            {"type":"identify","userId":"u1","traits":{"city":"Beijing"},"timestamp":"2026-09-01T00:00:00Z"}
            {"type":"identify","userId":"u2","traits":{"city":"Wuhan"},"timestamp":"2026-09-01T00:00:00Z"}
            {"type":"track","userId":"u1","event":"view_item","timestamp":"2026-09-20T00:00:00Z"}
            {"type":"track","userId":"u2","event":"view_item","timestamp":"2026-09-01T00:00:00Z"}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let data = directory.file("data")
        #expect(try CLI.run(["import", file, "--data-dir", data]).status == 0)
        let preview = try CLI.run(["segment", "preview", "--data-dir", data, "--as-of", "2026-09-30",
                                   "--rule", "did view_item in 14d"])
        #expect(preview.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(preview.lastLine.utf8)) as? [String: Any]
        #expect(json?["size"] as? Int == 1)
        #expect(json?["sample"] as? [String] == ["u1"])
        #expect(preview.stdout.contains("did view_item in the last 14 days"))
        let older = try CLI.run(["segment", "preview", "--data-dir", data, "--as-of", "2026-09-10", "--rule", "did view_item in 14d"])
        #expect((try JSONSerialization.jsonObject(with: Data(older.lastLine.utf8)) as? [String: Any])?["size"] as? Int == 1)
        let bad = try CLI.run(["segment", "preview", "--data-dir", data, "--rule", "did vew_item"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("view_item"))
    }
}
