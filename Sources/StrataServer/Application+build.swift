import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StrataChannels
import StrataApp
import StrataCore
import StrataPages
import StrataStore

/// The request context of every Strata route.
public typealias StrataRequestContext = BasicRequestContext

/// Builds the Hummingbird application for a configuration and an opened store.
///
/// Tests call this with a temporary data directory and `app.test(.router)`.
public func buildApplication(
    configuration: StrataConfiguration, database: AppDatabase, logger: Logger = Logger(label: "strata"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let metrics = StrataMetrics()
    let app = try AppServices(database: database, contact: configuration.contact,
                              alertWebhook: configuration.alertWebhook, logger: logger)
    let index = app.index, campaigns = app.campaigns
    let links = TrackingLinks(secret: try database.workspaceSecret("links"), baseURL: configuration.resolvedPublicURL)
    let router = try buildRouter(configuration: configuration, app: app, database: database, metrics: metrics,
                                 links: links, logger: logger)
    var services: [any Service] = [index]
    if configuration.dailySnapshots { services.append(SnapshotService(index: index, database: database, logger: logger)) }
    if configuration.campaigns {
        let dispatcher = DispatcherService(
            database: database, registry: ChannelRegistry(database: database, links: links), contact: configuration.contact,
            settings: configuration.dispatch, links: links, logger: logger)
        services += [campaigns, dispatcher]
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                             serverName: "Strata"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Builds the router: ingestion (Segment, PostHog), admin API, segments, health and metrics.
public func buildRouter(
    configuration: StrataConfiguration, app: AppServices, database: AppDatabase, metrics: StrataMetrics,
    links: TrackingLinks, logger: Logger = Logger(label: "strata")
) throws -> Router<StrataRequestContext> {
    let index = app.index, campaigns = app.campaigns
    let router = Router(context: StrataRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(histogram: metrics.requestLatency))
    router.add(middleware: ErrorShapeMiddleware())
    let keys = try KeyRing(database: database, writeKeys: configuration.writeKeys,
                           secretKeys: configuration.secretKeys)
    let rateLimiter = configuration.rateLimitPerSecond.map {
        RateLimiter(ratePerSecond: $0, burst: max(1, configuration.rateLimitBurst))
    }
    let credentials = Credentials(keys: keys, rateLimiter: rateLimiter)
    let ingest = IngestService(database: database, limits: configuration.limits, observer: metrics, logger: logger)

    router.get("health") { _, _ in JSONValue.object(["status": "ok"]).response() }
    router.get("metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                 body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
    }
    TrackingController<StrataRequestContext>(ingest: ingest, credentials: credentials, limits: configuration.limits)
        .addRoutes(to: router)
    PostHogController<StrataRequestContext>(ingest: ingest, credentials: credentials, limits: configuration.limits)
        .addRoutes(to: router)
    AdminController<StrataRequestContext>(database: database, credentials: credentials).addRoutes(to: router)
    SegmentController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ModelController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    TagController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    FlowController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ReportController<StrataRequestContext>(app: app, credentials: credentials)
        .addRoutes(to: router)
    ChannelSpendController<StrataRequestContext>(database: database, credentials: credentials).addRoutes(to: router)
    ChannelController<StrataRequestContext>(database: database, credentials: credentials).addRoutes(to: router)
    SuppressionController<StrataRequestContext>(database: database, credentials: credentials).addRoutes(to: router)
    CampaignController<StrataRequestContext>(app: app, database: database, campaigns: campaigns, index: index,
                                             contact: configuration.contact, credentials: credentials)
        .addRoutes(to: router)
    EngagementController<StrataRequestContext>(database: database, ingest: ingest, links: links, credentials: credentials)
        .addRoutes(to: router)
    DashboardController<StrataRequestContext>(
        app: app, database: database, index: index, campaigns: campaigns, keys: keys, contact: configuration.contact,
        renderer: PageRenderer(),
        auth: StaffAuthenticator(database: database,
                                 secureByDefault: configuration.publicURL?.lowercased().hasPrefix("https://") == true),
        dataAsOf: configuration.dashboardAsOf, logger: logger
    ).addRoutes(to: router)
    return router
}
