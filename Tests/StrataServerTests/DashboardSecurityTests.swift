import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import StrataTestSupport
import Testing

/// The dashboard's security through its HTTP surface: sign-in, cookies, CSRF on every form,
/// roles enforced on the server, headers, language and lockout.
@Suite struct DashboardSecurityTests {
    static let fast = PasswordHash(rounds: 1 << 10)
    static let password = "correct horse battery"

    // MARK: - Helpers

    /// What came back, with the cookies it set (name → the whole `Set-Cookie` line).
    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        var location: String? { headers[.location] }
        var setCookies: [String: String] {
            var result: [String: String] = [:]
            for line in headers[values: .setCookie] {
                let name = String(line.prefix { $0 != "=" })
                result[name] = line
            }
            return result
        }

        /// The value a `Set-Cookie` line gives a cookie.
        func cookie(_ name: String) -> String? {
            guard let line = setCookies[name] else { return nil }
            return String(line.dropFirst(name.count + 1).prefix { $0 != ";" })
        }

        /// The attributes of a `Set-Cookie` line, lower-cased names, as `name` or `name=value`.
        func attributes(_ name: String) -> Set<String> {
            guard let line = setCookies[name] else { return [] }
            return Set(line.split(separator: ";").dropFirst().map {
                let part = $0.trimmingCharacters(in: .whitespaces)
                guard let eq = part.firstIndex(of: "=") else { return part.lowercased() }
                return part[..<eq].lowercased() + part[eq...]
            })
        }

