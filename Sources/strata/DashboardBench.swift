import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import StrataCore
import StrataServer
import StrataStore

/// `strata bench dashboard`: serves the dashboard on an imported store (as of the data's end),
/// signs in over loopback and requests every page repeatedly; reports each page's server time
/// (p50 / p95, measured by the client on loopback) and weight. A temporary account, segment and
/// campaign are created for the pages that show one, and deleted afterwards. Ends with one JSON line.
struct DashboardBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Dashboard page times and weights; ends with one JSON line.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("as-of"), help: "Show the data as of this instant (default: the shared data's end).")
    var asOf: String = "2026-09-30T00:00:00Z"
    @Option(help: "Timed requests per page (after two warm-ups).") var requests: Int = 20

    func run() async throws {
        guard (1...1000).contains(requests) else { throw ValidationError("--requests must be 1…1000.") }
        guard let instant = AsOf.parse(asOf, timeZone: try store.workspace().timeZone) else { throw ValidationError("--as-of must be an ISO time.") }
        var logger = Logger(label: "strata-bench")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let database = try store.open()
        let tag = "bench-dashboard-\(ProcessInfo.processInfo.processIdentifier)"
        let email = "\(tag)@strata.local", password = AppDatabase.randomToken()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let account = try database.createStaff(email: email, name: "Benchmark", role: .admin, password: password,
                                               hasher: PasswordHash(rounds: 1 << 10), now: now)
        let segmentName = "\(tag)-buyers"
        _ = try database.saveSegment(SavedSegment(name: segmentName, description: "benchmark", owner: "bench",
                                                  rule: try SegmentRule(text: "did purchase in 30d")))
        var campaign = Campaign(name: "\(tag)-campaign", purpose: .recall, audience: .segment(segmentName), holdoutShare: 0.1,
                                variants: [CampaignVariant(name: "A", messages: [(.webhook, CampaignMessage())])],
                                schedule: .once(at: now))
        campaign.goal = CampaignGoal(metric: .conversion(event: "purchase", withinHours: 72), target: 0.05, deadline: now)
        _ = try database.createCampaign(campaign, author: "cli")
        defer {
            try? database.deleteStaff(id: account.id)
            try? database.purgeCampaign(named: campaign.name)
            try? database.deleteSegment(named: segmentName)
        }
        var query = UserQuery()
        query.limit = 1
        let someUser = try database.users(query).first.map { $0.userId ?? $0.anonymousIds.first ?? "" } ?? "user_1"

        var configuration = StrataConfiguration(host: "127.0.0.1", port: 0, dataDirectory: store.resolvedDataDirectory,
                                                workspace: try store.workspace())
        configuration.campaigns = false
        configuration.dailySnapshots = false
        configuration.dashboardAsOf = instant
        let ports = AsyncStream<Int>.makeStream()
        let app = try buildApplication(configuration: configuration, database: database, logger: logger) {
            ports.continuation.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let serverTask = Task { try await group.run() }
        defer { serverTask.cancel() }
        var portIterator = ports.stream.makeAsyncIterator()
        guard let port = await portIterator.next() else { throw ValidationError("the server did not start") }
        let base = "http://127.0.0.1:\(port)"
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await measure(client: client, base: base, email: email, password: password, segment: segmentName,
                              campaign: campaign.name, user: someUser)
        } catch {
            try? await client.shutdown()
            await group.triggerGracefulShutdown()
            throw error
        }
        try? await client.shutdown()
        await group.triggerGracefulShutdown()
    }

    /// Signs in and times every page.
    private func measure(client: HTTPClient, base: String, email: String, password: String, segment segmentName: String,
                         campaign campaignName: String, user someUser: String) async throws {
        // Sign in as a browser would.
        var cookies: [String: String] = [:]
        func send(_ path: String, form: [String: String]? = nil) async throws
            -> (status: UInt, body: ByteBuffer, seconds: Double)
        {
            var request = HTTPClientRequest(url: base + path)
            if form != nil { request.method = .POST }
            if !cookies.isEmpty {
                request.headers.add(name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            }
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                request.body = .bytes(ByteBuffer(string: form.map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
                }.joined(separator: "&")))
            }
            let start = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(120))
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            let elapsed = ContinuousClock.now - start
            for header in response.headers["Set-Cookie"] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return (response.status.code, body, seconds)
        }
        let loginPage = String(buffer: try await send("/login").body)
        let marker = #"name="_csrf" value=""#
        guard let start = loginPage.range(of: marker)?.upperBound,
              let end = loginPage[start...].firstIndex(of: "\"") else { throw ValidationError("no sign-in form") }
        let token = String(loginPage[start..<end])
        let signedIn = try await send("/login", form: ["_csrf": token, "email": email, "password": password])
        guard signedIn.status == 303, cookies["strata_session"] != nil else { throw ValidationError("sign-in failed") }

        func path(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? s
        }
        let pages: [(String, String)] = [
            ("overview", "/app"), ("users", "/app/users"), ("user profile", "/app/users/\(path(someUser))"),
            ("segments", "/app/segments"), ("segment", "/app/segments/\(path(segmentName))"),
            ("segment builder", "/app/segments/new"), ("models and flow", "/app/segments/models"),
            ("model settings", "/app/segments/settings"), ("tags", "/app/segments/tags"),
        ] + ReportRequest.Kind.allCases.map { ("analysis: \($0.rawValue)", "/app/analysis/\($0.rawValue)") } + [
            ("campaigns", "/app/campaigns"), ("campaign", "/app/campaigns/\(path(campaignName))"),
            ("campaign editor", "/app/campaigns/\(path(campaignName))/edit"),
            ("campaign review", "/app/campaigns/\(path(campaignName))/review"),
            ("settings: keys", "/app/settings/keys"), ("settings: channels", "/app/settings/channels"),
            ("settings: staff", "/app/settings/staff"),
        ]
        let assets = try await send("/app/static/strata.css").body.readableBytes + (try await send("/app/static/strata.js").body.readableBytes)
        func padded(_ text: String) -> String { text.padding(toLength: 22, withPad: " ", startingAt: 0) }
        Console.line(padded("page") + "   p50 ms   p95 ms   max ms         KB")
        var rows: [String: JSONValue] = [:]
        var worstP95 = 0.0, heaviest = 0
        for (name, url) in pages {
            var times: [Double] = []
            var bytes = 0
            for i in 0..<(requests + 2) {
                let (status, body, seconds) = try await send(url)
                guard status == 200 else {
                    throw ValidationError("\(url) answered \(status): \(String(buffer: body).prefix(300))")
                }
                bytes = body.readableBytes
                if i >= 2 { times.append(seconds * 1000) }
            }
            times.sort()
            let p50 = times[times.count / 2], p95 = times[min(times.count - 1, Int((Double(times.count) * 0.95).rounded(.up)) - 1)]
            worstP95 = max(worstP95, p95)
            heaviest = max(heaviest, bytes + assets)
            Console.line(padded(name) + String(format: " %8.1f %8.1f %8.1f %10.1f", p50, p95, times.last!,
                                               Double(bytes + assets) / 1024))
            rows[name] = .object(["p50_ms": .number((p50 * 10).rounded() / 10), "p95_ms": .number((p95 * 10).rounded() / 10),
                                  "bytes": .number(Double(bytes)), "bytes_with_assets": .number(Double(bytes + assets))])
        }
        Console.line("Page weight includes the stylesheet and script (\(assets) bytes, cached after the first page).")
        Console.line(JSONValue.object(["pages": .object(rows), "worst_p95_ms": .number((worstP95 * 10).rounded() / 10),
                                       "heaviest_bytes": .number(Double(heaviest)), "requests": .number(Double(requests))]).jsonText)
    }
}
