import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

/// `/api/v1/campaigns`: drafts, versions, validation, launch checks, the life cycle and the secret key.
@Suite struct CampaignAPITests {
    typealias C = CampaignAPI

    // MARK: - Create, read, list, edit, delete

    @Test func createGetListEditAndDeleteADraft() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            let (created, draft, text) = try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome"))
            #expect(created == .created, "\(text)")
            #expect(draft["name"] == "welcome" && draft["status"] == "draft" && draft["version"] == 1)
            #expect(draft["purpose"] == "activation" && draft["audience"]?["segment"] == "gold")
            #expect(draft["variants"]?.arrayValue?.first?["messages"]?["inbox"]?["defaults"]?["traits.name"] == "朋友")
            #expect(draft["messages"] == .object([:]))

            // A status in the body is ignored: every new campaign is a draft.
            let (createdRunning, other, _) = try await client.admin(.post, "/api/v1/campaigns", """
                {"name": "second", "status": "running"}
                """)
            #expect(createdRunning == .created && other["status"] == "draft")

            let (duplicate, duplicateError, _) = try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome"))
            #expect(duplicate == .conflict && C.field(duplicateError) == "name")

            let (ok, got, _) = try await client.admin(.get, "/api/v1/campaigns/welcome")
            #expect(ok == .ok)
            #expect(got["description"] == "Welcome the gold plan" && got["schedule"]?["type"] == "once")
            #expect(got["created_at"]?.stringValue != nil && got["version"] == 1)
            let (missing, missingError, _) = try await client.admin(.get, "/api/v1/campaigns/nope")
            #expect(missing == .notFound && C.message(missingError).contains("nope"))

