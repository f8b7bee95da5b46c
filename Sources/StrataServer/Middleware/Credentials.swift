import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Finds and checks the API key of a request: HTTP Basic (key as user name), Bearer, or a key
/// in the body (browser analytics.js sends `writeKey`, PostHog `api_key`).
struct Credentials: Sendable {
    let keys: KeyRing
    let rateLimiter: RateLimiter?
    /// Whether `X-Forwarded-For` names the client (see `ClientAddress`).
    var behindProxy = false

    /// The key in the `Authorization` header, if any.
    static func headerKey(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        switch parts[0].lowercased() {
        case "basic":
            guard let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            let user = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return user.isEmpty ? nil : String(user)
        case "bearer":
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        default:
            return nil
        }
    }

    /// Checks a key for `kind`, takes a rate-limit token for it, and says who it acts as.
    ///
    /// - Throws: `unauthorized` without a valid key, `rateLimited` over the limit.
    @discardableResult
    func authorize(_ key: String?, as kind: APIKey.Kind, address: String? = nil) throws -> Principal {
        guard let key, !key.isEmpty else {
            throw StrataError(.unauthorized, kind == .write
                ? "No write key: send it as the HTTP Basic user name (\"WRITE_KEY:\" in base64) or as writeKey in the body."
                : "No secret key: send \"Authorization: Bearer SECRET_KEY\".")
        }
        guard let principal = keys.principal(for: key, as: kind, address: address) else {
            throw StrataError(.unauthorized, kind == .write
                ? "The write key is not valid or was revoked. Create one with `strata keys create --write`."
                : "The secret key is not valid or was revoked. Create one with `strata keys create --secret`.")
        }
        try rateLimiter?.take(for: key)
        return principal
    }
}
