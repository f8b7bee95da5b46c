import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// The workspace's channels under `/api/v1/channels/{email|sms|push|wechat|webhook|inbox}`
/// (secret key): `PUT` stores settings, `GET /api/v1/channels` lists them with every secret
/// replaced by whether it is set, `DELETE` removes one.
struct ChannelController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/channels").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get { _, _ in
            var fields: [String: JSONValue] = [:]
            for (kind, settings) in try app.channels.settings() { fields[kind.rawValue] = settings.redactedJSON }
            return JSONValue.object(["channels": .object(fields)]).response()
        }
        group.put("{kind}") { request, context in
            let kind = try Self.kind(context)
            guard kind != .inbox else {
                throw StrataError(.invalidField, "The inbox needs no settings; it is always there.", field: "kind")
            }
            let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
            let settings = try ChannelSettings(json: body, kind: kind)
            try app.channels.save(settings, for: kind)
            return JSONValue.object(["channel": .string(kind.rawValue), "settings": settings.redactedJSON]).response()
        }
        group.delete("{kind}") { _, context in
            try app.channels.delete(try Self.kind(context))
            return Response(status: .noContent)
        }
    }

    static func kind(_ context: Context) throws -> ChannelKind {
        let text = try context.parameters.require("kind")
        guard let kind = ChannelKind(rawValue: text) else {
            throw StrataError(.notFound, "No channel \"\(text)\"; channels are "
                + ChannelKind.allCases.map(\.rawValue).joined(separator: ", ") + ".", field: "kind")
        }
        return kind
    }
}
