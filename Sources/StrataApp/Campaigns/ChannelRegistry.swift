import Foundation
import StrataChannels
import StrataCore
import StrataStore

/// The workspace's configured channels, built from their stored settings and rebuilt when the
/// settings change.
public actor ChannelRegistry {
    private let database: any WorkspaceStore
    private let links: TrackingLinks
    private var settings: [ChannelKind: ChannelSettings] = [:]
    private var channels: [ChannelKind: any MessageChannel] = [:]

    /// A registry over the store's channel settings; `links` makes unsubscribe and tracking links.
    public init(database: any WorkspaceStore, links: TrackingLinks) {
        self.database = database
        self.links = links
    }

    /// The channel of a kind, or `nil` when it is not configured.
    ///
    /// - Throws: `StrataError` when its stored settings no longer make a channel.
    public func channel(_ kind: ChannelKind) async throws -> (any MessageChannel)? {
        let current = try database.channelSettings()
        if current != settings {
            for (kind, channel) in channels where current[kind] != settings[kind] {
                await channel.shutdown()
                channels[kind] = nil
            }
            settings = current
        }
        if let channel = channels[kind] { return channel }
        guard let setting = settings[kind] else { return nil }
        let channel: any MessageChannel
        switch setting {
        case .inbox: channel = InboxChannel(database: database)
        case .webhook(let http), .provider(let http): channel = try HTTPChannel(http, kind: kind)
        case .smtp(let smtp): channel = try SMTPChannel(smtp, links: smtp.publicURL.map(links.rebased) ?? links)
        }
        channels[kind] = channel
        return channel
    }

    /// Closes every channel's connections.
    public func shutdown() async {
        for channel in channels.values { await channel.shutdown() }
        channels.removeAll()
    }
}
