import Hummingbird
import StrataApp
import StrataCore

/// Lets through only requests that carry a secret key whose role has the permission the route
/// needs (`APIPermission`), tells the handlers who the key acts as, and records every
/// state-changing request in the audit log with the key, the body's digest and the status.
struct SecretKeyMiddleware<Context: PrincipalRequestContext>: RouterMiddleware {
    let credentials: Credentials
    /// Where changes are recorded.
    let audit: AuditUseCases
    /// The largest body digested for the log; the handlers' own limits are all below it.
    static var digestLimit: Int { 64 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let principal = try credentials.authorize(Credentials.headerKey(request), as: .secret,
                                                  address: ClientAddress.of(request, context, behindProxy: credentials.behindProxy))
        var context = context
        context.principal = principal
        let changes = ![.get, .head, .options].contains(request.method) && !APIPermission.isRead(request.method, request.uri.path)
        guard changes else {
            try require(principal, request)
            return try await next(request, context)
        }
        var request = request
        let body = (try? await request.collectBody(upTo: Self.digestLimit)).map { Array($0.readableBytesView) } ?? []
        let response: Response
        do {
            try require(principal, request)
            response = try await next(request, context)
        } catch {
            try? record(principal, request, context, body, nil, Int((error as? HTTPResponseError)?.status.code ?? 500))
            throw error
        }
        try record(principal, request, context, body, response, Int(response.status.code))
        return response
    }

    private func require(_ principal: Principal, _ request: Request) throws {
        let permission = APIPermission.required(request.method, request.uri.path)
        guard principal.may(permission) else {
            throw StrataError(.forbidden, "This key's role (\(principal.role.rawValue)) may not do this: it needs "
                + "\(permission.rawValue). Create a key with `strata keys create --secret --role ROLE`.")
        }
    }

    private func record(_ principal: Principal, _ request: Request, _ context: Context, _ body: [UInt8],
                        _ response: Response?, _ status: Int) throws {
        try audit.record(principal, action: "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)",
                         target: AuditTarget.of(path: request.uri.path, route: context.endpointPath, response: response),
                         body: body, status: status)
    }
}
