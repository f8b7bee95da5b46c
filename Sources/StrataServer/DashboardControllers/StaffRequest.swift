import Foundation
import Hummingbird
import StrataApp
import StrataCore
import StrataPages

/// A dashboard request from a signed-in member of staff: who, in which language, and the
/// decoded form of a `POST`.
struct StaffRequest: Sendable {
    let request: Request
    let session: StaffSession
    let l: Localizer
    /// The posted form fields (empty for `GET`).
    var form: [String: String]
    /// The client's address as the server sees it.
    var address: String?

    /// A request's view with its query decoded.
    init(request: Request, session: StaffSession, l: Localizer, form: [String: String]) {
        self.request = request
        self.session = session
        self.l = l
        self.form = form
        self.queryParameters = QueryParameters.formFields(request)
    }

    var role: StaffRole { session.account.role }

    /// The member of staff as the application layer knows them: what they see and what they change is theirs.
    var principal: Principal {
        Principal(.staff(id: session.account.id, email: session.account.email), role: role, address: address)
    }

    /// The query string's fields, decoded as a form (`+` is a space), first value of each.
    let queryParameters: [String: String]

    /// A query parameter, empty values as none.
    func query(_ name: String) -> String? {
        guard let value = queryParameters[name], !value.isEmpty else { return nil }
        return value
    }

    /// A posted field, trimmed, empty as none.
    func field(_ name: String) -> String? {
        guard let value = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A posted field that must be there.
    ///
    /// - Throws: `invalidField` naming the field.
    func required(_ name: String, _ label: String) throws -> String {
        guard let value = field(name) else {
            throw StrataError(.invalidField, l.format("form.required", label), field: name)
        }
        return value
    }

    /// Refuses what the role may not do.
    ///
    /// - Throws: `forbidden`.
    func require(_ permission: StaffRole.Permission) throws {
        guard role.may(permission) else { throw StrataError(.forbidden, l["error.forbidden"]) }
    }
}

/// Cookie sessions for the dashboard: the session cookie (HttpOnly, SameSite=Lax, Secure
/// behind TLS), the pre-login CSRF cookie, and the language cookie.
struct StaffAuthenticator: Sendable {
    static let sessionCookie = "strata_session"
    static let loginCookie = "strata_login"
    static let languageCookie = "strata_lang"
    static let formLimit = 1024 * 1024

    let app: AppServices
    /// Cookies carry `Secure` (the public URL is https).
    let secureByDefault: Bool
    /// Whether `X-Forwarded-For` names the client (see `ClientAddress`).
    var behindProxy = false

    /// The current time, from the store's clock.
    func now() -> Int64 { app.clock.now() }

    /// Whether the request came over TLS (directly or through a proxy that says so).
    func isSecure(_ request: Request) -> Bool {
        secureByDefault || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }

    /// The language of a request: its cookie, else its `Accept-Language`, else Chinese.
    func language(_ request: Request) -> Language {
        Language(cookie: request.cookies[Self.languageCookie]?.value, acceptLanguage: request.headers[.acceptLanguage])
    }

    /// The live session of the request's cookie, if any.
    func session(_ request: Request) throws -> StaffSession? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        return try app.access.session(token: token)
    }

    /// A cookie with Strata's attributes.
    func cookie(_ name: String, _ value: String, maxAge: Int?, request: Request, httpOnly: Bool = true) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: isSecure(request), httpOnly: httpOnly,
               sameSite: .lax)
    }

    /// The fields of a URL-encoded form body (at most 1 MB).
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: formLimit)
        } catch {
            throw StrataError(.payloadTooLarge, "The form is larger than 1 MB.")
        }
        do {
            return try URLEncodedFormDecoder().decode([String: String].self, from: String(buffer: buffer))
        } catch {
            throw StrataError(.invalidField, "The form could not be read; send each field once, URL-encoded.")
        }
    }

    /// Whether two tokens are equal, in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        ConstantTime.equal(a, b)
    }
}
