import ArgumentParser
import Foundation
import Logging
import StrataApp
import StrataCore

/// The application layer opened on a data directory (store, index, campaign service), for
/// commands that answer segment, tag and model questions without a running server.
struct LoadedStore {
    /// The use cases.
    let app: AppServices
    /// How long opening the store and building the index took (ms).
    let buildMilliseconds: Double

    init(_ options: StoreOptions) throws {
        let start = Date()
        app = try options.services()
        buildMilliseconds = (Date().timeIntervalSince(start) * 1000).rounded()
    }

    /// Runs `body`, turning a `StrataError` into a usage error that prints its message.
    static func usage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StrataError {
            throw ValidationError(error.message)
        }
    }

    /// Runs async `body`, turning a `StrataError` into a usage error that prints its message.
    static func usage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StrataError {
            throw ValidationError(error.message)
        }
    }

    /// An `--as-of` value, or `nil` for now.
    static func instant(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let t = Timestamp.parseAsOf(text) else { throw ValidationError("--as-of must be a date or ISO time.") }
        return t
    }
}
