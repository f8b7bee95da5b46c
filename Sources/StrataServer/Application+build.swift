import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StrataChannels
import StrataApp
import StrataCore
import StrataStore
import StrataPages

/// Builds the Hummingbird application for a configuration and an opened store.
///
/// Tests call this with a temporary data directory and `app.test(.router)`.
public func buildApplication(
    configuration: StrataConfiguration, database: AppDatabase, logger: Logger = Logger(label: "strata"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let metrics = StrataMetrics()
    let app = try AppServices(database: database, contact: configuration.contact,
                              alertWebhook: configuration.alertWebhook, limits: configuration.limits,
                              observer: metrics, signIns: configuration.signInThrottle,
                              reportBudget: configuration.reportBudget, sessionMaxAge: configuration.sessionMaxAge,
                              erasureBatch: configuration.erasureBatch, logger: logger)
    let links = try app.trackingLinks(baseURL: configuration.resolvedPublicURL)
    let router = try buildRouter(configuration: configuration, app: app, metrics: metrics, links: links, logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                             serverName: "Strata"),
        services: app.backgroundServices(dailySnapshots: configuration.dailySnapshots, campaigns: configuration.campaigns,
                                         contact: configuration.contact, dispatch: configuration.dispatch, links: links),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Builds the router: ingestion (Segment, PostHog), admin API, segments, health and metrics.
public func buildRouter(
    configuration: StrataConfiguration, app: AppServices, metrics: StrataMetrics, links: TrackingLinks,
    logger: Logger = Logger(label: "strata")
) throws -> Router<StrataRequestContext> {
    let router = Router(context: StrataRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(histogram: metrics.requestLatency))
    router.add(middleware: ErrorShapeMiddleware())
    let keys = try app.keyRing(writeKeys: configuration.writeKeys, secretKeys: configuration.secretKeys)
    if let rate = configuration.addressRateLimitPerSecond {
        router.add(middleware: AddressRateLimitMiddleware(
            limiter: RateLimiter(ratePerSecond: rate, burst: max(1, rate * 2), subject: "address"),
            behindProxy: configuration.behindProxy))
    }
    let rateLimiter = configuration.rateLimitPerSecond.map {
        RateLimiter(ratePerSecond: $0, burst: max(1, configuration.rateLimitBurst))
    }
    let credentials = Credentials(keys: keys, rateLimiter: rateLimiter, behindProxy: configuration.behindProxy)
    let ingest = app.ingest

    router.get("health") { _, _ in JSONValue.object(["status": "ok"]).response() }
    router.get("api/v1/openapi.json") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
    }
    router.get("metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                 body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
    }
    TrackingController<StrataRequestContext>(ingest: ingest, credentials: credentials, limits: configuration.limits)
        .addRoutes(to: router)
    PostHogController<StrataRequestContext>(ingest: ingest, credentials: credentials, limits: configuration.limits)
        .addRoutes(to: router)
    AdminController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    SegmentController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ModelController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    TagController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    FlowController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ReportController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ChannelSpendController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    ChannelController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    SuppressionController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    PointsController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    CampaignController<StrataRequestContext>(app: app, credentials: credentials).addRoutes(to: router)
    EngagementController<StrataRequestContext>(app: app, links: links, credentials: credentials).addRoutes(to: router)
    DashboardController<StrataRequestContext>(
        app: app, keys: keys, contact: configuration.contact, renderer: PageRenderer(),
        auth: StaffAuthenticator(app: app,
                                 secureByDefault: configuration.publicURL?.lowercased().hasPrefix("https://") == true,
                                 behindProxy: configuration.behindProxy),
        dataAsOf: configuration.dashboardAsOf, logger: logger
    ).addRoutes(to: router)
    return router
}
