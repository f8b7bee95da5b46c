import Foundation
import ServiceLifecycle
import StrataChannels
import StrataCore
import StrataStore

extension AppServices {
    /// The signed unsubscribe, open and click links of messages, with the workspace's secret.
    public func trackingLinks(baseURL: String) throws -> TrackingLinks {
        TrackingLinks(secret: try database.workspaceSecret("links"), baseURL: baseURL)
    }

    /// The API keys accepted: the stored ones and those given in the configuration.
    public func keyRing(writeKeys: [String], secretKeys: [String]) throws -> KeyRing {
        try KeyRing(database: database, writeKeys: writeKeys, secretKeys: secretKeys)
    }

    /// The long-running services a server runs: the index refresh always, the daily snapshots
    /// when asked, and the campaign scheduler with the dispatcher when campaigns run.
    public func backgroundServices(dailySnapshots: Bool, campaigns runCampaigns: Bool, contact: ContactPolicy,
                                   dispatch: DispatchSettings, links: TrackingLinks) -> [any Service] {
        var services: [any Service] = [index, erasureWorker, retention]
        if dailySnapshots { services.append(SnapshotService(index: index, database: database, logger: logger)) }
        if runCampaigns {
            let dispatcher = DispatcherService(
                database: database, registry: ChannelRegistry(database: database, links: links), contact: contact,
                settings: dispatch, links: links, logger: logger)
            services += [campaigns, dispatcher]
        }
        return services
    }
}
