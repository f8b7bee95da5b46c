import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Segment routes under `/api/v1/segments` (secret key): preview an unsaved rule; save, list,
/// show and delete named segments, whose sizes and members are computed when asked, so always current.
struct SegmentController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/segments").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.post("preview") { request, context in try await preview(request, context.requirePrincipal()) }
        group.post { request, context in try await save(request, context.requirePrincipal()) }
        group.get { _, context in try await list(context.requirePrincipal()) }
        group.get("{name}") { _, context in try await show(try context.decodedParameter("name"), context.requirePrincipal()) }
        group.delete("{name}") { _, context in
            try await app.segments(context.requirePrincipal()).delete(try context.decodedParameter("name"))
            return Response(status: .noContent)
        }
        group.get("{name}/export") { request, context in try await export(request, context) }
        group.get("{name}/history") { request, context in try history(QueryParameters(request), context) }
    }

    /// The members as CSV: `?traits=city,plan,revenue` adds trait and computed-attribute columns.
    private func export(_ request: Request, _ context: Context) async throws -> Response {
        let params = QueryParameters(request)
        let layout = try MemberExport(columns: params["traits"])
        let (segment, users) = try await app.segments(try context.requirePrincipal()).members(try context.decodedParameter("name"),
                                                              asOf: try params.asOf(app.settings))
        return MemberCSV.response(app.memberExport(users, layout: layout, for: try context.requirePrincipal()), filename: "segment-\(segment.name)")
    }

    /// The segment's size per day from the daily snapshots (`?from=&to=` days).
    private func history(_ params: QueryParameters, _ context: Context) throws -> Response {
        let (segment, sizes) = try app.segments(try context.requirePrincipal()).history(try context.decodedParameter("name"),
                                                        from: params["from"], to: params["to"])
        return JSONValue.object([
            "name": .string(segment.name),
            "history": .array(sizes.map { .object(["day": .string($0.day), "size": .number(Double($0.size))]) }),
        ]).response()
    }

    /// `{"rule": JSON tree or {"text": "…"}, "as_of"?, "sample"?}` → size, sample, description.
    private func preview(_ request: Request, _ principal: Principal) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        let rule = try Self.rule(from: body)
        let asOf = try body["as_of"]?.stringValue.map { try QueryParameters.asOf($0, app.settings) }
        let sampleSize = try Self.count(body["sample"], default: 10, max: SegmentUseCases.maxSample, field: "sample")
        let preview = try await app.segments(principal).preview(rule, asOf: asOf, sample: sampleSize)
        return JSONValue.object([
            "size": .number(Double(preview.size)),
            "sample": .array(preview.sample.map { p in
                .object(["uid": .number(Double(p.uid)), "user_id": p.userId.map { .string($0) } ?? .null,
                         "anonymous_ids": .array(p.anonymousIds.map { .string($0) })])
            }),
            "description": .object(["zh": .string(rule.describe(in: .chinese)), "en": .string(rule.describe(in: .english))]),
            "rule": rule.json,
            "as_of": .string(Timestamp.format(preview.asOf)),
        ]).response()
    }

    /// `{"name", "description"?, "owner"?, "rule" | "text"}` → the saved segment with its size.
    private func save(_ request: Request, _ principal: Principal) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        guard let name = body["name"]?.stringValue else {
            throw StrataError(.invalidField, "A segment needs a \"name\".", field: "name")
        }
        let (segment, size) = try await app.segments(principal).save(
            name: name, description: body["description"]?.stringValue ?? "", owner: body["owner"]?.stringValue ?? "",
            rule: try Self.rule(from: body))
        return Self.json(segment, size: size).response(status: .created)
    }

    private func list(_ principal: Principal) async throws -> Response {
        let segments = try await app.segments(principal).list()
        return JSONValue.object(["segments": .array(segments.map { Self.json($0.segment, size: $0.size) })]).response()
    }

    private func show(_ name: String, _ principal: Principal) async throws -> Response {
        let (segment, evaluation) = try await app.segments(principal).show(name)
        var json = Self.json(segment, size: evaluation.size)
        if case .object(var fields) = json {
            fields["sample"] = .array(evaluation.sample.map { .string($0.displayId) })
            json = .object(fields)
        }
        return json.response()
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
