import Foundation
import Hummingbird
import HummingbirdTesting
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import Testing

/// Shared pieces of the campaign API tests: seed users, campaign bodies, a configuration
/// without caps or quiet hours, and polling for what the scheduler and dispatcher do.
enum CampaignAPI {
    /// a, b and c are on the gold plan (c has no name), d is on the free plan and bought once.
    static let seed = """
        {"batch":[
         {"type":"identify","userId":"a","traits":{"name":"Alice","plan":"gold"}},
         {"type":"identify","userId":"b","traits":{"name":"Bob","plan":"gold"}},
         {"type":"identify","userId":"c","traits":{"plan":"gold"}},
         {"type":"identify","userId":"d","traits":{"name":"Dora","plan":"free"}},
         {"type":"track","userId":"d","event":"purchase","properties":{"revenue":9}}]}
        """

    /// No caps, no quiet hours, no explicit consent: sends happen now.
    static func noLimits(_ configuration: inout StrataConfiguration) {
        configuration.contact = ContactPolicy(caps: [], quietHours: nil, explicitConsent: [])
    }

    /// Ingests the seed users and saves the segment `gold` (`plan = gold`).
    static func seedUsersAndSegment(_ client: some TestClientProtocol) async throws {
        try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                 body: seed.buffer) { #expect($0.status == .ok) }
        let (status, segment, text) = try await client.admin(.post, "/api/v1/segments",
                                                             #"{"name": "gold", "text": "plan = gold"}"#)
        #expect(status == .created, "\(text)")
        #expect(segment["size"] == 3)
    }

    /// An inbox message with a personalised body and a default for a missing name.
    static func inboxMessage(_ title: String) -> String {
        #"{"title": "\#(title)", "body": "Hello {{traits.name}}!", "url": "https://example.com/\#(title)", "#
            + #""defaults": {"traits.name": "朋友"}}"#
    }

    /// A complete campaign: audience, variants, schedule and optional extra top-level fields.
    static func campaign(_ name: String, audience: String? = #"{"segment": "gold"}"#,
                         variants: String = #"[{"name": "A", "messages": {"inbox": \#(inboxMessage("A"))}}]"#,
                         schedule: String? = #"{"type": "once", "at": "2099-01-01T00:00:00Z"}"#,
                         extra: String = "") -> String
    {
        var fields = [#""name": "\#(name)""#, #""description": "Welcome the gold plan""#, #""purpose": "activation""#,
                      #""holdout": 0"#, #""variants": \#(variants)"#]
        if let audience { fields.append(#""audience": \#(audience)"#) }
        if let schedule { fields.append(#""schedule": \#(schedule)"#) }
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// A one-off send whose time has already come.
    static let past = #"{"type": "once", "at": "2020-01-01T00:00:00Z"}"#

    /// Calls `check` until it is true or `seconds` pass; whether it became true.
    static func eventually(within seconds: Double = 10, _ check: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await check()
    }

    /// Waits until the campaign's status is `status`.
    static func waitForStatus(_ client: some TestClientProtocol, _ name: String, _ status: String,
                              within seconds: Double = 10) async throws -> Bool
    {
        try await eventually(within: seconds) {
            try await client.admin(.get, "/api/v1/campaigns/\(name)").1["status"]?.stringValue == status
        }
    }

    /// The proof an app's server computes for a user id (hex HMAC-SHA256 under the identity secret).
    static func userHash(_ userId: String, _ database: AppDatabase) throws -> String {
        IdentityVerifier(secret: try database.workspaceSecret("identity")).proof(for: userId)
    }

    /// The inbox of a user, read with the write key and the user's proof: status and messages.
    static func inbox(_ client: some TestClientProtocol, _ userId: String, _ database: AppDatabase) async throws
        -> (HTTPResponse.Status, [JSONValue])
    {
        let uri = "/v1/inbox?userId=\(userId)&userHash=\(try userHash(userId, database))"
        return try await client.execute(uri: uri, method: .get, headers: ServerHarness.basicAuth) {
            ($0.status, $0.json["messages"]?.arrayValue ?? [])
        }
    }

    /// The error's field and message of an error body.
    static func field(_ json: JSONValue) -> String? { json["error"]?["field"]?.stringValue }
    static func message(_ json: JSONValue) -> String { json["error"]?["message"]?.stringValue ?? "" }

    /// The variant groups of a results body (the holdout left out).
    static func variantGroups(_ results: JSONValue) -> [JSONValue] {
        (results["groups"]?.arrayValue ?? []).filter { $0["name"] != "holdout" }
    }

    static func sum(_ groups: [JSONValue], _ key: String) -> Double {
        groups.reduce(0) { $0 + ($1[key]?.numberValue ?? 0) }
    }

    static func skipped(_ groups: [JSONValue], _ reason: String) -> Double {
        groups.reduce(0) { $0 + ($1["skipped"]?[reason]?.numberValue ?? 0) }
    }
}
