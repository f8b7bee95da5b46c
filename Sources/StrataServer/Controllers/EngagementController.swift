import Foundation
import Hummingbird
import StrataChannels
import StrataApp
import StrataCore
import StrataStore

/// What users do with messages: the signed links in them — one-click unsubscribe (RFC 8058:
/// `POST /u/{token}`, with a confirmation page on `GET` so link scanners unsubscribe nobody),
/// the open pixel (`/o/{token}`) and tracked clicks (`/c/{token}`, a redirect) — and the in-app
/// inbox the app reads with its write key (`GET /v1/inbox?userId=`, `POST /v1/inbox/{id}/read`
/// and `/clicked`). Each first engagement is recorded for the campaign's results and as an
/// event on the user (`Message Opened`, `Message Clicked`, `Unsubscribed`).
struct EngagementController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let ingest: IngestService
    let links: TrackingLinks
    let credentials: Credentials

    /// A transparent 1×1 GIF.
    static var pixel: [UInt8] { [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
        0x02, 0x44, 0x01, 0x00, 0x3B,
    ] }

    func addRoutes(to router: Router<Context>) {
        router.get("u/{token}") { _, context in
            guard case .unsubscribe(_, let channel, let campaign)? = links.verify(try context.parameters.require("token")) else {
                return Self.page(status: .notFound, "This link is not valid.", "该链接无效。")
            }
            return Self.page(status: .ok, "Stop \(channel.rawValue) messages like “\(campaign)”?",
                             "确认退订此类\(channel.rawValue)消息？", form: true)
        }
        router.post("u/{token}") { _, context in
            guard case .unsubscribe(let uid, let channel, let campaign)? = links.verify(try context.parameters.require("token"))
            else {
                return Self.page(status: .notFound, "This link is not valid.", "该链接无效。")
            }
            let now = ingest.now()
            try database.suppress(channel: channel, address: AppDatabase.userAddress(uid), reason: "unsubscribed (\(campaign))")
            if let key = try database.latestMessage(campaign: campaign, uid: uid, channel: channel) {
                if let message = try database.recordEngagement(key: key, kind: .unsubscribe, at: now) {
                    if !message.address.isEmpty {
                        try database.suppress(channel: channel, address: message.address, reason: "unsubscribed (\(campaign))")
                    }
                    try await record("Unsubscribed", message, at: now)
                }
            }
            return Self.page(status: .ok, "You will get no more \(channel.rawValue) messages from us.", "已退订，不会再收到此类消息。")
        }
        router.get("o/{token}") { _, context in
            if case .open(let key)? = links.verify(try context.parameters.require("token")) {
                let now = ingest.now()
                if let message = try database.recordEngagement(key: key, kind: .open, at: now) {
                    try await record("Message Opened", message, at: now)
                }
            }
            return Response(status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: Self.pixel)))
        }
        router.get("c/{token}") { _, context in
            guard case .click(let key, let target)? = links.verify(try context.parameters.require("token")),
                  target.hasPrefix("https://") || target.hasPrefix("http://")
            else {
                return Self.page(status: .notFound, "This link is not valid.", "该链接无效。")
            }
            let now = ingest.now()
            if let message = try database.recordEngagement(key: key, kind: .click, at: now) {
                try await record("Message Clicked", message, at: now, extra: ["url": .string(target)])
            }
            return Response(status: .found, headers: [.location: target])
        }
        router.get("v1/inbox") { request, _ in
            try credentials.authorize(Credentials.headerKey(request), as: .write)
            let query = QueryParameters(request)
            let profile = try user(query["userId"], query["anonymousId"])
            let items = try database.inbox(uid: profile.uid, limit: try query.limit(max: 100), before: try query.int64("before"))
            return JSONValue.object(["messages": .array(items.map { item in
                .object([
                    "id": .number(Double(item.id)), "campaign": .string(item.campaign), "title": .string(item.title),
                    "body": .string(item.body), "url": item.url.map { .string($0) } ?? .null,
                    "created_at": .string(Timestamp.format(item.createdAt)),
                    "read": .bool(item.readAt != nil), "clicked": .bool(item.clickedAt != nil),
                ])
            })]).response()
        }
        for action in ["read", "clicked"] {
            router.post(RouterPath(stringLiteral: "v1/inbox/{id}/\(action)")) { request, context in
                let body = try await RequestBodyReader(limit: 8 * 1024, limitDescription: "8 KB").read(request)
                try credentials.authorize(Credentials.headerKey(request) ?? body["writeKey"]?.stringValue, as: .write)
                guard let id = Int64(try context.parameters.require("id")) else {
                    throw StrataError(.invalidParameter, "The message id is a number.", field: "id")
                }
                let profile = try user(body["userId"]?.stringValue, body["anonymousId"]?.stringValue)
                let now = ingest.now()
                let (campaign, variant) = try database.markInbox(id: id, uid: profile.uid, clicked: action == "clicked", at: now)
                _ = try await ingest.store(ingest.decoder.batch(
                    from: [Self.event(action == "clicked" ? "Inbox Message Clicked" : "Inbox Message Read", profile: profile,
                                      properties: ["campaign": .string(campaign), "variant": .string(variant),
                                                   "channel": "inbox", "message_id": .number(Double(id))], at: now)],
                    receivedAt: now, source: "inbox", fieldName: nil))
                return JSONValue.object(["ok": .bool(true)]).response()
            }
        }
    }

    /// The profile of `userId` or `anonymousId`.
    private func user(_ userId: String?, _ anonymousId: String?) throws -> UserProfile {
        guard let id = userId ?? anonymousId else {
            throw StrataError(.missingIdentity, "Give userId or anonymousId.", field: "userId")
        }
        guard let profile = try database.profile(externalId: id) else {
            throw StrataError(.notFound, "No user \"\(id)\".", field: userId == nil ? "anonymousId" : "userId")
        }
        return profile
    }

    /// Records an engagement as an event on the user.
    private func record(_ name: String, _ message: OutboxMessage, at: Int64, extra: [String: JSONValue] = [:]) async throws {
        guard let profile = try database.profile(uid: message.uid) else { return }
        var properties: [String: JSONValue] = ["campaign": .string(message.campaign), "variant": .string(message.variant),
                                               "channel": .string(message.channel.rawValue)]
        properties.merge(extra) { a, _ in a }
        _ = try await ingest.store(ingest.decoder.batch(
            from: [Self.event(name, profile: profile, properties: properties, at: at, messageId: "\(name)|\(message.key)")],
            receivedAt: at, source: "engagement", fieldName: nil))
    }

    static func event(_ name: String, profile: UserProfile, properties: [String: JSONValue], at: Int64,
                      messageId: String? = nil) -> JSONValue
    {
        var fields: [String: JSONValue] = ["type": "track", "event": .string(name), "properties": .object(properties),
                                           "timestamp": .string(Timestamp.format(at))]
        if let userId = profile.userId { fields["userId"] = .string(userId) } else if let anonymous = profile.anonymousIds.first {
            fields["anonymousId"] = .string(anonymous)
        }
        if let messageId { fields["messageId"] = .string(messageId) }
        return .object(fields)
    }

    /// A small page in Chinese and English (no scripts, nothing from other hosts).
    static func page(status: HTTPResponse.Status, _ english: String, _ chinese: String, form: Bool = false) -> Response {
        let escape = HTMLText.escape
        let button = form
            ? "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">退订 Unsubscribe</button></form>" : ""
        let html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Strata</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>
            <body><p>\(escape(chinese))</p><p>\(escape(english))</p>\(button)</body></html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
