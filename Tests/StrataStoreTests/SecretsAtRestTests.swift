import Foundation
import GRDB
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// Channel and signing secrets are sealed with AES-GCM under a key kept outside the database:
/// the file alone reveals none, the right key reads them after a restart, a wrong one is
/// refused with a clear error, and a rotation re-seals them without losing any.
@Suite struct SecretsAtRestTests {
    static let password = "smtp-password-8c1f"
    static let settings = ChannelSettings.smtp(.init(host: "smtp.example.com", username: "mailer", password: password,
                                                     from: "ops@example.com"))

    static func storedTexts(_ database: AppDatabase) throws -> [String] {
        try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT settings FROM channel_settings")
                + String.fetchAll(db, sql: "SELECT value FROM workspace_secrets")
        }
    }

    @Test func secretsAreSealedUnderAKeyFileOnlyTheOwnerReads() throws {
        let directory = TemporaryDirectory()
        var linkSecret = ""
        do {
            let database = try AppDatabase.open(directory: directory.path)
            try database.saveChannelSettings(Self.settings, for: .email)
            linkSecret = try database.workspaceSecret("links")
            let stored = try Self.storedTexts(database)
            #expect(stored.count == 2 && stored.allSatisfy { $0.hasPrefix("enc:v1:") })
            #expect(!stored.joined().contains(Self.password) && !stored.joined().contains(linkSecret))
        }
        let keyFile = SecretKeyFile.keyPath(directory.path)
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        // The bytes of the database and its WAL hold neither secret.
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("strata.sqlite") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/" + file))
            #expect(bytes.range(of: Data(Self.password.utf8)) == nil, "\(file)")
        }
        // Reopened with the same key file: read as they were.
        let reopened = try AppDatabase.open(directory: directory.path)
        #expect(try reopened.channelSettings()[.email] == Self.settings)
        #expect(try reopened.workspaceSecret("links") == linkSecret)
        // With another key: a clear refusal, not garbage.
        let other = try AppDatabase.open(directory: directory.path, masterKey: SecretBox.newKeyText())
        #expect { try other.channelSettings() } throws: { ($0 as? StrataError)?.message.contains("another key") == true }
        #expect(throws: StrataError.self) { try AppDatabase.open(directory: directory.path, masterKey: "short") }
    }

    @Test func plainSecretsOfAnOlderStoreAreSealedAtOpenAndARotationLosesNothing() throws {
        let directory = TemporaryDirectory()
        do {
            let database = try AppDatabase.open(directory: directory.path)
            try database.saveChannelSettings(Self.settings, for: .email)
            // As a store from before encryption at rest had it.
            try database.writer.write { db in
                try db.execute(sql: "UPDATE channel_settings SET settings = ?", arguments: [Self.settings.storedJSON.jsonText])
                try db.execute(sql: "INSERT INTO workspace_secrets (name, value) VALUES ('links', 'plain-link-secret')")
            }
        }
        let database = try AppDatabase.open(directory: directory.path)
        #expect(try Self.storedTexts(database).allSatisfy { $0.hasPrefix("enc:v1:") })
        #expect(try database.workspaceSecret("links") == "plain-link-secret")
        let oldKey = try String(contentsOfFile: SecretKeyFile.keyPath(directory.path), encoding: .utf8)
        #expect(try database.rotateSecrets(directory: directory.path) == 2)
        #expect(try String(contentsOfFile: SecretKeyFile.keyPath(directory.path), encoding: .utf8) != oldKey)
        let rotated = try AppDatabase.open(directory: directory.path)
        #expect(try rotated.channelSettings()[.email] == Self.settings)
        #expect(try rotated.workspaceSecret("links") == "plain-link-secret")
        // The old key no longer opens them.
        let stale = try AppDatabase.open(directory: directory.path, masterKey: oldKey)
        #expect(throws: StrataError.self) { try stale.workspaceSecret("links") }
    }
}
