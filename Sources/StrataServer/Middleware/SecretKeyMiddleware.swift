import Hummingbird
import StrataCore

/// Lets through only requests that carry a secret key whose role has the permission the route
/// needs (`APIPermission`), and tells the handlers who the key acts as.
struct SecretKeyMiddleware<Context: PrincipalRequestContext>: RouterMiddleware {
    let credentials: Credentials

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let principal = try credentials.authorize(Credentials.headerKey(request), as: .secret,
                                                  address: ClientAddress.of(request, context, behindProxy: credentials.behindProxy))
        let permission = APIPermission.required(request.method, request.uri.path)
        guard principal.may(permission) else {
            throw StrataError(.forbidden, "This key's role (\(principal.role.rawValue)) may not do this: it needs "
                + "\(permission.rawValue). Create a key with `strata keys create --secret --role ROLE`.")
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
