import Foundation
import StrataApp
import StrataCore
import StrataStore

/// Everything a Strata server needs to start, built from CLI options and environment and
/// passed in; nothing is read from globals.
public struct StrataConfiguration: Sendable {
    /// Address to bind.
    public var host: String
    /// Port to bind (0 picks a free one).
    public var port: Int
    /// Folder of the embedded database.
    public var dataDirectory: String
    /// Write keys accepted in addition to the stored ones (from `--write-key` / `STRATA_WRITE_KEY`).
    public var writeKeys: [String]
    /// Secret keys accepted in addition to the stored ones (from `--secret-key` / `STRATA_SECRET_KEY`).
    public var secretKeys: [String]
    /// Requests per second allowed per key on the ingestion API; `nil` turns the limit off. The
    /// default, 5,000 (10,000 at once), is about what one server stores when every request
    /// carries one message, so it binds only a runaway client.
    public var rateLimitPerSecond: Double?
    /// Requests a key may burst above the steady rate.
    public var rateLimitBurst: Double
    /// Requests per second allowed per client address on every route (twice that at once);
    /// `nil` turns it off. The default, 1,000, is twice what `strata bench ingest` sends from
    /// one address at full speed (4 clients, 100-message batches).
    public var addressRateLimitPerSecond: Double? = 1_000
    /// Ingestion limits.
    public var limits: IngestLimits
    /// Commit durability.
    public var durability: AppDatabase.Durability
    /// Workspace settings (time zone, purchase events).
    public var workspace: WorkspaceSettings
    /// Whether the server takes the daily snapshot of every segment and model layer after
    /// each day ends (tests turn it off to control snapshots themselves).
    public var dailySnapshots: Bool = true
    /// Strata's public base URL, for unsubscribe, open and click links in messages (default:
    /// `http://host:port`).
    public var publicURL: String?
    /// The workspace's contact rules: caps over all campaigns, quiet hours, explicit consent.
    public var contact: ContactPolicy = ContactPolicy()
    /// How the dispatcher sends.
    public var dispatch: DispatchSettings = DispatchSettings()
    /// Where campaign alerts are posted (a JSON `POST`), if anywhere.
    public var alertWebhook: ChannelSettings.HTTPSettings?
    /// Whether a reverse proxy in front of Strata sets `X-Forwarded-For` (`--behind-proxy`):
    /// then sign-in throttling and per-address limits key on the address it reports.
    public var behindProxy: Bool = false
    /// How repeated wrong passwords are slowed (per account and address, per address, overall).
    public var signInThrottle = SignInThrottle.Policy()
    /// Working memory one report may use (`--report-memory-mb`, default 512); a report
    /// estimated above it is refused with a 400 naming the parameter to narrow.
    public var reportBudget = ReportBudget()
    /// How long a dashboard session lasts from its sign-in, however much it is used
    /// (`--session-max-days`, default 7), beside the 12-hour sliding expiry.
    public var sessionMaxAge: Int64 = AppDatabase.sessionMaxAge
    /// Events an erasure removes per transaction (`--erasure-batch`, default 5,000).
    public var erasureBatch = 5_000
    /// Whether the campaign scheduler and the dispatcher run (tests drive them by hand).
    public var campaigns: Bool = true
    /// The dashboard shows reports and layers as of this instant instead of now: for a store of
    /// historical data (an import that ended months ago) and for the dashboard benchmark.
    public var dashboardAsOf: Int64?

    /// The public base URL in effect.
    public var resolvedPublicURL: String { publicURL ?? "http://\(host):\(port)" }

    /// Creates a configuration; the defaults are the demo's (loopback, port 8080, the default limits).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./strata-data",
        writeKeys: [String] = [], secretKeys: [String] = [], rateLimitPerSecond: Double? = 5_000,
        rateLimitBurst: Double = 10_000, limits: IngestLimits = .segment, durability: AppDatabase.Durability = .normal,
        workspace: WorkspaceSettings = WorkspaceSettings()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.writeKeys = writeKeys
        self.secretKeys = secretKeys
        self.rateLimitPerSecond = rateLimitPerSecond
        self.rateLimitBurst = rateLimitBurst
        self.limits = limits
        self.durability = durability
        self.workspace = workspace
    }
}
