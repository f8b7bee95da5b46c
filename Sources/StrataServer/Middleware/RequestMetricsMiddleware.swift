import Hummingbird
import Prometheus

/// Records how long each request takes into `strata_http_request_seconds`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let histogram: DurationHistogram

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        defer { histogram.record(ContinuousClock.now - start) }
        return try await next(request, context)
    }
}
