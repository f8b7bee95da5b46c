import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Acquisition spend per channel and period under `/api/v1/channels/spend` (secret key), which
/// the channel report turns into CAC, ROI and payback. `POST` takes one entry, a list,
/// `{"entries": [...]}`, or a CSV file (`Content-Type: text/csv`, header
/// `channel,from,to,amount[,note]`); all entries are checked before any is stored.
struct ChannelSpendController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    /// Largest body accepted (10,000 CSV rows fit easily).
    static var bodyLimit: Int { 2 * 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/channels/spend").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get { request, _ in
            let entries = try app.channels.spend(channel: QueryParameters(request)["channel"])
            return JSONValue.object(["entries": .array(entries.map(\.json))]).response()
        }
        group.post { request, _ in
            let reader = RequestBodyReader(limit: Self.bodyLimit, limitDescription: "2 MB")
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let entries = contentType.hasPrefix("text/")
                ? try ChannelSpend.entries(csv: try await reader.text(request))
                : try ChannelSpend.entries(json: try await reader.read(request))
            let saved = try app.channels.saveSpend(entries)
            return JSONValue.object(["saved": .number(Double(saved.count)), "entries": .array(saved.map(\.json))])
                .response(status: .created)
        }
        group.delete("{id}") { _, context in
            guard let id = Int64(try context.parameters.require("id")) else {
                throw StrataError(.invalidParameter, "The id is a whole number from the spend list.", field: "id")
            }
            try app.channels.deleteSpend(id: id)
            return Response(status: .noContent)
        }
    }
}
