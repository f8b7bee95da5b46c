import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// The suppression list under `/api/v1/suppressions` (secret key): addresses and users never
/// contacted again on a channel (or on any, `*`) — unsubscribes, complaints, hard bounces, or a
/// list imported from another system. `POST` takes `{"entries": [{"channel", "address" |
/// "user_id", "reason"}]}` (up to 100,000, all or none); `DELETE /{channel}/{address}` lifts one.
struct SuppressionController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/suppressions").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get { request, context in
            let query = QueryParameters(request)
            let list = try app.channels.suppressions(channel: query["channel"], limit: try query.limit(max: 10_000),
                                                     for: context.requirePrincipal())
            return JSONValue.object(["suppressions": .array(list.map { s in
                .object(["channel": .string(s.channel), "address": .string(s.address), "reason": .string(s.reason),
                         "created_at": .string(Timestamp.format(s.createdAt))])
            })]).response()
        }
        group.post { request, context in
            let body = try await RequestBodyReader(limit: 16 * 1024 * 1024, limitDescription: "16 MB").read(request)
            let f = try JSONFields(body, what: "an object with entries")
            guard let items = try f.array("entries"), (1...100_000).contains(items.count) else {
                throw StrataError(.invalidField, "Send {\"entries\": [...]} with 1 to 100,000 entries.", field: "entries")
            }
            var entries: [ChannelUseCases.SuppressionRequest] = []
            for (i, item) in items.enumerated() {
                let e = try JSONFields(item, path: "entries[\(i)]")
                let channelText = try e.string("channel", maxLength: 20) ?? "*"
                let channel = channelText == "*" ? nil : ChannelKind(rawValue: channelText)
                guard channelText == "*" || channel != nil else {
                    throw StrataError(.invalidField, "channel is * or one of " + ChannelKind.allCases.map(\.rawValue)
                        .joined(separator: ", ") + ".", field: e.at("channel"))
                }
                let reason = try e.string("reason", maxLength: 500) ?? "suppressed by API"
                if let user = try e.string("user_id", maxLength: 255) {
                    entries.append(.init(channel: channel, target: .user(user), reason: reason))
                } else {
                    let address = try e.requiredString("address", maxLength: 320, hint: "or user_id")
                    entries.append(.init(channel: channel, target: .address(address), reason: reason))
                }
            }
            let stored = try app.channels.suppress(entries, by: context.requirePrincipal())
            return JSONValue.object(["suppressed": .number(Double(stored))]).response(status: .created)
        }
        group.delete("{channel}/{address}") { _, context in
            let principal = try context.requirePrincipal()
            let channel = try context.parameters.require("channel"), address = try context.parameters.require("address")
            try app.channels.unsuppress(channel: channel.removingPercentEncoding ?? channel,
                                    address: address.removingPercentEncoding ?? address, by: principal)
            return Response(status: .noContent)
        }
    }
}
