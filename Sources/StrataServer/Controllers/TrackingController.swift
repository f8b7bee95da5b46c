import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Segment's HTTP Tracking API (`/v1/track`, `/v1/batch`, … and analytics.js's short forms), so
/// Segment and RudderStack SDKs send to Strata by changing only their host.
struct TrackingController<Context: PrincipalRequestContext>: Sendable {
    let ingest: IngestService
    let credentials: Credentials
    let limits: IngestLimits

    /// The single-message routes and their types, long and short forms.
    static var singleRoutes: [(String, MessageType)] {
        [("identify", .identify), ("i", .identify), ("track", .track), ("t", .track), ("page", .page),
         ("p", .page), ("screen", .screen), ("s", .screen), ("group", .group), ("g", .group),
         ("alias", .alias), ("a", .alias)]
    }

    func addRoutes(to router: Router<Context>) {
        for (path, type) in Self.singleRoutes {
            router.post("v1/\(path)") { request, _ in try await single(request, type: type, path: "/v1/\(path)") }
        }
        for path in ["batch", "b", "import"] {
            router.post("v1/\(path)") { request, _ in try await batch(request, path: "/v1/\(path)") }
        }
    }

    private func single(_ request: Request, type: MessageType, path: String) async throws -> Response {
        let reader = RequestBodyReader(limit: limits.maxMessageBytes, limitDescription: "32 KB per message")
        let body = try await reader.read(request)
        try credentials.authorize(Credentials.headerKey(request) ?? body["writeKey"]?.stringValue, as: .write)
        let batch = ingest.decoder.batch(from: [body], forcedType: type, receivedAt: ingest.now(),
                                         source: "http:\(path)", fieldName: nil)
        let outcome = try await ingest.store(batch)
        if let rejected = outcome.rejected.first {
            var error = rejected.error
            error.message += " The message was kept in quarantine."
            throw error
        }
        return outcome.json().response()
    }

    private func batch(_ request: Request, path: String) async throws -> Response {
        let reader = RequestBodyReader(limit: limits.maxBatchBytes, limitDescription: "500 KB per batch")
        let body = try await reader.read(request)
        try credentials.authorize(Credentials.headerKey(request) ?? body["writeKey"]?.stringValue, as: .write)
        guard case .object(let fields) = body else {
            throw StrataError(.invalidField, "A batch body must be an object with a \"batch\" array.", field: "batch")
        }
        guard let messages = fields["batch"]?.arrayValue else {
            throw StrataError(.invalidField, "The body has no \"batch\" array of messages.", field: "batch")
        }
        guard messages.count <= limits.maxBatchMessages else {
            throw StrataError(.payloadTooLarge, "The batch has \(messages.count) messages; the limit is "
                + "\(limits.maxBatchMessages) per batch. Split it.", field: "batch")
        }
        let defaults = try ingest.decoder.batchDefaults(of: fields)
        let batch = ingest.decoder.batch(from: messages, defaults: defaults, receivedAt: ingest.now(),
                                         source: "http:\(path)")
        let outcome = try await ingest.store(batch)
        return outcome.json().response()
    }
}
