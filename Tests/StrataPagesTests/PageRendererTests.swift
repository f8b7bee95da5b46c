import Foundation
import StrataCore
import Testing

@testable import StrataPages

@Suite struct PageRendererTests {
    static let renderer = PageRenderer()
    static let csrf = "csrf-token-0123456789abcdefghijklmnopqrstuvw"

    static func chrome(lang: Language = .zh, user: String = "运营小王") -> PageChrome {
        let l = Localizer(lang)
        return PageChrome(
            nav: [Page.Link(href: "/app", label: l["nav.overview"], current: true),
                  Page.Link(href: "/app/users", label: l["nav.users"])],
            userName: user, roleLabel: l["role.operator"], csrf: csrf, lang: lang.htmlTag,
            switchLanguage: Page.Link(href: "/app/lang?to=\(lang.other.rawValue)&next=%2Fapp", label: lang.other.nativeName),
            strings: ["logout": l["logout"]])
    }

    static func render(_ page: Page, chrome: PageChrome? = PageRendererTests.chrome()) -> String {
        var page = page
        page.chrome = chrome
        return renderer.render(page)
    }

    /// Every `<form …>…</form>` of the HTML, whole.
    static func forms(in html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<form"), let end = rest[start.upperBound...].range(of: "</form>") {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    static func form(in html: String, action: String) -> String? {
        forms(in: html).first { $0.contains("action=\"\(action)\"") }
    }

    static let csrfField = "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">"

    // MARK: - Pages

    @Test func aPageRendersItsHeadingNoticeAndSectionsInOrder() {
        let page = Page(
            title: "用户画像", heading: "用户 u1", lead: "最近 30 天", notice: Page.Notice("已保存。"),
            sections: [
                PageSection(title: "关键指标", note: "截至今天", stats: [.init("用户总数", "5,000", hint: "全部")]),
                PageSection(title: "最近事件", wide: true, id: "events",
                            table: DataTable(headers: ["时间", "事件"], rows: [DataTable.Row(texts: ["2026-09-30", "purchase"])])),
                PageSection(title: "图表", svg: "<svg class=\"chart-under-test\"></svg>"),
                PageSection(links: [Page.Link(href: "/app/users?page=2", label: "下一页")]),
            ])
        let html = Self.render(page)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("<title>用户画像 · Strata</title>"))
        #expect(html.contains("<h1>用户 u1</h1>"))
        #expect(html.contains("<p class=\"lead\">最近 30 天</p>"))
        #expect(html.contains("role=\"status\"><strong>已保存。</strong>"))
        #expect(html.contains("<h2>关键指标</h2>"))
        #expect(html.contains("<p class=\"note\">截至今天</p>"))
        #expect(html.contains("<div class=\"label\">用户总数</div><div class=\"value\">5,000</div><div class=\"hint\">全部</div>"))
        #expect(html.contains("<section class=\"card wide\" id=\"events\">"))
        #expect(html.contains("<th>时间</th><th>事件</th>"))
        #expect(html.contains("<td class=\"num\">2026-09-30</td><td>purchase</td>"))
        // Strata's own SVG goes in as is.
        #expect(html.contains("<figure class=\"chart\"><svg class=\"chart-under-test\"></svg></figure>"))
        #expect(html.contains("<a href=\"/app/users?page=2\">下一页</a>"))
        let order = ["<h1>", "关键指标", "最近事件", "图表", "下一页"].map { html.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
        #expect(html.components(separatedBy: "<section").count - 1 == 4)
    }

    @Test func theFrameShowsNavigationUserLanguageSwitchAndALogoutFormWithTheToken() throws {
        let html = Self.render(Page(title: "概览"))
        #expect(html.contains("<a href=\"/app\" aria-current=\"page\">概览</a>"))
        #expect(html.contains("<a href=\"/app/users\">用户</a>"))
        #expect(html.contains("运营小王 <small>运营</small>"))
        #expect(html.contains("href=\"/app/lang?to=en&amp;next=%2Fapp\">English</a>"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/app/static/strata.css\">"))
        let logout = try #require(Self.form(in: html, action: "/logout"))
        #expect(logout.contains("method=\"post\""))
        #expect(logout.contains(Self.csrfField))
        #expect(logout.contains(">退出</button>"))
    }

