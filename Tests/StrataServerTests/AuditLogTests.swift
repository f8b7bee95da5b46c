import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import StrataTestSupport
import Testing

/// The audit log: every state-changing route of the admin API and the dashboard, and every
/// sign-in, leaves exactly one entry naming the actor; the log is append-only and a changed
/// entry breaks its hash chain.
@Suite struct AuditLogTests {
    /// Every state-changing route: admin API writes (not the reads sent by POST) and dashboard posts.
    static func changingRoutes() throws -> [(method: HTTPRequest.Method, path: String)] {
        let directory = TemporaryDirectory()
        let database = try AppDatabase.open(directory: directory.path)
        let app = try AppServices(database: database, buildIndex: false)
        let router = try buildRouter(configuration: StrataConfiguration(dataDirectory: directory.path, secretKeys: ["sk_x"]),
                                     app: app, metrics: StrataMetrics(),
                                     links: try app.trackingLinks(baseURL: "http://127.0.0.1:8080"))
        withExtendedLifetime(directory) {}
        return router.routes.compactMap { route -> (HTTPRequest.Method, String)? in
            let path = route.path.description
            guard [.post, .put, .delete].contains(route.method) else { return nil }
            let api = path.hasPrefix("/api/v1/") && !path.hasSuffix("/preview")
                && !(path.hasPrefix("/api/v1/reports/") && !path.hasSuffix("/segment"))
            let dashboard = path.hasPrefix("/app") || path == "/logout"
            return api || dashboard ? (route.method, path) : nil
        }.sorted { ($0.1, $0.0.rawValue) < ($1.1, $1.0.rawValue) }
    }

    /// A route's path with its parameters filled in.
    static func fill(_ path: String) -> String {
        let values = ["{name}": "x", "{id}": "1", "{kind}": "email", "{channel}": "email", "{address}": "a",
                      "{model}": "lifecycle", "{report}": "trend", "{userId}": "u1"]
        return values.reduce(path) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    static func lastId(_ database: AppDatabase) throws -> Int64 {
        try database.auditEntries(limit: 1).first?.id ?? 0
    }

    @Test func everyStateChangingRouteLeavesOneEntryNamingItsActor() async throws {
        try await ServerHarness.run { client, database in
            let routes = try Self.changingRoutes()
            #expect(routes.count > 40, "\(routes.count) state-changing routes")
            let staff = try DashboardSecurityTests.staff(database, .admin)
            for (method, path) in routes {
                let uri = Self.fill(path)
                let before = try Self.lastId(database)
                if path.hasPrefix("/api/") {
                    try await client.execute(uri: uri, method: method,
                                             headers: [.authorization: "Bearer \(ServerHarness.secretKey)", .contentType: "application/json"],
                                             body: "{}".buffer) { _ in }
                } else {
                    _ = try await client.send(method, uri, cookies: staff.cookies, form: [("_csrf", staff.csrf)])
                }
                let entries = try database.auditEntries(limit: 5).filter { $0.id > before }
                #expect(entries.count == 1, "\(method) \(path): \(entries.count) entries")
                if let entry = entries.first {
                    #expect(entry.action.hasPrefix(method.rawValue) || path == "/logout", "\(method) \(path): \(entry.action)")
                    #expect(entry.actor == (path.hasPrefix("/api/") ? "key:sk_test_se" : "staff:\(staff.id)"), "\(path)")
                    #expect(entry.status >= 200)
                }
            }
            // Reads leave nothing.
            let before = try Self.lastId(database)
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: ServerHarness.bearer) { _ in }
            try await client.execute(uri: "/api/v1/segments/preview", method: .post, headers: ServerHarness.bearer,
                                     body: #"{"text":"city = x"}"#.buffer) { _ in }
            #expect(try Self.lastId(database) == before)
            #expect(try database.verifyAudit().firstBroken == nil)
            // Admins read it in the dashboard; other roles may not.
            // (The loop's /logout ended that session; a new one reads the log.)
            let reader = try DashboardSecurityTests.staff(database, .admin)
            let page = try await client.send(.get, "/app/settings/audit?actor=staff:\(staff.id)", cookies: reader.cookies)
            #expect(page.status == .ok && page.body.contains("POST /app/") && !page.body.contains("key:sk_test_se"))
            #expect(page.body.contains("哈希链完整"))
            let viewer = try DashboardSecurityTests.staff(database, .viewer)
            #expect(try await client.send(.get, "/app/settings/audit", cookies: viewer.cookies).status == .forbidden)
            let (forbidden, _) = try await client.execute(uri: "/api/v1/audit", method: .get, headers: [:]) { ($0.status, 0) }
            #expect(forbidden == .unauthorized)
            try await client.execute(uri: "/api/v1/audit?action=sign_out", method: .get, headers: ServerHarness.bearer) {
                #expect($0.status == .ok && $0.json["entries"]?.arrayValue?.first?["action"] == "sign_out")
            }
        }
    }

    @Test func signInsAndFailedSignInsAreEntriesWithoutTheAddress() async throws {
        try await ServerHarness.run { client, database in
            let app = try AppServices(database: database, buildIndex: false)
            try DashboardSecurityTests.addStaff(database, "ops@example.com", .operator)
            #expect(try app.access.signIn(email: "ops@example.com", password: "wrong password!", from: "10.0.0.9") == nil)
            #expect(try app.access.signIn(email: "ops@example.com", password: DashboardSecurityTests.password, from: "10.0.0.9") != nil)
            let entries = try database.auditEntries(limit: 10)
            #expect(entries.map(\.action).prefix(2) == ["sign_in", "sign_in_failed"])
            #expect(entries[1].actor == "anonymous" && entries[1].address == "10.0.0.9" && entries[1].digest.count == 64)
            #expect(entries.allSatisfy { !$0.target.contains("ops@") && !$0.digest.contains("ops@") })
            _ = client
        }
    }

    @Test func theLogIsAppendOnlyAndATamperedEntryBreaksTheChain() throws {
        let directory = TemporaryDirectory()
        let database = try AppDatabase.open(directory: directory.path)
        for i in 0..<5 {
            try database.appendAudit(.init(actor: "cli", role: "admin", action: "keys create", target: "key \(i)", status: 0))
        }
        #expect(try database.verifyAudit() == (entries: 5, firstBroken: nil))
        // No update or delete gets through the store.
        #expect(throws: (any Error).self) { try database.writer.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'x'") } }
        #expect(throws: (any Error).self) { try database.writer.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        // A hand edit of the file (triggers dropped) is found, and so is a removed entry.
        try database.writer.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET target = 'nothing' WHERE id = 3")
        }
        #expect(try database.verifyAudit().firstBroken == 3)
    }
}
