import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// The admin REST API under `/api/v1` (secret key): stats, users and profiles, event lists and
/// timelines, quarantine. Reads only; limits are stated and enforced on every parameter.
struct AdminController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    /// Largest page any listing returns.
    static var maxLimit: Int { 1000 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1")
            .add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get("stats") { _, context in try stats(context.requirePrincipal()) }
        group.get("users") { request, context in try users(request, context.requirePrincipal()) }
        group.get("users/{userId}") { _, context in try profile(context) }
        group.get("users/{userId}/events") { request, context in try timeline(request, context) }
        group.get("users/{userId}/export") { _, context in
            try await app.profiles(context.requirePrincipal()).export(context.decodedParameter("userId")).response()
        }
        group.delete("users/{userId}") { request, context in try erase(request, context) }
        group.get("deletions/{job}") { _, context in
            try app.erasures(context.requirePrincipal()).job(context.decodedParameter("job")).json.response()
        }
        group.get("events") { request, context in try events(request, context.requirePrincipal()) }
        group.get("quarantine") { request, context in try quarantine(request, context.requirePrincipal()) }
        group.get("keys") { _, _ in try keys() }
        group.get("audit") { request, context in try audit(request, context.requirePrincipal()) }
    }

    private func stats(_ principal: Principal) throws -> Response {
        let s = try app.events(principal).stats()
        return JSONValue.object([
            "users": .number(Double(s.users)), "known_users": .number(Double(s.knownUsers)),
            "anonymous_users": .number(Double(s.anonymousUsers)), "events": .number(Double(s.events)),
            "quarantined": .number(Double(s.quarantined)), "event_names": .number(Double(s.eventNames)),
            "database_bytes": .number(Double(s.databaseBytes)),
        ]).response()
    }

    private func users(_ request: Request, _ principal: Principal) throws -> Response {
        let params = QueryParameters(request)
        var query = UserQuery()
        query.limit = try params.limit(max: Self.maxLimit)
        query.idContains = params["q"]
        query.afterUid = try params.int64("cursor")
        if let known = params["known"] { query.known = known == "true" || known == "1" }
        for (key, value) in params.all where key.hasPrefix("trait.") {
            query.traitEquals[String(key.dropFirst(6))] = value
        }
        for field in ComputedField.allCases where !field.isText {
            if let v = try params.number("min_\(field.rawValue)") { query.atLeast[field] = v }
            if let v = try params.number("max_\(field.rawValue)") { query.atMost[field] = v }
        }
        let users = try app.profiles(principal).search(query)
        var body: [String: JSONValue] = ["users": .array(users.map(\.json))]
        if users.count == query.limit, let last = users.last { body["next_cursor"] = .string(String(last.uid)) }
        return JSONValue.object(body).response()
    }

    private func profile(_ context: Context) throws -> Response {
        try app.profiles(context.requirePrincipal()).named(context.decodedParameter("userId")).json.response()
    }

    /// Starts an erasure: 202 with the job and its `Location`, or 200 with the job when the
    /// person's erasure was requested before.
    private func erase(_ request: Request, _ context: Context) throws -> Response {
        let params = QueryParameters(request)
        let modeName = params["mode"] ?? ErasureJob.Mode.suppress.rawValue
        guard let mode = ErasureJob.Mode(rawValue: modeName) else {
            throw StrataError(.invalidParameter, "mode is suppress (the default) or delete_only.", field: "mode")
        }
        let (job, created) = try app.erasures(context.requirePrincipal()).erase(context.decodedParameter("userId"), mode: mode)
        var response = job.json.response()
        response.status = created ? .accepted : .ok
        response.headers[.location] = "/api/v1/deletions/\(job.id)"
        return response
    }

    private func timeline(_ request: Request, _ context: Context) throws -> Response {
        let query = try eventQuery(QueryParameters(request))
        return try eventPage(query, user: try context.decodedParameter("userId"), field: "userId", context.requirePrincipal())
    }

    private func events(_ request: Request, _ principal: Principal) throws -> Response {
        let params = QueryParameters(request)
        return try eventPage(try eventQuery(params), user: params["user"], field: "user", principal)
    }

    private func eventQuery(_ params: QueryParameters) throws -> EventQuery {
        var query = EventQuery()
        query.limit = try params.limit(max: Self.maxLimit)
        query.name = params["name"]
        query.from = try params.time("from")
        query.to = try params.time("to", endOfDay: true)
        if let cursor = params["cursor"] {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let ts = Int64(parts[0]), let id = Int64(parts[1]) else {
                throw StrataError(.invalidParameter, "cursor must be the next_cursor of a previous page.",
                                  field: "cursor")
            }
            query.before = (ts, id)
        }
        return query
    }

    private func eventPage(_ query: EventQuery, user: String?, field: String, _ principal: Principal) throws -> Response {
        var query = query
        if let user { query.uid = try app.profiles(principal).named(user, field: field).uid }
        let events = try app.events(principal).events(query)
        var body: [String: JSONValue] = ["events": .array(events.map(\.json))]
        if events.count == query.limit, let last = events.last {
            body["next_cursor"] = .string("\(last.timestamp).\(last.id)")
        }
        return JSONValue.object(body).response()
    }

    /// The audit log, newest first: `actor`, `action` (a text it contains), `from`/`to` days, `cursor`.
    private func audit(_ request: Request, _ principal: Principal) throws -> Response {
        let params = QueryParameters(request)
        let limit = try params.limit(max: Self.maxLimit)
        let entries = try app.audit.entries(for: principal, actor: params["actor"], action: params["action"],
                                            from: try params.time("from"), to: try params.time("to", endOfDay: true),
                                            before: try params.int64("cursor"), limit: limit)
        var body: [String: JSONValue] = ["entries": .array(entries.map { e in
            .object(["id": .number(Double(e.id)), "at": .string(Timestamp.format(e.at)), "actor": .string(e.actor),
                     "role": .string(e.role), "action": .string(e.action), "target": .string(e.target),
                     "address": .string(e.address), "digest": .string(e.digest), "status": .number(Double(e.status)),
                     "hash": .string(e.hash)])
        })]
        if entries.count == limit, let last = entries.last { body["next_cursor"] = .string(String(last.id)) }
        return JSONValue.object(body).response()
    }

    private func quarantine(_ request: Request, _ principal: Principal) throws -> Response {
        let params = QueryParameters(request)
        let limit = try params.limit(max: Self.maxLimit)
        let rows = try app.events(principal).quarantine(limit: limit, before: try params.int64("cursor"))
        var body: [String: JSONValue] = ["messages": .array(rows.map { q in
            var item: [String: JSONValue] = [
                "id": .number(Double(q.id)), "received_at": .string(Timestamp.format(q.receivedAt)),
                "source": .string(q.source), "index": .number(Double(q.index)), "code": .string(q.code),
                "reason": .string(q.reason), "raw": .string(q.raw),
            ]
            if let field = q.field { item["field"] = .string(field) }
            return .object(item)
        })]
        if rows.count == limit, let last = rows.last { body["next_cursor"] = .string(String(last.id)) }
        return JSONValue.object(body).response()
    }

    private func keys() throws -> Response {
        JSONValue.object(["keys": .array(try app.access.keys().map { key in
            var item: [String: JSONValue] = [
                "id": .number(Double(key.id)), "kind": .string(key.kind.rawValue), "name": .string(key.name),
                "prefix": .string(key.prefix), "created_at": .string(Timestamp.format(key.createdAt)),
            ]
            if let revoked = key.revokedAt { item["revoked_at"] = .string(Timestamp.format(revoked)) }
            return .object(item)
        })]).response()
    }
}
