import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import Testing

/// Consent records: every change of a consent trait and every suppression added or lifted for a
/// person is kept with its time, source and reference, and shows in their export.
@Suite struct ConsentRecordTests {
    @Test func consentChangesAreKeptWithTheirSourceAndShowInTheExport() async throws {
        try await ServerHarness.run { client, _ in
            let batch = """
                {"batch":[
                 {"type":"identify","userId":"cora","messageId":"c-1","timestamp":"2026-09-01T00:00:00Z",
                  "traits":{"email":"cora@example.com","email_opt_in":true,"plan":"gold"}},
                 {"type":"identify","userId":"cora","messageId":"c-2","timestamp":"2026-09-02T00:00:00Z","traits":{"plan":"silver"}},
                 {"type":"identify","userId":"cora","messageId":"c-3","timestamp":"2026-09-03T00:00:00Z","traits":{"email_opt_in":false}}]}
                """
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth, body: batch.buffer) {
                #expect($0.status == .ok)
            }
            let entries = #"{"entries": [{"channel": "sms", "user_id": "cora", "reason": "asked by phone"},"#
                + #" {"channel": "email", "address": "Cora@example.com", "reason": "complaint"}]}"#
            #expect(try await client.admin(.post, "/api/v1/suppressions", entries).0 == .created)
            #expect(try await client.admin(.delete, "/api/v1/suppressions/email/cora%40example.com").0 == .noContent)

            let (status, export, text) = try await client.admin(.get, "/api/v1/users/cora/export")
            #expect(status == .ok, "\(text)")
            let records = try #require(export["consent"]?.arrayValue)
            // Newest first; the identify that changed no consent trait left no record.
            #expect(records.map { $0["subject"]?.stringValue ?? "" }
                == ["suppression:email", "suppression:email", "suppression:sms", "email_opt_in", "email_opt_in"], "\(records)")
            #expect(records.map { $0["value"]?.stringValue ?? "" }
                == ["off", "on: complaint", "on: asked by phone", "false", "true"])
            #expect(records.map { $0["source"]?.stringValue ?? "" } == ["staff", "staff", "staff", "api", "api"])
            #expect(records[3]["reference"] == "c-3" && records[4]["reference"] == "c-1")
            #expect(records[0]["reference"]?.stringValue?.hasPrefix("key:") == true)
            #expect(records[3]["at"] == "2026-09-03T00:00:00.000Z")
        }
    }
}
