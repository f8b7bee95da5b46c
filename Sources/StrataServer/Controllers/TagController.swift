import Foundation
import Hummingbird
import StrataCore
import StrataStore

/// Tag routes under `/api/v1/tags` (secret key): manual tags whose members are added by id
/// list, CSV upload or a snapshot of a segment, and rule tags that follow a segment.
struct TagController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let index: IndexService
    let credentials: Credentials

    /// Largest JSON body (an id list of 100,000 ids fits).
    static var bodyLimit: Int { 8 * 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/tags").add(middleware: SecretKeyMiddleware(credentials: credentials))
        group.get { _, _ in try await list() }
        group.post { request, _ in try await save(request) }
        group.get("{name}") { _, context in try await show(try SegmentController<Context>.name(context)) }
        group.delete("{name}") { _, context in try await delete(try SegmentController<Context>.name(context)) }
        group.post("{name}/members") { request, context in
            try await changeMembers(request, name: try SegmentController<Context>.name(context))
        }
        group.get("{name}/export") { request, context in
            let name = try SegmentController<Context>.name(context)
            _ = try stored(name)
            let users = try await index.evaluate(.member(.tag(name)), asOf: SegmentController<Context>.now())
            return MemberCSV.response(users: users, export: try MemberExport(columns: QueryParameters(request)["traits"]),
                                      database: database, filename: "tag-\(name)")
        }
    }

    private func stored(_ name: String) throws -> StoredTag {
        guard let tag = try database.tag(named: name) else {
            throw StrataError(.notFound, "No tag named \"\(name)\".", field: "name")
        }
        return tag
    }

    private func list() async throws -> Response {
        let tags = try database.tags()
        let sizes = try await index.sizes(of: tags, asOf: SegmentController<Context>.now())
        return JSONValue.object(["tags": .array(zip(tags, sizes).map { Self.json($0, size: $1) })]).response()
    }

    private func show(_ name: String) async throws -> Response {
        let tag = try stored(name)
        let users = try await index.evaluate(.member(.tag(name)), asOf: SegmentController<Context>.now())
        let sample = try database.profiles(uids: users.prefix(10).map(Int64.init))
        var json = Self.json(tag, size: users.count)
        if case .object(var fields) = json {
            fields["sample"] = .array(sample.map { .string($0.userId ?? $0.anonymousIds.first ?? "#\($0.uid)") })
            json = .object(fields)
        }
        return json.response()
    }

    /// `{"name", "description"?, "segment"?}`: a manual tag, or a rule tag following `segment`.
    private func save(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        guard let name = body["name"]?.stringValue else {
            throw StrataError(.invalidField, "A tag needs a \"name\".", field: "name")
        }
        let (tag, existed) = try await Self.save(name: name, description: body["description"]?.stringValue ?? "",
                                                 segment: body["segment"]?.stringValue, database: database, index: index)
        let size = try await index.evaluate(.member(.tag(name)), asOf: SegmentController<Context>.now()).count
        return Self.json(tag, size: size).response(status: existed ? .ok : .created)
    }

    /// Saves a manual tag, or one that follows a segment (refused when that would make a cycle);
    /// shared by the API and the dashboard.
    static func save(name: String, description: String, segment: String?, database: AppDatabase, index: IndexService)
        async throws -> (tag: StoredTag, existed: Bool)
    {
        try UserTag.validate(name: name)
        if let segment {
            guard try database.segment(named: segment) != nil else {
                throw StrataError(.invalidField, "No segment named \"\(segment)\" to follow.", field: "segment")
            }
            // A segment that uses this tag cannot be followed by it.
            var directory = try await index.directory()
            directory.tags[name] = .followsSegment(segment)
            try await index.validate(directory: directory, rule: .member(.tag(name)))
        }
        let existed = try database.tag(named: name) != nil
        let tag = try database.saveTag(UserTag(name: name, description: description,
                                               kind: segment.map { .followsSegment($0) } ?? .manual))
        return (tag, existed)
    }

    private func delete(_ name: String) async throws -> Response {
        try await Self.delete(name, database: database, index: index)
        return Response(status: .noContent)
    }

    /// Deletes a tag no segment uses; shared by the API and the dashboard.
    static func delete(_ name: String, database: AppDatabase, index: IndexService) async throws {
        let users = try await index.directory().segments(using: { $0 == .tag(name) })
        guard users.isEmpty else {
            throw StrataError(.conflict, "Tag \"\(name)\" is used by segment(s) \(users.joined(separator: ", ")); "
                + "change or delete them first.", field: "name")
        }
        try database.deleteTag(named: name)
    }

    /// Adds, removes or replaces members: `{"user_ids": [...]}`, `{"segment": NAME}` (its members
    /// now) or a CSV / plain-text upload of ids; `mode` is `add` (default), `remove` or `replace`,
    /// in the body or the query. Nothing changes when any id is unknown.
    private func changeMembers(_ request: Request, name: String) async throws -> Response {
        let tag = try stored(name)
        if let segment = tag.tag.segment {
            throw StrataError(.conflict, "Tag \"\(name)\" follows segment \"\(segment)\"; its members cannot be changed "
                + "by hand.", field: "name")
        }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let reader = RequestBodyReader(limit: Self.bodyLimit, limitDescription: "8 MB")
        var modeText = QueryParameters(request)["mode"]
        var uids: [Int64]
        if contentType.hasPrefix("text/") {
            let ids = try UserIdList(text: try await reader.text(request), limit: AppDatabase.maxTagIdsPerCall)
            uids = try database.uids(forExternalIds: ids.ids)
        } else {
            let body = try await reader.read(request)
            modeText = body["mode"]?.stringValue ?? modeText
            if let segment = body["segment"]?.stringValue {
                guard let saved = try database.segment(named: segment) else {
                    throw StrataError(.invalidField, "No segment named \"\(segment)\".", field: "segment")
                }
                uids = try await index.evaluate(saved.rule, asOf: SegmentController<Context>.now()).map(Int64.init)
            } else if let list = body["user_ids"]?.arrayValue {
                let ids = try list.enumerated().map { i, value in
                    guard let id = value.stringValue ?? value.numberValue.map({ String(Int64($0)) }) else {
                        throw StrataError(.invalidField, "user_ids holds ids (strings).", field: "user_ids[\(i)]")
                    }
                    return id
                }
                uids = try database.uids(forExternalIds: try UserIdList(ids: ids, limit: AppDatabase.maxTagIdsPerCall).ids)
            } else {
                throw StrataError(.invalidField, "Send {\"user_ids\": [...]} or {\"segment\": \"NAME\"}, or upload a CSV "
                    + "with Content-Type text/csv.", field: "user_ids")
            }
        }
        uids = try await index.canonical(uids)
        let mode = modeText ?? "add"
        let changed: Int
        switch mode {
        case "add": changed = try database.changeTagMembers(name, add: uids)
        case "remove": changed = try database.changeTagMembers(name, remove: uids)
        case "replace": changed = try database.changeTagMembers(name, add: uids, replace: true)
        default: throw StrataError(.invalidParameter, "mode is add, remove or replace, not \"\(mode)\".", field: "mode")
        }
        let size = try await index.evaluate(.member(.tag(name)), asOf: SegmentController<Context>.now()).count
        return JSONValue.object(["tag": .string(name), "mode": .string(mode), "changed": .number(Double(changed)),
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
