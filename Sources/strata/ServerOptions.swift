import ArgumentParser
import Foundation
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

    @Option(name: .customLong("rate-limit"), help: "Requests per second allowed per key on ingestion (default: off).")
    var rateLimit: Double?

    @Option(name: .customLong("rate-burst"), help: "Requests a key may burst above the rate.")
    var rateBurst: Double = 50

    /// The server configuration, environment applied.
    func configuration(store: StoreOptions) throws -> StrataConfiguration {
        let env = ProcessInfo.processInfo.environment
        let port = try self.port ?? env["STRATA_PORT"].map { text in
            guard let value = Int(text) else { throw ValidationError("STRATA_PORT must be a number, got \(text).") }
            return value
        } ?? 8080
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        if let rateLimit, rateLimit <= 0 { throw ValidationError("--rate-limit must be positive.") }
        return StrataConfiguration(
            host: host, port: port, dataDirectory: store.resolvedDataDirectory,
            writeKeys: writeKeys + (env["STRATA_WRITE_KEY"].map { [$0] } ?? []),
            secretKeys: secretKeys + (env["STRATA_SECRET_KEY"].map { [$0] } ?? []),
            rateLimitPerSecond: rateLimit, rateLimitBurst: rateBurst,
            workspace: try store.workspace())
    }
}
