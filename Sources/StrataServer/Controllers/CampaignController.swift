import Foundation
import Hummingbird
import StrataChannels
import StrataCore
import StrataStore

/// Campaigns under `/api/v1/campaigns` (secret key): create drafts, edit them (each edit a
/// version), move them through their life cycle (launch, pause, resume, cancel, complete),
/// preview a message for one user, and read the send counts.
public struct CampaignController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let campaigns: CampaignService
    let index: IndexService
    let contact: ContactPolicy
    let credentials: Credentials

    /// Largest campaign definition accepted.
    static var bodyLimit: Int { 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
        router.group("api/v1/alerts").add(middleware: SecretKeyMiddleware(credentials: credentials)).get { request, _ in
            let query = QueryParameters(request)
            let alerts = try database.campaignAlerts(campaign: query["campaign"], limit: try query.limit(max: 1000))
            return JSONValue.object(["alerts": .array(alerts.map { entry in
                guard case .object(var fields) = Self.json(entry.alert) else { return .null }
                fields["campaign"] = .string(entry.campaign)
                fields["created_at"] = .string(Timestamp.format(entry.createdAt))
                return .object(fields)
            })]).response()
        }
        let group = router.group("api/v1/campaigns").add(middleware: SecretKeyMiddleware(credentials: credentials))
        group.get { request, _ in
            let status = try QueryParameters(request)["status"].map { text in
                guard let status = CampaignStatus(rawValue: text) else {
                    throw StrataError(.invalidParameter, "status is " + CampaignStatus.allCases.map(\.rawValue)
                        .joined(separator: ", ") + ".", field: "status")
                }
                return status
            }
            let list = try database.campaigns(status: status)
            return JSONValue.object(["campaigns": .array(try list.map { try json($0) })]).response()
        }
        group.post { request, _ in
            let campaign = try Campaign(json: try await body(request))
            return try json(try await campaigns.create(campaign)).response(status: .created)
        }
        group.get("{name}") { _, context in try json(try stored(context)).response() }
        group.put("{name}") { request, context in
            let name = try SegmentController<Context>.name(context)
            var campaign = try Campaign(json: try await body(request))
            guard campaign.name == name else {
                throw StrataError(.invalidField, "The body names \"\(campaign.name)\"; a campaign keeps its name (create a "
                    + "new one to rename).", field: "name")
            }
            campaign.status = .draft
            return try json(try await campaigns.update(campaign)).response()
        }
        group.delete("{name}") { _, context in
            try database.deleteCampaign(named: try SegmentController<Context>.name(context))
            return Response(status: .noContent)
        }
        group.post("{name}/launch") { _, context in
            try json(try await campaigns.launch(try SegmentController<Context>.name(context))).response()
        }
        for (action, status) in [("pause", CampaignStatus.paused), ("resume", .running), ("cancel", .cancelled),
                                 ("complete", .completed), ("unschedule", .draft)] {
            group.post(RouterPath(stringLiteral: "{name}/\(action)")) { _, context in
                try json(try await campaigns.setStatus(try SegmentController<Context>.name(context), to: status)).response()
            }
        }
        group.get("{name}/versions") { _, context in
            let name = try SegmentController<Context>.name(context)
            _ = try stored(context)
            return JSONValue.object(["versions": .array(try database.campaignVersions(name).map { v in
                .object(["version": .number(Double(v.version)), "status": .string(v.status), "note": .string(v.note),
                         "at": .string(Timestamp.format(v.at)), "definition": v.definition])
            })]).response()
        }
        group.get("{name}/preview") { request, context in try await preview(try stored(context).campaign, request) }
        group.get("{name}/winners") { _, context in
            let campaign = try stored(context).campaign
            let list = try await campaigns.winners(campaign, now: SegmentController<Context>.now())
            return JSONValue.object(["campaign": .string(campaign.name), "published": .bool(false),
                                     "winners": Self.json(list, withUids: true)]).response()
        }
        group.post("{name}/winners/publish") { _, context in
            let campaign = try stored(context).campaign
            let list = try await campaigns.winners(campaign, now: SegmentController<Context>.now())
            let at = try database.publishWinners(list, campaign: campaign.name)
            return JSONValue.object(["campaign": .string(campaign.name), "published_at": .string(Timestamp.format(at)),
                                     "url": .string("/public/campaigns/\(campaign.name)/winners"),
                                     "winners": Self.json(list, withUids: true)]).response(status: .created)
        }
        // The published list, for anyone: masked ids, ranks and scores only.
        router.get("public/campaigns/{name}/winners") { request, context in
            let name = try SegmentController<Context>.name(context)
            guard let published = try database.publishedWinners(campaign: name) else {
                throw StrataError(.notFound, "No winners list has been published for \"\(name)\".", field: "name")
            }
            if QueryParameters(request)["format"] == "html" {
                return Self.winnersPage(name, published.list, publishedAt: published.publishedAt)
            }
            return JSONValue.object(["campaign": .string(name), "published_at": .string(Timestamp.format(published.publishedAt)),
                                     "winners": Self.json(published.list, withUids: false)]).response()
        }
        group.get("{name}/monitor") { _, context in
            let campaign = try stored(context).campaign
            let view = try await campaigns.monitor(campaign, now: SegmentController<Context>.now())
            let stored = try database.campaignAlerts(campaign: campaign.name, limit: 50)
            return JSONValue.object([
                "campaign": .string(campaign.name), "status": .string(campaign.status.rawValue),
                "hours": .array(view.hours.map { h in
                    .object(["hour": .string(Timestamp.format(h.hour * 3_600_000)), "sent": .number(Double(h.sent)),
                             "failed": .number(Double(h.failed)), "converted": .number(Double(h.converted)),
                             "cost": .number(Double(h.costMinor) / 100)])
                }),
                "expected_sends_per_hour": view.band.map { .array([.number($0.low.rounded()), .number($0.high.rounded())]) }
                    ?? .null,
                "alerts_now": .array(view.alerts.map(Self.json)),
                "alerts": .array(stored.map { entry in
                    guard case .object(var fields) = Self.json(entry.alert) else { return .null }
                    fields["created_at"] = .string(Timestamp.format(entry.createdAt))
                    return .object(fields)
                }),
            ]).response()
        }
        group.get("{name}/results") { _, context in
            Self.json(try await campaigns.outcome(try stored(context).campaign.name)).response()
        }
        group.get("{name}/review") { request, context in
            let name = try stored(context).campaign.name
            let texts = try database.campaignReviewTexts(name)
            let review = CampaignReview(outcome: try await campaigns.outcome(name), lessons: texts.lessons,
                                        nextSteps: texts.nextSteps)
            switch QueryParameters(request)["format"] ?? "html" {
            case "html":
                return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: review.html)))
            case "markdown":
                return Response(status: .ok, headers: [.contentType: "text/markdown; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: review.markdown)))
            case "json":
                return JSONValue.object([
                    "markdown": .string(review.markdown), "findings": .array(review.findings.map { .string($0) }),
                    "next_steps": .array(review.suggestedNextSteps.map { .string($0) }),
                    "lessons_text": texts.lessons.map { .string($0) } ?? .null,
                    "next_steps_text": texts.nextSteps.map { .string($0) } ?? .null,
                ]).response()
            case let other:
                throw StrataError(.invalidParameter, "format is html, markdown or json, not \"\(other)\".", field: "format")
            }
        }
        group.put("{name}/review") { request, context in
            let name = try stored(context).campaign.name
            let f = try JSONFields(try await body(request), what: "an object with lessons and next_steps")
            try database.saveCampaignReviewTexts(name, lessons: try f.string("lessons", maxLength: 20_000),
                                                 nextSteps: try f.string("next_steps", maxLength: 20_000))
            return JSONValue.object(["saved": .bool(true)]).response()
        }
    }

    /// Winners as JSON; profile ids only for the admin API.
    static func json(_ list: WinnersList, withUids: Bool) -> JSONValue {
        .array(list.winners.map { w in
            var fields: [String: JSONValue] = ["rank": .number(Double(w.rank)), "id": .string(w.maskedId),
                                               "score": .number(w.score), "reached_at": .string(Timestamp.format(w.reachedAt))]
            if withUids { fields["uid"] = .number(Double(w.uid)) }
            return .object(fields)
        })
    }

    /// The published winners as a page (中奖名单) that prints cleanly.
    static func winnersPage(_ name: String, _ list: WinnersList, publishedAt: Int64) -> Response {
        let escape = HTMLText.escape
        let rows = list.winners.map { w in
            "<tr><td>\(w.rank)</td><td>\(escape(w.maskedId))</td><td>\(JSONFields.text(w.score))</td></tr>"
        }.joined()
        let html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>中奖名单 \(escape(name))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
            table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style>
            </head><body><h1>中奖名单 Winners: \(escape(name))</h1>
            <p>Published \(Timestamp.format(publishedAt)). Ranked by score; ties go to whoever reached it first.</p>
            <table><thead><tr><th>名次 Rank</th><th>用户 User</th><th>分数 Score</th></tr></thead><tbody>\(rows)</tbody></table>
            </body></html>
            """
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// An alert as JSON.
    static func json(_ alert: CampaignMonitor.Alert) -> JSONValue {
        .object(["kind": .string(alert.kind.rawValue), "hour": .string(Timestamp.format(alert.hour * 3_600_000)),
                 "message": .string(alert.message), "value": .number(alert.value),
                 "expected": .array([.number(alert.expectedLow), .number(alert.expectedHigh)])])
    }

    /// The results as JSON: groups, comparisons with the holdout, the sample-ratio check,
    /// breakdowns and the goal. Money in major units.
    public static func json(_ outcome: CampaignOutcome) -> JSONValue {
        let r = outcome.results
        func counts(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .number(Double($0)) }) }
        func money(_ minor: Double?) -> JSONValue { minor.map { .number(($0).rounded() / 100) } ?? .null }
        func rate(_ value: Double?) -> JSONValue { value.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }
        func breakdown(_ b: CampaignBreakdown, key: String? = nil) -> JSONValue {
            .array(b.rows.map { row in
                .object([key ?? b.dimension: .string(row.key), "reached": .number(Double(row.reached)),
                         "converted": .number(Double(row.converted)), "rate": rate(row.rate),
                         "revenue": money(Double(row.revenueMinor))])
            })
        }
        var goal: JSONValue = .null
        if let g = outcome.campaign.goal {
            goal = .object(["summary": .string(g.summary), "target": .number(g.target), "actual": outcome.goalActual.map { .number($0) } ?? .null,
                            "reached": outcome.goalActual.map { .bool($0 >= g.target) } ?? .null,
                            "deadline": .string(Timestamp.format(g.deadline))])
        }
        return .object([
            "campaign": .string(outcome.campaign.name), "status": .string(outcome.campaign.status.rawValue),
            "as_of": .string(Timestamp.format(outcome.asOf)), "conversion_event": .string(outcome.conversionEvent),
            "window_hours": .number(Double(outcome.windowHours)), "goal": goal,
            "groups": .array(r.arms.map { arm in
                .object([
                    "name": .string(arm.name), "expected_share": rate(arm.expectedShare),
                    "targeted": .number(Double(arm.targeted)), "sent": .number(Double(arm.sent)),
                    "pending": .number(Double(arm.pending)), "failed": counts(arm.failed), "skipped": counts(arm.skipped),
                    "opened": .number(Double(arm.opened)), "clicked": .number(Double(arm.clicked)),
                    "unsubscribed": .number(Double(arm.unsubscribed)), "measured": .number(Double(arm.measured)),
                    "converted": .number(Double(arm.converted)), "conversion_rate": rate(arm.conversionRate),
                    "interval": arm.interval.map { .array([rate($0.low), rate($0.high)]) } ?? .null,
                    "revenue": money(Double(arm.revenueMinor)), "revenue_per_user": money(arm.revenuePerUser),
                    "cost": money(Double(arm.costMinor)),
                ])
            }),
            "comparisons": .array(r.comparisons.map { c in
                .object([
                    "variant": .string(c.variant), "uplift": rate(c.uplift), "relative_uplift": rate(c.relativeUplift),
                    "z": .number((c.test.z * 100).rounded() / 100), "p_value": .number(c.test.pValue),
                    "chance_to_beat_control": rate(c.chanceToBeatControl),
                    "incremental_conversions": .number((c.incrementalConversions * 10).rounded() / 10),
                ])
            }),
            "sample_ratio": .object(["p_value": r.sampleRatioP.map { .number($0) } ?? .null,
                                     "mismatch": .bool(r.sampleRatioMismatch)]),
            "cost": money(Double(r.costMinor)), "incremental_revenue": money(r.incrementalRevenueMinor), "roi": rate(r.roi),
            "by_channel": breakdown(outcome.byChannel), "by_hour": breakdown(outcome.byHour),
            "by_layer": .object(Dictionary(uniqueKeysWithValues: outcome.byLayer.map { ($0.dimension, breakdown($0, key: "layer")) })),
        ])
    }

    private func body(_ request: Request) async throws -> JSONValue {
        try await RequestBodyReader(limit: Self.bodyLimit, limitDescription: "1 MB").read(request)
    }

    private func stored(_ context: Context) throws -> StoredCampaign {
        let name = try SegmentController<Context>.name(context)
        guard let stored = try database.campaign(named: name) else {
            throw StrataError(.notFound, "No campaign named \"\(name)\".", field: "name")
        }
        return stored
    }

    /// A campaign with its version, times and message counts by status.
    private func json(_ stored: StoredCampaign) throws -> JSONValue {
        guard case .object(var fields) = stored.campaign.json else { return stored.campaign.json }
        fields["version"] = .number(Double(stored.version))
        fields["created_at"] = .string(Timestamp.format(stored.createdAt))
        fields["updated_at"] = .string(Timestamp.format(stored.updatedAt))
        fields["messages"] = .object(try database.outboxCounts(campaign: stored.campaign.name)
            .mapValues { .number(Double($0)) })
        if let goal = stored.campaign.goal { fields["goal_summary"] = .string(goal.summary) }
        return .object(fields)
    }

    /// `?user=ID` (a known or anonymous id), optional `variant` and `channel`: the rendered
    /// message and what the send policy would decide now.
    private func preview(_ campaign: Campaign, _ request: Request) async throws -> Response {
        let query = QueryParameters(request)
        return try await Self.preview(campaign, user: query["user"], variant: query["variant"], channel: query["channel"],
                                      database: database, index: index, contact: contact).response()
    }

    /// A message as one user would get it, and what the policy would decide for them now;
    /// shared by the API and the dashboard.
    static func preview(_ campaign: Campaign, user: String?, variant variantName: String?, channel channelName: String?,
                        database: AppDatabase, index: IndexService, contact: ContactPolicy) async throws -> JSONValue {
        guard let userText = user else {
            throw StrataError(.invalidParameter, "Give user, a user id to preview the message for.", field: "user")
        }
        guard let profile = try database.profile(externalId: userText) else {
            throw StrataError(.notFound, "No user \"\(userText)\".", field: "user")
        }
        let canonical = try await index.canonical([profile.uid]).first ?? profile.uid
        let arm = AudienceSplit(campaign).arm(forUser: String(canonical))
        let variantIndex: Int
        if let name = variantName {
            guard let i = campaign.variants.firstIndex(where: { $0.name == name }) else {
                throw StrataError(.invalidParameter, "No variant \"\(name)\".", field: "variant")
            }
            variantIndex = i
        } else if case .variant(let i) = arm {
            variantIndex = i
        } else {
            variantIndex = 0
        }
        guard campaign.variants.indices.contains(variantIndex) else {
            throw StrataError(.invalidParameter, "The campaign has no variants yet.", field: "variants")
        }
        let variant = campaign.variants[variantIndex]
        let channels = channelName.flatMap(ChannelKind.init(rawValue:)).map { [$0] } ?? variant.messages.map(\.channel)
        guard let channel = channels.first, let message = variant.message(for: channel) else {
            throw StrataError(.invalidParameter, "Variant \(variant.name) has no message for that channel.", field: "channel")
        }
        let context = MessageRenderer.context(
            uid: canonical, userId: profile.userId, traits: profile.traits,
            computed: profile.json["computed"]?.objectValue ?? [:], campaign: campaign.name, variant: variant.name,
            links: ["unsubscribe_url": "(unsubscribe link)"])
        let rendered = try MessageRenderer().render(message, context: context, jsonBody: channel == .webhook)
        var recipient = Recipient(uid: canonical, key: String(canonical), traits: profile.traits,
                                  timeZone: Recipient.timeZone(traits: profile.traits, fallback: database.settings.timeZone))
        recipient.sent = try database.sendHistory(since: SegmentController<Context>.now() - 31 * 86_400_000)[canonical] ?? []
        let suppressions = try database.suppressions()
        recipient.unsubscribedAll = suppressions.contains("*|\(AppDatabase.userAddress(canonical))")
        for channel in channels where AppDatabase.isSuppressed(suppressions, uid: canonical, channel: channel,
                                                               address: recipient.address(on: channel) ?? "") {
            recipient.unsubscribed.insert(channel)
        }
        let decision: JSONValue
        var policy = SendPolicy(contact: contact)
        switch policy.decide(recipient, channels: channels, rules: campaign.rules,
                                                    now: SegmentController<Context>.now()) {
        case .send(let channel, let address, let at):
            decision = .object(["send": .bool(true), "channel": .string(channel.rawValue), "address": .string(address),
                                "at": .string(Timestamp.format(at))])
        case .skip(let reason):
            decision = .object(["send": .bool(false), "reason": .string(reason.rawValue)])
        }
        let parts = rendered.parts.mapValues { JSONValue.string($0) }
        return JSONValue.object([
            "user": .string(userText), "uid": .number(Double(canonical)),
            "group": .string(arm == .holdout ? "holdout" : "variant"), "variant": .string(variant.name),
            "channel": .string(channel.rawValue), "message": .object(parts), "decision": decision,
        ])
    }
}
