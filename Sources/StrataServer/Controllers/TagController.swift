import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Tag routes under `/api/v1/tags` (secret key): manual tags whose members are added by id
/// list, CSV upload or a snapshot of a segment, and rule tags that follow a segment.
struct TagController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    /// Largest JSON body (an id list of 100,000 ids fits).
    static var bodyLimit: Int { 8 * 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/tags").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get { _, context in try await list(context.requirePrincipal()) }
        group.post { request, context in try await save(request, context.requirePrincipal()) }
        group.get("{name}") { _, context in try await show(try context.decodedParameter("name"), context.requirePrincipal()) }
        group.delete("{name}") { _, context in
            try await app.tags(context.requirePrincipal()).delete(try context.decodedParameter("name"))
            return Response(status: .noContent)
        }
        group.post("{name}/members") { request, context in
            try await changeMembers(request, name: try context.decodedParameter("name"), context.requirePrincipal())
        }
        group.get("{name}/export") { request, context in
            let layout = try MemberExport(columns: QueryParameters(request)["traits"])
            let principal = try context.requirePrincipal()
            let (tag, users) = try await app.tags(principal).members(try context.decodedParameter("name"))
            return MemberCSV.response(app.memberExport(users, layout: layout, for: principal), filename: "tag-\(tag.tag.name)")
        }
    }

    private func list(_ principal: Principal) async throws -> Response {
        let tags = try await app.tags(principal).list()
        return JSONValue.object(["tags": .array(tags.map { Self.json($0.tag, size: $0.size) })]).response()
    }

    private func show(_ name: String, _ principal: Principal) async throws -> Response {
        let (tag, size, sample) = try await app.tags(principal).show(name)
        var json = Self.json(tag, size: size)
        if case .object(var fields) = json {
            fields["sample"] = .array(sample.map { .string($0.displayId) })
            json = .object(fields)
        }
        return json.response()
    }

    /// `{"name", "description"?, "segment"?}`: a manual tag, or a rule tag following `segment`.
    private func save(_ request: Request, _ principal: Principal) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        guard let name = body["name"]?.stringValue else {
            throw StrataError(.invalidField, "A tag needs a \"name\".", field: "name")
        }
        let (tag, existed, size) = try await app.tags(principal).save(name: name, description: body["description"]?.stringValue ?? "",
                                                           follows: body["segment"]?.stringValue)
        return Self.json(tag, size: size).response(status: existed ? .ok : .created)
    }

    /// Adds, removes or replaces members: `{"user_ids": [...]}`, `{"segment": NAME}` (its members
    /// now) or a CSV / plain-text upload of ids; `mode` is `add` (default), `remove` or `replace`,
    /// in the body or the query. Nothing changes when any id is unknown.
    private func changeMembers(_ request: Request, name: String, _ principal: Principal) async throws -> Response {
        _ = try app.tags(principal).named(name)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let reader = RequestBodyReader(limit: Self.bodyLimit, limitDescription: "8 MB")
        var modeText = QueryParameters(request)["mode"]
        let members: TagUseCases.Members
        if contentType.hasPrefix("text/") {
            members = .ids(try UserIdList(text: try await reader.text(request), limit: TagUseCases.maxIdsPerCall))
        } else {
            let body = try await reader.read(request)
            modeText = body["mode"]?.stringValue ?? modeText
            if let segment = body["segment"]?.stringValue {
                members = .segment(segment)
            } else if let list = body["user_ids"]?.arrayValue {
                let ids = try list.enumerated().map { i, value in
                    guard let id = value.stringValue ?? value.numberValue.map(JSONFields.text) else {
                        throw StrataError(.invalidField, "user_ids holds ids (strings).", field: "user_ids[\(i)]")
                    }
                    return id
                }
                members = .ids(try UserIdList(ids: ids, limit: TagUseCases.maxIdsPerCall))
            } else {
                throw StrataError(.invalidField, "Send {\"user_ids\": [...]} or {\"segment\": \"NAME\"}, or upload a CSV "
                    + "with Content-Type text/csv.", field: "user_ids")
            }
        }
        let mode = try TagUseCases.Mode(name: modeText ?? "add")
        let (changed, size) = try await app.tags(principal).changeMembers(name, members, mode: mode)
        return JSONValue.object(["tag": .string(name), "mode": .string(mode.rawValue), "changed": .number(Double(changed)),
                                 "size": .number(Double(size))]).response()
    }

    static func json(_ stored: StoredTag, size: Int) -> JSONValue {
        .object([
            "name": .string(stored.tag.name), "description": .string(stored.tag.description),
            "kind": .string(stored.tag.segment == nil ? "manual" : "rule"),
            "segment": stored.tag.segment.map { .string($0) } ?? .null,
            "size": .number(Double(size)),
            "created_at": .string(Timestamp.format(stored.tag.createdAt)),
            "updated_at": .string(Timestamp.format(stored.tag.updatedAt)),
        ])
    }
}
