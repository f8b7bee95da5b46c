import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import StrataTestSupport
import Testing

/// The dashboard's pages through HTTP: what each page shows for a small seeded store, and what
/// each form changes in the store (checked through the store and the JSON API). Sessions, CSRF,
/// roles, masking and language are the security suite's; this suite signs in as an admin.
@Suite struct DashboardPagesTests {
    typealias Reply = DashboardSecurityTests.Reply
    typealias Staff = DashboardSecurityTests.Staff

    // MARK: - Seed

    /// The seed's first event: two days ago, on the minute.
    static func start() -> Int64 {
        let now = DashboardSecurityTests.now()
        return (now - 2 * 86_400_000) / 60_000 * 60_000
    }

    /// Five users: a1 and a2 in Shanghai, b1 in Beijing, c1 and c2 in Guangzhou.
    /// a1 views, carts and buys (30); a2 views and carts; b1 views, carts and buys twice
    /// (20, then 10 a day later); c1 and c2 only view.
    static func seed(_ client: some TestClientProtocol) async throws {
        let t0 = start()
        func at(_ minutes: Int) -> String { Timestamp.format(t0 + Int64(minutes) * 60_000) }
        let body = """
            {"batch":[
             {"type":"identify","userId":"a1","traits":{"city":"Shanghai","email":"ann@example.com","name":"Ann","plan":"gold"},"timestamp":"\(at(0))"},
             {"type":"identify","userId":"a2","traits":{"city":"Shanghai","email":"amy@example.com","name":"Amy","plan":"free"},"timestamp":"\(at(0))"},
             {"type":"identify","userId":"b1","traits":{"city":"Beijing","email":"bob@example.com","name":"Bob","plan":"gold"},"timestamp":"\(at(0))"},
             {"type":"identify","userId":"c1","traits":{"city":"Guangzhou","name":"Cai","plan":"free"},"timestamp":"\(at(0))"},
             {"type":"identify","userId":"c2","traits":{"city":"Guangzhou","plan":"free"},"timestamp":"\(at(0))"},
             {"type":"track","userId":"a1","event":"view_item","timestamp":"\(at(1))"},
             {"type":"track","userId":"a1","event":"add_to_cart","timestamp":"\(at(11))"},
             {"type":"track","userId":"a1","event":"purchase","properties":{"revenue":30},"timestamp":"\(at(21))"},
             {"type":"track","userId":"a2","event":"view_item","timestamp":"\(at(60))"},
             {"type":"track","userId":"a2","event":"add_to_cart","timestamp":"\(at(70))"},
             {"type":"track","userId":"b1","event":"view_item","timestamp":"\(at(120))"},
             {"type":"track","userId":"b1","event":"add_to_cart","timestamp":"\(at(130))"},
             {"type":"track","userId":"b1","event":"purchase","properties":{"revenue":20},"timestamp":"\(at(140))"},
             {"type":"track","userId":"b1","event":"purchase","properties":{"revenue":10},"timestamp":"\(at(24 * 60))"},
             {"type":"track","userId":"c1","event":"view_item","timestamp":"\(at(180))"},
             {"type":"track","userId":"c2","event":"view_item","timestamp":"\(at(240))"}]}
            """
        try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: body.buffer) {
            #expect($0.status == .ok)
        }
    }

    /// A signed-in admin and the requests their browser makes.
    struct Browser {
        let client: any TestClientProtocol
        let staff: Staff

        func get(_ path: String) async throws -> Reply { try await client.send(.get, path, cookies: staff.cookies) }

        func post(_ path: String, _ form: [(String, String)] = []) async throws -> Reply {
            try await client.send(.post, path, cookies: staff.cookies, form: [("_csrf", staff.csrf)] + form)
        }
    }

    /// Seeds the store (unless told not to) and signs in an admin.
    static func admin(_ client: any TestClientProtocol, _ database: AppDatabase, seeded: Bool = true) async throws -> Browser {
        if seeded { try await seed(client) }
        return Browser(client: client, staff: try DashboardSecurityTests.staff(database, .admin))
    }

    // MARK: - HTML helpers

    /// A text as the templates escape it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The card whose heading is `title` (up to the end of its section), or "".
    static func section(_ body: String, _ title: String) -> String {
        guard let start = body.range(of: "<h2>\(title)</h2>"),
              let end = body.range(of: "</section>", range: start.upperBound..<body.endIndex) else { return "" }
        return String(body[start.lowerBound..<end.upperBound])
    }

    /// The card with an HTML id, or "".
    static func section(_ body: String, id: String) -> String {
        guard let start = body.range(of: "<section class=\"card wide\" id=\"\(id)\">")
                ?? body.range(of: "<section class=\"card\" id=\"\(id)\">"),
              let end = body.range(of: "</section>", range: start.upperBound..<body.endIndex) else { return "" }
        return String(body[start.lowerBound..<end.upperBound])
    }

    /// The form with an HTML id, or "".
    static func form(_ body: String, id: String) -> String {
        guard let start = body.range(of: "id=\"\(id)\""),
              let end = body.range(of: "</form>", range: start.upperBound..<body.endIndex) else { return "" }
        return String(body[start.lowerBound..<end.upperBound])
    }

    /// What a browser would post for a form's fields as rendered: inputs (checkboxes when checked),
    /// textareas, and each select's selected option (else its first).
    static func formFields(_ html: String) -> [(String, String)] {
        var result: [(String, String)] = []
        for tag in all(html, between: "<input ", and: ">") {
            guard let name = all(tag, between: "name=\"", and: "\"").first else { continue }
            if tag.contains("type=\"checkbox\"") && !tag.contains(" checked") { continue }
            result.append((name, unescaped(all(tag, between: "value=\"", and: "\"").first ?? "")))
        }
        for area in all(html, between: "<textarea name=\"", and: "</textarea>") {
            let name = String(area.prefix { $0 != "\"" })
            result.append((name, unescaped(String(area.drop { $0 != ">" }.dropFirst()))))
        }
        for select in all(html, between: "<select name=\"", and: "</select>") {
            let name = String(select.prefix { $0 != "\"" })
            let options = all(select, between: "<option value=\"", and: "</option>")
            let chosen = options.first { $0.contains("\" selected>") } ?? options.first ?? ""
            result.append((name, unescaped(String(chosen.prefix { $0 != "\"" }))))
        }
        return result
    }

    /// Every text between `open` and `close`, in order.
    static func all(_ html: String, between open: String, and close: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: open), let end = rest.range(of: close, range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }

    /// The `href` of the first link whose target starts with `prefix`, unescaped.
    static func link(_ html: String, startingWith prefix: String) -> String? {
        guard let start = html.range(of: "href=\"" + prefix) else { return nil }
        let value = html[html.index(start.lowerBound, offsetBy: 6)...].prefix { $0 != "\"" }
        return unescaped(String(value))
    }

    /// The value of the stat labelled `label`.
    static func stat(_ html: String, _ label: String) -> String? {
        guard let start = html.range(of: "<div class=\"label\">\(label)</div><div class=\"value\">") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    /// A bar chart's bars as label → value, from each bar's `<title>label: value</title>`.
    static func bars(_ svg: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for title in all(svg, between: "<rect class=\"bar\"", and: "</rect>") {
            guard let open = title.range(of: "<title>"), let close = title.range(of: "</title>") else { continue }
            let text = unescaped(String(title[open.upperBound..<close.lowerBound]))
            guard let colon = text.range(of: ": ", options: .backwards),
                  let value = Double(text[colon.upperBound...].replacingOccurrences(of: ",", with: "")) else { continue }
            result[String(text[..<colon.lowerBound])] = value
        }
        return result
    }

    /// The user ids linked from a table.
    static func userLinks(_ html: String) -> Set<String> {
        Set(all(html, between: "<a href=\"/app/users/", and: "\"").filter { !$0.contains("?") })
    }

    /// The fields of one CSV line (quotes honoured).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { current.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    static func lines(_ csv: String) -> [String] {
        csv.components(separatedBy: "\r\n").flatMap { $0.components(separatedBy: "\n") }.filter { !$0.isEmpty }
    }

    static func json(_ text: String) -> JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }

    static func query(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: DashboardSecurityTests.formSafe)! }

    // MARK: - Overview

    @Test func theOverviewCountsTheUsersAndDrawsItsCharts() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let page = try await admin.get("/app")
            #expect(page.status == .ok)
            #expect(Self.stat(page.body, "用户总数") == "5")
            #expect(Self.stat(page.body, "近 30 天收入") == "60", "30 + 20 + 10 within the last 30 days")
            #expect(page.body.components(separatedBy: "<svg").count - 1 >= 4, "activity, revenue, lifecycle and RFM")
            for title in ["日活与新增", "每日收入", "生命周期分层", "RFM 价值分层"] {
                #expect(Self.section(page.body, title).contains("<svg"), "\(title) has its chart")
            }
            let alerts = Self.section(page.body, "活动告警")
            #expect(alerts.contains("<p class=\"empty\">没有告警。</p>"))
            #expect(Self.all(alerts, between: "<th>", and: "</th>") == ["时间", "活动", "类型", "说明"])
            #expect(!page.body.contains("class=\"notice error\""))
        }
    }

    // MARK: - Users

    @Test func usersAreFoundByIdTraitAndTag() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let byId = try await admin.get("/app/users?q=a")
            #expect(byId.status == .ok)
            #expect(Self.userLinks(byId.body) == ["a1", "a2"])
            #expect(byId.body.contains("ann@example.com"), "an admin sees the email column unmasked")
            #expect(byId.body.contains("name=\"q\" value=\"a\""), "the form keeps the query")

            let byTrait = try await admin.get("/app/users?trait=city&value=Shanghai")
            #expect(byTrait.status == .ok)
            #expect(Self.userLinks(byTrait.body) == ["a1", "a2"])
            let beijing = try await admin.get("/app/users?trait=city&value=Beijing")
            #expect(Self.userLinks(beijing.body) == ["b1"])
            let nobody = try await admin.get("/app/users?trait=city&value=Paris")
            #expect(nobody.status == .ok)
            #expect(Self.userLinks(nobody.body).isEmpty)
            #expect(nobody.body.contains("没有找到用户。"))

            // A tag that follows the Shanghai segment finds the same two users.
            #expect(try await admin.post("/app/segments", [("name", "shanghai"), ("rule", "city = Shanghai")]).status == .seeOther)
            #expect(try await admin.post("/app/segments/tags", [("name", "sh"), ("segment", "shanghai")]).status == .seeOther)
            let byTag = try await admin.get("/app/users?tag=sh")
            #expect(byTag.status == .ok)
            #expect(Self.userLinks(byTag.body) == ["a1", "a2"])
            #expect(byTag.body.contains("<option value=\"sh\" selected>sh</option>"))
            let unknownTag = try await admin.get("/app/users?tag=nope")
            #expect(unknownTag.status == .notFound)

            // A trait without a value is a mistake the page explains.
            let noValue = try await admin.get("/app/users?trait=city")
            #expect(noValue.status == .badRequest)
            #expect(noValue.body.contains("class=\"notice error\""))
            #expect(noValue.body.contains("输入有误，未做任何修改："))
            #expect(noValue.body.contains("Give the value the trait should have."))
        }
    }

    @Test func aProfileShowsTraitsComputedAttributesAndTheTimelineNewestFirst() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let page = try await admin.get("/app/users/b1")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>b1</h1>"))
            #expect(Self.stat(page.body, "购买次数") == "2")
            #expect(Self.stat(page.body, "累计收入") == "30")
            let traits = Self.section(page.body, "用户属性")
            #expect(traits.contains("<td>city</td><td>Beijing</td>"))
            #expect(traits.contains("<td>email</td><td>bob@example.com</td>"))
            #expect(traits.contains("<td>plan</td><td>gold</td>"))
            let computed = Self.section(page.body, "计算属性")
            #expect(computed.contains("<td>purchase_count</td><td>2</td>"))
            #expect(computed.contains("<td>revenue</td><td>30</td>"))
            let timeline = Self.section(page.body, "行为时间线")
            let events = Self.all(timeline, between: "</td><td>", and: "</td>")
                .filter { ["view_item", "add_to_cart", "purchase"].contains($0) }
            #expect(events == ["purchase", "purchase", "add_to_cart", "view_item"])
            let later = try #require(timeline.range(of: "revenue=10")), earlier = try #require(timeline.range(of: "revenue=20"))
            #expect(later.lowerBound < earlier.lowerBound, "the purchase a day later comes first")
            #expect(!timeline.contains("下一页"), "four events fit on one page")

            let unknown = try await admin.get("/app/users/nobody")
            #expect(unknown.status == .notFound)

            // The member view: balances, what a hold keeps, the history and the lots with their expiry.
            #expect(try await PointsAPITests.send(client, "/api/v1/points/awards", #"{"user_id": "b1", "amount": 120, "reason": "欢迎"}"#,
                                                  key: "w").0 == .created)
            #expect(try await PointsAPITests.send(client, "/api/v1/points/holds", #"{"user_id": "b1", "amount": 20}"#, key: "h").0 == .created)
            let member = try await admin.get("/app/users/b1")
            #expect(Self.stat(member.body, "积分余额") == "120")
            #expect(Self.stat(member.body, "可用") == "100")
            #expect(Self.stat(member.body, "冻结中") == "20")
            let points = Self.section(member.body, "积分与成长值")
            #expect(points.contains("欢迎") && points.contains("+120") && points.contains("−20"))
            #expect(points.contains("过期"), "the lot shows when it expires")
            #expect(unknown.body.contains("找不到这个页面或对象。"))
            #expect(unknown.body.contains(Self.escaped("No user with id \"nobody\" (known or anonymous).")))
        }
    }

    @Test func aLongTimelineIsPagedFiftyAtATime() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            let t0 = Self.start()
            let events = (0..<60).map { i in
                #"{"type":"track","userId":"heavy","event":"page_view","properties":{"seq":"s\#(String(format: "%02d", i))"},"#
                    + #""timestamp":"\#(Timestamp.format(t0 + Int64(i) * 60_000))"}"#
            }
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: ("{\"batch\":[" + events.joined(separator: ",") + "]}").buffer) {
                #expect($0.status == .ok)
            }
            let first = try await admin.get("/app/users/heavy")
            #expect(first.status == .ok)
            let timeline = Self.section(first.body, "行为时间线")
            let shown = Self.all(timeline, between: "seq=", and: "</td>")
            #expect(shown == (10..<60).reversed().map { String(format: "s%02d", $0) })
            #expect(!timeline.contains("第一页"))
            let next = try #require(Self.link(timeline, startingWith: "/app/users/heavy?before="))
            #expect(timeline.contains("\">下一页</a>"))

            let second = try await admin.get(next)
            #expect(second.status == .ok)
            let rest = Self.section(second.body, "行为时间线")
            #expect(Self.all(rest, between: "seq=", and: "</td>") == (0..<10).reversed().map { String(format: "s%02d", $0) })
            #expect(rest.contains("<a href=\"/app/users/heavy\">第一页</a>"))
            #expect(!rest.contains("下一页"), "the last page has no next page")

            let broken = try await admin.get("/app/users/heavy?before=yesterday")
            #expect(broken.status == .badRequest)
            #expect(broken.body.contains("The page link is not valid; start from the first page."))
        }
    }

    @Test func exactlyFiftyEventsFitOnOnePage() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            let events = (0..<50).map { _ in #"{"type":"track","userId":"fifty","event":"page_view"}"# }
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: ("{\"batch\":[" + events.joined(separator: ",") + "]}").buffer) {
                #expect($0.status == .ok)
            }
            let page = try await admin.get("/app/users/fifty")
            let timeline = Self.section(page.body, "行为时间线")
            #expect(Self.all(timeline, between: "<tr><td>", and: "</tr>").count == 50)
            let next = Self.link(timeline, startingWith: "/app/users/fifty?before=")
            #expect(next == nil)
            if let next {
                let empty = try await admin.get(next)
                #expect(empty.status == .ok)
                #expect(Self.section(empty.body, "行为时间线").contains("没有事件。"))
            }
        }
    }

    @Test func usersAreFoundByTraitValuesAsTheProfileShowsThem() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"v1","traits":{"vip":true,"age":30,"score":9.5,"city":"Xi'an"}}"#.buffer) {
                #expect($0.status == .ok)
            }
            let profile = Self.section(try await admin.get("/app/users/v1").body, "用户属性")
            #expect(profile.contains("<td>vip</td><td>true</td>"))
            #expect(profile.contains("<td>age</td><td>30</td>"))
            for query in ["trait=age&value=30", "trait=score&value=9.5", "trait=city&value=Xi%27an"] {
                let reply = try await admin.get("/app/users?" + query)
                #expect(reply.status == .ok)
                #expect(Self.userLinks(reply.body) == ["v1"], "\(query)")
            }
            let boolean = try await admin.get("/app/users?trait=vip&value=true")
            #expect(boolean.status == .ok)
            #expect(Self.userLinks(boolean.body) == ["v1"])
        }
    }

    @Test func namesWithChineseSpacesAndSlashesRoundTripThroughTheLinks() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            // A segment named in Chinese: saved, linked, exported, deleted.
            let saved = try await admin.post("/app/segments", [("name", "上海用户"), ("rule", "city = Shanghai")])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.location)
            #expect(location == "/app/segments/%E4%B8%8A%E6%B5%B7%E7%94%A8%E6%88%B7?notice=saved")
            let page = try await admin.get(location)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>上海用户</h1>"))
            #expect(Self.stat(page.body, "人数") == "2")
            let exportLink = try #require(Self.link(page.body, startingWith: "/app/segments/%E4%B8%8A%E6%B5%B7%E7%94%A8%E6%88%B7/export"))
            let export = try await admin.get(exportLink)
            #expect(export.status == .ok)
            #expect(Set(Self.lines(export.body).dropFirst().map { Self.csvFields($0)[1] }) == ["a1", "a2"])
            let disposition = export.headers[.contentDisposition] ?? ""
            let ascii = disposition.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii, "\(disposition)")
            #expect(disposition.contains("filename*=UTF-8''segment-%E4%B8%8A%E6%B5%B7%E7%94%A8%E6%88%B7.csv"))
            // A tag named in Chinese is deleted through its escaped path.
            #expect(try await admin.post("/app/segments/tags", [("name", "高价值"), ("segment", "上海用户")]).status == .seeOther)
            let tags = try await admin.get("/app/segments/tags")
            let delete = try #require(Self.all(tags.body, between: "<form method=\"post\" action=\"", and: "\"")
                .first { $0.hasPrefix("/app/segments/tags/") })
            #expect(delete == "/app/segments/tags/%E9%AB%98%E4%BB%B7%E5%80%BC/delete")
            #expect(try await admin.post(delete).status == .seeOther)
            #expect(try database.tags().isEmpty)
            #expect(try await admin.post(location.components(separatedBy: "?")[0] + "/delete").status == .seeOther)
            #expect(try database.segment(named: "上海用户") == nil)

            // A campaign whose name has Chinese, spaces, # and ?.
            try await Self.withSegment(admin)
            let name = "春季 促活 #1?"
            let created = try await admin.post("/app/campaigns", Self.campaignForm(name))
            #expect(created.status == .seeOther)
            let campaignPath = "/app/campaigns/%E6%98%A5%E5%AD%A3%20%E4%BF%83%E6%B4%BB%20%231%3F"
            #expect(created.location == campaignPath + "?notice=created")
            let campaign = try await admin.get(campaignPath)
            #expect(campaign.status == .ok)
            #expect(campaign.body.contains("<h1>\(name)</h1>"))
            #expect(campaign.body.contains("action=\"\(campaignPath)/status\""))
            let launched = try await admin.post(campaignPath + "/status", [("to", "launch")])
            #expect(launched.location == campaignPath + "?notice=launched")
            #expect(try database.campaign(named: name)?.campaign.status == .scheduled)
            #expect(try await admin.get(campaignPath + "/review").status == .ok)

            // A user id with a slash and a space.
            try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId":"张三 / VIP","traits":{"city":"Wuhan"}}"#.buffer) { #expect($0.status == .ok) }
            let search = try await admin.get("/app/users?q=" + Self.query("张三"))
            #expect(Self.userLinks(search.body) == ["%E5%BC%A0%E4%B8%89%20%2F%20VIP"])
            let profile = try await admin.get("/app/users/%E5%BC%A0%E4%B8%89%20%2F%20VIP")
            #expect(profile.status == .ok)
            #expect(profile.body.contains("<h1>张三 / VIP</h1>"))
            #expect(Self.section(profile.body, "用户属性").contains("<td>city</td><td>Wuhan</td>"))
        }
    }

    // MARK: - Segments

    @Test func aTextRuleIsSavedAndItsPageShowsThePreviewsSize() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let preview = try await admin.get("/app/segments/preview?rule=" + Self.query("city = Shanghai"))
            #expect(preview.status == .ok)
            let size = try #require(Self.json(preview.body)["size"]?.numberValue)
            #expect(size == 2)

            let saved = try await admin.post("/app/segments", [("name", "shanghai"), ("description", "上海用户"),
                                                               ("rule", "city = Shanghai")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/segments/shanghai?notice=saved")
            let page = try await admin.get(try #require(saved.location))
            #expect(page.status == .ok)
            #expect(page.body.contains("role=\"status\"><strong>已保存。</strong>"))
            #expect(Self.stat(page.body, "人数") == String(Int(size)))
            #expect(Self.userLinks(Self.section(page.body, "成员示例（前 20 位）")) == ["a1", "a2"])
            #expect(page.body.contains("<p class=\"lead\">上海用户</p>"))
            let list = try await admin.get("/app/segments")
            #expect(list.body.contains("<a href=\"/app/segments/shanghai\">shanghai</a></td><td class=\"num\">2</td>"))

            // The JSON form of a rule is saved the same way.
            let rule = #"{"did": "purchase", "within_days": 30}"#
            let jsonPreview = try await admin.get("/app/segments/preview?rule=" + Self.query(rule))
            #expect(Self.json(jsonPreview.body)["size"] == 2)
            let buyers = try await admin.post("/app/segments", [("name", "buyers"), ("rule", rule)])
            #expect(buyers.status == .seeOther)
            #expect(buyers.location == "/app/segments/buyers?notice=saved")
            let stored = try #require(try database.segment(named: "buyers"))
            #expect(stored.rule == (try SegmentRule(json: Self.json(rule))))
            let buyersPage = try await admin.get("/app/segments/buyers")
            #expect(Self.stat(buyersPage.body, "人数") == "2")
            #expect(Self.userLinks(Self.section(buyersPage.body, "成员示例（前 20 位）")) == ["a1", "b1"])
        }
    }

    @Test(arguments: ["city = ", "city in (Shanghai", "did purchase >= many times", "{\"trait\": 5}", "{not json"])
    func aBrokenRuleIsRefusedWithTheParsersMessage(_ rule: String) async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let message: String
            do {
                if rule.hasPrefix("{") {
                    guard let json = try? JSONValue.parse(Data(rule.utf8)) else {
                        throw StrataError(.invalidField, "The rule starts with { but is not valid JSON.", field: "rule")
                    }
                    _ = try SegmentRule(json: json)
                } else {
                    _ = try SegmentRule(text: rule.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                Issue.record("\(rule) parses")
                return
            } catch let error as StrataError {
                message = error.message
            }
            let reply = try await admin.post("/app/segments", [("name", "broken"), ("rule", rule)])
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("class=\"notice error\""))
            #expect(reply.body.contains(Self.escaped(message)), "\(message)")
            #expect(try database.segment(named: "broken") == nil)
            #expect(try database.segments().isEmpty)
            // The preview answers with the same message as JSON.
            let preview = try await admin.get("/app/segments/preview?rule=" + Self.query(rule))
            #expect(preview.status == .ok)
            #expect(Self.json(preview.body)["error"]?.stringValue == message)
        }
    }

    @Test func editingASegmentKeepsItsOwner() async throws {
        try await ServerHarness.run { client, database in
            let first = try await Self.admin(client, database)
            let second = Browser(client: client, staff: try DashboardSecurityTests.staff(database, .operator))
            let owner = try #require(try database.staffAccount(id: first.staff.id)).email
            #expect(try await first.post("/app/segments", [("name", "shanghai"), ("rule", "city = Shanghai")]).status == .seeOther)
            let editor = try await second.get("/app/segments/shanghai/edit")
            #expect(editor.status == .ok)
            #expect(editor.body.contains("name=\"name\" value=\"shanghai\""))
            #expect(editor.body.contains("&quot;trait&quot;"), "the editor holds the rule's JSON")
            let edited = try await second.post("/app/segments", [("name", "shanghai"), ("description", "上海与北京"),
                                                                  ("rule", "city in (Shanghai, Beijing)")])
            #expect(edited.status == .seeOther)
            let stored = try #require(try database.segment(named: "shanghai"))
            #expect(stored.owner == owner)
            #expect(stored.description == "上海与北京")
            let page = try await second.get("/app/segments/shanghai")
            #expect(Self.stat(page.body, "负责人") == owner)
            #expect(Self.stat(page.body, "人数") == "3")
        }
    }

    @Test func exportListsTheMembersAndDeleteRemovesTheSegmentUnlessItIsUsed() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            #expect(try await admin.post("/app/segments", [("name", "shanghai"), ("rule", "city = Shanghai")]).status == .seeOther)
            let export = try await admin.get("/app/segments/shanghai/export")
            #expect(export.status == .ok)
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(export.headers[.contentDisposition]?.contains("segment-shanghai.csv") == true)
            let lines = Self.lines(export.body)
            #expect(Self.csvFields(try #require(lines.first)).prefix(2) == ["uid", "user_id"])
            #expect(Set(lines.dropFirst().map { Self.csvFields($0)[1] }) == ["a1", "a2"])

            // A segment another one uses stays, and so does the other.
            #expect(try await admin.post("/app/segments", [("name", "sh_buyers"),
                                                           ("rule", "in segment shanghai and purchase_count >= 1")]).status
                == .seeOther)
            #expect(Self.stat(try await admin.get("/app/segments/sh_buyers").body, "人数") == "1")
            let refused = try await admin.post("/app/segments/shanghai/delete")
            #expect(refused.status == .conflict)
            #expect(refused.body.contains("与现有数据冲突，未做任何修改："))
            #expect(refused.body.contains(Self.escaped("segment \"sh_buyers\"")))
            #expect(try database.segment(named: "shanghai") != nil)
            #expect(try database.segment(named: "sh_buyers") != nil)

            // The one nothing uses goes, then the other can.
            let deleted = try await admin.post("/app/segments/sh_buyers/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/app/segments?notice=deleted")
            #expect(try database.segment(named: "sh_buyers") == nil)
            #expect(try await admin.post("/app/segments/shanghai/delete").status == .seeOther)
            #expect(try database.segments().isEmpty)
            #expect(try await admin.get("/app/segments/shanghai").status == .notFound)
            let list = try await admin.get("/app/segments?notice=deleted")
            #expect(list.body.contains("<strong>已删除。</strong>"))
            #expect(list.body.contains("还没有分群，新建一个吧。"))
        }
    }

    // MARK: - Tags

    @Test func aTagFollowingASegmentShowsItsSizeAndCanBeDeleted() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            #expect(try await admin.post("/app/segments", [("name", "shanghai"), ("rule", "city = Shanghai")]).status == .seeOther)
            let form = try await admin.get("/app/segments/tags")
            #expect(form.body.contains("<option value=\"shanghai\">shanghai</option>"), "the segments to follow")
            let saved = try await admin.post("/app/segments/tags", [("name", "sh_tag"), ("description", "上海"),
                                                                    ("segment", "shanghai")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/segments/tags?notice=saved")
            #expect(try database.tags().map(\.tag.name) == ["sh_tag"])
            #expect(try database.tags().first?.tag.segment == "shanghai")
            let page = try await admin.get("/app/segments/tags")
            #expect(page.body.contains("<td>sh_tag</td><td class=\"num\">2</td><td>跟随分群 shanghai</td><td>上海</td>"))
            // The API agrees on the size.
            let (status, tags, _) = try await client.admin(.get, "/api/v1/tags")
            #expect(status == .ok)
            #expect(tags["tags"]?.arrayValue?.first?["size"] == 2)

            let deleted = try await admin.post("/app/segments/tags/sh_tag/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/app/segments/tags?notice=deleted")
            #expect(try database.tags().isEmpty)
            let after = try await admin.get("/app/segments/tags")
            #expect(after.body.contains("还没有标签。"))
            #expect(!after.body.contains("<td>sh_tag</td>"))
        }
    }

    // MARK: - Model settings

    /// The lifecycle stage sizes the API gives for these query parameters, by Chinese name.
    static func lifecycleSizes(_ client: any TestClientProtocol, _ parameters: String) async throws -> [String: Double] {
        let (status, json, text) = try await client.admin(.get, "/api/v1/models/lifecycle?" + parameters)
        #expect(status == .ok, "\(text)")
        var sizes: [String: Double] = [:]
        for layer in json["layers"]?.arrayValue ?? [] {
            sizes[layer["name_zh"]?.stringValue ?? ""] = layer["size"]?.numberValue ?? -1
        }
        return sizes
    }

    @Test func lifecycleThresholdsAreTriedOnTodaysData() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let standard = try await admin.get("/app/segments/settings")
            #expect(standard.status == .ok)
            let defaultBars = Self.bars(Self.section(standard.body, "生命周期阈值"))
            #expect(defaultBars == (try await Self.lifecycleSizes(client, "")))
            #expect(defaultBars["新用户"] == 5, "everyone was first seen two days ago")
            #expect(standard.body.contains("name=\"new_days\" value=\"7\""))

            let custom = "new_days=1&active_days=1&silent_days=1&churn_days=2"
            let tried = try await admin.get("/app/segments/settings?" + custom)
            #expect(tried.status == .ok)
            let customBars = Self.bars(Self.section(tried.body, "生命周期阈值"))
            #expect(customBars == (try await Self.lifecycleSizes(client, custom)))
            #expect(customBars != defaultBars)
            #expect(customBars["新用户"] == 0)
            #expect(customBars.values.reduce(0, +) == 5)
            #expect(tried.body.contains("name=\"churn_days\" value=\"2\""), "the form keeps what was tried")

            for bad in ["new_days=0", "new_days=abc", "active_days=10&churn_days=5", "preset=weekly"] {
                let reply = try await admin.get("/app/segments/settings?" + bad)
                #expect(reply.status == .badRequest, "\(bad)")
                #expect(reply.body.contains("class=\"notice error\""), "\(bad)")
                #expect(reply.body.contains("输入有误，未做任何修改："), "\(bad)")
                #expect(!reply.body.contains("服务器内部错误"), "\(bad)")
            }
            let zero = try await admin.get("/app/segments/settings?new_days=0")
            #expect(zero.body.contains("new_days must be 1…3650 days."))
        }
    }

    @Test func aScoringModelIsCreatedFromJSONShownByTierAndDeleted() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let invalid = try await admin.post("/app/segments/scores", [("model", "{\"name\": \"loyalty\", ")])
            #expect(invalid.status == .badRequest)
            #expect(invalid.body.contains("Give the scoring model as a JSON object."))
            #expect(try database.scoringModels().isEmpty)
            let unknownEvent = try await admin.post("/app/segments/scores", [("model", #"""
                {"name": "ghost", "factors": [{"did": "no_such_event", "within_days": 30, "weight": 1}],
                 "tiers": [{"name": "all", "min_score": 0}]}
                """#)])
            #expect(unknownEvent.status == .badRequest)
            #expect(try database.scoringModels().isEmpty)

            let model = #"""
                {"name": "loyalty", "description": "忠诚度", "factors": [
                  {"attribute": "active_days", "weight": 3, "normalise": "rank"},
                  {"did": "purchase", "within_days": 30, "weight": 4}],
                 "tiers": [{"name": "high", "min_score": 70}, {"name": "mid", "min_score": 40}, {"name": "low", "min_score": 0}]}
                """#
            let saved = try await admin.post("/app/segments/scores", [("model", model)])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/segments/settings?score=loyalty&notice=saved#scoring")
            #expect(try database.scoringModels().map(\.name) == ["loyalty"])

            let page = try await admin.get("/app/segments/settings?score=loyalty")
            #expect(page.status == .ok)
            let scoring = Self.section(page.body, id: "scoring")
            #expect(scoring.contains("<a href=\"/app/segments/settings?score=loyalty#scoring\">loyalty</a>"))
            #expect(scoring.contains("high / mid / low"))
            let tiers = Self.bars(scoring)
            let (status, api, _) = try await client.admin(.get, "/api/v1/models/scores/loyalty")
            #expect(status == .ok)
            var expected: [String: Double] = [:]
            for tier in api["tiers"]?.arrayValue ?? [] { expected[tier["name"]?.stringValue ?? ""] = tier["size"]?.numberValue }
            #expect(tiers == expected)
            #expect(tiers.values.reduce(0, +) == 5)
            // Without ?score= no tiers are drawn.
            let plain = try await admin.get("/app/segments/settings")
            #expect(!Self.section(plain.body, id: "scoring").contains("<svg"))

            let deleted = try await admin.post("/app/segments/scores/loyalty/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/app/segments/settings?notice=deleted")
            #expect(try database.scoringModels().isEmpty)
            let after = try await admin.get("/app/segments/settings")
            #expect(Self.section(after.body, id: "scoring").contains("没有评分模型。"))
        }
    }

    // MARK: - Analysis

    /// The report tables' column names in Chinese (the API's CSV keeps the English ones).
    static let columns: [String: String] = [
        "day": "日期", "users": "人数", "active rate": "活跃率", "new": "新增", "returning": "回访", "resurrected": "回流",
        "bucket": "时间", "all": "合计", "cohort": "同期群", "step": "步骤", "event": "事件", "conversion": "转化率",
        "from previous": "较上一步", "dropped": "流失", "median time": "中位耗时", "dimension": "维度", "value": "取值",
        "target": "目标人数", "share of base": "基准占比", "share of target": "目标占比", "rate": "目标率", "lift": "提升度",
        "significant": "显著", "channel": "渠道", "new users": "新增用户", "converted": "转化人数", "revenue": "收入",
        "revenue/user": "人均收入", "spend": "投放", "payback days": "回本天数", "paid": "付费占比",
    ]

    @Test(arguments: ["activity", "trend", "retention", "funnel", "lift", "channels", "ltv"])
    func eachReportPageHasAChartATableAndTheAPIsCSV(_ kind: String) async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let page = try await admin.get("/app/analysis/\(kind)")
            #expect(page.status == .ok)
            #expect(!page.body.contains("class=\"notice error\""), "\(Self.all(page.body, between: "<p>", and: "</p>"))")
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("<a href=\"/app/analysis/\(kind)\" aria-current=\"page\">"))
            #expect(page.body.contains("<form method=\"get\" action=\"/app/analysis/\(kind)\""))
            // From and To show the days the report ran on (its default range), as the API gives them.
            let (_, ran, _) = try await client.admin(.get, "/api/v1/reports/\(kind)?"
                + (kind == "trend" || kind == "lift" ? "event=purchase" : kind == "funnel" ? "steps=view_item,add_to_cart,purchase&window=24h" : ""))
            for key in ["from", "to"] {
                let day = try #require(ran[key]?.stringValue)
                #expect(page.body.contains("<input type=\"date\" name=\"\(key)\" value=\"\(day)\""), "\(key) \(day)")
            }
            let table = Self.section(page.body, "明细")
            #expect(table.contains("<table>"))
            let headers = Self.all(table, between: "<th>", and: "</th>").map(Self.unescaped)
            let link = try #require(Self.link(table, startingWith: "/app/analysis/\(kind)/csv"))
            let csv = try await admin.get(link)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"\(kind).csv\"")

            // The API with the same parameters gives the same header line.
            let parameters = String(link.drop { $0 != "?" }.dropFirst())
            let separator = parameters.isEmpty ? "" : "&"
            let (status, _, apiCSV) = try await client.admin(.get, "/api/v1/reports/\(kind)?\(parameters)\(separator)format=csv")
            #expect(status == .ok, "\(apiCSV)")
            let header = try #require(Self.lines(csv.body).first)
            #expect(header == Self.lines(apiCSV).first)
            #expect(Self.lines(csv.body).count == Self.lines(apiCSV).count)
            // The page's table has the same columns, translated where the dashboard knows them.
            let names = Self.csvFields(header)
            #expect(headers == names.map { Self.columns[$0] ?? $0 })
            #expect(headers != names, "at least one column is translated")
        }
    }

    @Test func aBadReportParameterKeepsTheControlsWithTheMessage() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let page = try await admin.get("/app/analysis/funnel?steps=view_item,add_to_cart&window=abc")
            // The report page answers 200 with the error as its notice, so the controls stay usable.
            #expect(page.status == .ok)
            #expect(page.body.contains("class=\"notice error\""))
            #expect(page.body.contains("输入有误，未做任何修改："))
            #expect(page.body.contains(Self.escaped("A window is a number and m, h or d, such as 24h; got \"abc\".")))
            #expect(page.body.contains("<form method=\"get\" action=\"/app/analysis/funnel\""))
            #expect(page.body.contains("name=\"window\" value=\"abc\""))
            #expect(page.body.contains("name=\"steps\" value=\"view_item,add_to_cart\""))
            #expect(!page.body.contains("<svg"))
            #expect(!page.body.contains("<table>"))
            // The CSV has no page to keep: it answers 400.
            let csv = try await admin.get("/app/analysis/funnel/csv?steps=view_item,add_to_cart&window=abc")
            #expect(csv.status == .badRequest)
            #expect(!(csv.headers[.contentType]?.hasPrefix("text/csv") ?? false))
            // Unknown events and unknown reports.
            let unknown = try await admin.get("/app/analysis/funnel?steps=view_item,teleport")
            #expect(unknown.status == .ok)
            #expect(unknown.body.contains("class=\"notice error\""))
            #expect(unknown.body.contains("teleport"))
            #expect(try await admin.get("/app/analysis/horoscope").status == .notFound)
        }
    }

    @Test func aFunnelStepsDropOffsAreSavedAsASegment() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database)
            let steps = "view_item,add_to_cart,purchase"
            let page = try await admin.get("/app/analysis/funnel?steps=\(steps)&window=24h")
            let form = Self.form(page.body, id: "funnel-save")
            #expect(page.body.contains("<form method=\"post\" action=\"/app/analysis/funnel/segment\" class=\"form inline-form\" id=\"funnel-save\">"))
            #expect(form.contains("<input type=\"hidden\" name=\"steps\" value=\"\(steps)\">"))
            let (status, funnel, _) = try await client.admin(.get, "/api/v1/reports/funnel?steps=\(steps)&window=24h")
            #expect(status == .ok)
            let step2 = try #require(funnel["steps"]?.arrayValue?[1])
            let dropped = try #require(step2["dropped"]?.numberValue)
            #expect(dropped == 2, "c1 and c2 only viewed")
            #expect(form.contains("第 2 步 add_to_cart 前流失 2 人"))

            let saved = try await admin.post("/app/analysis/funnel/segment", [
                ("steps", steps), ("window", "24h"), ("step", "2"), ("which", "dropped"), ("name", "viewed_no_cart"),
            ])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/segments/viewed_no_cart?notice=saved")
            let segment = try #require(try database.segment(named: "viewed_no_cart"))
            #expect(segment.owner == (try database.staffAccount(id: admin.staff.id))?.email)
            let detail = try await admin.get("/app/segments/viewed_no_cart")
            #expect(Self.stat(detail.body, "人数") == String(Int(dropped)))
            #expect(Self.userLinks(Self.section(detail.body, "成员示例（前 20 位）")) == ["c1", "c2"])
            // A step without drop-offs is refused.
            let first = try await admin.post("/app/analysis/funnel/segment", [
                ("steps", steps), ("window", "24h"), ("step", "1"), ("which", "dropped"), ("name", "nobody"),
            ])
            #expect(first.status == .badRequest)
            #expect(try database.segment(named: "nobody") == nil)
        }
    }

    // MARK: - Campaigns

    /// The create form's fields for a one-off inbox campaign to the Shanghai segment.
    static func campaignForm(_ name: String, description: String = "春季促活") -> [(String, String)] {
        [("name", name), ("description", description), ("purpose", "activation"),
         ("goal_metric", "conversion"), ("goal_event", "purchase"), ("goal_within_hours", "48"), ("goal_target", "0.2"),
         ("goal_deadline", "2099-12-31"), ("audience_segment", "shanghai"), ("audience_layer", ""), ("holdout", "0.1"),
         ("v0_name", "A"), ("v0_weight", "2"), ("v0_channel", "inbox"), ("v0_subject", "你好 {{traits.name}}"),
         ("v0_body", "{{traits.city}} 的春季特惠"), ("v1_name", ""), ("v1_weight", "1"), ("v1_channel", "webhook"),
         ("schedule_type", "once"), ("schedule_at", "2099-01-01T00:00:00Z"), ("advanced_json", "")]
    }

    static func withSegment(_ admin: Browser) async throws {
        #expect(try await admin.post("/app/segments", [("name", "shanghai"), ("rule", "city = Shanghai")]).status == .seeOther)
    }

    @Test func aCampaignIsCreatedFromTheForm() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            try await Self.withSegment(admin)
            let editor = try await admin.get("/app/campaigns/new")
            #expect(editor.status == .ok)
            for field in ["name", "purpose", "goal_metric", "goal_event", "goal_within_hours", "goal_target", "audience_segment",
                          "holdout", "v0_name", "v0_weight", "v0_channel", "v0_subject", "v0_body", "schedule_type",
                          "advanced_json"] {
                #expect(editor.body.contains("name=\"\(field)\""), "the editor has \(field)")
            }

            let created = try await admin.post("/app/campaigns", Self.campaignForm("spring"))
            #expect(created.status == .seeOther, "\(created.body)")
            #expect(created.location == "/app/campaigns/spring?notice=created")
            let page = try await admin.get(try #require(created.location))
            #expect(page.status == .ok)
            #expect(page.body.contains("<strong>已创建。</strong>"))
            #expect(Self.stat(page.body, "状态") == "草稿")
            #expect(Self.stat(page.body, "受众分群") == "分群 shanghai")
            #expect(Self.stat(page.body, "版本") == "A×2")

            let (status, c, _) = try await client.admin(.get, "/api/v1/campaigns/spring")
            #expect(status == .ok)
            #expect(c["name"] == "spring")
            #expect(c["description"] == "春季促活")
            #expect(c["purpose"] == "activation")
            #expect(c["status"] == "draft")
            #expect(c["holdout"]?.numberValue == 0.1)
            #expect(c["audience"]?["segment"] == "shanghai")
            #expect(c["goal"]?["metric"] == "conversion")
            #expect(c["goal"]?["event"] == "purchase")
            #expect(c["goal"]?["within_hours"]?.numberValue == 48)
            #expect(c["goal"]?["target"]?.numberValue == 0.2)
            #expect(c["goal"]?["deadline"]?.stringValue?.hasPrefix("2099-12-31T23:59:59") == true)
            let variants = c["variants"]?.arrayValue ?? []
            #expect(variants.count == 1, "an unnamed second variant is not created")
            #expect(variants.first?["name"] == "A")
            #expect(variants.first?["weight"]?.numberValue == 2)
            #expect(variants.first?["messages"]?["inbox"]?["title"] == "你好 {{traits.name}}")
            #expect(variants.first?["messages"]?["inbox"]?["body"] == "{{traits.city}} 的春季特惠")
            #expect(c["schedule"]?["type"] == "once")
            #expect(c["schedule"]?["at"]?.stringValue?.hasPrefix("2099-01-01T00:00:00") == true)
            #expect(c["version"]?.numberValue == 1)
            let list = try await admin.get("/app/campaigns")
            #expect(list.body.contains("<a href=\"/app/campaigns/spring\">spring</a>"))
        }
    }

    @Test func theAdvancedJSONWinsAndAMissingNameCreatesNothing() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            try await Self.withSegment(admin)
            var form = Self.campaignForm("from_form")
            form.removeAll { $0.0 == "advanced_json" }
            form.append(("advanced_json", #"""
                {"name": "from_json", "description": "JSON 优先", "purpose": "recall", "holdout": 0.2,
                 "audience": {"segment": "shanghai"},
                 "variants": [{"name": "J", "weight": 3, "messages": {"inbox": {"title": "T {{traits.name}}", "body": "B"}}}],
                 "schedule": {"type": "once", "at": "2099-02-01T00:00:00Z"}}
                """#))
            let created = try await admin.post("/app/campaigns", form)
            #expect(created.status == .seeOther, "\(created.body)")
            #expect(created.location == "/app/campaigns/from_json?notice=created")
            #expect(try database.campaigns().map(\.campaign.name) == ["from_json"])
            let (_, c, _) = try await client.admin(.get, "/api/v1/campaigns/from_json")
            #expect(c["purpose"] == "recall")
            #expect(c["description"] == "JSON 优先")
            #expect(c["holdout"]?.numberValue == 0.2)
            #expect(c["goal"] == .null, "nothing from the form's goal")
            #expect(c["variants"]?.arrayValue?.first?["name"] == "J")
            #expect(c["variants"]?.arrayValue?.first?["weight"]?.numberValue == 3)
            #expect(try await client.admin(.get, "/api/v1/campaigns/from_form").0 == .notFound)

            let broken = try await admin.post("/app/campaigns", Self.campaignForm("x").filter { $0.0 != "advanced_json" }
                                                  + [("advanced_json", "{not json")])
            #expect(broken.status == .badRequest)
            #expect(broken.body.contains("The campaign JSON is not valid JSON."))

            let unnamed = try await admin.post("/app/campaigns", Self.campaignForm("").filter { $0.0 != "name" })
            #expect(unnamed.status == .badRequest)
            #expect(unnamed.body.contains("class=\"notice error\""))
            #expect(unnamed.body.contains("请填写“名称”。"))
            let blank = try await admin.post("/app/campaigns", Self.campaignForm("   "))
            #expect(blank.status == .badRequest)
            #expect(try database.campaigns().map(\.campaign.name) == ["from_json"], "nothing else was created")
        }
    }

    @Test func editingAndTheStatusButtonsMoveACampaignThroughItsLifeCycle() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            try await Self.withSegment(admin)
            #expect(try await admin.post("/app/campaigns", Self.campaignForm("spring")).status == .seeOther)
            func api() async throws -> JSONValue { try await client.admin(.get, "/api/v1/campaigns/spring").1 }
            func versions() async throws -> Int {
                try await client.admin(.get, "/api/v1/campaigns/spring/versions").1["versions"]?.arrayValue?.count ?? -1
            }
            let versionsBefore = try await versions()

            let editor = try await admin.get("/app/campaigns/spring/edit")
            #expect(editor.status == .ok)
            #expect(editor.body.contains("action=\"/app/campaigns/spring/edit\""))
            #expect(editor.body.contains("name=\"v0_subject\" value=\"你好 {{traits.name}}\""))
            #expect(editor.body.contains("<option value=\"inbox\" selected>"))
            let edited = try await admin.post("/app/campaigns/spring/edit", Self.campaignForm("spring", description: "改过的背景"))
            #expect(edited.status == .seeOther, "\(edited.body)")
            #expect(edited.location == "/app/campaigns/spring?notice=saved")
            #expect(try await api()["description"] == "改过的背景")
            #expect(try await api()["version"]?.numberValue == 2)
            #expect(try await versions() == versionsBefore + 1)
            let renamed = try await admin.post("/app/campaigns/spring/edit", Self.campaignForm("autumn"))
            #expect(renamed.status == .badRequest)
            #expect(try database.campaign(named: "autumn") == nil)

            let page = try await admin.get("/app/campaigns/spring")
            #expect(page.body.contains("<input type=\"hidden\" name=\"to\" value=\"launch\">"))
            // launch → scheduled, then paused, running again and cancelled.
            let steps: [(String, String, String)] = [("launch", "scheduled", "launched"), ("paused", "paused", "updated"),
                                                     ("running", "running", "updated")]
            for (to, status, notice) in steps {
                let reply = try await admin.post("/app/campaigns/spring/status", [("to", to)])
                #expect(reply.status == .seeOther, "\(to): \(reply.body)")
                #expect(reply.location == "/app/campaigns/spring?notice=\(notice)")
                #expect(try await api()["status"]?.stringValue == status, "\(to)")
            }
            #expect(Self.stat(try await admin.get("/app/campaigns/spring?notice=launched").body, "状态") == "进行中")
            // A move the life cycle does not allow says which ones it does.
            let back = try await admin.post("/app/campaigns/spring/status", [("to", "draft")])
            #expect(back.status == .conflict)
            #expect(back.body.contains("A running campaign cannot become draft; it can become cancelled, completed, paused."))
            #expect(try await api()["status"] == "running")
            let unknown = try await admin.post("/app/campaigns/spring/status", [("to", "flying")])
            #expect(unknown.status == .badRequest)

            let cancelled = try await admin.post("/app/campaigns/spring/status", [("to", "cancelled")])
            #expect(cancelled.status == .seeOther)
            #expect(try await api()["status"] == "cancelled")
            let finished = try await admin.post("/app/campaigns/spring/status", [("to", "running")])
            #expect(finished.status == .conflict)
            #expect(finished.body.contains("A cancelled campaign cannot become running; it is finished."))
            let over = try await admin.get("/app/campaigns/spring")
            #expect(Self.stat(over.body, "状态") == "已取消")
            #expect(!over.body.contains("/app/campaigns/spring/status"), "a finished campaign has no buttons")
            #expect(!over.body.contains("/app/campaigns/spring/edit"))
        }
    }

    @Test func thePreviewRendersTheUsersMessageAndTheReviewKeepsLessons() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            try await Self.withSegment(admin)
            #expect(try await admin.post("/app/campaigns", Self.campaignForm("spring")).status == .seeOther)
            let preview = try await admin.get("/app/campaigns/spring?preview_user=a1")
            #expect(preview.status == .ok)
            let card = Self.section(preview.body, "消息预览")
            #expect(card.contains("name=\"preview_user\" value=\"a1\""))
            #expect(card.contains("<td>title</td><td>你好 Ann</td>"))
            #expect(card.contains("<td>body</td><td>Shanghai 的春季特惠</td>"))
            let other = try await admin.get("/app/campaigns/spring?preview_user=b1")
            #expect(Self.section(other.body, "消息预览").contains("<td>title</td><td>你好 Bob</td>"))
            let missing = try await admin.get("/app/campaigns/spring?preview_user=ghost")
            #expect(missing.status == .ok)
            #expect(Self.section(missing.body, "消息预览").contains(Self.escaped("No user \"ghost\".")))

            let review = try await admin.get("/app/campaigns/spring/review")
            #expect(review.status == .ok)
            #expect(review.body.contains("<h1>复盘：spring</h1>"))
            for heading in ["<h1>复盘 Review: spring</h1>", "<h2>背景 Background</h2>", "<h2>目标 Goal</h2>",
                            "<h2>效果 Results</h2>", "<h2>详细分析 Detailed analysis</h2>", "<h2>经验总结 Lessons</h2>",
                            "<h2>后续计划 Next steps</h2>"] {
                #expect(review.body.contains(heading), "\(heading)")
            }
            let saved = try await admin.post("/app/campaigns/spring/review", [("lessons", "站内信标题带名字更好"),
                                                                                ("next_steps", "下次试试短信")])
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/app/campaigns/spring/review?notice=saved")
            let texts = try database.campaignReviewTexts("spring")
            #expect(texts.lessons == "站内信标题带名字更好")
            #expect(texts.nextSteps == "下次试试短信")
            let after = try await admin.get("/app/campaigns/spring/review?notice=saved")
            #expect(after.body.contains("<strong>已保存。</strong>"))
            let report = try #require(after.body.components(separatedBy: "<div class=\"embedded\">").dropFirst().first)
            let reportBody = report.components(separatedBy: "<h2>编辑经验总结与后续计划</h2>")[0]
            #expect(reportBody.contains("站内信标题带名字更好"), "the lessons are in the report itself")
            #expect(reportBody.contains("下次试试短信"))
            #expect(after.body.contains("<textarea name=\"lessons\" rows=\"4\">站内信标题带名字更好</textarea>"))
            #expect(try await admin.get("/app/campaigns/nothing/review").status == .notFound)
        }
    }

    @Test func theEditFormSubmittedAsShownChangesOnlyWhatWasEdited() async throws {
        try await ServerHarness.run(configure: CampaignAPI.noLimits) { client, database in
            let admin = try await Self.admin(client, database)
            try await Self.withSegment(admin)
            /// Opens the editor, changes the description and posts every field as the browser would.
            func editDescription(_ name: String, to description: String) async throws -> Reply {
                let editor = try await admin.get("/app/campaigns/\(name)/edit")
                #expect(editor.status == .ok)
                let form = Self.all(editor.body, between: "<form method=\"post\" action=\"/app/campaigns/\(name)/edit\"",
                                    and: "</form>").first ?? ""
                let fields = Self.formFields(form).filter { $0.0 != "_csrf" }
                #expect(fields.contains { $0.0 == "description" })
                return try await admin.post("/app/campaigns/\(name)/edit",
                                            fields.map { $0.0 == "description" ? ($0.0, description) : $0 })
            }
            func stored(_ name: String) async throws -> [String: JSONValue] {
                var fields = try await client.admin(.get, "/api/v1/campaigns/\(name)").1.objectValue ?? [:]
                for key in ["description", "version", "updated_at"] { fields[key] = nil }
                return fields
            }

            // Made with the form, edited with the form: only the description changes.
            #expect(try await admin.post("/app/campaigns", Self.campaignForm("spring")).status == .seeOther)
            let formBefore = try await stored("spring")
            let edited = try await editDescription("spring", to: "只改背景")
            #expect(edited.status == .seeOther, "\(edited.body)")
            #expect(try await client.admin(.get, "/api/v1/campaigns/spring").1["description"] == "只改背景")
            #expect(try await stored("spring") == formBefore)

            // Made through the API with what the form has no fields for: an inbox link and default name,
            // start and end times, a frequency cap.
            let (status, _, text) = try await client.admin(.post, "/api/v1/campaigns", CampaignAPI.campaign(
                "autumn", audience: #"{"segment": "shanghai"}"#,
                extra: #""starts_at": "2098-01-01T00:00:00Z", "ends_at": "2099-06-01T00:00:00Z", "#
                    + #""rules": {"max_participations": 2, "caps": [{"limit": 1, "days": 1, "channel": "inbox"}]}"#))
            #expect(status == .created, "\(text)")
            let apiBefore = try await stored("autumn")
            let apiEdited = try await editDescription("autumn", to: "只改背景")
            #expect(apiEdited.status == .seeOther, "\(apiEdited.body)")
            #expect(try await client.admin(.get, "/api/v1/campaigns/autumn").1["description"] == "只改背景")
            let apiAfter = try await stored("autumn")
            #expect(apiAfter["audience"] == apiBefore["audience"])
            #expect(apiAfter["schedule"] == apiBefore["schedule"])
            #expect(apiAfter["rules"]?["max_participations"] == 2)
            #expect(apiAfter["starts_at"] == apiBefore["starts_at"])
            #expect(apiAfter["ends_at"] == apiBefore["ends_at"])
            #expect(apiAfter["rules"]?["caps"] == apiBefore["rules"]?["caps"])
            #expect(apiAfter["variants"] == apiBefore["variants"], "the inbox message's url and defaults")
        }
    }

    // MARK: - Settings

    @Test func aNewWriteKeyWorksAtOnceAndStopsWhenRevoked() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            let created = try await admin.post("/app/settings/keys", [("kind", "write"), ("name", "ios-app")])
            #expect(created.status == .ok)
            let record = try #require(try database.keys().first)
            #expect(record.kind == .write)
            #expect(record.name == "ios-app")
            #expect(created.body.contains("密钥已创建。请现在复制保存，之后无法再次查看："))
            let start = try #require(created.body.range(of: "<p>" + record.prefix))
            let key = String(created.body[created.body.index(start.lowerBound, offsetBy: 3)...].prefix { $0 != "<" })
            #expect(key.count > record.prefix.count + 10)

            func track(_ event: String) async throws -> HTTPResponse.Status {
                let headers: HTTPFields = [.authorization: "Basic " + Data("\(key):".utf8).base64EncodedString(),
                                           .contentType: "application/json"]
                return try await client.execute(uri: "/v1/track", method: .post, headers: headers,
                                                body: #"{"userId":"k1","event":"\#(event)"}"#.buffer) { $0.status }
            }
            #expect(try await track("with_new_key") == .ok)
            #expect(try database.profile(externalId: "k1") != nil)

            let list = try await admin.get("/app/settings/keys")
            #expect(list.body.contains("<td>\(record.prefix)…</td>"))
            #expect(!list.body.contains(key))
            #expect(list.body.contains("<td>写入密钥</td><td>—</td><td>ios-app</td>"))

            let revoked = try await admin.post("/app/settings/keys/\(record.id)/revoke")
            #expect(revoked.status == .seeOther)
            #expect(revoked.location == "/app/settings/keys?notice=updated")
            #expect(try database.keys().first?.revokedAt != nil)
            let refused = try await CampaignAPI.eventually(within: 1.5) { try await track("after_revoke") == .unauthorized }
            #expect(refused, "a revoked key is refused within 1.5 s")
            let after = try await admin.get("/app/settings/keys")
            #expect(after.body.contains("已吊销"))
            #expect(!after.body.contains("/app/settings/keys/\(record.id)/revoke"), "no revoke button twice")
        }
    }

    @Test func aWebhookWithoutASecretGetsOneShownOnce() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            let saved = try await admin.post("/app/settings/channels/webhook", [
                ("url", "https://hooks.example.com/strata"), ("secret", ""), ("allow", "10.0.0.0/8"),
            ])
            #expect(saved.status == .ok)
            #expect(saved.body.contains("已生成签名密钥。请现在复制到接收方，之后无法再次查看："))
            let start = try #require(saved.body.range(of: "<p>whsec_"))
            let secret = String(saved.body[saved.body.index(start.lowerBound, offsetBy: 3)...].prefix { $0 != "<" })
            #expect(secret.count > 30)
            guard case .webhook(let stored)? = try database.channelSettings()[.webhook] else {
                Issue.record("no webhook settings stored")
                return
            }
            #expect(stored.secrets == [secret])
            #expect(stored.url == "https://hooks.example.com/strata")
            #expect(stored.allow == ["10.0.0.0/8"])

            let page = try await admin.get("/app/settings/channels")
            #expect(page.status == .ok)
            #expect(!page.body.contains(secret))
            #expect(!page.body.contains(Self.escaped(secret)))
            let row = try #require(Self.all(page.body, between: "<td>Webhook</td><td>", and: "</td>").first)
            let redacted = Self.json(Self.unescaped(row))
            #expect(redacted["url"] == "https://hooks.example.com/strata")
            #expect(redacted["secrets_set"] == 1)
            #expect(redacted["secrets"] == nil)
            #expect(page.body.contains("name=\"url\" value=\"https://hooks.example.com/strata\""))

            // Saving again with the secret left empty keeps it and shows nothing new.
            let again = try await admin.post("/app/settings/channels/webhook", [
                ("url", "https://hooks.example.com/v2"), ("secret", ""), ("allow", ""),
            ])
            #expect(again.status == .seeOther)
            #expect(again.location == "/app/settings/channels?notice=saved")
            guard case .webhook(let kept)? = try database.channelSettings()[.webhook] else {
                Issue.record("no webhook settings stored")
                return
            }
            #expect(kept.secrets == [secret])
            #expect(kept.url == "https://hooks.example.com/v2")
        }
    }

    @Test func staffAccountsAreAddedChangedAndDeleted() async throws {
        try await ServerHarness.run { client, database in
            let admin = try await Self.admin(client, database, seeded: false)
            let added = try await admin.post("/app/settings/staff", [
                ("email", "Analyst@Example.com"), ("name", "分析小李"), ("role", "analyst"),
                ("password", DashboardSecurityTests.password),
            ])
            #expect(added.status == .seeOther)
            #expect(added.location == "/app/settings/staff?notice=created")
            let account = try #require(try database.staffAccount(email: "analyst@example.com"))
            #expect(account.role == .analyst)
            #expect(account.name == "分析小李")
            let page = try await admin.get("/app/settings/staff?notice=created")
            #expect(page.body.contains("<strong>已创建。</strong>"))
            #expect(page.body.contains("<td>analyst@example.com</td><td>分析小李</td><td>分析师</td>"))
            #expect(page.body.contains("action=\"/app/settings/staff/\(account.id)/role\""))
            #expect(!page.body.contains("action=\"/app/settings/staff/\(admin.staff.id)/delete\""), "no button to delete oneself")
            // The new account can sign in with its password.
            #expect(try database.signIn(email: "analyst@example.com", password: DashboardSecurityTests.password,
                                        now: DashboardSecurityTests.now()) != nil)
            let duplicate = try await admin.post("/app/settings/staff", [
                ("email", "analyst@example.com"), ("role", "viewer"), ("password", DashboardSecurityTests.password),
            ])
            #expect(duplicate.status == .conflict)
            let short = try await admin.post("/app/settings/staff", [("email", "short@example.com"), ("role", "viewer"),
                                                                       ("password", "short")])
            #expect(short.status == .badRequest)
            #expect(try database.staffAccount(email: "short@example.com") == nil)

            let promoted = try await admin.post("/app/settings/staff/\(account.id)/role", [("role", "operator")])
            #expect(promoted.status == .seeOther)
            #expect(promoted.location == "/app/settings/staff?notice=updated")
            #expect(try database.staffAccount(id: account.id)?.role == .operator)
            let badRole = try await admin.post("/app/settings/staff/\(account.id)/role", [("role", "king")])
            #expect(badRole.status == .badRequest)
            #expect(try database.staffAccount(id: account.id)?.role == .operator)

            let deleted = try await admin.post("/app/settings/staff/\(account.id)/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/app/settings/staff?notice=deleted")
            #expect(try database.staffAccount(id: account.id) == nil)
            #expect(!(try await admin.get("/app/settings/staff")).body.contains("analyst@example.com"))

            let me = try await admin.post("/app/settings/staff/\(admin.staff.id)/delete")
            #expect(me.status == .conflict)
            #expect(me.body.contains("You cannot delete your own account; ask another admin."))
            #expect(try database.staffAccount(id: admin.staff.id) != nil)
        }
    }
}
