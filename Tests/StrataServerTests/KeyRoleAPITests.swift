import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

/// Secret keys act with a staff role: limited as that role is in the dashboard, and shown
/// personal data masked when the role may not see it — in every answer, JSON and CSV.
@Suite struct KeyRoleAPITests {
    static let seed = """
        {"batch":[
         {"type":"identify","userId":"alice@example.com","anonymousId":"a-1","traits":{"email":"alice@example.com","phone":"13812345678","name":"张三","city":"Shanghai"},"timestamp":"2026-09-01T00:00:00Z"},
         {"type":"identify","userId":"u2","traits":{"email":"bob@example.com","city":"Beijing"},"timestamp":"2026-09-01T00:00:00Z"},
         {"type":"track","userId":"alice@example.com","event":"purchase","properties":{"revenue":20,"email":"alice@example.com"},"timestamp":"2026-09-02T00:00:00Z"},
         {"type":"track","userId":"u2","event":"purchase","properties":{"revenue":30},"timestamp":"2026-09-03T00:00:00Z"}]}
        """
    static let raw = ["alice@example.com", "bob@example.com", "13812345678", "张三"]

    /// GETs `uri` with `key`: status and body text.
    static func get(_ client: any TestClientProtocol, _ key: String, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(key)"]) {
            ($0.status, String(buffer: $0.body))
        }
    }

    static let reads = [
        "/api/v1/users", "/api/v1/users/alice@example.com", "/api/v1/users/alice@example.com/events", "/api/v1/events",
        "/api/v1/reports/trend?event=purchase&from=2026-09-01&to=2026-09-05&breakdown=trait:email",
        "/api/v1/reports/trend?event=purchase&from=2026-09-01&to=2026-09-05&breakdown=trait:email&format=csv",
        "/api/v1/reports/trend?event=purchase&from=2026-09-01&to=2026-09-05&breakdown=email&measure=users",
        "/api/v1/reports/lift?event=purchase&from=2026-09-01&to=2026-09-05&by=email,phone,name",
        "/api/v1/reports/lift?event=purchase&from=2026-09-01&to=2026-09-05&by=email,phone,name&format=csv",
        "/api/v1/reports/funnel?steps=purchase,purchase&from=2026-09-01&to=2026-09-05&breakdown=trait:email",
        "/api/v1/reports/channels?from=2026-09-01&to=2026-09-05&channel_trait=email",
    ]

    @Test(arguments: [StaffRole.admin, .operator, .analyst, .viewer])
    func everyReadIsMaskedForRolesThatMayNotSeePersonalData(_ role: StaffRole) async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            let (key, record) = try database.createKey(kind: .secret, name: role.rawValue, role: role)
            #expect(record.role == role)
            try await Task.sleep(for: .milliseconds(1100))  // a key made by another process is read within a second
            let sees = role.may(.viewPersonalData)
            var all = ""
            for uri in Self.reads {
                let (status, body) = try await Self.get(client, key, uri)
                #expect(status == .ok, "\(role) \(uri): \(body.prefix(300))")
                for value in Self.raw where !sees && body.contains(value) {
                    Issue.record("\(role) \(uri): \(value) unmasked")
                }
                all += body
            }
            // Admins and operators see every value somewhere.
            for value in Self.raw where sees && !all.contains(value) { Issue.record("\(role): \(value) missing") }
            // Masked roles see the masks, and the masked id still opens the profile by its `#uid`.
            if !sees {
                let (_, users) = try await Self.get(client, key, "/api/v1/users")
                #expect(users.contains("a***@example.com") && users.contains("138****5678"))
                let uid = try database.profile(externalId: "alice@example.com")!.uid
                let (status, profile) = try await Self.get(client, key, "/api/v1/users/%23\(uid)")
                #expect(status == .ok && profile.contains("a***@example.com") && !profile.contains("alice@"))
            }
        }
    }

    @Test func keysAreLimitedAsTheirRoleIs() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            let (viewer, _) = try database.createKey(kind: .secret, name: "viewer", role: .viewer)
            let (analyst, _) = try database.createKey(kind: .secret, name: "analyst", role: .analyst)
            let (operatorKey, _) = try database.createKey(kind: .secret, name: "operator", role: .operator)
            try await Task.sleep(for: .milliseconds(1100))
            func send(_ key: String, _ method: HTTPRequest.Method, _ uri: String, _ body: String = "{}") async throws -> HTTPResponse.Status {
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                                         body: body.buffer) { $0.status }
            }
            let segment = #"{"name":"buyers","text":"did purchase"}"#
            // Reads, previews and reports sent by POST are reads.
            #expect(try await send(viewer, .post, "/api/v1/segments/preview", #"{"text":"did purchase"}"#) != .forbidden)
            #expect(try await send(viewer, .get, "/api/v1/stats") == .ok)
            // Saving segments needs editSegments; campaigns editCampaigns; keys and channels manageSettings.
            #expect(try await send(viewer, .post, "/api/v1/segments", segment) == .forbidden)
            let saved = try await send(analyst, .post, "/api/v1/segments", segment)
            #expect(saved == .created, "\(saved)")
            #expect(try await send(analyst, .get, "/api/v1/segments/buyers/export") == .forbidden)
            let exported = try await send(operatorKey, .get, "/api/v1/segments/buyers/export")
            #expect(exported == .ok, "\(exported)")
            #expect(try await send(analyst, .post, "/api/v1/campaigns", #"{"name":"x"}"#) == .forbidden)
            #expect(try await send(operatorKey, .get, "/api/v1/keys") == .forbidden)
            #expect(try await send(operatorKey, .put, "/api/v1/channels/email", #"{}"#) == .forbidden)
            let (status, body) = try await client.execute(uri: "/api/v1/keys", method: .get,
                                                          headers: [.authorization: "Bearer \(viewer)"]) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .forbidden && body.contains("viewer") && body.contains("--role"))
            // The configured key is an admin, and keys made before roles act as admins.
            #expect(try await send(ServerHarness.secretKey, .get, "/api/v1/keys") == .ok)
        }
    }

    @Test func aPersonIsExportedWholeToRolesThatMayExport() async throws {
        try await ServerHarness.run { client, database in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/segments", method: .post, headers: ServerHarness.bearer,
                                     body: #"{"name":"buyers","text":"did purchase"}"#.buffer) { #expect($0.status == .created) }
            let (analyst, _) = try database.createKey(kind: .secret, name: "analyst", role: .analyst)
            try await Task.sleep(for: .milliseconds(1100))
            try await client.execute(uri: "/api/v1/users/alice%40example.com/export", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.status == .ok)
                let document = response.json
                #expect(document["profile"]?["traits"]?["email"] == "alice@example.com")
                #expect(document["profile"]?["anonymous_ids"] == .array(["a-1"]))
                #expect(document["events"]?.arrayValue?.count == 2)
                #expect(document["events_truncated"] == false)
                #expect(document["segments"] == .array(["buyers"]))
                #expect(document["messages"] == .array([]) && document["inbox"] == .array([]))
            }
            try await client.execute(uri: "/api/v1/users/alice%40example.com/export", method: .get,
                                     headers: [.authorization: "Bearer \(analyst)"]) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/users/nobody/export", method: .get, headers: ServerHarness.bearer) {
                #expect($0.status == .notFound)
            }
        }
    }
}
