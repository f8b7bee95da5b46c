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
