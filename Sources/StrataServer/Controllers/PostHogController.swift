import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// PostHog's capture API (`/batch/`, `/capture/`, `/e/`, `/i/v0/e/`), so PostHog SDKs send to
/// Strata unchanged.
struct PostHogController<Context: PrincipalRequestContext>: Sendable {
    let ingest: IngestService
    let credentials: Credentials
    let limits: IngestLimits

    func addRoutes(to router: Router<Context>) {
        for path in ["batch", "capture", "e", "track", "i/v0/e"] {
            router.post(RouterPath(path)) { request, _ in try await capture(request, path: "/\(path)/") }
        }
    }

    private func capture(_ request: Request, path: String) async throws -> Response {
        let reader = RequestBodyReader(limit: limits.maxBatchBytes, limitDescription: "500 KB per batch")
        let gzipHint = request.uri.queryParameters["compression"].map { $0.hasPrefix("gzip") } ?? false
        let body = try await reader.read(request, gzipHint: gzipHint)
        let translator = PostHogTranslator(decoder: ingest.decoder)
        let (events, bodyKey, sentAt) = translator.events(in: body)
        try credentials.authorize(bodyKey ?? Credentials.headerKey(request), as: .write)
        guard events.count <= limits.maxBatchMessages else {
            throw StrataError(.payloadTooLarge, "The batch has \(events.count) events; the limit is "
                + "\(limits.maxBatchMessages). Split it.", field: "batch")
        }
        let receivedAt = ingest.now()
        var batch = IngestBatch(source: "http:\(path)")
        for (index, event) in events.enumerated() {
            do {
                let message = try translator.translate(event, receivedAt: receivedAt, sentAt: sentAt,
                                                       fieldPrefix: "batch[\(index)].")
                batch.entries.append(IngestBatch.Entry(index: index, message: message, raw: event))
            } catch let error as StrataError {
                batch.rejected.append(RejectedMessage(index: index, error: error, raw: event.jsonText))
            }
        }
        let outcome = try await ingest.store(batch)
        return outcome.json(extra: ["status": .string("Ok")]).response()
    }
}
