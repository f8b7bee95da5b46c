import Foundation
import StrataCore
import StrataStore

/// Profiles as operations staff look them up: search, one profile, its timeline, the messages
/// it received, its inbox and its tags.
public struct ProfileUseCases: Sendable {
    let app: AppServices
    /// Who is asking: what the answers show of personal data follows their role.
    let principal: Principal

    /// How personal data is shown to the principal.
    var disclosure: Disclosure { principal.disclosure(app.settings.masking) }

    /// Profiles matching a query (id fragment, traits, computed-attribute ranges), by id.
    public func search(_ query: UserQuery) throws -> [UserProfile] {
        try app.database.users(query).map { $0.masked(by: disclosure) }
    }

    /// The profile of a known or anonymous id, or of `#uid` (the dense id links use where an
    /// id is shown masked).
    ///
    /// - Throws: `StrataError.notFound` when no profile holds the id.
    public func named(_ id: String, field: String = "userId") throws -> UserProfile {
        guard let profile = try find(id) else {
            throw StrataError(.notFound, "No user with id \"\(disclosure.show(id: id))\" (known or anonymous).", field: field)
        }
        return profile
    }

    /// The profile of a known or anonymous id (or `#uid`), if there is one.
    public func find(_ id: String) throws -> UserProfile? {
        if id.hasPrefix("#"), let uid = Int64(id.dropFirst()) { return try profile(uid: uid) }
        return try app.database.profile(externalId: id)?.masked(by: disclosure)
    }

    /// The profiles of given dense ids, in id order (unknown ids are left out).
    public func profiles(uids: [Int64]) throws -> [UserProfile] {
        try app.database.profiles(uids: uids).map { $0.masked(by: disclosure) }
    }

    /// The profile of a dense id.
    public func profile(uid: Int64) throws -> UserProfile? {
        try app.database.profile(uid: uid)?.masked(by: disclosure)
    }

    /// Messages the profile was sent, newest first.
    public func receivedMessages(uid: Int64, limit: Int = 50) throws -> [ReceivedMessage] {
        try app.database.receivedMessages(uid: uid, limit: limit)
    }

    /// The person's consent records, newest first: changes of their consent traits, and
    /// suppressions of their profile or of an address they hold, each with its source.
    public func consent(uid: Int64) throws -> [ConsentRecord] {
        let raw = try app.database.profile(uid: uid)
        let addresses = ChannelKind.allCases.compactMap { channel in
            channel.addressTrait.flatMap { raw?.traits[$0]?.stringValue }
        }
        return try app.database.consentRecords(uids: [uid], addresses: addresses, limit: 500).map { record in
            var shown = record
            shown.address = record.address.map { disclosure.show($0, key: "address") }
            return shown
        }
    }

    /// The profile's in-app inbox, newest first.
    public func inbox(uid: Int64, limit: Int, before: Int64? = nil) throws -> [InboxItem] {
        try app.database.inbox(uid: uid, limit: limit, before: before).map { $0.masked(by: disclosure) }
    }

    /// The tags a profile carries now (manual and rule tags), evaluated as of an instant.
    public func tags(of uid: Int64, asOf: Int64? = nil) async throws -> [String] {
        try await app.index.tags(of: uid, among: try app.database.tags(), asOf: asOf ?? app.clock.now())
    }

    /// The profile's lifecycle stage and RFM layer now (kept for the minute).
    public func layers(of uid: Int64, asOf: Int64? = nil) async throws
        -> (stage: LifecycleModel.Stage?, rfm: RFMModel.Layer?)
    {
        let canonical = try await app.index.canonical([uid]).first ?? uid
        return try await app.index.builtInLayers(asOf: asOf ?? app.clock.now()).layers(of: Int(canonical))
    }
}

extension ProfileUseCases {
    /// Most events one export holds; a person with more gets the newest and a note saying so.
    public static let maxExportEvents = 100_000

    /// Everything Strata holds about one person (个人信息导出, a data-subject access request), as
    /// one JSON document: the profile with every identity merged into it, traits and computed
    /// attributes, events (newest first), the segments and tags the person is in now, and the
    /// messages sent to them and their inbox. Shown as the principal may see it.
    public func export(_ id: String) async throws -> JSONValue {
        try principal.require(.exportMembers)
        let profile = try named(id)
        let now = app.clock.now()
        let uid = try await app.index.canonical([profile.uid]).first ?? profile.uid
        var events: [JSONValue] = []
        var query = EventQuery()
        query.uid = profile.uid
        query.limit = 1000
        while events.count < Self.maxExportEvents {
            let page = try app.events(principal).events(query)
            events += page.map(\.json)
            guard page.count == query.limit, let last = page.last else { break }
            query.before = (last.timestamp, last.id)
        }
        var segments: [String] = []
        for segment in try app.database.segments() where try await app.index.evaluate(segment.rule, asOf: now).contains(Int(uid)) {
            segments.append(segment.name)
        }
        let messages = try app.database.receivedMessages(uid: uid, limit: 10_000)
        let inbox = try self.inbox(uid: uid, limit: 10_000)
        return .object([
            "exported_at": .string(Timestamp.format(now)),
            "profile": profile.json,
            "events": .array(events),
            "events_truncated": .bool(events.count >= Self.maxExportEvents),
            "segments": .array(segments.map { .string($0) }),
            "tags": .array(try await tags(of: uid, asOf: now).map { .string($0) }),
            "messages": .array(messages.map { m in
                .object(["campaign": .string(m.campaign), "variant": .string(m.variant), "channel": .string(m.channel),
                         "status": .string(m.status), "sent_at": m.sentAt.map { .string(Timestamp.format($0)) } ?? .null])
            }),
            "consent": .array(try consent(uid: uid).map(\.json)),
            "inbox": .array(inbox.map { item in
                .object(["campaign": .string(item.campaign), "title": .string(item.title), "body": .string(item.body),
                         "created_at": .string(Timestamp.format(item.createdAt)),
                         "read_at": item.readAt.map { .string(Timestamp.format($0)) } ?? .null])
            }),
        ])
    }
}
