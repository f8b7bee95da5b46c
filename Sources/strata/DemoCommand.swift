import ArgumentParser
import Foundation
import Logging
import StrataApp
import StrataCore
import StrataServer
import StrataStore

/// `strata demo`: creates a data directory with realistic demo data for the last 90 days,
/// prints the keys and what to try, and serves.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create demo data (once) and run the server on it.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @Option(help: "Users to generate (100…200000).") var users: Int = 5_000
    @Option(help: "Random seed of the generated data.") var seed: UInt64 = 2026
    @Flag(help: "Create the data and exit without serving.") var noServe = false

    /// The keys the demo accepts when none are given.
    static let demoWriteKey = "wk_demo_public_write_key"
    static let demoSecretKey = "sk_demo_secret_key"
    /// The dashboard account the demo creates when there is none.
    static let demoEmail = "demo@strata.local"
    static let demoPassword = "strata-demo-2026"

    func validate() throws {
        guard (100...200_000).contains(users) else { throw ValidationError("--users must be 100…200000.") }
    }

    func run() async throws {
        let database = try store.open()
        var logger = Logger(label: "strata")
        logger.logLevel = .warning
        let app = try AppServices(database: database, buildIndex: false, logger: logger)
        var configuration = try server.configuration(store: store)
        // The demo signs in with fixed, published credentials: only this machine may reach it.
        guard ["127.0.0.1", "::1", "localhost"].contains(configuration.host) || noServe else {
            throw ValidationError("strata demo uses fixed demo credentials (its keys and the dashboard password "
                + "\(Self.demoPassword)), so it listens on loopback only, not on \(configuration.host). To serve this data "
                + "to others, run `strata serve --host \(configuration.host)` with keys of your own "
                + "(`strata keys create`) and a staff account (`strata staff create`).")
        }
        if configuration.writeKeys.isEmpty { configuration.writeKeys = [Self.demoWriteKey] }
        if configuration.secretKeys.isEmpty { configuration.secretKeys = [Self.demoSecretKey] }

        if try app.demo.isEmpty() {
            try await app.demo.seed(users: users, seed: seed) { Console.progress($0) }
            FileHandle.standardError.write(Data("\n".utf8))
        } else {
            Console.line("Using the demo data already in \(store.resolvedDataDirectory).")
        }
        try app.demo.ensureAdmin(email: Self.demoEmail, name: "演示管理员 Demo admin", password: Self.demoPassword)
        let stats = try app.events(.cli).stats()
        Console.line("Demo data: \(stats.users) users (\(stats.knownUsers) known), \(stats.events) events.")
        guard !noServe else { return }
        let writeKey = configuration.writeKeys[0]
        let secretKey = configuration.secretKeys[0]
        let host = configuration.host
        let today = app.settings.dayNumber(app.clock.now())
        let monthAgo = WorkspaceSettings.dayText(dayNumber: today - DemoLayering.snapshotDays)
        let yesterday = WorkspaceSettings.dayText(dayNumber: today - 1)
        try await ServeCommand.serve(configuration: configuration, database: database) { port in
            let base = "http://\(host):\(port)"
            return """

                Dashboard:  \(base)/app
                  Email:    \(Self.demoEmail)
                  Password: \(Self.demoPassword)   (admin; add accounts with `strata staff add`)

                Write key:  \(writeKey)
                Secret key: \(secretKey)
                API:        \(base)/api/v1/openapi.json   (OpenAPI 3.1; generate a client from it)

                Try:
                  curl -s \(base)/api/v1/stats -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/users/user_1 -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users/user_1/events?limit=10' -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users?trait.city=Shanghai&min_purchase_count=2&limit=5' -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/segments/preview -H 'Authorization: Bearer \(secretKey)' \\
                    -d '{"text": "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"}'
                  curl -s \(base)/api/v1/models/rfm -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/models/lifecycle -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/segments -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/models/scores/engagement -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/flow/rfm?from=\(monthAgo)&to=\(yesterday)" -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/tags -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/funnel?steps=view_item,add_to_cart,checkout,purchase&window=24h&format=csv' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/trend?event=purchase&measure=sum:revenue&breakdown=trait:city&top=5' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/lift?event=purchase&by=channel,city,gender,vip,revenue' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/channels?format=csv' -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/ltv?from=\(monthAgo)&periods=4' -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/campaigns -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/campaigns/高意向召回/results" -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/campaigns/高意向召回/review?format=markdown" -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/v1/track -u '\(writeKey):' -H 'Content-Type: application/json' \\
                    -d '{"userId":"user_1","event":"view_item","properties":{"category":"books"}}'
                  curl -s \(base)/metrics

                Stop with Ctrl-C.
                """
        }
    }
}
