import Foundation
import Hummingbird
import StrataCore
import StrataStore

/// Segment routes under `/api/v1/segments` (secret key): preview an unsaved rule.
struct SegmentController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let index: IndexService
    let credentials: Credentials

    /// Largest sample a preview returns.
    static var maxSample: Int { 100 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/segments").add(middleware: SecretKeyMiddleware(credentials: credentials))
        group.post("preview") { request, _ in try await preview(request) }
    }

    /// `{"rule": JSON tree or {"text": "…"}, "as_of"?, "sample"?}` → size, sample, description.
    private func preview(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        let rule = try Self.rule(from: body)
        let asOf: Int64
        if let text = body["as_of"]?.stringValue {
            guard let parsed = Timestamp.parse(text) else {
                throw StrataError(.invalidParameter, "as_of must be an ISO 8601 time or a date.", field: "as_of")
            }
            asOf = text.count == 10 ? parsed + 86_400_000 - 1 : parsed
        } else {
            asOf = Int64(Date().timeIntervalSince1970 * 1000)
        }
        let sampleSize = try Self.count(body["sample"], default: 10, max: Self.maxSample, field: "sample")
        let users = try await index.evaluate(rule, asOf: asOf)
        let sample = try users.prefix(sampleSize).compactMap { try database.profile(uid: Int64($0)) }
        return JSONValue.object([
            "size": .number(Double(users.count)),
            "sample": .array(sample.map { p in
                .object(["uid": .number(Double(p.uid)), "user_id": p.userId.map { .string($0) } ?? .null,
                         "anonymous_ids": .array(p.anonymousIds.map { .string($0) })])
            }),
            "description": .object(["zh": .string(rule.describe(in: .chinese)), "en": .string(rule.describe(in: .english))]),
            "rule": rule.json,
            "as_of": .string(Timestamp.format(asOf)),
        ]).response()
    }

    /// The rule of a request: `{"rule": tree}`, `{"rule": {"text": "…"}}` or `{"text": "…"}`.
    static func rule(from body: JSONValue) throws -> SegmentRule {
        if let text = body["text"]?.stringValue ?? body["rule"]?["text"]?.stringValue {
            return try SegmentRule(text: text)
        }
        guard let tree = body["rule"] else {
            throw StrataError(.invalidField, "Send {\"rule\": {...}} (the JSON tree) or {\"text\": \"...\"}.", field: "rule")
        }
        return try SegmentRule(json: tree)
    }

    static func count(_ value: JSONValue?, default fallback: Int, max: Int, field: String) throws -> Int {
        guard let value, !value.isNull else { return fallback }
        guard let n = value.numberValue, n == n.rounded(), n >= 0, n <= Double(max) else {
            throw StrataError(.invalidParameter, "\(field) must be a whole number from 0 to \(max).", field: field)
        }
        return Int(n)
    }
}
