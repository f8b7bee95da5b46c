import Foundation
import StrataCore
import StrataTestSupport
import Testing

// Tests of channel settings: reading them per channel kind, the stored form read back, and the
// form shown to clients never holding a password, a signing secret or a header's value
// (Sources/StrataCore/Campaigns/ChannelSettings.swift).

@Suite struct ChannelSettingsTests {
    typealias F = CampaignFixture
    typealias SMTP = ChannelSettings.SMTPSettings
    typealias HTTP = ChannelSettings.HTTPSettings

    static let smtpText = #"""
        {"host": "smtp.example.com", "port": 465, "username": "mailer", "password": "pw-SMTP-SECRET-1",
         "starttls": true, "from": "Shop <shop@example.com>", "public_url": "https://strata.example"}
        """#
    static let webhookText = #"""
        {"url": "https://hooks.example/strata", "secrets": ["whsec_SIGNING-SECRET-1", "whsec_SIGNING-SECRET-2"],
         "headers": {"Authorization": "Bearer HEADER-SECRET-1", "X-Team": "HEADER-SECRET-2"},
         "allow": ["10.0.0.0/8", "hooks.internal"], "timeout_seconds": 30}
        """#
    static let providerText = #"""
        {"url": "https://sms.example/v1/send", "method": "put", "headers": {"X-Api-Key": "HEADER-SECRET-3"},
         "body": "{\"to\": \"{{address}}\", \"text\": \"{{message.body}}\"}", "timeout_seconds": 5}
        """#

    @Test func eachKindTakesItsSettings() {
        #expect(ChannelKind.allCases.map(ChannelSettings.expectedType(for:))
            == ["smtp", "provider", "provider", "provider", "webhook", "inbox"])
    }

    @Test func readsSMTPSettingsWithTheirDefaults() throws {
        let s = try ChannelSettings(json: F.json(Self.smtpText), kind: .email)
        #expect(s == .smtp(SMTP(host: "smtp.example.com", port: 465, username: "mailer", password: "pw-SMTP-SECRET-1",
                                startTLS: true, allowPlaintext: false, from: "Shop <shop@example.com>",
                                publicURL: "https://strata.example")))
        let minimal = try ChannelSettings(json: F.json(#"{"host": "mx", "from": "a@example.com"}"#), kind: .email)
        #expect(minimal == .smtp(SMTP(host: "mx", port: 587, username: nil, password: nil, startTLS: true, allowPlaintext: false,
                                      from: "a@example.com", publicURL: nil)))
        // Plain text only when asked for explicitly (a local relay).
        let relay = try ChannelSettings(json: F.json(#"{"host": "localhost", "port": 25, "starttls": false, "allow_plaintext": true, "from": "a@b"}"#),
                                        kind: .email)
        #expect(relay == .smtp(SMTP(host: "localhost", port: 25, startTLS: false, allowPlaintext: true, from: "a@b")))
    }

    @Test func readsWebhookAndProviderSettings() throws {
        let w = try ChannelSettings(json: F.json(Self.webhookText), kind: .webhook)
        #expect(w == .webhook(HTTP(url: "https://hooks.example/strata", method: "POST",
                                   headers: ["Authorization": "Bearer HEADER-SECRET-1", "X-Team": "HEADER-SECRET-2"],
                                   bodyTemplate: nil, secrets: ["whsec_SIGNING-SECRET-1", "whsec_SIGNING-SECRET-2"],
                                   allow: ["10.0.0.0/8", "hooks.internal"], timeoutSeconds: 30)))
        for kind in [ChannelKind.sms, .push, .wechat] {
            let p = try ChannelSettings(json: F.json(Self.providerText), kind: kind)
            #expect(p == .provider(HTTP(url: "https://sms.example/v1/send", method: "PUT", headers: ["X-Api-Key": "HEADER-SECRET-3"],
                                        bodyTemplate: #"{"to": "{{address}}", "text": "{{message.body}}"}"#, secrets: [],
                                        allow: [], timeoutSeconds: 5)), "\(kind)")
        }
        let defaults = try ChannelSettings(json: F.json(#"{"url": "http://sms.local", "body": "{}"}"#), kind: .sms)
        #expect(defaults == .provider(HTTP(url: "http://sms.local", method: "POST", bodyTemplate: "{}", timeoutSeconds: 10)))
        // The inbox takes no settings: any object will do.
        #expect(try ChannelSettings(json: F.json("{}"), kind: .inbox) == .inbox)
        #expect(try ChannelSettings(json: F.json(#"{"url": "ignored"}"#), kind: .inbox) == .inbox)
    }

    @Test func errorsNameTheField() {
        let cases: [(ChannelKind, String, String)] = [
            (.email, "[]", "body"),
            (.inbox, "null", "body"),
            (.email, #"{"from": "a@b"}"#, "host"),
            (.email, #"{"host": " ", "from": "a@b"}"#, "host"),
            (.email, #"{"host": "mx"}"#, "from"),
            (.email, #"{"host": "mx", "from": "a@b", "port": 0}"#, "port"),
            (.email, #"{"host": "mx", "from": "a@b", "port": 65536}"#, "port"),
            (.email, #"{"host": "mx", "from": "a@b", "starttls": false}"#, "starttls"),
            (.email, #"{"host": "mx", "from": "a@b", "starttls": "no"}"#, "starttls"),
            (.email, #"{"host": "mx", "from": "a@b", "allow_plaintext": 1}"#, "allow_plaintext"),
            (.email, #"{"host": "mx", "from": "a@b", "password": 1234}"#, "password"),
            (.webhook, #"{"url": "https://h.example"}"#, "secrets"),
            (.webhook, #"{"url": "https://h.example", "secrets": []}"#, "secrets"),
            (.webhook, #"{"url": "https://h.example", "secrets": "whsec_x"}"#, "secrets"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x", 2]}"#, "secrets[1]"),
            (.webhook, #"{"secrets": ["whsec_x"]}"#, "url"),
            (.webhook, #"{"url": "ftp://h.example", "secrets": ["whsec_x"]}"#, "url"),
            (.webhook, #"{"url": "h.example", "secrets": ["whsec_x"]}"#, "url"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x"], "headers": {"X-Key": 5}}"#, "headers.X-Key"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x"], "headers": ["X-Key"]}"#, "headers"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x"], "allow": [true]}"#, "allow[0]"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x"], "timeout_seconds": 0}"#, "timeout_seconds"),
            (.webhook, #"{"url": "https://h.example", "secrets": ["whsec_x"], "timeout_seconds": 61}"#, "timeout_seconds"),
            (.sms, #"{"url": "https://p.example"}"#, "body"),
            (.push, #"{"url": "https://p.example", "body": "{}", "method": "GET"}"#, "method"),
            (.wechat, #"{"url": "https://p.example", "body": "{}", "method": "DELETE"}"#, "method"),
            (.sms, #"{"body": "{}"}"#, "url"),
            (.sms, #"{"url": "https://p.example", "body": "{}", "headers": {"k": "\#(String(repeating: "v", count: 4001))"}}"#, "headers.k"),
        ]
        for (kind, text, field) in cases {
            #expect(F.field { _ = try ChannelSettings(json: F.json(text), kind: kind) } == field, "\(kind) \(text)")
        }
    }

    @Test func theStoredFormReadsBackAsTheSameSettings() throws {
        let all: [(ChannelKind, ChannelSettings)] = [
            (.email, try ChannelSettings(json: F.json(Self.smtpText), kind: .email)),
            (.email, .smtp(SMTP(host: "localhost", port: 2525, startTLS: false, allowPlaintext: true, from: "a@b"))),
            (.webhook, try ChannelSettings(json: F.json(Self.webhookText), kind: .webhook)),
            (.sms, try ChannelSettings(json: F.json(Self.providerText), kind: .sms)),
            (.push, .provider(HTTP(url: "https://push.example", headers: [:], bodyTemplate: "{\"t\": \"{{message.title}}\"}"))),
            (.inbox, .inbox),
        ]
        for (kind, settings) in all {
            #expect(try ChannelSettings(json: settings.storedJSON, kind: kind) == settings, "\(kind)")
            let text = settings.storedJSON.jsonText
            #expect(try ChannelSettings(json: JSONValue.parse(Data(text.utf8)), kind: kind) == settings, "\(kind)")
        }
        // The stored form keeps the secrets.
        let stored = try ChannelSettings(json: F.json(Self.webhookText), kind: .webhook).storedJSON.jsonText
        #expect(stored.contains("whsec_SIGNING-SECRET-2") && stored.contains("HEADER-SECRET-1"))
    }

    @Test func theClientsFormNeverHoldsASecret() throws {
        let secrets = ["pw-SMTP-SECRET-1", "whsec_SIGNING-SECRET-1", "whsec_SIGNING-SECRET-2", "HEADER-SECRET-1",
                       "HEADER-SECRET-2", "HEADER-SECRET-3"]
        let all: [ChannelSettings] = [
            try ChannelSettings(json: F.json(Self.smtpText), kind: .email),
            try ChannelSettings(json: F.json(Self.webhookText), kind: .webhook),
            try ChannelSettings(json: F.json(Self.providerText), kind: .sms),
            .inbox,
        ]
        for settings in all {
            let text = settings.redactedJSON.jsonText
            for secret in secrets {
                #expect(!text.contains(secret), "\(secret) in \(text)")
                // Not even part of one.
                #expect(!text.contains(String(secret.suffix(8))), "\(secret) in \(text)")
            }
        }
        // What is shown instead: whether each secret is set, and the header names.
        #expect(all[0].redactedJSON == F.json(#"""
            {"type": "smtp", "host": "smtp.example.com", "port": 465, "username": "mailer", "starttls": true,
             "allow_plaintext": false, "from": "Shop <shop@example.com>", "public_url": "https://strata.example",
             "allow": [], "password_set": true}
            """#))
        #expect(all[1].redactedJSON == F.json(#"""
            {"type": "webhook", "url": "https://hooks.example/strata", "method": "POST",
             "headers": {"Authorization": "(set)", "X-Team": "(set)"}, "allow": ["10.0.0.0/8", "hooks.internal"],
             "timeout_seconds": 30, "secrets_set": 2}
            """#))
        #expect(all[2].redactedJSON == F.json(#"""
            {"type": "provider", "url": "https://sms.example/v1/send", "method": "PUT", "headers": {"X-Api-Key": "(set)"},
             "allow": [], "timeout_seconds": 5, "body": "{\"to\": \"{{address}}\", \"text\": \"{{message.body}}\"}"}
            """#))
        #expect(ChannelSettings.inbox.redactedJSON == F.json(#"{"type": "inbox"}"#))
        let noPassword = ChannelSettings.smtp(SMTP(host: "mx", from: "a@b"))
        #expect(noPassword.redactedJSON["password_set"] == .bool(false))
        #expect(noPassword.redactedJSON["password"] == nil)
    }

    @Test(arguments: 0..<20) func randomSecretsNeverReachTheClientsForm(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        func secret() -> String { "S" + String(rng.next(), radix: 36) + String(rng.next(), radix: 36) }
        var secrets: [String] = []
        var headers: [String: String] = [:]
        for i in 0..<Int.random(in: 0...4, using: &rng) {
            let value = secret()
            headers["X-H\(i)"] = value
            secrets.append(value)
        }
        let signing = (0..<Int.random(in: 1...3, using: &rng)).map { _ in secret() }
        let password = secret()
        secrets += signing + [password]
        let settings: [ChannelSettings] = [
            .smtp(SMTP(host: "mx", username: "u", password: password, from: "a@b")),
            .webhook(HTTP(url: "https://h.example", headers: headers, secrets: signing)),
            .provider(HTTP(url: "https://p.example", headers: headers, bodyTemplate: "{}")),
        ]
        for s in settings {
            let shown = s.redactedJSON.jsonText
            let stored = s.storedJSON.jsonText
            for value in secrets {
                #expect(!shown.contains(value))
            }
            // The stored form does keep what the settings hold.
            if case .smtp = s { #expect(stored.contains(password)) }
            if case .webhook = s { #expect(signing.allSatisfy(stored.contains)) }
            if case .provider = s { #expect(headers.values.allSatisfy(stored.contains)) }
        }
    }
}
