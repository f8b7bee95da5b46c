import ArgumentParser
import Foundation
import StrataCore
import StrataServer

/// Options of the commands that run the server (`serve`, `demo`).
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (env STRATA_PORT; default 8080).")
    var port: Int?

    @Option(name: .customLong("write-key"), help: "A write key to accept besides the stored ones (env STRATA_WRITE_KEY).")
    var writeKeys: [String] = []

    @Option(name: .customLong("secret-key"), help: "A secret key to accept besides the stored ones (env STRATA_SECRET_KEY).")
    var secretKeys: [String] = []

    @Option(name: .customLong("rate-limit"),
            help: "Requests per second allowed per key on ingestion, or off (default 5000).")
    var rateLimit: String?

    @Option(name: .customLong("rate-burst"), help: "Requests a key may burst above the rate (default 10000).")
    var rateBurst: Double = 10_000

    @Option(name: .customLong("address-rate-limit"),
            help: "Requests per second allowed per client address on every route, or off (default 1000).")
    var addressRateLimit: String?

    @Option(name: .customLong("report-memory-mb"),
            help: "Working memory one report may use; larger reports are refused with the parameter to narrow (default 512).")
    var reportMemoryMB: Int = 512

    @Option(name: .customLong("report-seconds"),
            help: "How long one report may run before it is stopped with a 503 and Retry-After (default 10).")
    var reportSeconds: Double = 10

    @Option(name: .customLong("session-max-days"),
            help: "Days a dashboard session lasts from its sign-in however much it is used (default 7).")
    var sessionMaxDays: Double = 7

    @Option(name: .customLong("erasure-batch"),
            help: "Events an erasure removes per transaction, so ingestion never waits long on one (default 5000).")
    var erasureBatch: Int = 5_000

    @Option(name: .customLong("report-workers"),
            help: "Reports that run at once, off the index and ingestion (default: the machine's cores).")
    var reportWorkers: Int?

    @Option(name: .customLong("report-queue"),
            help: "Reports that may wait for a worker; more are answered 503 with Retry-After (default 4 per worker).")
    var reportQueue: Int?

    @Flag(name: .customLong("behind-proxy"),
          help: "A reverse proxy sets X-Forwarded-For: limits and sign-in throttling key on the address it reports.")
    var behindProxy = false

    @Option(name: .customLong("public-url"),
            help: "Strata's public base URL, for unsubscribe and tracking links (env STRATA_PUBLIC_URL; default http://host:port).")
    var publicURL: String?

    @Option(name: .customLong("quiet-hours"),
            help: "Hours nothing is sent, in each user's time zone, e.g. 22:00-08:00, or off (env STRATA_QUIET_HOURS).")
    var quietHours: String?

    @Option(name: .customLong("alert-webhook"),
            help: "A URL that receives each campaign alert as a JSON POST (env STRATA_ALERT_WEBHOOK).")
    var alertWebhook: String?

    @Option(name: .customLong("alert-webhook-allow"),
            help: "Private hosts or ranges the alert webhook may reach, comma-separated (env STRATA_ALERT_WEBHOOK_ALLOW).")
    var alertWebhookAllow: String?

    @Option(name: .customLong("daily-cap"),
            help: "Messages per user per day over all campaigns and channels, or off (env STRATA_DAILY_CAP; default 3).")
    var dailyCap: String?

    @Option(name: .customLong("dashboard-as-of"),
            help: "Show the dashboard's reports as of this instant instead of now, for a store of historical data (ISO 8601).")
    var dashboardAsOf: String?

    /// The server configuration, environment applied.
    func configuration(store: StoreOptions) throws -> StrataConfiguration {
        let env = ProcessInfo.processInfo.environment
        let port = try self.port ?? env["STRATA_PORT"].map { text in
            guard let value = Int(text) else { throw ValidationError("STRATA_PORT must be a number, got \(text).") }
            return value
        } ?? 8080
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        func rate(_ text: String?, _ option: String, default value: Double) throws -> Double? {
            guard let text else { return value }
            if text == "off" { return nil }
            guard let rate = Double(text), rate > 0 else { throw ValidationError("\(option) is a positive number or off.") }
            return rate
        }
        guard rateBurst >= 1 else { throw ValidationError("--rate-burst must be at least 1.") }
        var configuration = StrataConfiguration(
            host: host, port: port, dataDirectory: store.resolvedDataDirectory,
            writeKeys: writeKeys + (env["STRATA_WRITE_KEY"].map { [$0] } ?? []),
            secretKeys: secretKeys + (env["STRATA_SECRET_KEY"].map { [$0] } ?? []),
            rateLimitPerSecond: try rate(rateLimit, "--rate-limit", default: 5_000), rateLimitBurst: rateBurst,
            workspace: try store.workspace())
        configuration.addressRateLimitPerSecond = try rate(addressRateLimit, "--address-rate-limit", default: 1_000)
        configuration.behindProxy = behindProxy
        guard (16...65_536).contains(reportMemoryMB) else { throw ValidationError("--report-memory-mb is 16…65536.") }
        guard reportSeconds > 0 && reportSeconds <= 3600 else { throw ValidationError("--report-seconds is 0…3600.") }
        guard sessionMaxDays > 0 && sessionMaxDays <= 365 else { throw ValidationError("--session-max-days is 0…365.") }
        configuration.sessionMaxAge = Int64(sessionMaxDays * 86_400_000)
        guard (1...1_000_000).contains(erasureBatch) else { throw ValidationError("--erasure-batch is 1…1000000.") }
        configuration.erasureBatch = erasureBatch
        if let reportWorkers, !(1...256).contains(reportWorkers) { throw ValidationError("--report-workers is 1…256.") }
        if let reportQueue, !(0...10_000).contains(reportQueue) { throw ValidationError("--report-queue is 0…10000.") }
        configuration.reportBudget = ReportBudget(memoryBytes: reportMemoryMB << 20, seconds: reportSeconds,
                                                  workers: reportWorkers, queue: reportQueue)
        configuration.publicURL = publicURL ?? env["STRATA_PUBLIC_URL"]
        if let quiet = quietHours ?? env["STRATA_QUIET_HOURS"] {
            configuration.contact.quietHours = quiet == "off" ? nil
                : try LoadedStore.usage { try QuietHours(text: quiet, field: "quiet-hours") }
        }
        if let cap = dailyCap ?? env["STRATA_DAILY_CAP"] {
            configuration.contact.caps.removeAll { $0.channel == nil && $0.days == 1 }
            if cap != "off" {
                guard let limit = Int(cap), (1...1000).contains(limit) else {
                    throw ValidationError("--daily-cap is a number from 1 to 1000, or off.")
                }
                configuration.contact.caps.append(FrequencyCap(limit: limit))
            }
        }
        if let url = alertWebhook ?? env["STRATA_ALERT_WEBHOOK"] {
            let allow = (alertWebhookAllow ?? env["STRATA_ALERT_WEBHOOK_ALLOW"] ?? "").split(separator: ",").map(String.init)
            configuration.alertWebhook = ChannelSettings.HTTPSettings(url: url, allow: allow)
        }
        if let text = dashboardAsOf {
            guard let instant = AsOf.parse(text, timeZone: try store.workspace().timeZone) else {
                throw ValidationError("--dashboard-as-of must be an ISO 8601 time or a date, got \(text).")
            }
            configuration.dashboardAsOf = instant
        }
        return configuration
    }
}
