import Crypto
import Foundation
import StrataCore

/// Proof that a browser or app speaks for a user (身份校验): the app's server computes
/// `HMAC-SHA256(identity secret, id)` in hex and hands it to its client, which sends it as
/// `userHash` beside the id. The public write key ships in every client, so it cannot be the
/// proof; the identity secret never leaves the app's server. In-app messaging products verify
/// identity the same way.
public struct IdentityVerifier: Sendable {
    private let key: SymmetricKey

    /// A verifier under the workspace's identity secret (base64 or text).
    public init(secret: String) {
        key = SymmetricKey(data: Data(base64Encoded: secret) ?? Data(secret.utf8))
    }

    /// The proof for `id`: lowercase hex of HMAC-SHA256 of its UTF-8 bytes.
    public func proof(for id: String) -> String {
        ConstantTime.hex(HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: key))
    }

    /// Checks the proof sent for `id`, in constant time.
    ///
    /// - Throws: `StrataError.unauthorized` saying how to compute it when it is missing or wrong.
    public func verify(_ proof: String?, for id: String) throws {
        guard let proof, !proof.isEmpty else {
            throw StrataError(.unauthorized, "Send userHash, the hex HMAC-SHA256 of the id under the workspace's identity "
                + "secret, computed by your server (`strata keys identity-secret` prints the secret).", field: "userHash")
        }
        guard ConstantTime.equal(self.proof(for: id), proof.lowercased()) else {
            throw StrataError(.unauthorized, "userHash does not match the id; compute it on your server as the hex "
                + "HMAC-SHA256 of the id under the workspace's identity secret.", field: "userHash")
        }
    }
}
