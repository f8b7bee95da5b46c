import Foundation
import Hummingbird
import Logging
import StrataApp
import StrataCore
import StrataPages

/// The operations dashboard: server-rendered pages under `/app` for signed-in staff, the
/// sign-in and sign-out forms, the language switch and the static assets.
///
/// Every page goes through `page`, every form through `action`: both require a session, check
/// the role on the server, and turn errors into a page in the reader's language; `action` also
/// checks the CSRF token before anything is written.
struct DashboardController<Context: PrincipalRequestContext>: Sendable {
    /// The application layer every page and form calls.
    let app: AppServices
    let keys: KeyRing
    let contact: ContactPolicy
    let renderer: PageRenderer
    let auth: StaffAuthenticator
    /// Show data as of this instant instead of now (a store of historical data, the benchmark).
    let dataAsOf: Int64?
    let logger: Logger

    /// The in-memory index (the overview's side-by-side reports).
    var index: IndexService { app.index }
    /// Campaign definitions, life cycle, results.
    var campaigns: CampaignService { app.campaigns }

    /// The instant reports and layers are computed as of.
    func dataNow() -> Int64 { dataAsOf ?? app.clock.now() }

    func addRoutes(to router: Router<Context>) {
        router.get("/") { _, _ in Response.redirect(to: "/app", type: .found) }
        router.get("app/static/strata.css") { _, _ in Self.asset(DashboardAssets.css, type: "text/css; charset=utf-8") }
        router.get("app/static/strata.js") { _, _ in
            Self.asset(DashboardAssets.javascript, type: "text/javascript; charset=utf-8")
        }
        router.get("login") { request, _ in try loginPage(request, error: nil) }
        router.post("login") { request, context in
            try await login(request, from: ClientAddress.of(request, context, behindProxy: auth.behindProxy))
        }
        router.post("logout") { request, context in try await logout(request, context) }
        router.get("app/lang") { request, _ in switchLanguage(request) }
        page(router, "app") { staff, _ in try await overview(staff) }
        addUserRoutes(to: router)
        addSegmentRoutes(to: router)
        addAnalysisRoutes(to: router)
        addCampaignRoutes(to: router)
        addSettingsRoutes(to: router)
        // Any other dashboard path: the not-found page in the reader's language, not the API's JSON.
        page(router, "app/**") { staff, _ in
            throw StrataError(.notFound, staff.l["error.no_page"], field: "path")
        }
    }

    // MARK: - Routing with sessions, roles and CSRF

    /// A page: signed in, allowed, rendered in the reader's language.
    func page(_ router: Router<Context>, _ path: RouterPath, _ permission: StaffRole.Permission = .view,
              _ build: @escaping @Sendable (StaffRequest, Context) async throws -> Page) {
        router.get(path) { request, context in
            try await handle(request, context, permission: permission, post: false) { staff in
                html(try await build(staff, context), staff)
            }
        }
    }

    /// A `GET` that answers with something other than a page (CSV, JSON) under the same rules.
    func data(_ router: Router<Context>, _ path: RouterPath, _ permission: StaffRole.Permission = .view,
              _ build: @escaping @Sendable (StaffRequest, Context) async throws -> Response) {
        router.get(path) { request, context in
            try await handle(request, context, permission: permission, post: false) { staff in try await build(staff, context) }
        }
    }

    /// A form post: signed in, CSRF token checked, allowed; answers with a redirect (to a page
    /// with a notice) or a page.
    func action(_ router: Router<Context>, _ path: RouterPath, _ permission: StaffRole.Permission,
                _ run: @escaping @Sendable (StaffRequest, Context) async throws -> Response) {
        router.post(path) { request, context in
            try await handle(request, context, permission: permission, post: true) { staff in try await run(staff, context) }
        }
    }

