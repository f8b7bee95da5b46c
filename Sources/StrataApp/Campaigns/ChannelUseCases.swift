import Foundation
import StrataCore
import StrataStore

/// Channel settings, spend per acquisition channel, and the suppression list.
public struct ChannelUseCases: Sendable {
    let app: AppServices

    /// One entry to suppress: an address, or every address of a user.
    public struct SuppressionRequest: Sendable {
        /// The channel, or `nil` for every channel.
        public var channel: ChannelKind?
        /// An address (e-mail, phone, device token, URL), or a user id whose addresses are all meant.
        public var target: Target
        /// Why, as shown in the list.
        public var reason: String

        /// What a suppression names.
        public enum Target: Sendable {
            /// One address.
            case address(String)
            /// A user (known or anonymous id).
            case user(String)
        }

        /// An entry.
        public init(channel: ChannelKind?, target: Target, reason: String) {
            self.channel = channel
            self.target = target
            self.reason = reason
        }
    }

    /// The configured channels (secrets included: callers show `redactedJSON`).
    public func settings() throws -> [ChannelKind: ChannelSettings] {
        try app.database.channelSettings()
    }

    /// Saves a channel's settings, replacing what was there.
    public func save(_ settings: ChannelSettings, for kind: ChannelKind) throws {
        try app.database.saveChannelSettings(settings, for: kind)
    }

    /// Removes a channel's settings.
    public func delete(_ kind: ChannelKind) throws {
        try app.database.deleteChannelSettings(kind)
    }

    /// Spend entries, optionally of one acquisition channel.
    public func spend(channel: String? = nil) throws -> [ChannelSpend] {
        try app.database.channelSpend(channel: channel)
    }

    /// Stores spend entries in one transaction (all or none); an entry for the same channel and
    /// period replaces the stored one.
    public func saveSpend(_ entries: [ChannelSpend]) throws -> [ChannelSpend] {
        try app.database.saveChannelSpend(entries)
    }

    /// Deletes one spend entry.
    public func deleteSpend(id: Int64) throws {
        try app.database.deleteChannelSpend(id: id)
    }

    /// The suppression list, newest first, optionally of one channel, as `principal` may see it.
    public func suppressions(channel: String? = nil, limit: Int, for principal: Principal) throws -> [Suppression] {
        let disclosure = principal.disclosure(app.settings.masking)
        return try app.database.suppressionList(channel: channel, limit: limit).map { $0.masked(by: disclosure) }
    }

    /// Suppresses entries in one transaction; one unknown user id and nothing is stored.
    ///
    /// - Returns: how many entries were stored.
    public func suppress(_ entries: [SuppressionRequest], by principal: Principal) throws -> Int {
        let userIds = entries.compactMap { if case .user(let id) = $0.target { id } else { nil } }
        let uids = userIds.isEmpty ? [] : try app.database.uids(forExternalIds: userIds)
        var next = 0
        let rows: [(channel: ChannelKind?, address: String, reason: String)] = entries.map { entry in
            switch entry.target {
            case .address(let address): return (entry.channel, address, entry.reason)
            case .user:
                defer { next += 1 }
                return (entry.channel, Suppression.userAddress(uids[next]), entry.reason)
            }
        }
        try app.database.suppress(rows, source: .staff, reference: principal.actor)
        return rows.count
    }

    /// Lifts a suppression.
    public func unsuppress(channel: String, address: String, by principal: Principal) throws {
        try app.database.unsuppress(channel: channel, address: address, source: .staff, reference: principal.actor)
    }
}
