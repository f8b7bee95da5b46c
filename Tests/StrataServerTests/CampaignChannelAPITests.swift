import Foundation
import Hummingbird
import HummingbirdTesting
import StrataChannels
import StrataCore
import StrataStore
import Testing

/// `/api/v1/channels`, `/api/v1/suppressions` and the signed engagement links (`/u`, `/o`, `/c`).
@Suite struct CampaignChannelAPITests {
    typealias C = CampaignAPI

    // MARK: - Channels

    @Test func channelSecretsAreStoredButNeverShown() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            let secret = "whsec_TOPSECRET0123456789abcdef"
            let headerSecret = "hdr-secret-987654"
            let (ok, saved, savedText) = try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "https://hooks.example.com/strata", "secrets": ["\(secret)", "whsec_second_one"],
                 "headers": {"X-Api-Key": "\(headerSecret)"}, "allow": ["10.0.0.0/8"], "timeout_seconds": 5}
                """)
            #expect(ok == .ok, "\(savedText)")
            #expect(saved["channel"] == "webhook" && saved["settings"]?["secrets_set"] == 2)
            #expect(!savedText.contains(secret) && !savedText.contains(headerSecret) && !savedText.contains("whsec_second_one"))

            let (smtpOK, _, smtpText) = try await client.admin(.put, "/api/v1/channels/email", """
                {"host": "smtp.example.com", "port": 587, "username": "ops", "password": "smtp-pass-xyz",
                 "from": "Strata <ops@example.com>"}
                """)
            #expect(smtpOK == .ok && !smtpText.contains("smtp-pass-xyz"))

            let (listed, list, listText) = try await client.admin(.get, "/api/v1/channels")
            #expect(listed == .ok)
            let webhook = try #require(list["channels"]?["webhook"])
            #expect(webhook["type"] == "webhook" && webhook["url"] == "https://hooks.example.com/strata")
            #expect(webhook["secrets_set"] == 2 && webhook["secrets"] == nil)
            #expect(webhook["headers"]?["X-Api-Key"] == "(set)")
            #expect(webhook["allow"] == .array(["10.0.0.0/8"]) && webhook["timeout_seconds"] == 5)
            #expect(list["channels"]?["email"]?["password_set"] == true && list["channels"]?["email"]?["password"] == nil)
            #expect(list["channels"]?["email"]?["username"] == "ops")
            #expect(list["channels"]?["inbox"] == .object(["type": "inbox"]))
            #expect(!listText.contains(secret), "the webhook secret is in the listing")
            #expect(!listText.contains("whsec_second_one") && !listText.contains(headerSecret))
            #expect(!listText.contains("smtp-pass-xyz"))

            // The secrets are kept for sending.
            guard case .webhook(let http)? = try database.channelSettings()[.webhook] else {
                Issue.record("no webhook settings stored")
                return
            }
            #expect(http.secrets == [secret, "whsec_second_one"] && http.headers["X-Api-Key"] == headerSecret)
        }
    }

    @Test func badChannelSettingsAreRefusedAndDeleteRemovesThem() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            let (noSecrets, noSecretsError, _) = try await client.admin(.put, "/api/v1/channels/webhook",
                                                                       #"{"url": "https://hooks.example.com/x"}"#)
            #expect(noSecrets == .badRequest && C.field(noSecretsError) == "secrets")
            let (emptySecrets, emptySecretsError, _) = try await client.admin(.put, "/api/v1/channels/webhook",
                                                                             #"{"url": "https://h.example.com", "secrets": []}"#)
            #expect(emptySecrets == .badRequest && C.field(emptySecretsError) == "secrets")
            let (badURL, badURLError, _) = try await client.admin(.put, "/api/v1/channels/webhook",
                                                                 #"{"url": "ftp://h.example.com", "secrets": ["whsec_a"]}"#)
            #expect(badURL == .badRequest && C.field(badURLError) == "url")
            let (inbox, inboxError, _) = try await client.admin(.put, "/api/v1/channels/inbox", "{}")
            #expect(inbox == .badRequest && C.field(inboxError) == "kind")
            #expect(C.message(inboxError).contains("inbox needs no settings"))
            let (fax, faxError, _) = try await client.admin(.put, "/api/v1/channels/fax", "{}")
            #expect(fax == .notFound && C.message(faxError).contains("fax"))
            let (plain, plainError, _) = try await client.admin(.put, "/api/v1/channels/email", """
                {"host": "smtp.example.com", "from": "a@example.com", "starttls": false}
                """)
            #expect(plain == .badRequest && C.field(plainError) == "starttls")
            let (sms, smsError, _) = try await client.admin(.put, "/api/v1/channels/sms", #"{"url": "https://sms.example.com"}"#)
            #expect(sms == .badRequest && C.field(smsError) == "body")
            #expect(try database.channelSettings().keys.sorted() == [.inbox])

            // Saved, replaced, deleted.
            #expect(try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "https://one.example.com", "secrets": ["whsec_1"]}
                """).0 == .ok)
            #expect(try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "https://two.example.com", "secrets": ["whsec_2"]}
                """).0 == .ok)
            let (_, list, _) = try await client.admin(.get, "/api/v1/channels")
            #expect(list["channels"]?["webhook"]?["url"] == "https://two.example.com")
            let (deleted, _, body) = try await client.admin(.delete, "/api/v1/channels/webhook")
            #expect(deleted == .noContent && body.isEmpty)
            let (_, after, _) = try await client.admin(.get, "/api/v1/channels")
            #expect(after["channels"]?["webhook"] == nil && after["channels"]?["inbox"] != nil)
            let (again, againError, _) = try await client.admin(.delete, "/api/v1/channels/webhook")
            #expect(again == .notFound && C.field(againError) == "kind")
            #expect(try await client.admin(.delete, "/api/v1/channels/fax").0 == .notFound)
        }
    }

    @Test func aDeletedChannelMakesLaunchRefuseAgain() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, _ in
            try await C.seedUsersAndSegment(client)
            let variants = #"[{"name": "A", "messages": {"webhook": {"body": "{\"user\": \"{{user.id}}\"}"}}}]"#
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("hook", variants: variants)).0 == .created)
            #expect(try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "https://hooks.example.com/x", "secrets": ["whsec_a"]}
                """).0 == .ok)
            #expect(try await client.admin(.delete, "/api/v1/channels/webhook").0 == .noContent)
            let (refused, error, _) = try await client.admin(.post, "/api/v1/campaigns/hook/launch")
            #expect(refused == .badRequest && C.message(error).contains("/api/v1/channels/webhook"))
        }
    }

    // MARK: - Suppressions

    @Test func suppressionsByAddressAndByUserAreListedAndLifted() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let b = try #require(try database.profile(externalId: "b"))
            let (created, json, text) = try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "Bob@Example.com", "reason": "hard bounce"},
                             {"channel": "inbox", "user_id": "b"},
                             {"channel": "*", "address": "+8613800000000"}]}
                """)
            #expect(created == .created && json["suppressed"] == 3, "\(text)")

            let (ok, list, _) = try await client.admin(.get, "/api/v1/suppressions")
            #expect(ok == .ok)
            let entries = list["suppressions"]?.arrayValue ?? []
            #expect(entries.count == 3)
            #expect(entries.contains { $0["channel"] == "email" && $0["address"] == "bob@example.com" && $0["reason"] == "hard bounce" })
            #expect(entries.contains { $0["channel"] == "inbox" && $0["address"] == .string("uid:\(b.uid)")
                && $0["reason"] == "suppressed by API" })
            #expect(entries.contains { $0["channel"] == "*" && $0["address"] == "+8613800000000" })
            #expect(entries.allSatisfy { $0["created_at"]?.stringValue.flatMap(Timestamp.parse) != nil })
            let (_, emails, _) = try await client.admin(.get, "/api/v1/suppressions?channel=email")
            #expect(emails["suppressions"]?.arrayValue?.count == 1)
            let (_, limited, _) = try await client.admin(.get, "/api/v1/suppressions?limit=2")
            #expect(limited["suppressions"]?.arrayValue?.count == 2)

            // The same entry again replaces the reason, not a second row.
            #expect(try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "bob@example.com", "reason": "complaint"}]}
                """).0 == .created)
            let (_, again, _) = try await client.admin(.get, "/api/v1/suppressions?channel=email")
            #expect(again["suppressions"]?.arrayValue?.map { $0["reason"] } == ["complaint"])

            // Lift, in any case of the address; lifting twice is a 404.
            let (lifted, _, body) = try await client.admin(.delete, "/api/v1/suppressions/email/BOB@example.com")
            #expect(lifted == .noContent && body.isEmpty)
            let (twice, twiceError, _) = try await client.admin(.delete, "/api/v1/suppressions/email/bob@example.com")
            #expect(twice == .notFound && C.field(twiceError) == "address")
            #expect(try await client.admin(.delete, "/api/v1/suppressions/inbox/uid:\(b.uid)").0 == .noContent)
            #expect(try await client.admin(.delete, "/api/v1/suppressions/*/+8613800000000").0 == .noContent)
            let (_, empty, _) = try await client.admin(.get, "/api/v1/suppressions")
            #expect(empty["suppressions"] == .array([]))
        }
    }

    @Test func anAddressThatNeedsPercentEncodingCanBeLifted() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            let address = "张三@例子.中国"
            #expect(try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "\(address)"}]}
                """).0 == .created)
            #expect(try database.suppressionList().map(\.address) == [address])
            let encoded = address.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let (lifted, _, text) = try await client.admin(.delete, "/api/v1/suppressions/email/\(encoded)")
            let remaining = try database.suppressionList().count
            #expect(lifted == .noContent, "\(text)")
            #expect(remaining == 0)
        }
    }

    @Test func aBadSuppressionBatchStoresNothing() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let (unknownUser, unknownUserError, _) = try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "x@example.com"}, {"channel": "inbox", "user_id": "nobody"}]}
                """)
            #expect(unknownUser == .badRequest)
            #expect(C.message(unknownUserError).contains("\"nobody\""))
            #expect(try database.suppressionList().isEmpty)

            let (badChannel, badChannelError, _) = try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "x@example.com"}, {"channel": "fax", "address": "1"}]}
                """)
            #expect(badChannel == .badRequest && C.field(badChannelError) == "entries[1].channel")
            let (noAddress, noAddressError, _) = try await client.admin(.post, "/api/v1/suppressions",
                                                                       #"{"entries": [{"channel": "email"}]}"#)
            #expect(noAddress == .badRequest && C.field(noAddressError) == "entries[0].address")
            let (none, noneError, _) = try await client.admin(.post, "/api/v1/suppressions", #"{"entries": []}"#)
            #expect(none == .badRequest && C.field(noneError) == "entries")
            #expect(try await client.admin(.post, "/api/v1/suppressions", "{}").0 == .badRequest)
            #expect(try await client.admin(.post, "/api/v1/suppressions", "nope").0 == .badRequest)
            #expect(try database.suppressionList().isEmpty)
            let (_, list, _) = try await client.admin(.get, "/api/v1/suppressions")
            #expect(list["suppressions"] == .array([]))
        }
    }

    // MARK: - Engagement links

    @Test func forgedLinksFindNothingAndValidOnesWork() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let a = try #require(try database.profile(externalId: "a"))
            let links = TrackingLinks(secret: try database.workspaceSecret("links"), baseURL: "http://x")
            let forger = TrackingLinks(secret: "not the workspace secret", baseURL: "http://x")
            func token(_ url: String) -> String { String(url.split(separator: "/").last!) }
            let unsubscribe = token(links.unsubscribeURL(uid: a.uid, channel: .email, campaign: "welcome"))

            // Forged, damaged and garbage tokens: the "not valid" page, nothing suppressed.
            let forged = token(forger.unsubscribeURL(uid: a.uid, channel: .email, campaign: "welcome"))
            // One character of the signature changed.
            var damaged = unsubscribe
            let macStart = damaged.index(after: try #require(damaged.firstIndex(of: ".")))
            damaged.replaceSubrange(macStart...macStart, with: damaged[macStart] == "A" ? "B" : "A")
            for bad in [forged, damaged, "garbage", "a.b"] {
                for method in [HTTPRequest.Method.get, .post] {
                    try await client.execute(uri: "/u/\(bad)", method: method) { response in
                        #expect(response.status == .notFound, "\(method) /u/\(bad)")
                        #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                        #expect(String(buffer: response.body).contains("This link is not valid."))
                    }
                }
            }
            #expect(try database.suppressionList().isEmpty)

            // GET only asks (link scanners unsubscribe nobody); POST unsubscribes, without any key.
            try await client.execute(uri: "/u/\(unsubscribe)", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<form method=\"post\">") && page.contains("welcome"))
            }
            #expect(try database.suppressionList().isEmpty)
            try await client.execute(uri: "/u/\(unsubscribe)", method: .post) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("You will get no more email messages"))
            }
            let (_, list, _) = try await client.admin(.get, "/api/v1/suppressions")
            let entries = list["suppressions"]?.arrayValue ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["channel"] == "email" && entries.first?["address"] == .string("uid:\(a.uid)"))
            #expect(entries.first?["reason"] == "unsubscribed (welcome)")
            // Twice is harmless.
            try await client.execute(uri: "/u/\(unsubscribe)", method: .post) { #expect($0.status == .ok) }
            #expect(try database.suppressionList().count == 1)

            // The open pixel: a GIF whatever the token.
            for open in [token(links.openURL(key: "welcome|once|A|#1")), token(forger.openURL(key: "k")), "garbage"] {
                try await client.execute(uri: "/o/\(open)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "image/gif")
                    #expect(response.headers[.cacheControl] == "no-store")
                    #expect(Array(response.body.readableBytesView.prefix(6)) == Array("GIF89a".utf8))
                }
            }

            // Tracked clicks redirect to the signed target only.
            let target = "https://shop.example.com/deal?id=7&src=sms"
            try await client.execute(uri: "/c/" + token(links.clickURL(key: "k", target: target)), method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == target)
            }
            for bad in [token(forger.clickURL(key: "k", target: target)), token(links.clickURL(key: "k", target: "javascript:alert(1)")),
                        token(links.openURL(key: "k")), "garbage"] {
                try await client.execute(uri: "/c/\(bad)", method: .get) { response in
                    #expect(response.status == .notFound, "/c/\(bad)")
                    #expect(response.headers[.location] == nil)
                }
            }
            // An open token is not an unsubscribe token.
            try await client.execute(uri: "/u/" + token(links.openURL(key: "k")), method: .post) {
                #expect($0.status == .notFound)
            }
        }
    }
}