    private func handle(_ request: Request, _ context: Context, permission: StaffRole.Permission, post: Bool,
                        _ body: (StaffRequest) async throws -> Response) async throws -> Response {
        let l = Localizer(auth.language(request))
        guard let session = try auth.session(request) else {
            let next = post ? "/app" : request.uri.description
            return .redirect(to: "/login?next=" + Self.queryValue(next), type: .normal)
        }
        var staff = StaffRequest(request: request, session: session, l: l, form: [:])
        staff.address = ClientAddress.of(request, context, behindProxy: auth.behindProxy)
        let response = await respond(request, staff: &staff, session: session, permission: permission, post: post, body)
        if post {
            // Every change made in the dashboard is in the audit log: who, what, the form's digest, the outcome.
            let form = staff.form.filter { $0.key != "_csrf" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            do {
                try app.audit.record(staff.principal, action: "POST \(context.endpointPath ?? request.uri.path)",
                                     target: AuditTarget.of(path: request.uri.path, route: context.endpointPath, response: response),
                                     body: Array(form.joined(separator: "&").utf8),
                                     status: Int(response.status.code))
            } catch {
                logger.error("Audit entry not stored", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
        }
        return response
    }

    private func respond(_ request: Request, staff: inout StaffRequest, session: StaffSession, permission: StaffRole.Permission,
                         post: Bool, _ body: (StaffRequest) async throws -> Response) async -> Response {
        let l = staff.l
        do {
            if post {
                staff.form = try await StaffAuthenticator.form(request)
                let token = staff.form["_csrf"] ?? request.headers[.init("X-CSRF-Token")!] ?? ""
                guard StaffAuthenticator.same(token, session.csrf) else {
                    return errorPage(staff, status: .forbidden, heading: l["error.csrf"], detail: l["error.csrf.next"])
                }
            }
            guard session.account.role.may(permission) else {
                return errorPage(staff, status: .forbidden, heading: l["error.forbidden"], detail: l["error.forbidden.next"])
            }
            var response = try await body(staff)
            // The cookie lives as long as the session, which each use extends.
            if let token = request.cookies[StaffAuthenticator.sessionCookie]?.value,
               response.headers[.setCookie] == nil {
                response.setCookie(auth.cookie(StaffAuthenticator.sessionCookie, token,
                                               maxAge: Int(max(0, session.expiresAt - auth.now()) / 1000),
                                               request: request))
            }
            return response
        } catch let error as StrataError {
            return errorPage(staff, error)
        } catch {
            logger.error("Dashboard page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return errorPage(staff, status: .internalServerError, heading: l["error.internal"],
                             detail: l["error.internal.next"])
        }
    }

    // MARK: - Rendering

    /// A page in the frame, as an HTML response that is never cached.
    func html(_ page: Page, _ staff: StaffRequest, status: HTTPResponse.Status = .ok) -> Response {
        var page = page
        page.chrome = chrome(staff)
        return Self.htmlResponse(renderer.render(page), status: status)
    }

    static func htmlResponse(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .init("X-Content-Type-Options")!: "nosniff", .init("X-Frame-Options")!: "DENY",
            .init("Referrer-Policy")!: "same-origin",
            .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                + "frame-ancestors 'none'; form-action 'self'",
        ]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600", .eTag: "\"\(DashboardAssets.version)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The areas this role may open, with the current one marked.
    private func chrome(_ staff: StaffRequest) -> PageChrome {
        let l = staff.l
        let path = staff.request.uri.path
        var areas = [("/app", "nav.overview"), ("/app/users", "nav.users"), ("/app/segments", "nav.segments"),
                     ("/app/analysis", "nav.analysis"), ("/app/campaigns", "nav.campaigns")]
        if staff.role.may(.manageSettings) { areas.append(("/app/settings", "nav.settings")) }
        let nav = areas.map { href, key in
            Page.Link(href: href, label: l[key], current: href == "/app" ? path == "/app" : path.hasPrefix(href))
        }
        let other = l.language.other
        let next = staff.request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return PageChrome(
            nav: nav, userName: staff.session.account.name, roleLabel: l["role." + staff.role.rawValue],
            csrf: staff.session.csrf, lang: l.language.htmlTag,
            switchLanguage: Page.Link(href: "/app/lang?to=\(other.rawValue)&next=\(next)", label: other.nativeName),
            strings: ["logout": l["logout"]])
    }

    /// An error as a page in the reader's language, saying what to do next.
    func errorPage(_ staff: StaffRequest, _ error: StrataError) -> Response {
        let l = staff.l
        // The status comes from the one mapping of error codes (StrataError+HTTP); the words here.
        let status = error.status == .serviceUnavailable && error.code != .unavailable ? .badRequest : error.status
        switch error.code {
        case .notFound:
            return errorPage(staff, status: status, heading: l["error.not_found"], detail: error.message + " " + l["error.not_found.next"])
        case .forbidden:
            return errorPage(staff, status: status, heading: l["error.forbidden"], detail: l["error.forbidden.next"])
        case .conflict, .identityConflict:
            return errorPage(staff, status: status, heading: l["error.conflict"], detail: error.message)
        case .unavailable:
            return errorPage(staff, status: status, heading: l["error.unavailable"], detail: error.message)
        default:
            return errorPage(staff, status: status, heading: l["error.invalid"], detail: error.message + " " + l["error.invalid.next"])
        }
    }

    func errorPage(_ staff: StaffRequest, status: HTTPResponse.Status, heading: String, detail: String) -> Response {
        let l = staff.l
        let page = Page(title: l["error.title"], notice: Page.Notice(heading, detail: detail, isError: true),
                        sections: [PageSection(links: [Page.Link(href: "javascript:history.back()", label: l["back"]),
                                                       Page.Link(href: "/app", label: l["nav.overview"])])])
        return html(page, staff, status: status)
    }

    /// Where a form redirects after success: a local path with a notice key.
    static func redirect(_ path: String, notice: String? = nil) -> Response {
        guard let notice else { return .redirect(to: path, type: .normal) }
        // The notice goes into the query, before any #fragment.
        let parts = path.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(parts[0]), fragment = parts.count > 1 ? "#" + parts[1] : ""
        return .redirect(to: base + (base.contains("?") ? "&" : "?") + "notice=" + notice + fragment, type: .normal)
    }

    /// The notice named by `?notice=` (only known keys, so no text can be injected).
    static func notice(_ staff: StaffRequest) -> Page.Notice? {
        guard let key = staff.query("notice"), ["saved", "deleted", "launched", "updated", "created"].contains(key) else {
            return nil
        }
        return Page.Notice(staff.l["notice." + key])
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ context: Context, _ name: String) throws -> String {
        try context.decodedParameter(name)
    }

    /// A path segment made safe for a link.
    static func path(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }

    /// A query value made safe for a link.
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
