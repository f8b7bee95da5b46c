import Foundation
import Hummingbird
import StrataCore
import StrataStore

/// Segment routes under `/api/v1/segments` (secret key): preview an unsaved rule; save, list,
/// show and delete named segments, whose sizes and members are computed when asked, so always current.
struct SegmentController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let index: IndexService
    let credentials: Credentials

    /// Largest sample a preview returns.
    static var maxSample: Int { 100 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/segments").add(middleware: SecretKeyMiddleware(credentials: credentials))
        group.post("preview") { request, _ in try await preview(request) }
        group.post { request, _ in try await save(request) }
        group.get { request, _ in try await list(request) }
        group.get("{name}") { request, context in try await show(request, context) }
        group.delete("{name}") { _, context in try await delete(try Self.name(context)) }
        group.get("{name}/export") { request, context in try await export(request, context) }
        group.get("{name}/history") { request, context in try history(QueryParameters(request), context) }
    }

    /// Deletes a segment unless other segments or rule tags depend on it.
    private func delete(_ name: String) async throws -> Response {
        let (segments, tags) = try await index.directory().dependents(of: name)
        guard segments.isEmpty && tags.isEmpty else {
            let users = segments.map { "segment \"\($0)\"" } + tags.map { "tag \"\($0)\"" }
            throw StrataError(.conflict, "Segment \"\(name)\" is used by \(users.joined(separator: ", ")); "
                + "change or delete those first.", field: "name")
        }
        try database.deleteSegment(named: name)
        return Response(status: .noContent)
    }

    /// The members as CSV: `?traits=city,plan,revenue` adds trait and computed-attribute columns.
    private func export(_ request: Request, _ context: Context) async throws -> Response {
        let segment = try Self.segment(try Self.name(context), database)
        let params = QueryParameters(request)
        let layout = try MemberExport(columns: params["traits"])
        let asOf = try params["as_of"].map { try Self.asOf($0) } ?? Self.now()
        let users = try await index.evaluate(segment.rule, asOf: asOf)
        return MemberCSV.response(users: users, export: layout, database: database, filename: "segment-\(segment.name)")
    }

    /// The segment's size per day from the daily snapshots (`?from=&to=` days).
    private func history(_ params: QueryParameters, _ context: Context) throws -> Response {
        let segment = try Self.segment(try Self.name(context), database)
        let sizes = try database.snapshotSizes(.segment, name: segment.name, from: params["from"], to: params["to"])
        return JSONValue.object([
            "name": .string(segment.name),
            "history": .array(sizes.map { .object(["day": .string($0.day), "size": .number(Double($0.size))]) }),
        ]).response()
    }

    static func segment(_ name: String, _ database: AppDatabase) throws -> SavedSegment {
        guard let segment = try database.segment(named: name) else {
            throw StrataError(.notFound, "No segment named \"\(name)\".", field: "name")
        }
        return segment
    }

    /// An `as_of` text: an ISO 8601 time, or a date meaning the end of that day.
    static func asOf(_ text: String) throws -> Int64 {
        guard let parsed = Timestamp.parseAsOf(text) else {
            throw StrataError(.invalidParameter, "as_of must be an ISO 8601 time or a date.", field: "as_of")
        }
        return parsed
    }

    /// `{"rule": JSON tree or {"text": "…"}, "as_of"?, "sample"?}` → size, sample, description.
    private func preview(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        let rule = try Self.rule(from: body)
        let asOf = try body["as_of"]?.stringValue.map { try Self.asOf($0) } ?? Self.now()
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

    /// `{"name", "description"?, "owner"?, "rule" | "text"}` → the saved segment with its size.
    private func save(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        guard let name = body["name"]?.stringValue else {
            throw StrataError(.invalidField, "A segment needs a \"name\".", field: "name")
        }
        try SavedSegment.validate(name: name)
        let rule = try Self.rule(from: body)
        try await index.validate(rule, savingAs: name)
        let segment = try database.saveSegment(SavedSegment(
            name: name, description: body["description"]?.stringValue ?? "", owner: body["owner"]?.stringValue ?? "",
            rule: rule))
        let size = try await index.evaluate(segment.rule, asOf: Self.now()).count
        return Self.json(segment, size: size).response(status: .created)
    }

    private func list(_ request: Request) async throws -> Response {
        let segments = try database.segments()
        let sizes = try await index.sizes(of: segments, asOf: Self.now())
        return JSONValue.object(["segments": .array(zip(segments, sizes).map { Self.json($0, size: $1) })]).response()
    }

    private func show(_ request: Request, _ context: Context) async throws -> Response {
        let segment = try Self.segment(try Self.name(context), database)
        let users = try await index.evaluate(segment.rule, asOf: Self.now())
        let sample = try users.prefix(10).compactMap { try database.profile(uid: Int64($0)) }
        var json = Self.json(segment, size: users.count)
        if case .object(var fields) = json {
            fields["sample"] = .array(sample.map { .string($0.userId ?? $0.anonymousIds.first ?? "#\($0.uid)") })
            json = .object(fields)
        }
        return json.response()
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The `{name}` path parameter, percent-decoded (names may hold spaces and Chinese).
    static func name(_ context: Context) throws -> String {
        try context.decodedParameter("name")
    }

    static func json(_ segment: SavedSegment, size: Int) -> JSONValue {
        .object([
            "name": .string(segment.name), "description": .string(segment.description), "owner": .string(segment.owner),
            "rule": segment.rule.json, "size": .number(Double(size)),
            "rule_description": .object(["zh": .string(segment.rule.describe(in: .chinese)),
                                         "en": .string(segment.rule.describe(in: .english))]),
            "created_at": .string(Timestamp.format(segment.createdAt)),
            "updated_at": .string(Timestamp.format(segment.updatedAt)),
        ])
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
