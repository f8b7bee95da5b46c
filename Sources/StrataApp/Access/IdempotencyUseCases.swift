import Crypto
import Foundation
import StrataCore

/// Requests sent with an `Idempotency-Key`: the first answer is stored and replayed for 24
/// hours to a retry with the same request; the same key with a different request is refused.
/// Concurrent first calls all answer with the one answer stored first.
public struct IdempotencyUseCases: Sendable {
    let app: AppServices

    /// Runs `work` once per key and scope, or replays its answer.
    ///
    /// - Parameters:
    ///   - scope: whose keys these are (a key's or a member of staff's actor), so callers cannot collide.
    ///   - request: the method, path and body, whose digest a retry must match.
    ///   - work: the request's handling, as a status and a body (errors included, so a refusal
    ///     replays as a refusal); answers of 5xx are not stored (a retry should try again).
    /// - Throws: `invalidParameter` for a key longer than 255 characters, `conflict` for a key used
    ///   with another request.
    public func run(scope: String, key: String, request: [UInt8], _ work: () async throws -> (status: Int, body: String))
        async throws -> (answer: IdempotentAnswer, replayed: Bool)
    {
        guard (1...IdempotentAnswer.maxKeyLength).contains(key.utf8.count) else {
            throw StrataError(.invalidParameter, "Idempotency-Key is 1 to \(IdempotentAnswer.maxKeyLength) characters.",
                              field: "Idempotency-Key")
        }
        let digest = ConstantTime.hex(SHA256.hash(data: request))
        let now = app.clock.now()
        if let stored = try app.database.idempotentAnswer(scope: scope, key: key, since: now - IdempotentAnswer.lifetime) {
            guard stored.requestDigest == digest else { throw Self.reused(key) }
            return (stored, true)
        }
        let (status, body) = try await work()
        let answer = IdempotentAnswer(requestDigest: digest, status: status, body: body, createdAt: now)
        guard status < 500 else { return (answer, false) }
        let stored = try app.database.storeIdempotentAnswer(answer, scope: scope, key: key)
        guard stored.requestDigest == digest else { throw Self.reused(key) }
        return (stored, stored != answer)
    }

    /// A transfer id for the request a key names: the same for every retry, unique per scope and key.
    public static func transferId(scope: String, key: String, step: String = "") -> String {
        "req:" + ConstantTime.hex(SHA256.hash(data: Data("\(scope)\u{0}\(key)\u{0}\(step)".utf8))).prefix(40)
    }

    private static func reused(_ key: String) -> StrataError {
        StrataError(.conflict, "Idempotency-Key \(key) was used with another request in the last 24 hours; "
                        + "send a new key for a new request.", field: "Idempotency-Key")
    }
}

extension AppServices {
    /// Answers kept for requests sent with an `Idempotency-Key`.
    public var idempotency: IdempotencyUseCases { IdempotencyUseCases(app: self) }
}
