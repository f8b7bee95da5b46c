import Foundation
import Hummingbird
import HummingbirdTesting
import StrataChannels
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import Testing

/// Campaigns that send: an inbox campaign end to end (inbox, read and clicked, results, review,
/// monitor, tracked links), the preview, and suppressed users skipped.
@Suite struct CampaignDeliveryAPITests {
    typealias C = CampaignAPI

    static let twoVariants = """
        [{"name": "A", "messages": {"inbox": \(C.inboxMessage("A"))}},
         {"name": "B", "messages": {"inbox": \(C.inboxMessage("B"))}}]
        """

    static let goal = """
        "goal": {"metric": "conversion", "event": "purchase", "within_hours": 24, "target": 0.1, "deadline": "2099-06-01"}
        """

    @Test func anInboxCampaignSendsPersonalisedMessagesAndReportsThem() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let (created, _, text) = try await client.admin(.post, "/api/v1/campaigns", C.campaign(
                "welcome", variants: Self.twoVariants, schedule: C.past, extra: Self.goal))
            #expect(created == .created, "\(text)")

            // The preview says which variant each user gets; the send must agree.
            var expectedVariant: [String: String] = [:]
            for user in ["a", "b", "c"] {
                let (ok, preview, previewText) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=\(user)")
                #expect(ok == .ok, "\(previewText)")
                expectedVariant[user] = preview["variant"]?.stringValue
            }

            let (launched, _, launchText) = try await client.admin(.post, "/api/v1/campaigns/welcome/launch")
            #expect(launched == .ok, "\(launchText)")
            #expect(try await C.waitForStatus(client, "welcome", "completed"), "the one-off send completes")

            let (_, stored, _) = try await client.admin(.get, "/api/v1/campaigns/welcome")
            #expect(stored["messages"]?["sent"] == 3)
            #expect(stored["goal_summary"]?.stringValue?.isEmpty == false)

            // Each gold user has one personalised message from their variant; c gets the default name.
            let names = ["a": "Alice", "b": "Bob", "c": "朋友"]
            var ids: [String: Double] = [:]
            for (user, name) in names {
                let (ok, messages) = try await C.inbox(client, user, database)
                #expect(ok == .ok)
                #expect(messages.count == 1, "\(user)")
                let message = try #require(messages.first)
                #expect(message["body"] == .string("Hello \(name)!"), "\(user)")
                #expect(message["campaign"] == "welcome")
                #expect(message["title"] == expectedVariant[user].map { .string($0) }, "\(user)")
                #expect(message["url"] == expectedVariant[user].map { .string("https://example.com/\($0)") })
                #expect(message["read"] == false && message["clicked"] == false)
                ids[user] = message["id"]?.numberValue
            }
            // d, on the free plan, has none.
            let (dStatus, dMessages) = try await C.inbox(client, "d", database)
            #expect(dStatus == .ok && dMessages.isEmpty)
            #expect(try await C.inbox(client, "nobody", database).0 == .notFound)
            // The write key ships in every client: without the user's proof, or with another
            // user's, the inbox answers 401 and says how to compute it.
            for uri in ["/v1/inbox?userId=a", "/v1/inbox?userId=a&userHash=\(try C.userHash("b", database))",
                        "/v1/inbox?userId=a&userHash=00"] {
                try await client.execute(uri: uri, method: .get, headers: ServerHarness.basicAuth) {
                    #expect($0.status == .unauthorized, "\(uri)")
                    #expect(String(buffer: $0.body).contains("HMAC-SHA256"), "\(uri)")
                }
            }
            // The proof may come as a header too.
            var proven = ServerHarness.basicAuth
            proven[.init("X-Strata-User-Hash")!] = try C.userHash("b", database)
            try await client.execute(uri: "/v1/inbox?userId=b", method: .get, headers: proven) {
                #expect($0.status == .ok && $0.json["messages"]?.arrayValue?.count == 1)
            }
            try await client.execute(uri: "/v1/inbox/1/read", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId": "a"}"#.buffer) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/inbox?userId=a", method: .get, headers: [:]) {
                #expect($0.status == .unauthorized)
            }

