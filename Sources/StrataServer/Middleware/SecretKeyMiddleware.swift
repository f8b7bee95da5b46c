import Hummingbird

/// Lets through only requests that carry a secret key.
struct SecretKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: Credentials

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try credentials.authorize(Credentials.headerKey(request), as: .secret)
        return try await next(request, context)
    }
}
