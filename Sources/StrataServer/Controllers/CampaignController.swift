import Foundation
import Hummingbird
import StrataChannels
import StrataCore
import StrataStore

/// Campaigns under `/api/v1/campaigns` (secret key): create drafts, edit them (each edit a
/// version), move them through their life cycle (launch, pause, resume, cancel, complete),
/// preview a message for one user, and read the send counts.
struct CampaignController<Context: RequestContext>: Sendable {
    let database: AppDatabase
    let campaigns: CampaignService
    let index: IndexService
    let contact: ContactPolicy
    let credentials: Credentials

    /// Largest campaign definition accepted.
    static var bodyLimit: Int { 1024 * 1024 }

    func addRoutes(to router: Router<Context>) {
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
            let name = try context.parameters.require("name")
            var campaign = try Campaign(json: try await body(request))
            guard campaign.name == name else {
                throw StrataError(.invalidField, "The body names \"\(campaign.name)\"; a campaign keeps its name (create a "
                    + "new one to rename).", field: "name")
            }
            campaign.status = .draft
            return try json(try await campaigns.update(campaign)).response()
        }
        group.delete("{name}") { _, context in
            try database.deleteCampaign(named: try context.parameters.require("name"))
            return Response(status: .noContent)
        }
        group.post("{name}/launch") { _, context in
            try json(try await campaigns.launch(try context.parameters.require("name"))).response()
        }
        for (action, status) in [("pause", CampaignStatus.paused), ("resume", .running), ("cancel", .cancelled),
                                 ("complete", .completed), ("unschedule", .draft)] {
            group.post(RouterPath(stringLiteral: "{name}/\(action)")) { _, context in
                try json(try await campaigns.setStatus(try context.parameters.require("name"), to: status)).response()
            }
        }
        group.get("{name}/versions") { _, context in
            let name = try context.parameters.require("name")
            _ = try stored(context)
            return JSONValue.object(["versions": .array(try database.campaignVersions(name).map { v in
                .object(["version": .number(Double(v.version)), "status": .string(v.status), "note": .string(v.note),
                         "at": .string(Timestamp.format(v.at)), "definition": v.definition])
            })]).response()
        }
        group.get("{name}/preview") { request, context in try await preview(try stored(context).campaign, request) }
    }

    private func body(_ request: Request) async throws -> JSONValue {
        try await RequestBodyReader(limit: Self.bodyLimit, limitDescription: "1 MB").read(request)
    }

    private func stored(_ context: Context) throws -> StoredCampaign {
        let name = try context.parameters.require("name")
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
        guard let userText = query["user"] else {
            throw StrataError(.invalidParameter, "Give user, a user id to preview the message for.", field: "user")
        }
        guard let profile = try database.profile(externalId: userText) else {
            throw StrataError(.notFound, "No user \"\(userText)\".", field: "user")
        }
        let canonical = try await index.canonical([profile.uid]).first ?? profile.uid
        let arm = AudienceSplit(campaign).arm(forUser: String(canonical))
        let variantIndex: Int
        if let name = query["variant"] {
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
        let channels = query["channel"].flatMap(ChannelKind.init(rawValue:)).map { [$0] } ?? variant.messages.map(\.channel)
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
        let decision: JSONValue
        switch SendPolicy(contact: contact).decide(recipient, channels: channels, rules: campaign.rules,
                                                    now: SegmentController<Context>.now()) {
        case .send(let channel, let address, let at):
            decision = .object(["send": .bool(true), "channel": .string(channel.rawValue), "address": .string(address),
                                "at": .string(Timestamp.format(at))])
        case .skip(let reason):
            decision = .object(["send": .bool(false), "reason": .string(reason.rawValue)])
        }
        var parts: [String: JSONValue] = [:]
        for (key, value) in [("subject", rendered.subject), ("title", rendered.title), ("body", rendered.body),
                             ("html", rendered.html), ("url", rendered.url)] {
            if let value { parts[key] = .string(value) }
        }
        return JSONValue.object([
            "user": .string(userText), "uid": .number(Double(canonical)),
            "group": .string(arm == .holdout ? "holdout" : "variant"), "variant": .string(variant.name),
            "channel": .string(channel.rawValue), "message": .object(parts), "decision": decision,
        ]).response()
    }
}