            // Read, then clicked: both recorded and shown.
            let aId = Int(try #require(ids["a"]))
            for action in ["read", "clicked"] {
                try await client.execute(uri: "/v1/inbox/\(aId)/\(action)", method: .post, headers: ServerHarness.basicAuth,
                                         body: #"{"userId": "a", "userHash": "\#(try C.userHash("a", database))"}"#.buffer) { response in
                    #expect(response.status == .ok, "\(action)")
                    #expect(response.json["ok"] == true)
                }
                let (_, after) = try await C.inbox(client, "a", database)
                #expect(after.first?["read"] == true, "\(action)")
                #expect(after.first?["clicked"] == .bool(action == "clicked"), "\(action)")
            }
            // Someone else's message, a bad id, no key, no user.
            let bId = Int(try #require(ids["b"]))
            try await client.execute(uri: "/v1/inbox/\(bId)/read", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId": "a", "userHash": "\#(try C.userHash("a", database))"}"#.buffer) {
                #expect($0.status == .notFound)
            }
            let (_, bInbox) = try await C.inbox(client, "b", database)
            #expect(bInbox.first?["read"] == false)
            try await client.execute(uri: "/v1/inbox/abc/read", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId": "a", "userHash": "\#(try C.userHash("a", database))"}"#.buffer) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/v1/inbox/\(aId)/read", method: .post, headers: [.contentType: "application/json"],
                                     body: #"{"userId": "a"}"#.buffer) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/inbox/\(aId)/read", method: .post, headers: ServerHarness.basicAuth,
                                     body: "{}".buffer) { #expect($0.status == .badRequest) }

            // Results: every gold user targeted and sent, split over the variants as previewed.
            let (resultsOK, results, resultsText) = try await client.admin(.get, "/api/v1/campaigns/welcome/results")
            #expect(resultsOK == .ok, "\(resultsText)")
            #expect(results["campaign"] == "welcome" && results["status"] == "completed")
            let groups = C.variantGroups(results)
            #expect(groups.compactMap { $0["name"]?.stringValue } == ["A", "B"])
            #expect(results["groups"]?.arrayValue?.contains { $0["name"] == "holdout" } == false)
            for group in groups {
                let name = try #require(group["name"]?.stringValue)
                let expected = Double(expectedVariant.values.filter { $0 == name }.count)
                #expect(group["sent"] == .number(expected), "\(name)")
                #expect(group["targeted"] == .number(expected), "\(name)")
                #expect(group["pending"] == 0 && group["failed"] == .object([:]) && group["skipped"] == .object([:]))
                #expect(group["expected_share"] == 0.5)
            }
            #expect(C.sum(groups, "sent") == 3 && C.sum(groups, "targeted") == 3)
            #expect(results["by_channel"]?.arrayValue?.first?["channel"] == "inbox")
            #expect(results["by_channel"]?.arrayValue?.first?["reached"] == 3)
            // Every reached user is in one lifecycle stage; none has bought, so none has an RFM layer.
            let lifecycle = try #require(results["by_layer"]?["lifecycle"]?.arrayValue)
            #expect(C.sum(lifecycle, "reached") == 3 && lifecycle.allSatisfy { $0["layer"]?.stringValue != "(none)" })
            #expect(results["by_layer"]?["rfm"]?.arrayValue?.map { $0["layer"] } == ["(none)"])
            #expect(results["conversion_event"] == "purchase" && results["window_hours"] == 24)
            #expect(results["goal"]?["target"] == 0.1 && results["goal"]?["actual"] == 0 && results["goal"]?["reached"] == false)

            // 复盘: Markdown, JSON with findings, HTML; lessons written by the team replace the findings.
            try await client.execute(uri: "/api/v1/campaigns/welcome/review?format=markdown", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/markdown") == true)
                let markdown = String(buffer: response.body)
                #expect(markdown.hasPrefix("# 复盘 Review: welcome"))
                #expect(markdown.contains("\n## 目标 Goal\n"))
                #expect(markdown.contains("\n## 效果 Results\n"))
                #expect(markdown.contains("Sent 触达: 3"))
            }
            let (_, reviewJSON, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/review?format=json")
            let findings = reviewJSON["findings"]?.arrayValue ?? []
            #expect(!findings.isEmpty)
            #expect(findings.contains { $0.stringValue?.contains("no holdout") == true })
            #expect(reviewJSON["lessons_text"] == .null && reviewJSON["markdown"]?.stringValue?.contains("## 目标 Goal") == true)
            let (saved, savedJSON, _) = try await client.admin(.put, "/api/v1/campaigns/welcome/review", """
                {"lessons": "Short titles <b>worked</b> better.", "next_steps": "Try push next."}
                """)
            #expect(saved == .ok && savedJSON["saved"] == true)
            let (_, afterJSON, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/review?format=json")
            #expect(afterJSON["lessons_text"] == "Short titles <b>worked</b> better.")
            #expect(afterJSON["next_steps_text"] == "Try push next.")
            #expect(afterJSON["markdown"]?.stringValue?.contains("## 经验总结 Lessons\n\nShort titles <b>worked</b> better.") == true)
            try await client.execute(uri: "/api/v1/campaigns/welcome/review", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("<h2>目标 Goal</h2>"))
                #expect(html.contains("Short titles &lt;b&gt;worked&lt;/b&gt; better."))
                #expect(!html.contains("<b>worked</b>"))
            }
            let (badFormat, badFormatError, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/review?format=pdf")
            #expect(badFormat == .badRequest && C.field(badFormatError) == "format")
            let (tooLong, _, _) = try await client.admin(.put, "/api/v1/campaigns/welcome/review",
                                                         #"{"lessons": "\#(String(repeating: "x", count: 20_001))"}"#)
            #expect(tooLong == .badRequest)
            #expect(try await client.admin(.get, "/api/v1/campaigns/ghost/review").0 == .notFound)
            #expect(try await client.admin(.get, "/api/v1/campaigns/ghost/results").0 == .notFound)

            // Monitor: the last 24 hours with this hour's sends.
            let (monitorOK, monitor, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/monitor")
            #expect(monitorOK == .ok)
            let hours = monitor["hours"]?.arrayValue ?? []
            #expect(hours.count == 24)
            #expect(C.sum(hours, "sent") == 3 && C.sum(hours, "failed") == 0)
            #expect(monitor["campaign"] == "welcome" && monitor["status"] == "completed")
            #expect(monitor["alerts"]?.arrayValue != nil && monitor["alerts_now"]?.arrayValue != nil)
            let hourStamps = hours.compactMap { $0["hour"]?.stringValue.flatMap(Timestamp.parse) }
            #expect(hourStamps.count == 24)
            #expect(zip(hourStamps, hourStamps.dropFirst()).allSatisfy { $1 - $0 == 3_600_000 })
            let (_, alerts, _) = try await client.admin(.get, "/api/v1/alerts?campaign=welcome")
            #expect(alerts["alerts"]?.arrayValue != nil)
            #expect(try await client.admin(.get, "/api/v1/campaigns/ghost/monitor").0 == .notFound)

            // The campaign keeps its record: it cannot be deleted.
            #expect(try await client.admin(.delete, "/api/v1/campaigns/welcome").0 == .conflict)
            #expect(try database.campaign(named: "welcome") != nil)
        }
    }

    @Test func openClickAndUnsubscribeLinksOfASentMessageCountInTheResults() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome", schedule: C.past)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/welcome/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "welcome", "completed"))

            let links = TrackingLinks(secret: try database.workspaceSecret("links"), baseURL: "http://x")
            let a = try #require(try database.profile(externalId: "a"))
            let key = try #require(try database.latestMessage(campaign: "welcome", uid: a.uid, channel: .inbox))
            func token(_ url: String) -> String { String(url.split(separator: "/").last!) }

            // Opened twice, clicked once: the first engagement counts.
            for _ in 0..<2 {
                try await client.execute(uri: "/o/" + token(links.openURL(key: key)), method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "image/gif")
                }
            }
            try await client.execute(uri: "/c/" + token(links.clickURL(key: key, target: "https://example.com/deal?x=1")),
                                     method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "https://example.com/deal?x=1")
            }
            try await client.execute(uri: "/u/" + token(links.unsubscribeURL(uid: a.uid, channel: .inbox, campaign: "welcome")),
                                     method: .post) { #expect($0.status == .ok) }

            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/results")
            let group = try #require(C.variantGroups(results).first)
            #expect(group["opened"] == 1 && group["clicked"] == 1 && group["unsubscribed"] == 1)
            #expect(group["sent"] == 3)

            // Each engagement is also an event on the user.
            for (event, size) in [("Message Opened", 1), ("Message Clicked", 1), ("Unsubscribed", 1)] {
                let (_, preview, previewText) = try await client.admin(.post, "/api/v1/segments/preview",
                                                                       #"{"rule": {"did": "\#(event)"}}"#)
                #expect(preview["size"] == .number(Double(size)), "\(event): \(previewText)")
            }
            let (_, list, _) = try await client.admin(.get, "/api/v1/suppressions")
            #expect((list["suppressions"]?.arrayValue ?? []).contains {
                $0["channel"] == "inbox" && $0["address"] == .string("uid:\(a.uid)") && $0["reason"] == "unsubscribed (welcome)"
            })
        }
    }

    // MARK: - Preview

    @Test func previewRendersForOneUserWithTheDecision() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            try await client.execute(uri: "/v1/identify", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"userId": "e", "traits": {"name": "Eve", "inbox_opt_in": false}}"#.buffer) {
                #expect($0.status == .ok)
            }
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome", variants: Self.twoVariants)).0
                == .created)

            let (ok, preview, text) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=a")
            #expect(ok == .ok, "\(text)")
            let a = try #require(try database.profile(externalId: "a"))
            #expect(preview["user"] == "a" && preview["uid"] == .number(Double(a.uid)))
            #expect(preview["group"] == "variant" && preview["channel"] == "inbox")
            let variant = try #require(preview["variant"]?.stringValue)
            #expect(["A", "B"].contains(variant))
            #expect(preview["message"]?["title"] == .string(variant))
            #expect(preview["message"]?["body"] == "Hello Alice!")
            #expect(preview["message"]?["url"] == .string("https://example.com/\(variant)"))
            #expect(preview["decision"]?["send"] == true && preview["decision"]?["channel"] == "inbox")
            #expect(preview["decision"]?["address"] == "")
            let at = try #require(preview["decision"]?["at"]?.stringValue.flatMap(Timestamp.parse))
            #expect(abs(at - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)

            // The default fills a missing name; a chosen variant is rendered.
            let (_, c, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=c&variant=B")
            #expect(c["variant"] == "B" && c["message"]?["title"] == "B" && c["message"]?["body"] == "Hello 朋友!")
            // A user outside the audience can still be previewed; consent refused is a skip.
            let (_, e, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=e")
            #expect(e["message"]?["body"] == "Hello Eve!")
            #expect(e["decision"] == .object(["send": false, "reason": "no_consent"]))

            let (unknown, unknownError, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=zed")
            #expect(unknown == .notFound && C.field(unknownError) == "user" && C.message(unknownError).contains("zed"))
            let (noUser, noUserError, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview")
            #expect(noUser == .badRequest && C.field(noUserError) == "user")
            let (badVariant, badVariantError, _) = try await client.admin(.get,
                                                                         "/api/v1/campaigns/welcome/preview?user=a&variant=Z")
            #expect(badVariant == .badRequest && C.field(badVariantError) == "variant")
            let (badChannel, badChannelError, _) = try await client.admin(.get,
                                                                         "/api/v1/campaigns/welcome/preview?user=a&channel=sms")
            #expect(badChannel == .badRequest && C.field(badChannelError) == "channel")
            #expect(try await client.admin(.get, "/api/v1/campaigns/ghost/preview?user=a").0 == .notFound)
        }
    }

    @Test func theHoldoutIsKeptBackAsPreviewedAndCountedInTheResults() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            var users: [String] = []
            for i in 0..<20 { users.append(#"{"type":"identify","userId":"h\#(i)","traits":{"plan":"gold"}}"#) }
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: #"{"batch": [\#(users.joined(separator: ","))]}"#.buffer) { #expect($0.status == .ok) }
            let body = C.campaign("half", schedule: C.past).replacingOccurrences(of: #""holdout": 0"#, with: #""holdout": 0.5"#)
            #expect(try await client.admin(.post, "/api/v1/campaigns", body).0 == .created)
            let everyone = ["a", "b", "c"] + (0..<20).map { "h\($0)" }
            var group: [String: String] = [:]
            for user in everyone {
                let (_, preview, _) = try await client.admin(.get, "/api/v1/campaigns/half/preview?user=\(user)")
                group[user] = preview["group"]?.stringValue
            }
            let held = everyone.filter { group[$0] == "holdout" }
            let reached = everyone.filter { group[$0] == "variant" }
            // With half held out, 23 users fall on both sides (all on one side: a chance in four million).
            #expect(!held.isEmpty && !reached.isEmpty && held.count + reached.count == 23)

            #expect(try await client.admin(.post, "/api/v1/campaigns/half/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "half", "completed"))
            for user in everyone {
                #expect(try await C.inbox(client, user, database).1.count == (group[user] == "holdout" ? 0 : 1), "\(user)")
            }
            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/half/results")
            let holdout = try #require(results["groups"]?.arrayValue?.first { $0["name"] == "holdout" })
            #expect(holdout["targeted"] == .number(Double(held.count)) && holdout["sent"] == 0)
            #expect(holdout["expected_share"] == 0.5 && holdout["measured"] == .number(Double(held.count)))
            let variant = try #require(C.variantGroups(results).first)
            #expect(variant["targeted"] == .number(Double(reached.count)) && variant["sent"] == .number(Double(reached.count)))
            #expect(results["comparisons"]?.arrayValue?.first?["variant"] == "A")
            #expect(results["sample_ratio"]?["mismatch"] == false)
        }
    }

    @Test func previewOfASuppressedUserSaysTheSendWouldBeSkipped() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, _ in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome")).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "inbox", "user_id": "b"}]}
                """).0 == .created)
            let (_, preview, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/preview?user=b")
            #expect(preview["message"]?["body"] == "Hello Bob!")
            #expect(preview["decision"] == .object(["send": false, "reason": "unsubscribed"]))
        }
    }

    // MARK: - Rules and failures

    @Test func theBudgetStopsSendsAndTheCostIsReported() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, _ in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("budget", schedule: C.past, extra: """
                "rules": {"budget": 2, "cost_per_message": {"inbox": 1}}
                """)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/budget/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "budget", "completed"))
            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/budget/results")
            let groups = C.variantGroups(results)
            #expect(C.sum(groups, "targeted") == 3 && C.sum(groups, "sent") == 2)
            #expect(C.skipped(groups, "budget") == 1)
            #expect(results["cost"] == 2 && C.sum(groups, "cost") == 2)
            let (_, monitor, _) = try await client.admin(.get, "/api/v1/campaigns/budget/monitor")
            #expect(C.sum(monitor["hours"]?.arrayValue ?? [], "cost") == 2)
        }
    }

    @Test func theDailyLimitKeepsTheRestPendingAndACancelledCampaignWithMessagesIsKept() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("daily", schedule: C.past, extra: """
                "rules": {"max_sends_per_day": 1}
                """)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/daily/launch").0 == .ok)
            #expect(try await C.eventually {
                try await client.admin(.get, "/api/v1/campaigns/daily").1["messages"]?["sent"] == 1
            })
            // Two wait for the next days; the campaign keeps running.
            try await Task.sleep(for: .milliseconds(1500))
            let (_, stored, _) = try await client.admin(.get, "/api/v1/campaigns/daily")
            #expect(stored["status"] == "running")
            #expect(stored["messages"] == .object(["sent": 1, "pending": 2]))
            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/daily/results")
            #expect(C.sum(C.variantGroups(results), "pending") == 2 && C.sum(C.variantGroups(results), "sent") == 1)

            let (cancelled, json, _) = try await client.admin(.post, "/api/v1/campaigns/daily/cancel")
            #expect(cancelled == .ok && json["status"] == "cancelled")
            let (kept, keptError, _) = try await client.admin(.delete, "/api/v1/campaigns/daily")
            #expect(kept == .conflict && C.message(keptError).contains("kept for its results"))
            #expect(try database.campaign(named: "daily") != nil)
        }
    }

    @Test func failedSendsAreCountedWithTheirReason() async throws {
        try await ServerHarness.run(configure: { configuration in
            C.noLimits(&configuration)
            configuration.dispatch = DispatchSettings(maxAttempts: 2, baseBackoff: 100, maxBackoff: 100)
        }) { client, _ in
            try await C.seedUsersAndSegment(client)
            // Nothing listens on port 1 of the loopback address.
            #expect(try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "http://127.0.0.1:1/hook", "secrets": ["whsec_x"], "allow": ["127.0.0.0/8"], "timeout_seconds": 1}
                """).0 == .ok)
            let variants = #"[{"name": "A", "messages": {"webhook": {}}}]"#
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("hook", variants: variants,
                                                                                    schedule: C.past)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/hook/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "hook", "completed", within: 20))
            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/hook/results")
            let group = try #require(C.variantGroups(results).first)
            #expect(group["sent"] == 0 && group["pending"] == 0 && group["targeted"] == 3)
            let failed = group["failed"]?.objectValue ?? [:]
            #expect(failed.values.compactMap(\.numberValue).reduce(0, +) == 3)
            #expect(failed.keys.allSatisfy { $0.hasPrefix("Gave up after 2 attempts") }, "\(failed)")
            let (_, monitor, _) = try await client.admin(.get, "/api/v1/campaigns/hook/monitor")
            #expect(C.sum(monitor["hours"]?.arrayValue ?? [], "failed") == 3)
            let (_, review, _) = try await client.admin(.get, "/api/v1/campaigns/hook/review?format=json")
            #expect((review["findings"]?.arrayValue ?? []).contains { $0.stringValue?.contains("of messages failed") == true })
        }
    }

    // MARK: - Deleting

    @Test func aDeletedCampaignLeavesNoReviewTextsForANewOneOfTheSameName() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, _ in
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("again")).0 == .created)
            #expect(try await client.admin(.put, "/api/v1/campaigns/again/review", #"{"lessons": "old lessons"}"#).0 == .ok)
            #expect(try await client.admin(.delete, "/api/v1/campaigns/again").0 == .noContent)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("again")).0 == .created)
            let (_, review, _) = try await client.admin(.get, "/api/v1/campaigns/again/review?format=json")
            #expect(review["lessons_text"] == .null)
        }
    }

    @Test func aDeletedCampaignsPlannedDayDoesNotStopANewOneOfTheSameName() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let body = C.campaign("daily", schedule: #"{"type": "recurring", "every": "day", "time": "00:00"}"#,
                                  extra: #""ends_at": "2099-01-01T00:00:00Z""#)
            // Everyone is suppressed: today's occurrence is planned with every user skipped and no message.
            #expect(try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"user_id": "a"}, {"user_id": "b"}, {"user_id": "c"}]}
                """).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns", body).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/daily/launch").0 == .ok)
            #expect(try await C.eventually {
                C.skipped(C.variantGroups(try await client.admin(.get, "/api/v1/campaigns/daily/results").1), "unsubscribed") == 3
            })
            #expect(try await client.admin(.post, "/api/v1/campaigns/daily/cancel").0 == .ok)
            #expect(try await client.admin(.delete, "/api/v1/campaigns/daily").0 == .noContent)

            // Lifted, and the campaign made again under the same name: today's send happens.
            for user in ["a", "b", "c"] {
                let uid = try #require(try database.profile(externalId: user)).uid
                #expect(try await client.admin(.delete, "/api/v1/suppressions/*/uid:\(uid)").0 == .noContent)
            }
            #expect(try await client.admin(.post, "/api/v1/campaigns", body).0 == .created)
            let (_, fresh, _) = try await client.admin(.get, "/api/v1/campaigns/daily/results")
            #expect(C.sum(C.variantGroups(fresh), "targeted") == 0)
            #expect(try await client.admin(.post, "/api/v1/campaigns/daily/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "daily", "running"))
            let sent = try await C.eventually(within: 5) {
                try await client.admin(.get, "/api/v1/campaigns/daily").1["messages"]?["sent"] == 3
            }
            let (_, after, _) = try await client.admin(.get, "/api/v1/campaigns/daily/results")
            #expect(sent)
            #expect(C.sum(C.variantGroups(after), "targeted") == 3)
        }
    }

    // MARK: - Suppressed users are skipped

    @Test func suppressedUsersAreSkippedAsUnsubscribedAndLiftingAllowsTheNextSend() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            // b is suppressed on the inbox, c on every channel; an email suppression does not touch a.
            let (created, json, text) = try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "inbox", "user_id": "b", "reason": "asked us"},
                             {"user_id": "c"},
                             {"channel": "email", "user_id": "a"}]}
                """)
            #expect(created == .created && json["suppressed"] == 3, "\(text)")
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("first", schedule: C.past)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/first/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "first", "completed"))

            let (_, results, _) = try await client.admin(.get, "/api/v1/campaigns/first/results")
            let groups = C.variantGroups(results)
            #expect(C.sum(groups, "targeted") == 3)
            #expect(C.sum(groups, "sent") == 1)
            #expect(C.skipped(groups, "unsubscribed") == 2)
            #expect(try await C.inbox(client, "a", database).1.count == 1)
            #expect(try await C.inbox(client, "b", database).1.isEmpty)
            #expect(try await C.inbox(client, "c", database).1.isEmpty)
            #expect(try database.campaignReviewTexts("first").lessons == nil)
            let (_, review, _) = try await client.admin(.get, "/api/v1/campaigns/first/review?format=json")
            #expect((review["findings"]?.arrayValue ?? []).contains { $0.stringValue?.contains("skipped for unsubscribed") == true })

            // Lift b's suppression (and c's on every channel); the next campaign reaches them.
            let b = try #require(try database.profile(externalId: "b"))
            let c = try #require(try database.profile(externalId: "c"))
            #expect(try await client.admin(.delete, "/api/v1/suppressions/inbox/uid:\(b.uid)").0 == .noContent)
            let (liftedAll, _, liftedText) = try await client.admin(.delete, "/api/v1/suppressions/*/uid:\(c.uid)")
            #expect(liftedAll == .noContent, "\(liftedText)")
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("second", schedule: C.past)).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/campaigns/second/launch").0 == .ok)
            #expect(try await C.waitForStatus(client, "second", "completed"))
            let (_, again, _) = try await client.admin(.get, "/api/v1/campaigns/second/results")
            #expect(C.sum(C.variantGroups(again), "sent") == 3)
            #expect(C.skipped(C.variantGroups(again), "unsubscribed") == 0)
            #expect(try await C.inbox(client, "b", database).1.count == 1)
            #expect(try await C.inbox(client, "c", database).1.count == 1)
        }
    }
}
