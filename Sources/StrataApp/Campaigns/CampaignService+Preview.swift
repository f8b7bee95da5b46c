import Foundation
import StrataChannels
import StrataCore
import StrataStore

extension CampaignService {
    /// A message as one user would get it, and what the send policy would decide for them now:
    /// `user` is a known or anonymous id; the variant defaults to the user's arm, the channel to
    /// the variant's first. For a principal who may not see personal data the message is
    /// rendered from masked traits and the address is masked, so the preview shows the template
    /// working without showing the person.
    public func preview(_ campaign: Campaign, user: String?, variant variantName: String?, channel channelName: String?,
                        for principal: Principal) async throws -> JSONValue
    {
        let disclosure = principal.disclosure(database.settings.masking)
        guard let userText = user else {
            throw StrataError(.invalidParameter, "Give user, a user id to preview the message for.", field: "user")
        }
        let found = userText.hasPrefix("#") ? try Int64(userText.dropFirst()).flatMap { try database.profile(uid: $0) }
            : try database.profile(externalId: userText)
        guard let profile = found else {
            throw StrataError(.notFound, "No user \"\(disclosure.show(id: userText))\".", field: "user")
        }
        let shown = profile.masked(by: disclosure)
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
            uid: canonical, userId: shown.userId, traits: shown.traits,
            computed: profile.json["computed"]?.objectValue ?? [:], campaign: campaign.name, variant: variant.name,
            links: ["unsubscribe_url": "(unsubscribe link)"])
        let rendered = try MessageRenderer().render(message, context: context, jsonBody: channel == .webhook)
        var recipient = Recipient(uid: canonical, key: String(canonical), traits: profile.traits,
                                  timeZone: Recipient.timeZone(traits: profile.traits, fallback: database.settings.timeZone))
        recipient.sent = try database.sendHistory(since: database.clock.now() - 31 * 86_400_000)[canonical] ?? []
        let suppressions = try SuppressionCheck(database)
        recipient.unsubscribedAll = suppressions.unsubscribedAll(canonical)
        for channel in channels where suppressions.isSuppressed(uid: canonical, channel: channel,
                                                                address: recipient.address(on: channel) ?? "") {
            recipient.unsubscribed.insert(channel)
        }
        let decision: JSONValue
        var policy = SendPolicy(contact: contact)
        switch policy.decide(recipient, channels: channels, rules: campaign.rules,
                                                    now: database.clock.now()) {
        case .send(let channel, let address, let at):
            let key = channel == .email ? "email" : channel == .sms ? "phone" : "address"
            decision = .object(["send": .bool(true), "channel": .string(channel.rawValue),
                                "address": .string(disclosure.show(address, key: key)),
                                "at": .string(Timestamp.format(at))])
        case .skip(let reason):
            decision = .object(["send": .bool(false), "reason": .string(reason.rawValue)])
        }
        let parts = rendered.parts.mapValues { JSONValue.string($0) }
        return JSONValue.object([
            "user": .string(disclosure.show(id: userText)), "uid": .number(Double(canonical)),
            "group": .string(arm == .holdout ? "holdout" : "variant"), "variant": .string(variant.name),
            "channel": .string(channel.rawValue), "message": .object(parts), "decision": decision,
        ])
    }
}