        /// The value of a hidden field in the HTML.
        func hidden(_ field: String) -> String? {
            guard let range = body.range(of: "name=\"\(field)\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static let formSafe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ form: [(String, String)]) -> String {
        form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: formSafe)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: formSafe)!)" }
            .joined(separator: "&")
    }

    /// A signed-in member of staff: the session cookie and the session's CSRF token.
    struct Staff {
        var id: Int64
        var token: String
        var csrf: String
        var cookies: [String: String] { [ "strata_session": token ] }
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @discardableResult
    static func addStaff(_ database: AppDatabase, _ email: String, _ role: StaffRole, name: String = "运营小王") throws
        -> StaffAccount
    {
        try database.createStaff(email: email, name: name, role: role, password: password, hasher: fast, now: now())
    }

    /// An account of the role, signed in through the store.
    static func staff(_ database: AppDatabase, _ role: StaffRole, name: String? = nil) throws -> Staff {
        let email = "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.com"
        let account = try addStaff(database, email, role, name: name ?? "\(role.rawValue) 小王")
        let opened = try #require(try database.signIn(email: email, password: password, now: now()))
        return Staff(id: account.id, token: opened.token, csrf: opened.session.csrf)
    }

    /// Stores one user from Shanghai who bought something, so segment rules on `city` validate
    /// and the overview has its purchase event.
    static func seedUser(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth,
                                 body: #"{"userId":"shanghai_user_1","traits":{"city":"Shanghai"}}"#.buffer) { response in
            #expect(response.status == .ok)
        }
        try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth,
                                 body: #"{"userId":"shanghai_user_1","event":"purchase","properties":{"revenue":9.5}}"#.buffer) {
            #expect($0.status == .ok)
        }
    }

    /// The pages every signed-in member of staff may open (routes that exist today).
    static let pages = ["/app", "/app/segments", "/app/segments/models", "/app/segments/tags", "/app/analysis/activity"]

    // MARK: - Without a session

    /// The administration pages.
    static let settingsPages = ["/app/settings", "/app/settings/keys", "/app/settings/channels", "/app/settings/staff"]

    @Test(arguments: pages + settingsPages + [
        "/app/segments/new", "/app/segments/vip", "/app/segments/vip/export", "/app/segments/preview?rule=city%20%3D%20Shanghai",
        "/app/analysis/activity/csv", "/app/users", "/app/users/shanghai_user_1", "/app/campaigns", "/app/campaigns/new",
        "/app/campaigns/spring", "/app/campaigns/spring/review",
    ])
    func pagesWithoutASessionRedirectToSignIn(_ path: String) async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "admin@example.com", .admin)
            let reply = try await client.send(.get, path)
            #expect(reply.status == .seeOther)
            let location = try #require(reply.location)
            #expect(location.hasPrefix("/login?next="))
            let next = String(location.dropFirst("/login?next=".count)).removingPercentEncoding
            #expect(next == path)
            #expect(reply.body.isEmpty)
            // A session cookie that is not a session is the same as none.
            let forged = try await client.send(.get, path, cookies: ["strata_session": AppDatabase.randomToken()])
            #expect(forged.status == .seeOther)
            #expect(forged.location == location)
            #expect(forged.body.isEmpty)
        }
    }

    @Test func theAnalysisAreaWithoutASessionShowsNothing() async throws {
        try await ServerHarness.run { client, _ in
            var path = "/app/analysis"
            var reply = try await client.send(.get, path)
            // It may first go to its default report, which then asks for a session.
            if reply.status == .found, let location = reply.location, location.hasPrefix("/app/") {
                path = location
                reply = try await client.send(.get, path)
            }
            #expect(reply.status == .seeOther)
            #expect(reply.location?.hasPrefix("/login?next=") == true)
            #expect(reply.body.isEmpty)
        }
    }

    @Test func postsWithoutASessionChangeNothing() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let reply = try await client.send(.post, "/app/segments",
                                              form: [("_csrf", "anything"), ("name", "shanghai"), ("rule", "city = Shanghai")])
            #expect(reply.status == .seeOther)
            #expect(reply.location?.hasPrefix("/login") == true)
            #expect(try database.segment(named: "shanghai") == nil)
            #expect(try database.segments().isEmpty)
            let tag = try await client.send(.post, "/app/segments/tags", form: [("_csrf", "x"), ("name", "vip")])
            #expect(tag.status == .seeOther && tag.location?.hasPrefix("/login") == true)
            #expect(try database.tags().isEmpty)
            let key = try await client.send(.post, "/app/settings/keys", form: [("_csrf", "x"), ("kind", "secret")])
            #expect(key.status == .seeOther && key.location?.hasPrefix("/login") == true)
            #expect(try database.keys().isEmpty)
            let account = try await client.send(.post, "/app/settings/staff", form: [
                ("_csrf", "x"), ("email", "intruder@example.com"), ("role", "admin"), ("password", Self.password),
            ])
            #expect(account.status == .seeOther && account.location?.hasPrefix("/login") == true)
            #expect(try database.staffAccounts().isEmpty)
        }
    }

    @Test func anExpiredOrEndedSessionOpensNothing() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let account = try Self.addStaff(database, "ops@example.com", .operator)
            let old = try #require(try database.signIn(email: "ops@example.com", password: Self.password,
                                                       now: Self.now() - AppDatabase.sessionLifetime - 60_000))
            #expect(try await client.send(.get, "/app", cookies: ["strata_session": old.token]).status == .seeOther)
            let live = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.now()))
            #expect(try await client.send(.get, "/app", cookies: ["strata_session": live.token]).status == .ok)
            // A new password signs the account out everywhere.
            try database.setStaffPassword(id: account.id, to: "another long passphrase", hasher: Self.fast)
            let after = try await client.send(.get, "/app", cookies: ["strata_session": live.token])
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
        }
    }

    // MARK: - Signing in

    @Test func theSignInFormCarriesTheTokenOfItsCookie() async throws {
        try await ServerHarness.run { client, _ in
            let page = try await client.send(.get, "/login")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let cookie = try #require(page.cookie("strata_login"))
            #expect(cookie.count >= 32)
            #expect(page.hidden("_csrf") == cookie)
            #expect(page.attributes("strata_login").isSuperset(of: ["httponly", "samesite=Lax", "path=/"]))
            #expect(page.body.contains("<html lang=\"zh-CN\">"))
            #expect(page.body.contains("登录"))
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
            // Each form gets a fresh token.
            let again = try await client.send(.get, "/login")
            #expect(again.cookie("strata_login") != cookie)
        }
    }

    @Test func theRightPasswordOpensASessionWithASafeCookie() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            try Self.addStaff(database, "ops@example.com", .operator, name: "运营小王")
            let form = try await client.send(.get, "/login?next=%2Fapp%2Fsegments")
            #expect(form.hidden("next") == "/app/segments")
            let token = try #require(form.cookie("strata_login"))
            let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", Self.password), ("next", "/app/segments"),
            ])
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/app/segments")
            let session = try #require(reply.cookie("strata_session"))
            #expect(session.count >= 32)
            let attributes = reply.attributes("strata_session")
            #expect(attributes.contains("httponly"))
            #expect(attributes.contains("samesite=Lax"))
            #expect(attributes.contains("path=/"))
            #expect(attributes.contains("max-age=43200"))
            #expect(!attributes.contains("secure"), "not Secure over plain HTTP")
            // The pre-session token is spent.
            #expect(reply.cookie("strata_login") == "")
            #expect(reply.attributes("strata_login").contains("max-age=0"))
            // The cookie opens the dashboard.
            let page = try await client.send(.get, "/app", cookies: ["strata_session": session])
            #expect(page.status == .ok)
            #expect(page.body.contains("运营小王"))
        }
    }

    @Test func behindTLSTheCookiesAreSecure() async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let https: HTTPFields = [.init("X-Forwarded-Proto")!: "https"]
            let form = try await client.send(.get, "/login", headers: https)
            #expect(form.attributes("strata_login").contains("secure"))
            let token = try #require(form.cookie("strata_login"))
            let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], headers: https, form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", Self.password),
            ])
            #expect(reply.status == .seeOther)
            #expect(reply.attributes("strata_session").isSuperset(of: ["secure", "httponly", "samesite=Lax", "path=/"]))
        }
    }

    @Test func anHTTPSPublicURLMakesEveryCookieSecure() async throws {
        try await ServerHarness.run(configure: { $0.publicURL = "https://strata.example.com" }) { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let form = try await client.send(.get, "/login")
            #expect(form.attributes("strata_login").contains("secure"))
            let token = try #require(form.cookie("strata_login"))
            let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", Self.password),
            ])
            #expect(reply.attributes("strata_session").contains("secure"))
            let lang = try await client.send(.get, "/app/lang?to=en&next=/app")
            #expect(lang.attributes("strata_lang").contains("secure"))
        }
    }

    @Test func aWrongPasswordIsRefusedWithoutASession() async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            for (email, password) in [("ops@example.com", "wrong password!"), ("nobody@example.com", Self.password),
                                      ("ops@example.com", "")] {
                let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], form: [
                    ("_csrf", token), ("email", email), ("password", password),
                ])
                #expect(reply.status == .unauthorized)
                #expect(reply.body.contains("邮箱或密码不正确，请重试。"))
                #expect(reply.cookie("strata_session") == nil)
                #expect(reply.location == nil)
                #expect(!reply.body.contains(password.isEmpty ? "\u{0}" : password), "the password is not echoed")
                #expect(reply.hidden("email") == email, "the email is kept")
            }
            let english = try await client.send(.post, "/login", cookies: ["strata_login": token, "strata_lang": "en"], form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", "wrong password!"),
            ])
            #expect(english.status == .unauthorized)
            #expect(english.body.contains("The email or password is wrong; try again."))
        }
    }

    @Test func aRefusedSignInKeepsWhereToGoNext() async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", "wrong password!"), ("next", "/app/segments"),
            ])
            #expect(reply.status == .unauthorized)
            #expect(reply.hidden("next") == "/app/segments")
        }
    }

    @Test func aSignInWithoutTheFormsTokenIsRefused() async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            let credentials = [("email", "ops@example.com"), ("password", Self.password)]
            let attempts: [(cookies: [String: String], form: [(String, String)])] = [
                ([:], credentials),                                            // neither
                (["strata_login": token], credentials),                        // no form field
                ([:], [("_csrf", token)] + credentials),                       // no cookie
                (["strata_login": token], [("_csrf", AppDatabase.randomToken())] + credentials), // mismatch
                (["strata_login": ""], [("_csrf", "")] + credentials),         // both empty
            ]
            for attempt in attempts {
                let reply = try await client.send(.post, "/login", cookies: attempt.cookies, form: attempt.form)
                #expect(reply.status == .forbidden)
                #expect(reply.body.contains("表单已过期，请重新登录。"))
                #expect(reply.cookie("strata_session") == nil)
                #expect(reply.location == nil)
            }
            // Nothing was counted against the account either: the right pair still works.
            #expect(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.now()) != nil)
        }
    }

    @Test(arguments: ["//evil.com", "https://evil.com", "http://evil.com/app", "/\\evil.com", "\\\\evil.com", "evil.com",
                      "javascript:alert(1)", "/%2F/evil.com".removingPercentEncoding!, ""])
    func signInNeverSendsYouToAnotherHost(_ next: String) async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            let reply = try await client.send(.post, "/login", cookies: ["strata_login": token], form: [
                ("_csrf", token), ("email", "ops@example.com"), ("password", Self.password), ("next", next),
            ])
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/app")
            #expect(reply.cookie("strata_session") != nil)
            // The form does not carry it either.
            let form = try await client.send(.get, "/login?next=" + next.addingPercentEncoding(withAllowedCharacters: Self.formSafe)!)
            #expect(form.hidden("next") == "/app")
        }
    }

    // MARK: - With a session

    @Test func theOverviewIsAPrivateHTMLPageWithTheFrame() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let staff = try Self.staff(database, .operator, name: "运营小王")
            let reply = try await client.send(.get, "/app", cookies: staff.cookies)
            #expect(reply.status == .ok, "\(reply.body)")
            #expect(reply.headers[.contentType] == "text/html; charset=utf-8")
            #expect(reply.headers[.cacheControl] == "no-store")
            #expect(reply.headers[.init("X-Frame-Options")!] == "DENY")
            #expect(reply.headers[.init("X-Content-Type-Options")!] == "nosniff")
            let csp = try #require(reply.headers[.contentSecurityPolicy])
            #expect(csp.contains("default-src 'self'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("form-action 'self'"))
            #expect(!csp.contains("script-src 'unsafe-inline'") && !csp.contains("*"))
            #expect(reply.body.contains("运营小王"))
            for href in ["/app", "/app/users", "/app/segments", "/app/analysis", "/app/campaigns"] {
                #expect(reply.body.contains("<a href=\"\(href)\""), "nav link \(href)")
            }
            #expect(reply.body.contains("<a href=\"/app\" aria-current=\"page\">概览</a>"))
            let logout = try #require(reply.body.range(of: "<form method=\"post\" action=\"/logout\""))
            let form = reply.body[logout.lowerBound...].prefix { $0 != "\n" }
            #expect(form.contains("name=\"_csrf\" value=\"\(staff.csrf)\""))
            // The session cookie's token is never in the page.
            #expect(!reply.body.contains(staff.token))
        }
    }

    @Test func theOverviewOpensOnAFreshStore() async throws {
        try await ServerHarness.run { client, database in
            let staff = try Self.staff(database, .admin)
            let reply = try await client.send(.get, "/app", cookies: staff.cookies)
            #expect(reply.status == .ok)
            #expect(!reply.body.contains("Unknown event"))
            #expect(reply.body.contains("<html lang=\"zh-CN\">"))
        }
    }

    @Test func errorPagesAreAsPrivateAsPages() async throws {
        try await ServerHarness.run { client, database in
            let staff = try Self.staff(database, .admin)
            let reply = try await client.send(.get, "/app/segments/no-such-segment", cookies: staff.cookies)
            #expect(reply.status == .notFound)
            #expect(reply.headers[.cacheControl] == "no-store")
            #expect(reply.headers[.init("X-Frame-Options")!] == "DENY")
            #expect(reply.body.contains("找不到这个页面或对象。"))
        }
    }

    // MARK: - CSRF

    @Test func aFormPostWithoutTheSessionsTokenChangesNothing() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let staff = try Self.staff(database, .admin)
            let other = try Self.staff(database, .admin)
            let fields = [("name", "shanghai"), ("rule", "city = Shanghai")]
            let altered = String(staff.csrf.dropLast()) + (staff.csrf.hasSuffix("A") ? "B" : "A")
            for token in [nil, "", "wrong", other.csrf, altered, staff.token] as [String?] {
                let form = token.map { [("_csrf", $0)] + fields } ?? fields
                let reply = try await client.send(.post, "/app/segments", cookies: staff.cookies, form: form)
                #expect(reply.status == .forbidden, "token \(token ?? "none")")
                #expect(reply.body.contains("表单已过期"))
                #expect(reply.body.contains("未做任何修改"))
                #expect(try database.segment(named: "shanghai") == nil)
            }
            let wrongHeader = try await client.send(.post, "/app/segments", cookies: staff.cookies,
                                                    headers: [.init("X-CSRF-Token")!: other.csrf], form: fields)
            #expect(wrongHeader.status == .forbidden)
            #expect(try database.segments().isEmpty)
            // The right token does it.
            let saved = try await client.send(.post, "/app/segments", cookies: staff.cookies,
                                              form: [("_csrf", staff.csrf)] + fields)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/segments/shanghai?notice=saved")
            #expect(try database.segment(named: "shanghai") != nil)
            // So does the token in the header scripts send.
            let header = try await client.send(.post, "/app/segments", cookies: staff.cookies,
                                               headers: [.init("X-CSRF-Token")!: staff.csrf],
                                               form: [("name", "shanghai2"), ("rule", "city = Shanghai")])
            #expect(header.status == .seeOther)
            #expect(try database.segment(named: "shanghai2") != nil)
        }
    }

    @Test func deletingWithoutTheTokenKeepsTheSegment() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let staff = try Self.staff(database, .operator)
            let saved = try await client.send(.post, "/app/segments", cookies: staff.cookies,
                                              form: [("_csrf", staff.csrf), ("name", "vip"), ("rule", "city = Shanghai")])
            #expect(saved.status == .seeOther)
            let refused = try await client.send(.post, "/app/segments/vip/delete", cookies: staff.cookies, form: [("_csrf", "x")])
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("表单已过期"))
            #expect(try database.segment(named: "vip") != nil)
            let deleted = try await client.send(.post, "/app/segments/vip/delete", cookies: staff.cookies,
                                                form: [("_csrf", staff.csrf)])
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/app/segments?notice=deleted")
            #expect(try database.segment(named: "vip") == nil)
        }
    }

    @Test func theCSRFPageIsInEnglishForEnglishReaders() async throws {
        try await ServerHarness.run { client, database in
            let staff = try Self.staff(database, .admin)
            let reply = try await client.send(.post, "/app/segments", cookies: staff.cookies.merging(["strata_lang": "en"]) { a, _ in a },
                                              form: [("name", "x"), ("rule", "city = Shanghai")])
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("The form expired or came from elsewhere; nothing was changed."))
            #expect(reply.body.contains("<html lang=\"en\">"))
        }
    }

    @Test func logOutWithTheTokenEndsTheSession() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let staff = try Self.staff(database, .viewer)
            let reply = try await client.send(.post, "/logout", cookies: staff.cookies, form: [("_csrf", staff.csrf)])
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/login")
            #expect(reply.cookie("strata_session") == "")
            #expect(reply.attributes("strata_session").contains("max-age=0"))
            #expect(try database.staffSession(token: staff.token, now: Self.now()) == nil)
            let after = try await client.send(.get, "/app", cookies: staff.cookies)
            #expect(after.status == .seeOther)
            #expect(after.location?.hasPrefix("/login") == true)
        }
    }

    @Test func logOutWithoutTheTokenIsRefused() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let staff = try Self.staff(database, .viewer)
            let other = try Self.staff(database, .viewer)
            for form in [[], [("_csrf", "wrong")], [("_csrf", other.csrf)]] as [[(String, String)]] {
                let reply = try await client.send(.post, "/logout", cookies: staff.cookies, form: form)
                // The session lives on: the old cookie still opens the dashboard.
                #expect(try database.staffSession(token: staff.token, now: Self.now()) != nil)
                #expect(try await client.send(.get, "/app", cookies: staff.cookies).status == .ok)
                #expect(reply.status == .forbidden)
                #expect(reply.body.contains("表单已过期"))
                #expect(reply.cookie("strata_session") == nil)
            }
        }
    }

    // MARK: - Roles

    @Test func onlyRolesThatEditSegmentsMaySaveThem() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            for (role, allowed) in [(StaffRole.viewer, false), (.analyst, true), (.operator, true), (.admin, true)] {
                let staff = try Self.staff(database, role)
                let name = "seg_\(role.rawValue)"
                let reply = try await client.send(.post, "/app/segments", cookies: staff.cookies,
                                                  form: [("_csrf", staff.csrf), ("name", name), ("rule", "city = Shanghai")])
                if allowed {
                    #expect(reply.status == .seeOther, "\(role)")
                    #expect(try database.segment(named: name) != nil, "\(role)")
                } else {
                    #expect(reply.status == .forbidden, "\(role)")
                    #expect(reply.body.contains("您的角色无权执行此操作。"))
                    #expect(try database.segment(named: name) == nil, "\(role)")
                }
                let editor = try await client.send(.get, "/app/segments/new", cookies: staff.cookies)
                #expect(editor.status == (allowed ? .ok : .forbidden), "\(role)")
            }
        }
    }

    @Test func aViewerCanNeitherDeleteNorTagNorSaveFunnelSteps() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let admin = try Self.staff(database, .admin)
            #expect(try await client.send(.post, "/app/segments", cookies: admin.cookies,
                                          form: [("_csrf", admin.csrf), ("name", "vip"), ("rule", "city = Shanghai")]).status
                == .seeOther)
            let viewer = try Self.staff(database, .viewer)
            let delete = try await client.send(.post, "/app/segments/vip/delete", cookies: viewer.cookies,
                                               form: [("_csrf", viewer.csrf)])
            #expect(delete.status == .forbidden)
            #expect(try database.segment(named: "vip") != nil)
            let tag = try await client.send(.post, "/app/segments/tags", cookies: viewer.cookies,
                                            form: [("_csrf", viewer.csrf), ("name", "loyal")])
            #expect(tag.status == .forbidden)
            #expect(try database.tags().isEmpty)
            let funnel = try await client.send(.post, "/app/analysis/funnel/segment", cookies: viewer.cookies,
                                               form: [("_csrf", viewer.csrf), ("name", "dropped"), ("steps", "a,b")])
            #expect(funnel.status == .forbidden)
            #expect(try database.segment(named: "dropped") == nil)
            // The viewer does not get the buttons either.
            let page = try await client.send(.get, "/app/segments/vip", cookies: viewer.cookies)
            #expect(page.status == .ok)
            #expect(!page.body.contains("/app/segments/vip/delete"))
            #expect(!page.body.contains("/app/segments/vip/edit"))
            #expect(!page.body.contains("/app/segments/vip/export"))
        }
    }

    @Test func onlyOperatorsAndAdminsExportMembers() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let admin = try Self.staff(database, .admin)
            #expect(try await client.send(.post, "/app/segments", cookies: admin.cookies,
                                          form: [("_csrf", admin.csrf), ("name", "vip"), ("rule", "city = Shanghai")]).status
                == .seeOther)
            for (role, allowed) in [(StaffRole.viewer, false), (.analyst, false), (.operator, true), (.admin, true)] {
                let staff = try Self.staff(database, role)
                let reply = try await client.send(.get, "/app/segments/vip/export", cookies: staff.cookies)
                #expect(reply.status == (allowed ? .ok : .forbidden), "\(role)")
                #expect(reply.body.contains("shanghai_user_1") == allowed, "\(role)")
                let page = try await client.send(.get, "/app/segments/vip", cookies: staff.cookies)
                #expect(page.body.contains("/app/segments/vip/export") == allowed, "\(role)")
            }
        }
    }

    @Test func onlyAdminsSeeTheSettingsLink() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            for role in StaffRole.allCases {
                let staff = try Self.staff(database, role)
                let page = try await client.send(.get, "/app", cookies: staff.cookies)
                #expect(page.status == .ok)
                #expect(page.body.contains("href=\"/app/settings\"") == (role == .admin), "\(role)")
                #expect(page.body.contains(">设置</a>") == (role == .admin), "\(role)")
            }
        }
    }

    @Test func everyRoleMayOpenTheReadOnlyPages() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            for role in StaffRole.allCases {
                let staff = try Self.staff(database, role)
                for path in Self.pages {
                    let reply = try await client.send(.get, path, cookies: staff.cookies)
                    #expect(reply.status == .ok, "\(role) \(path)")
                    #expect(reply.headers[.cacheControl] == "no-store", "\(role) \(path)")
                }
            }
        }
    }

    @Test func aRoleChangeAppliesToTheOpenSession() async throws {
        try await ServerHarness.run { client, database in
            try Self.addStaff(database, "admin@example.com", .admin)
            let account = try Self.addStaff(database, "ops@example.com", .operator)
            let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password, now: Self.now()))
            let cookies = ["strata_session": opened.token]
            #expect(try await client.send(.get, "/app/segments/new", cookies: cookies).status == .ok)
            try database.setStaffRole(id: account.id, to: .viewer)
            #expect(try await client.send(.get, "/app/segments/new", cookies: cookies).status == .forbidden)
        }
    }

    // MARK: - Personal data

    @Test(arguments: StaffRole.allCases)
    func personalTraitsAreMaskedUnlessTheRoleMaySeeThem(_ role: StaffRole) async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth, body: #"""
                {"userId":"masked_user_1","traits":{"email":"alice@example.com","phone":"13812345678","name":"张三丰",
                 "city":"Hangzhou","plan":"gold"}}
                """#.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/track", method: .post, headers: ServerHarness.basicAuth, body: #"""
                {"userId":"masked_user_1","event":"update_contact","properties":{"mobile":"13987654321","step":"two"}}
                """#.buffer) { #expect($0.status == .ok) }
            let staff = try Self.staff(database, role)
            let sees = role.may(.viewPersonalData)
            let profile = try await client.send(.get, "/app/users/masked_user_1", cookies: staff.cookies)
            #expect(profile.status == .ok)
            #expect(profile.body.contains("Hangzhou") && profile.body.contains("gold"), "ordinary traits are shown")
            #expect(profile.body.contains("update_contact"))
            for secret in ["alice@example.com", "13812345678", "张三丰", "13987654321"] {
                #expect(profile.body.contains(secret) == sees, "\(role) \(secret)")
            }
            if !sees {
                #expect(profile.body.contains("a***@example.com"))
                #expect(profile.body.contains("138****5678"))
                #expect(profile.body.contains("张***"))
                #expect(profile.body.contains("139****4321"))
            }
            let search = try await client.send(.get, "/app/users?q=masked_user", cookies: staff.cookies)
            #expect(search.status == .ok)
            #expect(search.body.contains("masked_user_1"))
            #expect(search.body.contains("alice@example.com") == sees, "\(role) search")
            #expect(search.body.contains("a***@example.com") == !sees, "\(role) search")
        }
    }

    // MARK: - Settings (admins only)

    @Test func onlyAdminsOpenTheSettings() async throws {
        try await ServerHarness.run { client, database in
            let (_, record) = try database.createKey(kind: .secret, name: "server")
            for role in StaffRole.allCases {
                let staff = try Self.staff(database, role)
                for path in Self.settingsPages {
                    let reply = try await client.send(.get, path, cookies: staff.cookies)
                    if role == .admin {
                        #expect(reply.status == .ok, "\(role) \(path)")
                    } else {
                        #expect(reply.status == .forbidden, "\(role) \(path)")
                        #expect(reply.body.contains("您的角色无权执行此操作。"))
                        #expect(!reply.body.contains(record.prefix), "\(role) \(path) shows no key")
                        #expect(!reply.body.contains("href=\"/app/settings\""), "\(role) \(path) has no settings link")
                    }
                }
            }
        }
    }

    @Test(arguments: [StaffRole.operator, .analyst, .viewer])
    func otherRolesCannotAdministerEvenWithTheirToken(_ role: StaffRole) async throws {
        try await ServerHarness.run { client, database in
            let admin = try Self.staff(database, .admin)
            let (key, record) = try database.createKey(kind: .secret, name: "server")
            let staff = try Self.staff(database, role)
            func post(_ path: String, _ form: [(String, String)]) async throws -> Reply {
                try await client.send(.post, path, cookies: staff.cookies, form: [("_csrf", staff.csrf)] + form)
            }
            // Promoting oneself.
            let promote = try await post("/app/settings/staff/\(staff.id)/role", [("role", "admin")])
            #expect(promote.status == .forbidden)
            #expect(try database.staffAccount(id: staff.id)?.role == role)
            // Adding an admin.
            let add = try await post("/app/settings/staff", [("email", "mine@example.com"), ("name", "Mine"), ("role", "admin"),
                                                             ("password", Self.password)])
            #expect(add.status == .forbidden)
            #expect(try database.staffAccount(email: "mine@example.com") == nil)
            // Removing the admin.
            let remove = try await post("/app/settings/staff/\(admin.id)/delete", [])
            #expect(remove.status == .forbidden)
            #expect(try database.staffAccount(id: admin.id) != nil)
            // Making or revoking keys.
            let create = try await post("/app/settings/keys", [("kind", "secret"), ("name", "mine")])
            #expect(create.status == .forbidden)
            #expect(!create.body.contains("sk_"))
            #expect(try database.keys().count == 1)
            let revoke = try await post("/app/settings/keys/\(record.id)/revoke", [])
            #expect(revoke.status == .forbidden)
            #expect(try database.keys().first?.revokedAt == nil)
            try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: [.authorization: "Bearer \(key)"]) {
                #expect($0.status == .ok)
            }
            // Pointing a channel elsewhere.
            let channelsBefore = try database.channelSettings().keys.map(\.rawValue).sorted()
            let channel = try await post("/app/settings/channels/webhook", [("url", "https://evil.example.com/hook")])
            #expect(channel.status == .forbidden)
            #expect(try database.channelSettings().keys.map(\.rawValue).sorted() == channelsBefore)
            #expect(try database.channelSettings()[.webhook] == nil)
        }
    }

    @Test func settingsFormsNeedTheSessionsToken() async throws {
        try await ServerHarness.run { client, database in
            let admin = try Self.staff(database, .admin)
            let other = try Self.staff(database, .admin)
            for token in [nil, "wrong", other.csrf] as [String?] {
                let tokenField = token.map { [("_csrf", $0)] } ?? []
                let key = try await client.send(.post, "/app/settings/keys", cookies: admin.cookies,
                                                form: tokenField + [("kind", "secret"), ("name", "x")])
                #expect(key.status == .forbidden)
                #expect(key.body.contains("表单已过期"))
                let account = try await client.send(.post, "/app/settings/staff", cookies: admin.cookies, form: tokenField + [
                    ("email", "new@example.com"), ("role", "admin"), ("password", Self.password),
                ])
                #expect(account.status == .forbidden)
                let demote = try await client.send(.post, "/app/settings/staff/\(other.id)/role", cookies: admin.cookies,
                                                   form: tokenField + [("role", "viewer")])
                #expect(demote.status == .forbidden)
            }
            #expect(try database.keys().isEmpty)
            #expect(try database.staffAccount(email: "new@example.com") == nil)
            #expect(try database.staffAccount(id: other.id)?.role == .admin)
            // With the token it works.
            let demote = try await client.send(.post, "/app/settings/staff/\(other.id)/role", cookies: admin.cookies,
                                               form: [("_csrf", admin.csrf), ("role", "viewer")])
            #expect(demote.status == .seeOther)
            #expect(try database.staffAccount(id: other.id)?.role == .viewer)
        }
    }

    @Test func aNewKeyIsShownOnceAndARevokedOneStopsWorking() async throws {
        try await ServerHarness.run { client, database in
            let admin = try Self.staff(database, .admin)
            let created = try await client.send(.post, "/app/settings/keys", cookies: admin.cookies,
                                                form: [("_csrf", admin.csrf), ("kind", "secret"), ("name", "ci")])
            #expect(created.status == .ok)
            let record = try #require(try database.keys().first)
            let start = try #require(created.body.range(of: record.prefix))
            let key = String(created.body[start.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            #expect(key.count > record.prefix.count + 10)
            try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: [.authorization: "Bearer \(key)"]) {
                #expect($0.status == .ok)
            }
            let list = try await client.send(.get, "/app/settings/keys", cookies: admin.cookies)
            #expect(list.body.contains(record.prefix))
            #expect(!list.body.contains(key), "the key is shown only once")
            let revoked = try await client.send(.post, "/app/settings/keys/\(record.id)/revoke", cookies: admin.cookies,
                                                form: [("_csrf", admin.csrf)])
            #expect(revoked.status == .seeOther)
            try await client.execute(uri: "/api/v1/quarantine", method: .get, headers: [.authorization: "Bearer \(key)"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func aChannelSecretIsNeverShownAgain() async throws {
        try await ServerHarness.run { client, database in
            let admin = try Self.staff(database, .admin)
            let secret = "whsec_do_not_show_me_0123456789"
            let saved = try await client.send(.post, "/app/settings/channels/webhook", cookies: admin.cookies, form: [
                ("_csrf", admin.csrf), ("url", "https://hooks.example.com/strata"), ("secret", secret), ("allow", ""),
            ])
            #expect(saved.status == .seeOther, "\(saved.body)")
            #expect(!saved.body.contains(secret))
            let page = try await client.send(.get, "/app/settings/channels", cookies: admin.cookies)
            #expect(page.status == .ok)
            #expect(page.body.contains("hooks.example.com"))
            #expect(!page.body.contains(secret))
            #expect(!page.body.contains("do_not_show_me"))
        }
    }

    @Test func anAdminCanNeitherRemoveThemselvesNorTheLastAdmin() async throws {
        try await ServerHarness.run { client, database in
            let admin = try Self.staff(database, .admin)
            let me = try await client.send(.post, "/app/settings/staff/\(admin.id)/delete", cookies: admin.cookies,
                                           form: [("_csrf", admin.csrf)])
            #expect(me.status == .conflict)
            #expect(try database.staffAccount(id: admin.id) != nil)
            let demote = try await client.send(.post, "/app/settings/staff/\(admin.id)/role", cookies: admin.cookies,
                                               form: [("_csrf", admin.csrf), ("role", "viewer")])
            #expect(demote.status == .conflict)
            #expect(demote.body.contains("与现有数据冲突"))
            #expect(try database.staffAccount(id: admin.id)?.role == .admin)
            // The staff page lists accounts but never a password or hash.
            let page = try await client.send(.get, "/app/settings/staff", cookies: admin.cookies)
            #expect(page.status == .ok)
            #expect(!page.body.contains("scrypt$"))
            #expect(!page.body.contains(Self.password))
        }
    }

    // MARK: - Campaigns

    @Test func onlyOperatorsAndAdminsMayCreateCampaigns() async throws {
        try await ServerHarness.run { client, database in
            for role in [StaffRole.viewer, .analyst] {
                let staff = try Self.staff(database, role)
                let editor = try await client.send(.get, "/app/campaigns/new", cookies: staff.cookies)
                #expect(editor.status == .forbidden, "\(role)")
                let post = try await client.send(.post, "/app/campaigns", cookies: staff.cookies,
                                                 form: [("_csrf", staff.csrf), ("name", "spring"), ("segment", "vip")])
                #expect(post.status == .forbidden, "\(role)")
                let status = try await client.send(.post, "/app/campaigns/spring/status", cookies: staff.cookies,
                                                   form: [("_csrf", staff.csrf), ("to", "launch")])
                #expect(status.status == .forbidden, "\(role)")
                let list = try await client.send(.get, "/app/campaigns", cookies: staff.cookies)
                #expect(list.status == .ok, "\(role)")
                #expect(!list.body.contains("href=\"/app/campaigns/new\""), "\(role) sees no create link")
            }
            #expect(try database.campaigns().isEmpty)
            let operatorStaff = try Self.staff(database, .operator)
            #expect(try await client.send(.get, "/app/campaigns/new", cookies: operatorStaff.cookies).status == .ok)
        }
    }

    @Test func reviewTextsAreEscapedAndOnlyEditorsChangeThem() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            try await CampaignAPI.seedUsersAndSegment(client)
            let (status, _, text) = try await client.admin(.post, "/api/v1/campaigns", CampaignAPI.campaign("spring"))
            #expect(status == .created, "\(text)")
            let viewer = try Self.staff(database, .viewer)
            let refused = try await client.send(.post, "/app/campaigns/spring/review", cookies: viewer.cookies,
                                                form: [("_csrf", viewer.csrf), ("lessons", "viewer was here")])
            #expect(refused.status == .forbidden)
            #expect(try database.campaignReviewTexts("spring").lessons == nil)
            let ops = try Self.staff(database, .operator)
            let saved = try await client.send(.post, "/app/campaigns/spring/review", cookies: ops.cookies, form: [
                ("_csrf", ops.csrf), ("lessons", "<script>alert(1)</script>"), ("next_steps", "<img src=x onerror=alert(2)>"),
            ])
            #expect(saved.status == .seeOther, "\(saved.body)")
            #expect(try database.campaignReviewTexts("spring").lessons == "<script>alert(1)</script>")
            for staff in [viewer, ops] {
                let page = try await client.send(.get, "/app/campaigns/spring/review", cookies: staff.cookies)
                #expect(page.status == .ok)
                #expect(!page.body.contains("<script>alert(1)"))
                #expect(!page.body.contains("<img src=x"))
                #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(page.body.contains("/app/campaigns/spring/review\"") == (staff.id == ops.id), "only editors get the form")
            }
        }
    }

    // MARK: - Session lifetime

    @Test func aSessionInUseKeepsItsCookie() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            try Self.addStaff(database, "ops@example.com", .operator)
            // Signed in two hours ago: the store extends the session when it is used now…
            let opened = try #require(try database.signIn(email: "ops@example.com", password: Self.password,
                                                          now: Self.now() - 2 * 3_600_000))
            let reply = try await client.send(.get, "/app", cookies: ["strata_session": opened.token])
            #expect(reply.status == .ok)
            let session = try #require(try database.staffSession(token: opened.token, now: Self.now()))
            #expect(session.expiresAt > opened.session.expiresAt + 3_600_000)
            // …so the browser's cookie, whose Max-Age was set at sign-in, must be extended as well.
            #expect(reply.cookie("strata_session") == opened.token)
        }
    }

    // MARK: - Language

    @Test func theLanguageSwitchSetsACookieAndGoesBack() async throws {
        try await ServerHarness.run { client, database in
            try await Self.seedUser(client)
            let reply = try await client.send(.get, "/app/lang?to=en&next=/app")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/app")
            #expect(reply.cookie("strata_lang") == "en")
            #expect(reply.attributes("strata_lang").isSuperset(of: ["path=/", "samesite=Lax"]))
            let back = try await client.send(.get, "/app/lang?to=zh&next=%2Fapp%2Fsegments%3Fnotice%3Dsaved")
            #expect(back.location == "/app/segments?notice=saved")
            #expect(back.cookie("strata_lang") == "zh")
            let unknown = try await client.send(.get, "/app/lang?to=fr&next=/app")
            #expect(unknown.cookie("strata_lang") == "zh")

            let staff = try Self.staff(database, .admin)
            let english = try await client.send(.get, "/app", cookies: staff.cookies.merging(["strata_lang": "en"]) { a, _ in a })
            #expect(english.body.contains("<html lang=\"en\">"))
            #expect(english.body.contains(">Overview</a>"))
            #expect(english.body.contains(">Log out</button>"))
            #expect(!english.body.contains("概览"))
            let chinese = try await client.send(.get, "/app", cookies: staff.cookies)
            #expect(chinese.body.contains("<html lang=\"zh-CN\">"))
            #expect(chinese.body.contains(">概览</a>"))
            #expect(!chinese.body.contains(">Overview</a>"))
            // Without a cookie the browser's language decides.
            let accept = try await client.send(.get, "/app", cookies: staff.cookies, headers: [.acceptLanguage: "en-US,en;q=0.9"])
            #expect(accept.body.contains("<html lang=\"en\">"))
            let login = try await client.send(.get, "/login", cookies: ["strata_lang": "en"])
            #expect(login.body.contains("<html lang=\"en\">"))
            #expect(login.body.contains("Sign in"))
        }
    }

    @Test(arguments: ["//evil.com", "https://evil.com", "/\\evil.com", "%2F%2Fevil.com", "%252F%252Fevil.com", "evil.com"])
    func theLanguageSwitchNeverLeavesTheSite(_ next: String) async throws {
        try await ServerHarness.run { client, _ in
            let reply = try await client.send(.get, "/app/lang?to=en&next=" + next)
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/app")
        }
    }

    // MARK: - Static assets

    @Test func theStylesheetAndScriptNeedNoSession() async throws {
        try await ServerHarness.run { client, _ in
            let css = try await client.send(.get, "/app/static/strata.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.body.contains(".card{"))
            #expect(css.headers[.eTag] != nil)
            let js = try await client.send(.get, "/app/static/strata.js")
            #expect(js.status == .ok)
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(js.body.hasPrefix("\"use strict\";"))
        }
    }

    // MARK: - Sign-in throttling

    @Test func aStrangerGuessingPasswordsSlowsOnlyThemselves() async throws {
        // The first wait is a minute, so that slow password hashing on a loaded machine cannot
        // outlast it between two attempts.
        try await ServerHarness.run(configure: { $0.behindProxy = true; $0.signInThrottle.firstDelay = 60_000 }) { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            func attempt(_ password: String, from address: String, lang: String? = nil) async throws -> Reply {
                var cookies = ["strata_login": token]
                cookies["strata_lang"] = lang
                return try await client.send(.post, "/login", cookies: cookies, headers: [.init("X-Forwarded-For")!: address],
                                             form: [("_csrf", token), ("email", "ops@example.com"), ("password", password)])
            }
            // A stranger's wrong passwords: three free, then each one must wait longer.
            for i in 0..<3 {
                #expect(try await attempt("wrong password \(i)", from: "203.0.113.9").status == .unauthorized)
            }
            let held = try await attempt("wrong password 3", from: "203.0.113.9")
            #expect(held.status == .tooManyRequests)
            // About a minute (the seconds left of it: a loaded machine spends some on the hash).
            #expect((50...60).contains(Int(held.headers[.retryAfter] ?? "") ?? 0))
            #expect(held.body.contains("此地址登录失败次数过多"))
            for _ in 0..<50 { _ = try await attempt("guess", from: "203.0.113.9") }
            // Even the right password waits from the stranger's address…
            let english = try await attempt(Self.password, from: "203.0.113.9", lang: "en")
            #expect(english.status == .tooManyRequests)
            #expect(english.body.contains("Too many failed sign-ins from this address"))
            #expect(english.cookie("strata_session") == nil)
            // …while the staff member signs in at once from their own.
            let staff = try await attempt(Self.password, from: "198.51.100.20")
            #expect(staff.status == .seeOther)
            #expect(staff.cookie("strata_session") != nil)
            // Without --behind-proxy the header is not believed (see the other tests: one address).
        }
    }

    @Test func forwardedForIsIgnoredUnlessTheServerIsBehindAProxy() async throws {
        try await ServerHarness.run(configure: { $0.signInThrottle.firstDelay = 60_000 }) { client, database in
            try Self.addStaff(database, "ops@example.com", .operator)
            let token = AppDatabase.randomToken()
            func attempt(_ password: String, from address: String) async throws -> Reply {
                try await client.send(.post, "/login", cookies: ["strata_login": token],
                                      headers: [.init("X-Forwarded-For")!: address],
                                      form: [("_csrf", token), ("email", "ops@example.com"), ("password", password)])
            }
            for i in 0..<3 { _ = try await attempt("wrong \(i)", from: "203.0.113.\(i)") }
            // A client cannot escape the wait by naming another address.
            #expect(try await attempt(Self.password, from: "198.51.100.20").status == .tooManyRequests)
        }
    }
}

extension TestClientProtocol {
    /// A request as a browser would send it: cookies in one header, a form URL-encoded.
    func send(_ method: HTTPRequest.Method, _ uri: String, cookies: [String: String] = [:], headers: HTTPFields = [:],
              form: [(String, String)]? = nil) async throws -> DashboardSecurityTests.Reply {
        var fields = headers
        if !cookies.isEmpty {
            fields[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            fields[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: DashboardSecurityTests.encode(form))
        } else if method == .post {
            fields[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer()
        }
        return try await execute(uri: uri, method: method, headers: fields, body: body) { response in
            DashboardSecurityTests.Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}
