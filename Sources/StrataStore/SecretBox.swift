import Crypto
import Foundation
import StrataCore

/// Encrypts the workspace's secrets at rest (AES-256-GCM): channel settings (SMTP passwords,
/// provider keys, webhook signing secrets) and the link and identity signing secrets. The data
/// key comes from `STRATA_MASTER_KEY` or from `DATA_DIR/secret.key` (mode 0600, made at first
/// start), never from the database, so a copy of `strata.sqlite` alone reveals no secret.
///
/// A stored value reads `enc:v1:` and the base64 of nonce, ciphertext and tag. During a key
/// rotation the box holds the new key and the old one, and reads with either.
public struct SecretBox: Sendable {
    private let keys: [SymmetricKey]

    /// The prefix of an encrypted value.
    static let prefix = "enc:v1:"

    /// A box that writes with `key` and also reads with `older` keys.
    public init(key: SymmetricKey, older: [SymmetricKey] = []) {
        keys = [key] + older
    }

    /// A box with a fresh random key (in-memory stores, tests).
    public static func ephemeral() -> SecretBox { SecretBox(key: SymmetricKey(size: .bits256)) }

    /// The key of a base64 text of 32 bytes.
    ///
    /// - Throws: `StrataError.invalidField` saying what a key looks like.
    public static func key(base64 text: String, source: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            throw StrataError(.invalidField, "\(source) must be 32 random bytes in base64 (for example the output of "
                + "`openssl rand -base64 32`).", field: "master_key")
        }
        return SymmetricKey(data: data)
    }

    /// A new random key as base64 text.
    public static func newKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// `text` sealed under the current key.
    public func seal(_ text: String) throws -> String {
        let sealed = try AES.GCM.seal(Data(text.utf8), using: keys[0])
        guard let combined = sealed.combined else { throw StrataError(.unavailable, "AES-GCM gave no sealed box.") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// Whether a stored value is sealed (values stored before encryption are not).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// The text of a stored value: opened with whichever key sealed it, or as it is when it was
    /// stored before encryption.
    ///
    /// - Throws: `StrataError.unavailable` when no key opens it (the wrong `secret.key` or
    ///   `STRATA_MASTER_KEY`).
    public func open(_ stored: String) throws -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data) else {
            throw StrataError(.unavailable, "A stored secret is damaged and cannot be read.")
        }
        for key in keys {
            if let plain = try? AES.GCM.open(box, using: key), let text = String(data: plain, encoding: .utf8) { return text }
        }
        throw StrataError(.unavailable, "The stored secrets were sealed with another key: start with the data directory's "
            + "own secret.key, or the STRATA_MASTER_KEY they were written with.")
    }
}
