import Foundation
import Hummingbird
import StrataChannels
import StrataApp
import StrataCore

/// Campaigns under `/api/v1/campaigns` (secret key): create drafts, edit them (each edit a
/// version), move them through their life cycle (launch, pause, resume, cancel, complete),
/// preview a message for one user, and read the send counts.
struct CampaignController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    /// Campaign definitions, life cycle, results.
    var campaigns: CampaignService { app.campaigns }

    /// Largest campaign definition accepted.
    static var bodyLimit: Int { 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
        router.group("api/v1/alerts").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit)).get { request, _ in
            let query = QueryParameters(request)
            let alerts = try await campaigns.alerts(campaign: query["campaign"], limit: try query.limit(max: 1000))
            return JSONValue.object(["alerts": .array(alerts.map { entry in
                guard case .object(var fields) = Self.json(entry.alert) else { return .null }
                fields["campaign"] = .string(entry.campaign)
                fields["created_at"] = .string(Timestamp.format(entry.createdAt))
                return .object(fields)
            })]).response()
        }
        let group = router.group("api/v1/campaigns").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get { request, _ in
            let status = try QueryParameters(request)["status"].map { text in
                guard let status = CampaignStatus(rawValue: text) else {
                    throw StrataError(.invalidParameter, "status is " + CampaignStatus.allCases.map(\.rawValue)
                        .joined(separator: ", ") + ".", field: "status")
                }
                return status
            }
            let list = try await campaigns.list(status: status)
            var items: [JSONValue] = []
            for stored in list { items.append(try await json(stored)) }
            return JSONValue.object(["campaigns": .array(items)]).response()
        }
        group.post { request, context in
            let campaign = try Campaign(json: try await body(request))
            return try await json(try await campaigns.create(campaign, by: context.requirePrincipal())).response(status: .created)
        }
        group.get("{name}") { _, context in try await json(try await stored(context)).response() }
        group.put("{name}") { request, context in
            let name = try context.decodedParameter("name")
            var campaign = try Campaign(json: try await body(request))
            guard campaign.name == name else {
                throw StrataError(.invalidField, "The body names \"\(campaign.name)\"; a campaign keeps its name (create a "
                    + "new one to rename).", field: "name")
            }
            campaign.status = .draft
            return try await json(try await campaigns.update(campaign, by: context.requirePrincipal())).response()
        }
        group.delete("{name}") { _, context in
            try await campaigns.delete(try context.decodedParameter("name"))
            return Response(status: .noContent)
        }
        group.post("{name}/launch") { _, context in
            try await json(try await campaigns.launch(try context.decodedParameter("name"), by: context.requirePrincipal())).response()
        }
        for (action, status) in [("pause", CampaignStatus.paused), ("resume", .running), ("cancel", .cancelled),
                                 ("complete", .completed), ("unschedule", .draft)] {
            group.post(RouterPath(stringLiteral: "{name}/\(action)")) { _, context in
                try await json(try await campaigns.setStatus(try context.decodedParameter("name"), to: status,
                                                             by: context.requirePrincipal())).response()
            }
        }
        group.get("{name}/versions") { _, context in
            let name = try context.decodedParameter("name")
            _ = try await stored(context)
            return JSONValue.object(["versions": .array(try await campaigns.versions(name).map { v in
                .object(["version": .number(Double(v.version)), "status": .string(v.status), "note": .string(v.note),
                         "at": .string(Timestamp.format(v.at)), "author": .string(v.author), "definition": v.definition])
            })]).response()
        }
        group.get("{name}/preview") { request, context in
            try await preview(try await stored(context).campaign, request, context.requirePrincipal())
        }
        group.get("{name}/winners") { _, context in
            let campaign = try await stored(context).campaign
            let list = try await campaigns.winners(campaign, now: app.clock.now())
            return JSONValue.object(["campaign": .string(campaign.name), "published": .bool(false),
                                     "winners": Self.json(list, withUids: true)]).response()
        }
        group.post("{name}/winners/publish") { _, context in
            let campaign = try await stored(context).campaign
            let list = try await campaigns.winners(campaign, now: app.clock.now())
            let at = try await campaigns.publishWinners(list, campaign: campaign.name)
            return JSONValue.object(["campaign": .string(campaign.name), "published_at": .string(Timestamp.format(at)),
                                     "url": .string("/public/campaigns/\(campaign.name)/winners"),
                                     "winners": Self.json(list, withUids: true)]).response(status: .created)
        }
        // The published list, for anyone: masked ids, ranks and scores only.
        router.get("public/campaigns/{name}/winners") { request, context in
            let name = try context.decodedParameter("name")
            guard let published = try await campaigns.publishedWinners(campaign: name) else {
                throw StrataError(.notFound, "No winners list has been published for \"\(name)\".", field: "name")
            }
            if QueryParameters(request)["format"] == "html" {
                return Self.winnersPage(name, published.list, publishedAt: published.publishedAt)
            }
            return JSONValue.object(["campaign": .string(name), "published_at": .string(Timestamp.format(published.publishedAt)),
                                     "winners": Self.json(published.list, withUids: false)]).response()
        }
        group.get("{name}/monitor") { _, context in
            let campaign = try await stored(context).campaign
            let view = try await campaigns.monitor(campaign, now: app.clock.now())
            let stored = try await campaigns.alerts(campaign: campaign.name, limit: 50)
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
            try await campaigns.outcome(try await stored(context).campaign.name, for: context.requirePrincipal()).json.response()
        }
        group.get("{name}/review") { request, context in
            let name = try await stored(context).campaign.name
            let texts = try await campaigns.reviewTexts(name)
            let review = CampaignReview(outcome: try await campaigns.outcome(name, for: context.requirePrincipal()), lessons: texts.lessons,
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
            let name = try await stored(context).campaign.name
            let f = try JSONFields(try await body(request), what: "an object with lessons and next_steps")
            try await campaigns.saveReviewTexts(name, lessons: try f.string("lessons", maxLength: 20_000),
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

    private func body(_ request: Request) async throws -> JSONValue {
        try await RequestBodyReader(limit: Self.bodyLimit, limitDescription: "1 MB").read(request)
    }

    private func stored(_ context: Context) async throws -> StoredCampaign {
        try await campaigns.named(try context.decodedParameter("name"))
    }

    /// A campaign with its version, times and message counts by status.
    private func json(_ stored: StoredCampaign) async throws -> JSONValue {
        guard case .object(var fields) = stored.campaign.json else { return stored.campaign.json }
        fields["version"] = .number(Double(stored.version))
        fields["created_at"] = .string(Timestamp.format(stored.createdAt))
        fields["updated_at"] = .string(Timestamp.format(stored.updatedAt))
        fields["messages"] = .object(try await campaigns.messageCounts(stored.campaign.name)
            .mapValues { .number(Double($0)) })
        if let goal = stored.campaign.goal { fields["goal_summary"] = .string(goal.summary) }
        return .object(fields)
    }

    /// `?user=ID` (a known or anonymous id), optional `variant` and `channel`: the rendered
    /// message and what the send policy would decide now.
    private func preview(_ campaign: Campaign, _ request: Request, _ principal: Principal) async throws -> Response {
        let query = QueryParameters(request)
        return try await campaigns.preview(campaign, user: query["user"], variant: query["variant"],
                                           channel: query["channel"], for: principal).response()
    }
}
