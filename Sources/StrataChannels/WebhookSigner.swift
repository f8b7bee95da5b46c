import Crypto
import Foundation

/// Signs and verifies webhooks the way the Standard Webhooks specification does: the headers
/// `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature` (`v1,<base64>` entries
/// separated by spaces), each signature an HMAC-SHA256 over `id.timestamp.body` with a secret
/// written `whsec_<base64>`. Several secrets sign at once while a key is being rotated, and a
/// receiver accepts any one of them.
public struct WebhookSigner: Sendable {
    /// Why a webhook was refused.
    public enum VerificationError: Error, Equatable, Sendable {
        case missingHeader(String)
        case staleTimestamp
        case badSignature
    }

    /// The keys (decoded from `whsec_…`).
    private let keys: [SymmetricKey]

    /// A signer with one or more secrets (`whsec_` followed by base64; a secret without the
    /// prefix is used as raw bytes).
    public init(secrets: [String]) {
        keys = secrets.map { secret in
            if secret.hasPrefix("whsec_"), let data = Data(base64Encoded: String(secret.dropFirst(6))) {
                return SymmetricKey(data: data)
            }
            return SymmetricKey(data: Data(secret.utf8))
        }
    }

    /// A new random secret, `whsec_` and 32 random bytes in base64.
    public static func newSecret() -> String {
        "whsec_" + SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The `webhook-signature` value for a message.
    public func signature(id: String, timestamp: Int64, body: Data) -> String {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        return keys.map { key in
            "v1," + Data(HMAC<SHA256>.authenticationCode(for: content, using: key)).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three headers for a message.
    public func headers(id: String, timestamp: Int64, body: Data) -> [(String, String)] {
        [("webhook-id", id), ("webhook-timestamp", String(timestamp)),
         ("webhook-signature", signature(id: id, timestamp: timestamp, body: body))]
    }

    /// Checks a received webhook: the headers are present, the timestamp is within `tolerance`
    /// seconds of `now`, and one signature matches one of the secrets (compared in constant time).
    public func verify(headers: [String: String], body: Data, now: Int64, tolerance: Int64 = 300) throws(VerificationError) {
        func header(_ name: String) throws(VerificationError) -> String {
            guard let value = headers.first(where: { $0.key.lowercased() == name })?.value, !value.isEmpty else {
                throw .missingHeader(name)
            }
            return value
        }
        let id = try header("webhook-id")
        let timestampText = try header("webhook-timestamp")
        let signatures = try header("webhook-signature")
        guard let timestamp = Int64(timestampText) else { throw .staleTimestamp }
        let (age, overflow) = now.subtractingReportingOverflow(timestamp)
        guard !overflow, age.magnitude <= tolerance.magnitude else { throw .staleTimestamp }
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        for entry in signatures.split(separator: " ") where entry.hasPrefix("v1,") {
            guard let given = Data(base64Encoded: String(entry.dropFirst(3))) else { continue }
            for key in keys where HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: content, using: key) {
                return
            }
        }
        throw .badSignature
    }
}
