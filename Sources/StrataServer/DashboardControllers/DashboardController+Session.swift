import Foundation
import Hummingbird
import StrataApp
import StrataCore
import StrataPages

extension DashboardController {
    /// The sign-in form, with a fresh pre-session CSRF token in a cookie and in the form.
    func loginPage(_ request: Request, error: String?, email: String = "", next: String? = nil,
                   status: HTTPResponse.Status = .ok) throws -> Response
    {
        let l = Localizer(auth.language(request))
        let token = AccessUseCases.randomToken()
        let next = Self.localPath(next ?? QueryParameters.formFields(request)["next"])
        let other = l.language.other
        let view = LoginView(localizer: l, error: error, email: email, next: next, csrf: token,
                             switchLanguage: Page.Link(href: "/app/lang?to=\(other.rawValue)&next=/login", label: other.nativeName))
        var response = Self.htmlResponse(renderer.renderLogin(view), status: status)
        response.setCookie(auth.cookie(StaffAuthenticator.loginCookie, token, maxAge: 3600, request: request))
        return response
    }

    /// Checks the form's token against its cookie, then the email and password; a session
    /// cookie on success, the form again with a reason otherwise.
    func login(_ request: Request, from address: String) async throws -> Response {
        let l = Localizer(auth.language(request))
        let form = try await StaffAuthenticator.form(request)
        let email = form["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let cookie = request.cookies[StaffAuthenticator.loginCookie]?.value,
              StaffAuthenticator.same(form["_csrf"] ?? "", cookie) else {
            return try loginPage(request, error: l["login.expired"], email: email, next: form["next"], status: .forbidden)
        }
        let opened: (token: String, session: StaffSession)?
        do {
            opened = try app.access.signIn(email: email, password: form["password"] ?? "", from: address)
        } catch let error as StrataError where error.code == .rateLimited {
            let seconds = error.retryAfterSeconds ?? 1
            var page = try loginPage(request, error: l.format("login.throttled", String(seconds)), email: email,
                                     next: form["next"], status: .tooManyRequests)
            page.headers[.retryAfter] = String(seconds)
            return page
        }
        guard let opened else {
            logger.notice("Dashboard sign-in refused", metadata: ["email": "\(MaskingPolicy.maskEmail(email))"])
            return try loginPage(request, error: l["login.wrong"], email: email, next: form["next"], status: .unauthorized)
        }
        var response = Response.redirect(to: Self.localPath(form["next"]), type: .normal)
        response.setCookie(auth.cookie(StaffAuthenticator.sessionCookie, opened.token,
                                       maxAge: Int(AccessUseCases.sessionLifetime / 1000), request: request))
        response.setCookie(auth.cookie(StaffAuthenticator.loginCookie, "", maxAge: 0, request: request))
        return response
    }

    /// Ends the session. The form must carry the session's CSRF token, so no other site can sign
    /// staff out; without it nothing changes and the answer is the 403 page.
    func logout(_ request: Request, _ context: Context) async throws -> Response {
        let form = try await StaffAuthenticator.form(request)
        guard let token = request.cookies[StaffAuthenticator.sessionCookie]?.value,
              let session = try auth.session(request) else {
            return .redirect(to: "/login", type: .normal)
        }
        guard StaffAuthenticator.same(form["_csrf"] ?? "", session.csrf) else {
            let l = Localizer(auth.language(request))
            return errorPage(StaffRequest(request: request, session: session, l: l, form: [:]), status: .forbidden,
                             heading: l["error.csrf"], detail: l["error.csrf.next"])
        }
        try app.access.endSession(token: token)
        try app.audit.record(Principal(.staff(id: session.account.id, email: session.account.email), role: session.account.role,
                                       address: ClientAddress.of(request, context, behindProxy: auth.behindProxy)),
                             action: "sign_out", target: "", status: 303)
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(auth.cookie(StaffAuthenticator.sessionCookie, "", maxAge: 0, request: request))
        return response
    }

    /// Sets the language cookie and goes back to the page.
    func switchLanguage(_ request: Request) -> Response {
        let fields = QueryParameters.formFields(request)
        let to = Language(rawValue: fields["to"] ?? "") ?? .zh
        var response = Response.redirect(to: Self.localPath(fields["next"]), type: .normal)
        response.setCookie(auth.cookie(StaffAuthenticator.languageCookie, to.rawValue, maxAge: 365 * 86_400,
                                       request: request, httpOnly: false))
        return response
    }

    /// A path on this site to go to after a form (never another host).
    static func localPath(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return "/app" }
        return next
    }
}
