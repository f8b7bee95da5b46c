import ArgumentParser
import Foundation
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

    func validate() throws {
        guard (100...200_000).contains(users) else { throw ValidationError("--users must be 100…200000.") }
    }

    func run() async throws {
        let database = try store.open()
        var configuration = try server.configuration(store: store)
        if configuration.writeKeys.isEmpty { configuration.writeKeys = [Self.demoWriteKey] }
        if configuration.secretKeys.isEmpty { configuration.secretKeys = [Self.demoSecretKey] }

        if try database.stats().events == 0 {
            try generate(into: database)
        } else {
            Console.line("Using the demo data already in \(store.resolvedDataDirectory).")
        }
        let stats = try database.stats()
        Console.line("Demo data: \(stats.users) users (\(stats.knownUsers) known), \(stats.events) events.")
        guard !noServe else { return }
        let writeKey = configuration.writeKeys[0]
        let secretKey = configuration.secretKeys[0]
        let host = configuration.host
        try await ServeCommand.serve(configuration: configuration, database: database) { port in
            let base = "http://\(host):\(port)"
            return """

                Write key:  \(writeKey)
                Secret key: \(secretKey)

                Try:
                  curl -s \(base)/api/v1/stats -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/users/user_1 -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users/user_1/events?limit=10' -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users?trait.city=Shanghai&min_purchase_count=2&limit=5' -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/segments/preview -H 'Authorization: Bearer \(secretKey)' \\
                    -d '{"text": "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"}'
                  curl -s \(base)/api/v1/models/rfm -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/models/lifecycle -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/v1/track -u '\(writeKey):' -H 'Content-Type: application/json' \\
                    -d '{"userId":"user_1","event":"view_item","properties":{"category":"books"}}'
                  curl -s \(base)/metrics

                Stop with Ctrl-C.
                """
        }
    }

    private func generate(into database: AppDatabase) throws {
        let end = Int64(Date().timeIntervalSince1970 * 1000)
        let generator = DemoDataGenerator(users: users, days: 90, end: end, seed: seed)
        let decoder = MessageDecoder(makeMessageId: { UUID().uuidString.lowercased() })
        var pending: [JSONValue] = []
        var stored = 0
        func flush() throws {
            let batch = decoder.batch(from: pending, receivedAt: end, source: "demo", fieldName: nil, indexOffset: stored)
            stored += pending.count
            _ = try database.ingestSync(batch)
            pending.removeAll(keepingCapacity: true)
            Console.progress("Generating demo data: \(stored) messages")
        }
        try generator.generate { message in
            pending.append(message)
            if pending.count >= 5_000 { try flush() }
        }
        try flush()
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
