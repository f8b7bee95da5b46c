import Foundation
import StrataChannels
import StrataCore
import StrataStore

/// What recipients do with the messages they get: one-click unsubscribe, opens and clicks
/// through signed tracking links, and the in-app inbox. Each is recorded on the message and as
/// an event on the user (`Unsubscribed`, `Message Opened`, `Message Clicked`, `Inbox Message Read`).
public struct EngagementUseCases: Sendable {
    let app: AppServices

    /// Unsubscribes a user from a channel after a campaign's link: the user's address and the
    /// message's address are suppressed, and the engagement recorded.
    public func unsubscribe(uid: Int64, channel: ChannelKind, campaign: String) async throws {
        let now = app.clock.now()
        let reason = "unsubscribed (\(campaign))"
        try app.database.suppress(channel: channel, address: Suppression.userAddress(uid), reason: reason, source: .link,
                                  reference: "campaign:\(campaign)")
        guard let key = try app.database.latestMessage(campaign: campaign, uid: uid, channel: channel),
              let message = try app.database.recordEngagement(key: key, kind: .unsubscribe, at: now) else { return }
        if !message.address.isEmpty {
            try app.database.suppress(channel: channel, address: message.address, reason: reason, source: .link,
                                      reference: "campaign:\(campaign)")
        }
        try await record("Unsubscribed", message, at: now)
    }

    /// Records an open of the message with this key (the first counts).
    public func opened(key: String) async throws {
        let now = app.clock.now()
        if let message = try app.database.recordEngagement(key: key, kind: .open, at: now) {
            try await record("Message Opened", message, at: now)
        }
    }

    /// Records a click on a tracked link of the message with this key.
    public func clicked(key: String, target: String) async throws {
        let now = app.clock.now()
        if let message = try app.database.recordEngagement(key: key, kind: .click, at: now) {
            try await record("Message Clicked", message, at: now, extra: ["url": .string(target)])
        }
    }

    /// The in-app inbox of the user with `userId` (or `anonymousId`), newest first, for a caller
    /// that proves it speaks for that user (`proof`: see `IdentityVerifier`).
    ///
    /// - Throws: `StrataError.unauthorized` without a valid proof, before anything is looked up.
    public func inbox(userId: String?, anonymousId: String?, proof: String?, limit: Int, before: Int64?) throws -> [InboxItem] {
        let profile = try user(userId, anonymousId, proof: proof)
        return try app.database.inbox(uid: profile.uid, limit: limit, before: before)
    }

    /// Marks an inbox message of the proven user read (or clicked) and records the event on the user.
    public func markInbox(id: Int64, userId: String?, anonymousId: String?, proof: String?, clicked: Bool) async throws {
        let profile = try user(userId, anonymousId, proof: proof)
        let now = app.clock.now()
        let (campaign, variant) = try app.database.markInbox(id: id, uid: profile.uid, clicked: clicked, at: now)
        _ = try await app.ingest.store(app.ingest.decoder.batch(
            from: [Self.event(clicked ? "Inbox Message Clicked" : "Inbox Message Read", profile: profile,
                              properties: ["campaign": .string(campaign), "variant": .string(variant),
                                           "channel": "inbox", "message_id": .number(Double(id))], at: now)],
            receivedAt: now, source: "inbox", fieldName: nil))
    }

    /// The workspace's identity secret (made at first use): the app's server proves a user's id
    /// to the inbox with an HMAC under it.
    public func identitySecret() throws -> String {
        try app.database.workspaceSecret("identity")
    }

    /// The verifier of inbox callers, under the workspace's identity secret.
    public func identityVerifier() throws -> IdentityVerifier {
        IdentityVerifier(secret: try identitySecret())
    }

    /// The profile of `userId` or `anonymousId`, once `proof` shows the caller speaks for that id.
    func user(_ userId: String?, _ anonymousId: String?, proof: String?) throws -> UserProfile {
        guard let id = userId ?? anonymousId else {
            throw StrataError(.missingIdentity, "Give userId or anonymousId.", field: "userId")
        }
        try identityVerifier().verify(proof, for: id)
        guard let profile = try app.database.profile(externalId: id) else {
            throw StrataError(.notFound, "No user \"\(id)\".", field: userId == nil ? "anonymousId" : "userId")
        }
        return profile
    }

    /// Records an engagement as an event on the user (its message id makes it count once).
    private func record(_ name: String, _ message: OutboxMessage, at: Int64, extra: [String: JSONValue] = [:]) async throws {
        guard let profile = try app.database.profile(uid: message.uid) else { return }
        var properties: [String: JSONValue] = ["campaign": .string(message.campaign), "variant": .string(message.variant),
                                               "channel": .string(message.channel.rawValue)]
        properties.merge(extra) { a, _ in a }
        _ = try await app.ingest.store(app.ingest.decoder.batch(
            from: [Self.event(name, profile: profile, properties: properties, at: at, messageId: "\(name)|\(message.key)")],
            receivedAt: at, source: "engagement", fieldName: nil))
    }

    /// A track message for an engagement.
    static func event(_ name: String, profile: UserProfile, properties: [String: JSONValue], at: Int64,
                      messageId: String? = nil) -> JSONValue
    {
        var fields: [String: JSONValue] = ["type": "track", "event": .string(name), "properties": .object(properties),
                                           "timestamp": .string(Timestamp.format(at))]
        if let userId = profile.userId {
            fields["userId"] = .string(userId)
        } else if let anonymous = profile.anonymousIds.first {
            fields["anonymousId"] = .string(anonymous)
        }
        if let messageId { fields["messageId"] = .string(messageId) }
        return .object(fields)
    }
}