            // Edit: a new version; the status in the body does not change the stored one.
            let edited = C.campaign("welcome", extra: #""status": "running""#)
                .replacingOccurrences(of: "Welcome the gold plan", with: "Welcome, second try")
            let (put, afterPut, putText) = try await client.admin(.put, "/api/v1/campaigns/welcome", edited)
            #expect(put == .ok, "\(putText)")
            #expect(afterPut["version"] == 2 && afterPut["status"] == "draft")
            #expect(afterPut["description"] == "Welcome, second try")
            #expect(try database.campaign(named: "welcome")?.campaign.description == "Welcome, second try")

            // The body must name the campaign of the path.
            let (renamed, renameError, _) = try await client.admin(.put, "/api/v1/campaigns/welcome", C.campaign("hello"))
            #expect(renamed == .badRequest && C.field(renameError) == "name")
            #expect(C.message(renameError).contains("hello"))
            #expect(try database.campaign(named: "hello") == nil)
            #expect(try database.campaign(named: "welcome")?.version == 2)
            let (putMissing, _, _) = try await client.admin(.put, "/api/v1/campaigns/ghost", C.campaign("ghost"))
            #expect(putMissing == .notFound)

            // Versions, oldest first, with each definition.
            let (_, versions, _) = try await client.admin(.get, "/api/v1/campaigns/welcome/versions")
            let list = versions["versions"]?.arrayValue ?? []
            #expect(list.compactMap { $0["version"]?.numberValue } == [1, 2])
            #expect(list.compactMap { $0["note"]?.stringValue } == ["created", "edited"])
            // Each version names who made it: here the key given on the command line, by its prefix.
            #expect(list.compactMap { $0["author"]?.stringValue } == ["key:sk_test_se", "key:sk_test_se"])
            #expect(list.first?["definition"]?["description"] == "Welcome the gold plan")
            #expect(list.last?["definition"]?["description"] == "Welcome, second try")
            #expect(try await client.admin(.get, "/api/v1/campaigns/ghost/versions").0 == .notFound)

            // List, all and by status.
            let (_, all, _) = try await client.admin(.get, "/api/v1/campaigns")
            #expect(Set((all["campaigns"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }) == ["welcome", "second"])
            let (_, drafts, _) = try await client.admin(.get, "/api/v1/campaigns?status=draft")
            #expect(drafts["campaigns"]?.arrayValue?.count == 2)
            let (_, scheduled, _) = try await client.admin(.get, "/api/v1/campaigns?status=scheduled")
            #expect(scheduled["campaigns"]?.arrayValue?.isEmpty == true)
            let (badStatus, badStatusError, _) = try await client.admin(.get, "/api/v1/campaigns?status=live")
            #expect(badStatus == .badRequest && C.field(badStatusError) == "status")

            // A launched campaign is listed as scheduled and cannot be deleted.
            try await C.seedUsersAndSegment(client)
            let (launched, _, launchText) = try await client.admin(.post, "/api/v1/campaigns/welcome/launch")
            #expect(launched == .ok, "\(launchText)")
            let (_, nowScheduled, _) = try await client.admin(.get, "/api/v1/campaigns?status=scheduled")
            #expect((nowScheduled["campaigns"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["welcome"])
            let (refused, refusedError, _) = try await client.admin(.delete, "/api/v1/campaigns/welcome")
            #expect(refused == .conflict && C.field(refusedError) == "status")
            #expect(C.message(refusedError).contains("scheduled"))
            #expect(try database.campaign(named: "welcome") != nil)

            // A draft can be deleted, with its versions.
            let (deleted, _, body) = try await client.admin(.delete, "/api/v1/campaigns/second")
            #expect(deleted == .noContent && body.isEmpty)
            #expect(try database.campaign(named: "second") == nil)
            #expect(try database.campaignVersions("second").isEmpty)
            #expect(try await client.admin(.get, "/api/v1/campaigns/second").0 == .notFound)
            #expect(try await client.admin(.delete, "/api/v1/campaigns/second").0 == .notFound)
        }
    }

    // MARK: - Bad definitions

    @Test(arguments: [
        // (body, field)
        (#"{"name": "x", "variants": [{"name": "A", "messages": {"email": {"subject": 5, "body": "b"}}}]}"#,
         "variants[0].messages.email.subject"),
        (#"{"name": "x", "variants": [{"name": "A", "messages": {"email": {"subject": "{{#open}}", "body": "b"}}}]}"#,
         "variants[0].messages.email.subject"),
        (#"{"name": "x", "variants": [{"name": "A", "messages": {"inbox": {"title": "t", "body": "b"}}}, "#
            + #"{"name": "B", "messages": {"inbox": {"title": "t", "body": "{{/closed}}"}}}]}"#,
         "variants[1].messages.inbox.body"),
        (#"{"name": "x", "variants": [{"name": "A", "messages": {"email": {"subjct": "s"}}}]}"#,
         "variants[0].messages.email.subjct"),
        (#"{"name": "x", "variants": [{"name": "A", "messages": {"fax": {"body": "b"}}}]}"#,
         "variants[0].messages.fax"),
        (#"{"name": "x", "variants": [{"name": "A"}, {"name": "A"}]}"#, "variants[1].name"),
        (#"{"name": "x", "variants": [{"name": "A", "weight": 0}]}"#, "variants[0].weight"),
        (#"{"name": "x", "schedule": {"type": "sometimes"}}"#, "schedule.type"),
        (#"{"name": "x", "schedule": {"type": "once"}}"#, "schedule.at"),
        (#"{"name": "x", "schedule": {"type": "recurring", "time": "25:99"}}"#, "schedule.time"),
        (#"{"name": "x", "goal": {"metric": "conversion", "event": "purchase", "target": 1.5, "deadline": "2099-01-01"}}"#,
         "goal.target"),
        (#"{"name": "x", "goal": {"metric": "conversion", "event": "purchase", "target": -0.1, "deadline": "2099-01-01"}}"#,
         "goal.target"),
        (#"{"name": "x", "goal": {"metric": "clicks", "target": 1, "deadline": "2099-01-01"}}"#, "goal.metric"),
        (#"{"name": "x", "holdout": 0.9}"#, "holdout"),
        (#"{"name": "x", "audience": {"segment": "a", "tag": "b"}}"#, "audience"),
        (#"{"name": "x", "starts_at": "next week"}"#, "starts_at"),
        (#"{"name": "x", "purpose": "fun"}"#, "purpose"),
        (#"{"name": "x", "rules": {"cost_per_message": {"fax": 1}}}"#, "rules.cost_per_message.fax"),
        (#"{"name": "a/b"}"#, "name"),
        (#"{"name": "  "}"#, "name"),
        (#"{"description": "no name"}"#, "name"),
    ])
    func badDefinitionsAreRefusedWithTheFieldPath(body: String, field: String) async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            let (status, error, text) = try await client.admin(.post, "/api/v1/campaigns", body)
            #expect(status == .badRequest, "\(text)")
            #expect(C.field(error) == field, "\(text)")
            #expect(error["error"]?["code"] == "invalid_field")
            #expect(try database.campaigns().isEmpty)
        }
    }

    @Test func aBodyThatIsNotACampaignObjectIsRefused() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            #expect(try await client.admin(.post, "/api/v1/campaigns", "{not json").0 == .badRequest)
            #expect(try await client.admin(.post, "/api/v1/campaigns", "[]").0 == .badRequest)
            #expect(try await client.admin(.post, "/api/v1/campaigns", "").0 == .badRequest)
            // A bad edit keeps the stored version.
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome")).0 == .created)
            let (bad, error, _) = try await client.admin(.put, "/api/v1/campaigns/welcome", C.campaign(
                "welcome", variants: #"[{"name": "A", "messages": {"inbox": {"title": "{{#x}}", "body": "b"}}}]"#))
            #expect(bad == .badRequest && C.field(error) == "variants[0].messages.inbox.title")
            #expect(try database.campaign(named: "welcome")?.version == 1)
            #expect(try database.campaigns().count == 1)
        }
    }

    // MARK: - Launch checks

    @Test func launchIsRefusedWithWhatToFixAndTheCampaignStaysADraft() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            func refusal(_ name: String, _ body: String) async throws -> (HTTPResponse.Status, JSONValue) {
                let (created, _, text) = try await client.admin(.post, "/api/v1/campaigns", body)
                #expect(created == .created, "\(text)")
                let (status, error, _) = try await client.admin(.post, "/api/v1/campaigns/\(name)/launch")
                #expect(try database.campaign(named: name)?.campaign.status == .draft)
                #expect(try database.campaign(named: name)?.version == 1)
                return (status, error)
            }

            let (noAudience, noAudienceError) = try await refusal("no-audience", C.campaign("no-audience", audience: nil))
            #expect(noAudience == .badRequest && C.field(noAudienceError) == "audience")
            #expect(C.message(noAudienceError).contains("audience"))

            let (ghost, ghostError) = try await refusal("ghost-segment", C.campaign("ghost-segment",
                                                                                    audience: #"{"segment": "ghosts"}"#))
            #expect(ghost == .badRequest && C.message(ghostError).contains("\"ghosts\""))
            #expect(C.field(ghostError) == "audience")

            let (unknownTag, unknownTagError) = try await refusal("ghost-tag", C.campaign("ghost-tag",
                                                                                          audience: #"{"tag": "VIPs"}"#))
            #expect(unknownTag == .badRequest && C.message(unknownTagError).contains("VIPs"))

            let (noVariants, noVariantsError) = try await refusal("no-variants", C.campaign("no-variants", variants: "[]"))
            #expect(noVariants == .badRequest && C.field(noVariantsError) == "variants")

            let (empty, emptyError) = try await refusal("empty-variant", C.campaign("empty-variant",
                                                                                    variants: #"[{"name": "A"}]"#))
            #expect(empty == .badRequest && C.field(emptyError) == "variants[0].messages")
            #expect(C.message(emptyError).contains("Variant A"))

            let (noTitle, noTitleError) = try await refusal("no-title", C.campaign(
                "no-title", variants: #"[{"name": "A", "messages": {"inbox": {"body": "b"}}}]"#))
            #expect(noTitle == .badRequest && C.field(noTitleError) == "variants[0].messages.inbox.title")

            let email = #"{"subject": "Hi {{traits.name}}", "body": "Hello"}"#
            let (missing, missingError) = try await refusal("missing-channel", C.campaign(
                "missing-channel", variants: """
                    [{"name": "A", "messages": {"inbox": \(C.inboxMessage("A")), "email": \(email)}},
                     {"name": "B", "messages": {"inbox": \(C.inboxMessage("B"))}}]
                    """))
            #expect(missing == .badRequest && C.field(missingError) == "variants[1].messages")
            #expect(C.message(missingError).contains("Variant B") && C.message(missingError).contains("email"))

            let (noSchedule, noScheduleError) = try await refusal("no-schedule", C.campaign("no-schedule", schedule: nil))
            #expect(noSchedule == .badRequest && C.field(noScheduleError) == "schedule")

            let (afterEnd, afterEndError) = try await refusal("after-end", C.campaign(
                "after-end", extra: #""ends_at": "2098-01-01T00:00:00Z""#))
            #expect(afterEnd == .badRequest && C.field(afterEndError) == "schedule.at")

            let (goal, goalError) = try await refusal("unseen-goal", C.campaign("unseen-goal", extra: """
                "goal": {"metric": "conversion", "event": "subscribe", "target": 0.1, "deadline": "2099-06-01"}
                """))
            #expect(goal == .badRequest && C.field(goalError) == "goal.event" && C.message(goalError).contains("subscribe"))

            let (blocked, blockedError) = try await refusal("blocked", C.campaign("blocked", extra: """
                "rules": {"blocked_segments": ["complainers"]}
                """))
            #expect(blocked == .badRequest && C.field(blockedError) == "rules.blocked_segments[0]")

            let (trigger, triggerError) = try await refusal("trigger", C.campaign(
                "trigger", schedule: #"{"type": "triggered", "event": "add_to_cart", "delay_minutes": 60}"#))
            #expect(trigger == .badRequest && C.field(triggerError) == "schedule.event")

            // The email channel is not configured: the message says where to set it up.
            let emailOnly = #"[{"name": "A", "messages": {"email": \#(email)}}]"#
            let (unconfigured, unconfiguredError) = try await refusal("email", C.campaign("email", variants: emailOnly))
            #expect(unconfigured == .badRequest)
            #expect(C.message(unconfiguredError).contains("/api/v1/channels/email"))
            #expect(C.message(unconfiguredError).contains("email channel is not configured"))

            // Once it is, the same campaign launches.
            let (configured, _, configText) = try await client.admin(.put, "/api/v1/channels/email", """
                {"host": "smtp.example.com", "from": "Strata <ops@example.com>", "password": "pw"}
                """)
            #expect(configured == .ok, "\(configText)")
            let (launched, scheduled, launchText) = try await client.admin(.post, "/api/v1/campaigns/email/launch")
            #expect(launched == .ok, "\(launchText)")
            #expect(scheduled["status"] == "scheduled" && scheduled["version"] == 2)

            let (unknown, unknownError, _) = try await client.admin(.post, "/api/v1/campaigns/nope/launch")
            #expect(unknown == .notFound && C.field(unknownError) == "name")
        }
    }

    // MARK: - Life cycle

    @Test func lifeCycleMovesAndRefusalsListTheAllowedMoves() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("later")).0 == .created)
            func move(_ action: String) async throws -> (HTTPResponse.Status, JSONValue) {
                let (status, json, _) = try await client.admin(.post, "/api/v1/campaigns/later/\(action)")
                return (status, json)
            }

            // A draft can only be launched or cancelled.
            for action in ["pause", "resume", "complete", "unschedule"] {
                let (status, error) = try await move(action)
                #expect(status == .conflict, "\(action)")
                #expect(C.field(error) == "status")
                #expect(C.message(error).hasPrefix("A draft campaign cannot become"), "\(action)")
                #expect(C.message(error).hasSuffix("it can become cancelled, scheduled."), "\(action)")
            }

            let (launched, scheduled) = try await move("launch")
            #expect(launched == .ok && scheduled["status"] == "scheduled")
            let (again, againError) = try await move("launch")
            #expect(again == .conflict)
            #expect(C.message(againError) == "A scheduled campaign cannot become scheduled; it can become cancelled, draft, "
                + "paused, running.")

            let (unscheduled, draft) = try await move("unschedule")
            #expect(unscheduled == .ok && draft["status"] == "draft")
            #expect(try await move("launch").0 == .ok)
            let (paused, pausedJSON) = try await move("pause")
            #expect(paused == .ok && pausedJSON["status"] == "paused")
            let (pausedAgain, pausedAgainError) = try await move("pause")
            #expect(pausedAgain == .conflict)
            #expect(C.message(pausedAgainError).contains("it can become cancelled, completed, running"))
            let (resumed, running) = try await move("resume")
            #expect(resumed == .ok && running["status"] == "running")
            #expect(try await move("unschedule").0 == .conflict)

            // A running campaign keeps editing as versions, but only with a launchable definition.
            let (badEdit, badEditError, _) = try await client.admin(.put, "/api/v1/campaigns/later",
                                                                   C.campaign("later", audience: nil))
            #expect(badEdit == .badRequest && C.field(badEditError) == "audience")
            let before = try #require(try database.campaign(named: "later")?.version)
            let (goodEdit, edited, _) = try await client.admin(.put, "/api/v1/campaigns/later", C.campaign("later"))
            #expect(goodEdit == .ok && edited["status"] == "running" && edited["version"] == .number(Double(before + 1)))

            let (completed, done) = try await move("complete")
            #expect(completed == .ok && done["status"] == "completed")
            for action in ["cancel", "resume", "pause", "launch"] {
                let (status, error) = try await move(action)
                #expect(status == .conflict, "\(action)")
                #expect(C.message(error).hasSuffix("it is finished."), "\(action)")
            }
            let (frozen, frozenError, _) = try await client.admin(.put, "/api/v1/campaigns/later", C.campaign("later"))
            #expect(frozen == .conflict && C.message(frozenError).contains("no longer be edited"))
            #expect(try await client.admin(.delete, "/api/v1/campaigns/later").0 == .conflict)

            // Every move is a version with its note.
            let (_, versions, _) = try await client.admin(.get, "/api/v1/campaigns/later/versions")
            let statuses = (versions["versions"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue }
            #expect(statuses == ["draft", "scheduled", "draft", "scheduled", "paused", "running", "running", "completed"])
            let notes = (versions["versions"]?.arrayValue ?? []).compactMap { $0["note"]?.stringValue }
            #expect(notes.first == "created" && notes[1] == "launched" && notes[2] == "scheduled → draft")
            #expect(try await client.admin(.post, "/api/v1/campaigns/nope/pause").0 == .notFound)
        }
    }

    @Test func aCancelledDraftThatNeverSentCanBeDeleted() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("oops")).0 == .created)
            let (cancelled, json, _) = try await client.admin(.post, "/api/v1/campaigns/oops/cancel")
            #expect(cancelled == .ok && json["status"] == "cancelled")
            let (_, list, _) = try await client.admin(.get, "/api/v1/campaigns?status=cancelled")
            #expect(list["campaigns"]?.arrayValue?.count == 1)
            #expect(try await client.admin(.delete, "/api/v1/campaigns/oops").0 == .noContent)
            #expect(try database.campaign(named: "oops") == nil)
        }
    }

    @Test func namesWithSpacesOrChineseAreAddressedPercentEncoded() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            let name = "春节 促销"
            let (created, json, text) = try await client.admin(.post, "/api/v1/campaigns", C.campaign(name))
            #expect(created == .created && json["name"] == .string(name), "\(text)")
            #expect(try database.campaign(named: name) != nil)
            let path = "/api/v1/campaigns/" + name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let (got, gotJSON, gotText) = try await client.admin(.get, path)
            #expect(got == .ok && gotJSON["name"] == .string(name), "\(gotText)")
            let (edited, editedJSON, editText) = try await client.admin(.put, path, C.campaign(name))
            #expect(edited == .ok && editedJSON["version"] == 2, "\(editText)")
            let (launched, _, launchText) = try await client.admin(.post, path + "/launch")
            #expect(launched == .ok, "\(launchText)")
            #expect(try database.campaign(named: name)?.campaign.status == .scheduled)
            let (_, versions, _) = try await client.admin(.get, path + "/versions")
            #expect(versions["versions"]?.arrayValue?.count == 3)
            let (previewed, preview, _) = try await client.admin(.get, path + "/preview?user=a")
            #expect(previewed == .ok && preview["message"]?["body"] == "Hello Alice!")
            #expect(try await client.admin(.post, path + "/cancel").0 == .ok)
            #expect(try await client.admin(.delete, path).0 == .noContent)
            #expect(try database.campaign(named: name) == nil)
        }
    }

    // MARK: - The secret key

    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v1/campaigns"), (.post, "/api/v1/campaigns"), (.get, "/api/v1/campaigns/welcome"),
        (.put, "/api/v1/campaigns/welcome"), (.delete, "/api/v1/campaigns/welcome"),
        (.post, "/api/v1/campaigns/welcome/launch"), (.post, "/api/v1/campaigns/welcome/pause"),
        (.post, "/api/v1/campaigns/welcome/resume"), (.post, "/api/v1/campaigns/welcome/cancel"),
        (.post, "/api/v1/campaigns/welcome/complete"), (.post, "/api/v1/campaigns/welcome/unschedule"),
        (.get, "/api/v1/campaigns/welcome/versions"), (.get, "/api/v1/campaigns/welcome/preview?user=a"),
        (.get, "/api/v1/campaigns/welcome/monitor"), (.get, "/api/v1/campaigns/welcome/results"),
        (.get, "/api/v1/campaigns/welcome/review"), (.put, "/api/v1/campaigns/welcome/review"),
        (.get, "/api/v1/campaigns/welcome/winners"), (.post, "/api/v1/campaigns/welcome/winners/publish"),
        (.get, "/api/v1/campaigns/missing"),
        (.get, "/api/v1/channels"), (.put, "/api/v1/channels/webhook"), (.delete, "/api/v1/channels/webhook"),
        (.put, "/api/v1/channels/inbox"),
        (.get, "/api/v1/suppressions"), (.post, "/api/v1/suppressions"),
        (.delete, "/api/v1/suppressions/email/bob@example.com"),
        (.get, "/api/v1/alerts"), (.get, "/api/v1/alerts?campaign=welcome"),
    ]

    @Test func everyCampaignChannelSuppressionAndAlertRouteNeedsTheSecretKey() async throws {
        try await ServerHarness.run(configure: C.noLimits) { client, database in
            try await C.seedUsersAndSegment(client)
            #expect(try await client.admin(.post, "/api/v1/campaigns", C.campaign("welcome")).0 == .created)
            #expect(try await client.admin(.post, "/api/v1/suppressions", """
                {"entries": [{"channel": "email", "address": "bob@example.com"}]}
                """).0 == .created)
            #expect(try await client.admin(.put, "/api/v1/channels/webhook", """
                {"url": "https://hooks.example.com/x", "secrets": ["whsec_abc"]}
                """).0 == .ok)
            let body = C.campaign("welcome")
            let writeKey = ServerHarness.basicAuth
            let wrongSecret: HTTPFields = [.authorization: "Bearer sk_wrong", .contentType: "application/json"]
            let none: HTTPFields = [.contentType: "application/json"]
            for (method, uri) in Self.protectedRoutes {
                for (label, headers) in [("no key", none), ("write key", writeKey), ("wrong secret", wrongSecret)] {
                    try await client.execute(uri: uri, method: method, headers: headers,
                                             body: method == .get || method == .delete ? nil : body.buffer) { response in
                        #expect(response.status == .unauthorized, "\(method) \(uri) with \(label)")
                        #expect(response.json["error"]?["code"] == "unauthorized", "\(method) \(uri) with \(label)")
                    }
                }
            }
            // Nothing changed.
            let stored = try #require(try database.campaign(named: "welcome"))
            #expect(stored.version == 1 && stored.campaign.status == .draft)
            #expect(try database.suppressionList().count == 1)
            #expect(try database.channelSettings()[.webhook] != nil)
            // With the secret key the same routes answer.
            #expect(try await client.admin(.get, "/api/v1/alerts").0 == .ok)
            #expect(try await client.admin(.get, "/api/v1/campaigns/welcome").0 == .ok)
        }
    }
}