    @Test func anEnglishPageSaysSo() {
        let html = Self.render(Page(title: "Overview"), chrome: Self.chrome(lang: .en, user: "Wang"))
        #expect(html.contains("<html lang=\"en\">"))
        #expect(html.contains(">Overview</a>"))
        #expect(html.contains(">Log out</button>"))
        #expect(html.contains(">中文</a>"))
    }

    @Test func aPageWithoutChromeHasNoNavigationOrToken() {
        let html = Self.render(Page(title: "x"), chrome: nil)
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(!html.contains("class=\"top\""))
        #expect(!html.contains("_csrf"))
    }

    @Test func emptyPartsLeaveNoTrace() {
        let html = Self.render(Page(title: "空", sections: [
            PageSection(table: DataTable(headers: ["名称"], rows: [], empty: "暂无数据")),
        ]))
        #expect(!html.contains("<h2>"))
        #expect(!html.contains("class=\"lead\""))
        #expect(!html.contains("class=\"notice"))
        #expect(!html.contains("class=\"tabs\""))
        #expect(!html.contains("class=\"actions\""))
        #expect(!html.contains("class=\"pager\""))
        #expect(html.contains("<p class=\"empty\">暂无数据</p>"))
        // The empty text is only for tables without rows.
        let full = Self.render(Page(title: "x", sections: [
            PageSection(table: DataTable(headers: ["名称"], rows: [DataTable.Row(texts: ["a"])], empty: "暂无数据")),
        ]))
        #expect(!full.contains("暂无数据"))
    }

    @Test func errorNoticesAreAlerts() {
        let html = Self.render(Page(title: "出错了", notice: Page.Notice("您的角色无权执行此操作。", detail: "请联系管理员", isError: true)))
        #expect(html.contains("<div class=\"notice error\" role=\"alert\"><strong>您的角色无权执行此操作。</strong><p>请联系管理员</p></div>"))
    }

    @Test func tabsMarkTheCurrentOne() {
        let html = Self.render(Page(title: "分析", tabs: Page.TabBar([
            Page.Link(href: "/app/analysis/funnel", label: "漏斗", current: true),
            Page.Link(href: "/app/analysis/retention", label: "留存"),
        ])))
        #expect(html.contains("<nav class=\"tabs\"><a href=\"/app/analysis/funnel\" aria-current=\"page\">漏斗</a><a href=\"/app/analysis/retention\">留存</a></nav>"))
    }

    @Test func numbersAreRightAlignedAndLinkedCellsAreLinks() {
        let html = Self.render(Page(title: "x", sections: [PageSection(table: DataTable(
            headers: ["用户", "订单数", "占比"],
            rows: [DataTable.Row([DataTable.Cell("u1", href: "/app/users/u1"), "1,234", "12.5%"])]))]))
        #expect(html.contains("<td><a href=\"/app/users/u1\">u1</a></td><td class=\"num\">1,234</td><td class=\"num\">12.5%</td>"))
    }

    // MARK: - Escaping

    static let script = "<script>alert('x')</script>"
    static let escapedScript = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"

    @Test func userTextInTablesIsEscaped() {
        let html = Self.render(Page(title: "用户", sections: [PageSection(table: DataTable(
            headers: ["名称 " + Self.script],
            rows: [DataTable.Row([DataTable.Cell(Self.script), DataTable.Cell("a&b \"q\"", href: "/app/users/\"><script>")])]))]))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<td>\(Self.escapedScript)</td>"))
        #expect(html.contains("<th>名称 \(Self.escapedScript)</th>"))
        #expect(html.contains("a&amp;b &quot;q&quot;"))
        #expect(html.contains("href=\"/app/users/&quot;&gt;&lt;script&gt;\""))
    }

