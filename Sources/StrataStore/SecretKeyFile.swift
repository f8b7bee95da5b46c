import Crypto
import Foundation
import StrataCore

/// Where the data key of a store's `SecretBox` lives: `STRATA_MASTER_KEY` when the operator gives
/// one, else `DATA_DIR/secret.key`, made at first start readable by its owner only (0600).
/// A rotation writes the new key to `secret.key.next` first, re-seals every secret in one
/// transaction, then renames it over `secret.key`; a crash between the two leaves both files,
/// and the box reads with both until the next rotation finishes.
public enum SecretKeyFile {
    /// The box for the store in `directory`.
    ///
    /// - Parameter masterKey: the operator's key (base64 of 32 bytes), if any.
    public static func box(directory: String, masterKey: String?) throws -> SecretBox {
        if let masterKey { return SecretBox(key: try SecretBox.key(base64: masterKey, source: "STRATA_MASTER_KEY")) }
        let path = keyPath(directory), next = path + ".next"
        if !FileManager.default.fileExists(atPath: path) { try write(SecretBox.newKeyText(), to: path) }
        let current = try SecretBox.key(base64: try String(contentsOfFile: path, encoding: .utf8), source: path)
        let pending = try? String(contentsOfFile: next, encoding: .utf8)
        return SecretBox(key: current, older: try pending.map { [try SecretBox.key(base64: $0, source: next)] } ?? [])
    }

    /// `DATA_DIR/secret.key`.
    public static func keyPath(_ directory: String) -> String {
        (directory as NSString).appendingPathComponent("secret.key")
    }

    /// Writes a key file readable by its owner only, through a temporary file and a rename.
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw StrataError(.unavailable, "Cannot write the key file \(path).")
        }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
