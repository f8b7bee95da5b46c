import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Seals every secret still stored in plain text (stores made before encryption at rest).
    func sealPlainSecrets() throws {
        _ = try writer.write { db in try reseal(db, with: secrets) }
    }

    /// Re-seals every stored secret under a new key and makes it the data key: the new key is
    /// written to `secret.key.next`, the secrets are re-sealed in one transaction, then the file
    /// replaces `secret.key`. A crash in between loses nothing (see `SecretKeyFile`).
    ///
    /// - Throws: `StrataError.conflict` when the key comes from `STRATA_MASTER_KEY` (rotate it
    ///   by giving the new one with `--new-master-key` and then setting it).
    /// - Returns: how many secrets were re-sealed.
    public func rotateSecrets(directory: String, newMasterKey: String? = nil) throws -> Int {
        let keyText = newMasterKey ?? SecretBox.newKeyText()
        let newKey = try SecretBox.key(base64: keyText, source: newMasterKey == nil ? "the new key" : "--new-master-key")
        let path = SecretKeyFile.keyPath(directory)
        if newMasterKey == nil { try SecretKeyFile.write(keyText, to: path + ".next") }
        let box = SecretBox(key: newKey)
        let count = try writer.write { db in try reseal(db, with: box, force: true) }
        if newMasterKey == nil {
            _ = try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.moveItem(atPath: path + ".next", toPath: path)
        }
        return count
    }

    /// Opens every stored secret with the current box and seals it with `box` (all of them with
    /// `force`, else only those in plain text).
    private func reseal(_ db: Database, with box: SecretBox, force: Bool = false) throws -> Int {
        var count = 0
        for (table, key, column) in [("channel_settings", "kind", "settings"), ("workspace_secrets", "name", "value")] {
            for row in try Row.fetchAll(db, sql: "SELECT \(key), \(column) FROM \(table)") {
                let stored: String = row[1]
                guard force || !SecretBox.isSealed(stored) else { continue }
                let sealed = try box.seal(try secrets.open(stored))
                try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [sealed, row[0] as String])
                count += 1
            }
        }
        return count
    }
}
