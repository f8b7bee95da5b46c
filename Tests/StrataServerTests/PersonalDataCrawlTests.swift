import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import Testing

/// The PII crawl: on data rich in personal traits, a viewer and an analyst follow every link of
/// the dashboard from its pages, open every report with breakdowns and lift by personal traits
/// and its CSV, and call every GET of the admin API (from the OpenAPI document) with a key of
/// their role. Not one raw value may show; an admin, doing the same, sees them all.
@Suite struct PersonalDataCrawlTests {
    /// Personal values of the seed, each of which must never reach a masked role.
    static let raw = ["alice.wang@example.com", "bob.li@example.org", "13812345678", "13987654321", "张三丰", "李四光",
                      "oWx_openid_alice_123", "carol@example.net", "Alice Wang"]

    static let seed = """
        {"batch":[
         {"type":"identify","userId":"alice.wang@example.com","anonymousId":"anon-a","traits":{"email":"alice.wang@example.com","phone":"13812345678","name":"张三丰","wechat_openid":"oWx_openid_alice_123","city":"Shanghai","plan":"gold","channel":"ads"},"timestamp":"2026-09-01T01:00:00Z"},
         {"type":"identify","userId":"u_bob","traits":{"email":"bob.li@example.org","mobile":"13987654321","name":"李四光","city":"Beijing","plan":"free","channel":"seo"},"timestamp":"2026-09-01T02:00:00Z"},
         {"type":"identify","userId":"u_carol","traits":{"contact":{"email":"carol@example.net"},"full_name":"Alice Wang","city":"Wuhan"},"timestamp":"2026-09-01T03:00:00Z"},
         {"type":"track","userId":"alice.wang@example.com","event":"view_item","properties":{"item":"shoe","email":"alice.wang@example.com"},"timestamp":"2026-09-02T01:00:00Z"},
         {"type":"track","userId":"alice.wang@example.com","event":"purchase","properties":{"revenue":20,"phone":"13812345678"},"timestamp":"2026-09-02T02:00:00Z"},
         {"type":"track","userId":"u_bob","event":"view_item","properties":{"item":"hat"},"timestamp":"2026-09-03T01:00:00Z"},
         {"type":"track","userId":"u_bob","event":"purchase","properties":{"revenue":30,"note":"call 13987654321"},"timestamp":"2026-09-03T02:00:00Z"},
         {"type":"track","userId":"u_carol","event":"view_item","properties":{"item":"bag"},"timestamp":"2026-09-04T01:00:00Z"},
         {"type":"page","userId":"u_carol","name":"Checkout","properties":{"url":"https://shop.example/checkout"},"timestamp":"2026-09-04T02:00:00Z"}]}
        """
    /// A message that is quarantined (its timestamp cannot be read) and keeps its raw text.
    static let quarantined = #"""
        {"batch":[{"type":"track","userId":"u_bob","event":"purchase","properties":{"email":"bob.li@example.org","phone":"13987654321"},"timestamp":"noon"}]}
        """#

    static let range = "from=2026-09-01&to=2026-09-05"
    /// Reports with every breakdown and lift by personal traits, as pages and as CSV.
    static let reports = [
        "trend?event=purchase&breakdown=trait:email&\(range)", "trend?event=view_item&breakdown=trait:name&measure=users&\(range)",
        "trend?event=purchase&breakdown=phone&\(range)", "trend?event=view_item&breakdown=trait:wechat_openid&\(range)",
        "lift?event=purchase&by=email,phone,name,mobile,wechat_openid,full_name,city&\(range)",
        "funnel?steps=view_item,purchase&breakdown=trait:email&\(range)", "funnel?steps=view_item,purchase&breakdown=trait:name&\(range)",
        "channels?channel_trait=email&\(range)", "activity?\(range)", "retention?\(range)", "ltv?\(range)",
    ]

    /// GETs `uri` and returns the status and the body.
    static func get(_ client: any TestClientProtocol, _ uri: String, headers: HTTPFields) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    /// Every same-site dashboard link of a page, without fragments.
    static func links(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { part in
            guard let end = part.firstIndex(of: "\"") else { return nil }
            let href = String(part[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            guard href.hasPrefix("/app") else { return nil }
            return href.split(separator: "#", maxSplits: 1).first.map(String.init)
        }
    }

    /// Crawls the dashboard as one member of staff: every page reachable from the start pages,
    /// the reports and their CSV. Returns every body seen, by URL.
    static func crawl(_ client: any TestClientProtocol, cookie: String, uid: Int64) async throws -> [String: String] {
        let headers: HTTPFields = [.cookie: "strata_session=\(cookie)"]
        var queue = ["/app", "/app/users", "/app/users?q=a", "/app/users?trait=city&value=Shanghai", "/app/segments",
                     "/app/segments/tags", "/app/segments/settings", "/app/campaigns", "/app/users/%23\(uid)",
                     "/app/campaigns/welcome?preview_user=alice.wang%40example.com",
                     "/app/campaigns/welcome?preview_user=%23\(uid)",
                     "/app/segments/buyers/export?traits=email,phone,name,wechat_openid",
                     "/app/segments/preview?text=did%20purchase"]
        queue += reports.flatMap { ["/app/analysis/" + $0, "/app/analysis/" + $0.replacingOccurrences(of: "?", with: "/csv?")] }
        var seen: [String: String] = [:]
        while let uri = queue.first, seen.count < 400 {
            queue.removeFirst()
            guard seen[uri] == nil, !uri.contains("/logout") else { continue }
            let (status, body) = try await get(client, uri, headers: headers)
            seen[uri] = body
            #expect(status.code < 500, "\(uri): \(status)")
            queue += links(body).filter { seen[$0] == nil }
        }
        return seen
    }

    /// Every GET of the admin API, from the OpenAPI document, with its path parameters filled
    /// and personal breakdowns asked for.
    static func apiReads(uid: Int64) throws -> [String] {
        let document = try JSONValue.parse(Data(OpenAPIDocument.text.utf8))
        let fill = ["{userId}": "alice.wang%40example.com", "{name}": "buyers", "{model}": "lifecycle", "{report}": "trend",
                    "{kind}": "email"]
        var uris: [String] = []
        for (path, operations) in document["paths"]?.objectValue ?? [:] where path.hasPrefix("/api/v1") {
            guard operations["get"] != nil else { continue }
            var uri = path
            for (key, value) in fill { uri = uri.replacingOccurrences(of: key, with: value) }
            if path.contains("/campaigns/{name}") { uri = path.replacingOccurrences(of: "{name}", with: "welcome") }
            if path.hasSuffix("/preview") { uri += "?user=alice.wang%40example.com" }
            uris.append(uri)
        }
        uris += reports.flatMap { ["/api/v1/reports/" + $0, "/api/v1/reports/" + $0 + "&format=csv"] }
        uris += ["/api/v1/users/%23\(uid)", "/api/v1/users/%23\(uid)/events", "/api/v1/events?user=u_bob",
                 "/api/v1/campaigns/welcome/review?format=markdown", "/api/v1/segments/buyers/export?traits=email,phone,name"]
        return uris
    }

    @Test func noPageCSVOrAPIAnswerShowsARawPersonalValueToMaskedRoles() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.quarantined.buffer) { _ in }
            let admin: HTTPFields = [.authorization: "Bearer \(ServerHarness.secretKey)", .contentType: "application/json"]
            for (uri, body) in [("/api/v1/segments", #"{"name":"buyers","text":"did purchase"}"#),
                                ("/api/v1/tags", #"{"name":"vip","description":"VIPs"}"#),
                                ("/api/v1/campaigns", CampaignAPI.campaign("welcome", audience: #"{"segment": "buyers"}"#,
                                    variants: #"[{"name": "A", "messages": {"inbox": {"title": "Hi {{traits.name}}", "body": "Mail {{traits.email}}"}}}]"#))] {
                try await client.execute(uri: uri, method: .post, headers: admin, body: body.buffer) {
                    #expect($0.status.code < 300, "\(uri): \(String(buffer: $0.body).prefix(300))")
                }
            }
            let uid = try #require(try database.profile(externalId: "alice.wang@example.com")).uid
            #expect(try database.stats().quarantined >= 1)
            for role in StaffRole.allCases {
                let sees = role.may(.viewPersonalData)
                // The dashboard, as a member of staff with the role.
                let staff = try DashboardSecurityTests.staff(database, role)
                let pages = try await Self.crawl(client, cookie: staff.token, uid: uid)
                #expect(pages.count > 30, "\(role) crawled \(pages.count) pages")
                // The API, with a key of the role.
                let (key, _) = try database.createKey(kind: .secret, name: role.rawValue, role: role)
                try await Task.sleep(for: .milliseconds(1100))  // a key made by another process is read within a second
                var answers: [String: String] = [:]
                for uri in try Self.apiReads(uid: uid) {
                    let (status, body) = try await Self.get(client, uri, headers: [.authorization: "Bearer \(key)"])
                    #expect(status.code < 500, "\(role) \(uri): \(status)")
                    answers[uri] = body
                }
                let everything = pages.merging(answers) { a, _ in a }
                if sees {
                    let all = everything.values.joined()
                    for value in Self.raw where !all.contains(value) { Issue.record("\(role) never sees \(value)") }
                } else {
                    for (uri, body) in everything.sorted(by: { $0.key < $1.key }) {
                        for value in Self.raw where body.contains(value) {
                            Issue.record("\(role) sees \(value) unmasked at \(uri)")
                        }
                    }
                }
            }
        }
    }
}