    @Test func userTextInFormValuesCannotLeaveTheAttribute() throws {
        let value = "\"><script>alert(1)</script>"
        let page = Page(title: "分层", sections: [PageSection(form: FormView(
            action: "/app/segments", submit: "保存",
            fields: [
                .init("name", "名称", value: value, placeholder: "\" onfocus=\"x"),
                .init("rule", "规则", kind: .textarea, value: "</textarea>" + Self.script),
                .init("kind", "类型", kind: .select, value: "a\"b", options: [("a\"b", "<b>bold</b>")]),
                .hidden("id", value),
            ]))])
        let html = Self.render(page)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("\" onfocus=\"x"))
        #expect(!html.contains("<b>bold</b>"))
        let form = try #require(Self.form(in: html, action: "/app/segments"))
        #expect(form.contains("<input type=\"text\" name=\"name\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" placeholder=\"&quot; onfocus=&quot;x\">"))
        #expect(form.contains(">&lt;/textarea&gt;\(Self.escapedScript)</textarea>"))
        #expect(form.contains("<option value=\"a&quot;b\" selected>&lt;b&gt;bold&lt;/b&gt;</option>"))
        #expect(form.contains("<input type=\"hidden\" name=\"id\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">"))
    }

    @Test func theUserNameNoticeAndHeadingAreEscaped() {
        let html = Self.render(Page(title: Self.script, lead: Self.script, notice: Page.Notice(Self.script, detail: Self.script)),
                               chrome: Self.chrome(user: Self.script))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("<h1>\(Self.escapedScript)</h1>"))
        #expect(html.contains("<span class=\"user\">\(Self.escapedScript) "))
    }

    // MARK: - CSRF in forms

    @Test func postFormsCarryTheSessionTokenAndGetFormsDoNot() throws {
        let page = Page(title: "x", sections: [
            PageSection(title: "保存", form: FormView(action: "/app/segments", submit: "保存", fields: [.init("name", "名称")])),
            PageSection(title: "查询", form: FormView(action: "/app/analysis/trend", post: false, submit: "查询",
                                                      fields: [.init("from", "开始日期", kind: .date)], inline: true, id: "controls")),
        ])
        let html = Self.render(page)
        let post = try #require(Self.form(in: html, action: "/app/segments"))
        #expect(post.hasPrefix("<form method=\"post\""))
        #expect(post.contains(Self.csrfField))
        let get = try #require(Self.form(in: html, action: "/app/analysis/trend"))
        #expect(get.hasPrefix("<form method=\"get\""))
        #expect(get.contains("id=\"controls\""))
        #expect(get.contains("inline-form"))
        #expect(!get.contains("_csrf"))
        #expect(!get.contains(Self.csrf))
    }

    @Test func actionButtonsPostWithTheTokenAndTheirFields() throws {
        let page = Page(title: "x", sections: [PageSection(actions: [
            PageAction(action: "/app/segments/vip/delete", label: "删除", danger: true, confirm: "确定删除吗？",
                       fields: [.hidden("name", "vip")]),
            PageAction(action: "/app/campaigns/c1/pause", label: "暂停"),
        ])])
        let html = Self.render(page)
        let delete = try #require(Self.form(in: html, action: "/app/segments/vip/delete"))
        #expect(delete.contains("method=\"post\""))
        #expect(delete.contains("data-confirm=\"确定删除吗？\""))
        #expect(delete.contains(Self.csrfField))
        #expect(delete.contains("<input type=\"hidden\" name=\"name\" value=\"vip\">"))
        #expect(delete.contains("class=\"danger\""))
        let pause = try #require(Self.form(in: html, action: "/app/campaigns/c1/pause"))
        #expect(pause.contains(Self.csrfField))
        #expect(!pause.contains("data-confirm"))
        #expect(!pause.contains("danger"))
    }

    @Test func fieldKindsRenderTheirInputs() throws {
        let html = Self.render(Page(title: "x", sections: [PageSection(form: FormView(action: "/a", submit: "go", fields: [
            .init("n", "数量", kind: .number, value: "3", required: true),
            .init("on", "启用", kind: .checkbox, value: "true"),
            .init("off", "停用", kind: .checkbox, value: "false"),
            .init("pick", "选择", kind: .select, value: "b", options: [("a", "A"), ("b", "B")]),
        ]))]))
        let form = try #require(Self.form(in: html, action: "/a"))
        #expect(form.contains("<input type=\"number\" name=\"n\" value=\"3\" required>"))
        #expect(form.contains("<input type=\"checkbox\" name=\"on\" value=\"true\" checked>"))
        #expect(form.contains("<input type=\"checkbox\" name=\"off\" value=\"true\">"))
        #expect(form.contains("<option value=\"a\">A</option><option value=\"b\" selected>B</option>"))
    }

    // MARK: - Sign-in page

    @Test func theSignInPageCarriesItsTokenAndNextAndEscapesWhatWasTyped() throws {
        let l = Localizer(.zh)
        let html = Self.renderer.renderLogin(LoginView(
            localizer: l, error: l["login.wrong"], email: "\"><script>x</script>@example.com", next: "/app/users?q=\"x\"",
            csrf: "login-token", switchLanguage: Page.Link(href: "/app/lang?to=en&next=/login", label: "English")))
        #expect(html.contains("<html lang=\"zh-CN\">"))
        let form = try #require(Self.form(in: html, action: "/login"))
        #expect(form.contains("method=\"post\""))
        #expect(form.contains("<input type=\"hidden\" name=\"_csrf\" value=\"login-token\">"))
        #expect(form.contains("<input type=\"hidden\" name=\"next\" value=\"/app/users?q=&quot;x&quot;\">"))
        #expect(form.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;@example.com\""))
        #expect(!html.contains("<script>x"))
        #expect(html.contains("role=\"alert\"><strong>邮箱或密码不正确，请重试。</strong>"))
        #expect(html.contains("type=\"password\" name=\"password\""))
        #expect(!html.contains("class=\"top\""), "no navigation before signing in")
        let english = Self.renderer.renderLogin(LoginView(
            localizer: Localizer(.en), next: "/app", csrf: "t", switchLanguage: Page.Link(href: "/x", label: "中文")))
        #expect(english.contains("<html lang=\"en\">"))
        #expect(english.contains(">Sign in</button>"))
        #expect(!english.contains("role=\"alert\""))
    }

    // MARK: - Texts

    @Test func everyTextHasChineseAndEnglish() {
        #expect(!DashboardStrings.table.isEmpty)
        for (key, entry) in DashboardStrings.table {
            #expect(!entry.zh.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(key) has no Chinese")
            #expect(!entry.en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(key) has no English")
        }
    }

    @Test func bothLanguagesHaveTheSamePlaceholders() throws {
        let placeholder = try Regex(#"\{[0-9]+\}"#)
        for (key, entry) in DashboardStrings.table {
            let zh = Set(entry.zh.matches(of: placeholder).map { String(entry.zh[$0.range]) })
            let en = Set(entry.en.matches(of: placeholder).map { String(entry.en[$0.range]) })
            #expect(zh == en, "\(key): \(zh) vs \(en)")
        }
    }

    @Test func theFrameTextsExistForEveryRoleAndArea() {
        var keys = ["nav.overview", "nav.users", "nav.segments", "nav.analysis", "nav.campaigns", "nav.settings", "logout",
                    "login.title", "login.wrong", "login.throttled", "login.expired", "error.csrf", "error.csrf.next",
                    "error.forbidden", "error.forbidden.next", "error.title", "back"]
        keys += StaffRole.allCases.map { "role." + $0.rawValue }
        for key in keys {
            #expect(DashboardStrings.table[key] != nil, "\(key) is missing")
        }
    }

    @Test func theLocalizerLooksUpFormatsAndShowsMissingKeys() {
        let zh = Localizer(.zh), en = Localizer(.en)
        #expect(zh["nav.overview"] == "概览")
        #expect(en["nav.overview"] == "Overview")
        #expect(zh["no.such.key"] == "no.such.key")
        #expect(en.format("users_count", "42") == "42 users")
        #expect(zh.format("users_count", "42") == "42 人")
        #expect(en.format("overview.lead", "2026-09-01", "2026-09-30") == "Users and revenue from 2026-09-01 to 2026-09-30; layers as of today.")
        #expect(zh.format("login.throttled", "900") == "此地址登录失败次数过多，请 900 秒后再试。")
        // Missing arguments leave the placeholder; extra ones are ignored.
        #expect(en.format("users_count") == "{0} users")
        #expect(en.format("users_count", "7", "8") == "7 users")
        #expect(zh.all.count == DashboardStrings.table.count)
        #expect(en.all["logout"] == "Log out")
    }

    @Test func formatDoesNotExpandPlaceholdersInsideItsArguments() {
        // An argument is user text (a segment or campaign name); a "{1}" in it must show as typed.
        let en = Localizer(.en)
        #expect(en.format("overview.lead", "{1}", "X") == "Users and revenue from {1} to X; layers as of today.")
    }

    @Test func theLanguageComesFromTheCookieThenAcceptLanguageThenChinese() {
        #expect(Language(cookie: "en") == .en)
        #expect(Language(cookie: "zh", acceptLanguage: "en-US,en;q=0.9") == .zh)
        #expect(Language(cookie: nil, acceptLanguage: "en-GB") == .en)
        #expect(Language(cookie: "fr", acceptLanguage: "EN") == .en)
        #expect(Language(cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8") == .zh)
        #expect(Language(cookie: nil) == .zh)
        #expect(Language.zh.htmlTag == "zh-CN" && Language.en.htmlTag == "en")
        #expect(Language.zh.other == .en && Language.en.other == .zh)
    }
}
