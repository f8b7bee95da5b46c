import Hummingbird

/// Holds each client address to a request rate, before anything else is done with the request
/// (the body is not even read), so one client flooding the server cannot starve the others.
/// Answers 429 with `Retry-After`, which the Segment SDKs honour.
struct AddressRateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: RateLimiter
    let behindProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try limiter.take(for: ClientAddress.of(request, context, behindProxy: behindProxy))
        return try await next(request, context)
    }
}
