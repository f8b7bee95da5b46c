import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StrataServer
import StrataStore

/// `strata serve`: runs the ingestion and admin API until SIGTERM / SIGINT, then finishes the
/// requests in flight and stops.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Strata server.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration(store: store)
        let database = try store.open()
        try await Self.serve(configuration: configuration, database: database, banner: nil)
    }

    /// Runs the application, printing where it listens once the socket is bound.
    static func serve(configuration: StrataConfiguration, database: AppDatabase, banner: (@Sendable (Int) -> String)?)
        async throws
    {
        var logger = Logger(label: "strata")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let app = try buildApplication(configuration: configuration, database: database, logger: logger) { port in
            Console.line("Strata listening on http://\(configuration.host):\(port) (data: \(configuration.dataDirectory))")
            if let banner { Console.line(banner(port)) }
        }
        try await app.runService()
    }
}
