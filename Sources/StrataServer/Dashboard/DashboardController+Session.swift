import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    /// The sign-in form, with a fresh pre-session CSRF token in a cookie and in the form.
    func loginPage(_ request: Request, error: String?, email: String = "", status: HTTPResponse.Status = .ok) throws
        -> Response
    {
        let l = Localizer(auth.language(request))
        let token = AppDatabase.randomToken()
        let next = Self.localPath(request.uri.queryParameters["next"].map { String($0).removingPercentEncoding ?? String($0) })
        let other = l.language.other
        let view = LoginView(localizer: l, error: error, email: email, next: next, csrf: token,
                             switchLanguage: Page.Link(href: "/app/lang?to=\(other.rawValue)&next=/login", label: other.nativeName))
        var response = Self.htmlResponse(renderer.renderLogin(view), status: status)
        response.setCookie(auth.cookie(StaffAuthenticator.loginCookie, token, maxAge: 3600, request: request))
        return response
    }

    /// Checks the form's token against its cookie, then the email and password; a session
    /// cookie on success, the form again with a reason otherwise.
    func login(_ request: Request) async throws -> Response {
        let l = Localizer(auth.language(request))
        let form = try await StaffAuthenticator.form(request)
        let email = form["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let cookie = request.cookies[StaffAuthenticator.loginCookie]?.value,
              StaffAuthenticator.same(form["_csrf"] ?? "", cookie) else {
            return try loginPage(request, error: l["login.expired"], email: email, status: .forbidden)
        }
        let opened: (token: String, session: StaffSession)?
        do {
            opened = try database.signIn(email: email, password: form["password"] ?? "", now: StaffAuthenticator.now())
        } catch let error as StrataError where error.code == .rateLimited {
            return try loginPage(request, error: l.format("login.locked", String(error.retryAfterSeconds ?? 900)),
                                 email: email, status: .tooManyRequests)
        }
        guard let opened else {
            logger.notice("Dashboard sign-in refused", metadata: ["email": "\(PersonalData.maskEmail(email))"])
            return try loginPage(request, error: l["login.wrong"], email: email, status: .unauthorized)
        }
        var response = Response.redirect(to: Self.localPath(form["next"]), type: .normal)
        response.setCookie(auth.cookie(StaffAuthenticator.sessionCookie, opened.token,
                                       maxAge: Int(AppDatabase.sessionLifetime / 1000), request: request))
        response.setCookie(auth.cookie(StaffAuthenticator.loginCookie, "", maxAge: 0, request: request))
        return response
    }

    /// Ends the session (the form carries the session's CSRF token, so no other site can sign
    /// staff out).
    func logout(_ request: Request) async throws -> Response {
        let form = try await StaffAuthenticator.form(request)
        if let token = request.cookies[StaffAuthenticator.sessionCookie]?.value,
           let session = try auth.session(request), StaffAuthenticator.same(form["_csrf"] ?? "", session.csrf) {
            try database.endStaffSession(token: token)
        }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(auth.cookie(StaffAuthenticator.sessionCookie, "", maxAge: 0, request: request))
        return response
    }

    /// Sets the language cookie and goes back to the page.
    func switchLanguage(_ request: Request) -> Response {
        let to = Language(rawValue: request.uri.queryParameters["to"].map(String.init) ?? "") ?? .zh
        var response = Response.redirect(
            to: Self.localPath(request.uri.queryParameters["next"].map { String($0).removingPercentEncoding ?? String($0) }),
            type: .normal)
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
