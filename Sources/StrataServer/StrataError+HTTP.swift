import Foundation
import Hummingbird
import StrataCore

/// The one place where Strata's errors become HTTP responses.
///
/// The body carries Segment's `{"code", "message"}` (which Segment-style clients parse) and the
/// admin API's `{"error": {"code", "message", "field"}}` in the same object.
extension StrataError: HTTPResponseError {
    /// The status for each error code.
    public var status: HTTPResponse.Status {
        switch code {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .payloadTooLarge: .contentTooLarge
        case .malformedJSON, .invalidField, .invalidParameter, .missingIdentity, .unknownType, .invalidTimestamp,
             .unsupportedEncoding, .unreadableInput:
            .badRequest
        case .identityConflict, .conflict, .insufficientBalance: .conflict
        case .erased: .gone
        case .rateLimited: .tooManyRequests
        case .notFound: .notFound
        case StrataError.Code(rawValue: "method_not_allowed"): .methodNotAllowed
        case .unavailable: .serviceUnavailable
        default: .serviceUnavailable
        }
    }

    /// The JSON error body with `Retry-After` for rate limits and reports past their time limit,
    /// and `WWW-Authenticate` for auth.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        if code == .unauthorized { headers[.wwwAuthenticate] = "Basic realm=\"strata\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// The JSON error body: Segment's top-level `code` and `message`, and the admin API's `error` object.
    var body: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code.rawValue), "message": .string(message)]
        if let field { error["field"] = .string(field) }
        var body = error
        body["error"] = .object(error)
        return .object(body)
    }
}

extension JSONValue {
    /// A `200` JSON response with this value as body.
    func response(status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: jsonText)))
    }
}
