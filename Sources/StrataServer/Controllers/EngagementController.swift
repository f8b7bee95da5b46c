import Foundation
import Hummingbird
import StrataChannels
import StrataApp
import StrataCore

/// What users do with messages: the signed links in them — one-click unsubscribe (RFC 8058:
/// `POST /u/{token}`, with a confirmation page on `GET` so link scanners unsubscribe nobody),
/// the open pixel (`/o/{token}`) and tracked clicks (`/c/{token}`, a redirect) — and the in-app
/// inbox the app reads with its write key (`GET /v1/inbox?userId=`, `POST /v1/inbox/{id}/read`
/// and `/clicked`). Each first engagement is recorded for the campaign's results and as an
/// event on the user (`Message Opened`, `Message Clicked`, `Unsubscribed`).
struct EngagementController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
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
            try await app.engagement.unsubscribe(uid: uid, channel: channel, campaign: campaign)
            return Self.page(status: .ok, "You will get no more \(channel.rawValue) messages from us.", "已退订，不会再收到此类消息。")
        }
        router.get("o/{token}") { _, context in
            if case .open(let key)? = links.verify(try context.parameters.require("token")) {
                try await app.engagement.opened(key: key)
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
            try await app.engagement.clicked(key: key, target: target)
            return Response(status: .found, headers: [.location: target])
        }
        router.get("v1/inbox") { request, _ in
            try credentials.authorize(Credentials.headerKey(request), as: .write)
            let query = QueryParameters(request)
            let items = try app.engagement.inbox(userId: query["userId"], anonymousId: query["anonymousId"],
                                                 proof: query["userHash"] ?? request.headers[.init("X-Strata-User-Hash")!],
                                                 limit: try query.limit(max: 100), before: try query.int64("before"))
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
                try await app.engagement.markInbox(id: id, userId: body["userId"]?.stringValue,
                                                   anonymousId: body["anonymousId"]?.stringValue,
                                                   proof: body["userHash"]?.stringValue ?? request.headers[.init("X-Strata-User-Hash")!],
                                                   clicked: action == "clicked")
                return JSONValue.object(["ok": .bool(true)]).response()
            }
        }
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
