import Hummingbird
import Logging
import StrataCore

/// Gives every error the one JSON shape of the API, including the framework's own (unknown
/// route, wrong method) and unexpected failures, which are logged and never leak details.
struct ErrorShapeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as StrataError {
            throw error
        } catch let error as HTTPError {
            throw StrataError(Self.code(for: error.status), error.body ?? Self.message(for: error.status, request))
        } catch let error as any HTTPResponseError {
            throw StrataError(Self.code(for: error.status), Self.message(for: error.status, request))
        } catch {
            context.logger.error("Request failed: \(String(reflecting: error))")
            throw StrataError(.unavailable, "The server could not complete the request; nothing was changed. Retry later.")
        }
    }

    static func code(for status: HTTPResponse.Status) -> StrataError.Code {
        switch status {
        case .notFound: .notFound
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .contentTooLarge: .payloadTooLarge
        case .tooManyRequests: .rateLimited
        case .methodNotAllowed: StrataError.Code(rawValue: "method_not_allowed")
        case .badRequest: .invalidParameter
        default: .unavailable
        }
    }

    static func message(for status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "No route \(request.method) \(request.uri.path); see the README for the API."
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)."
        default: status.reasonPhrase
        }
    }
}
