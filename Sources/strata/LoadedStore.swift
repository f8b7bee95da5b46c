import ArgumentParser
import Foundation
import Logging
import StrataApp
import StrataCore

/// The application layer opened on a data directory (store, index, campaign service), for
/// commands that work on the store without a running server.
struct LoadedStore {
    /// The use cases.
    let app: AppServices

    init(_ options: StoreOptions) throws {
        app = try options.services()
    }

    /// Builds the index now (it is otherwise built on the first question) and returns how long it took, in ms.
    func buildIndex() async throws -> Double {
        let start = Date()
        try await app.index.refresh()
        return (Date().timeIntervalSince(start) * 1000).rounded()
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

    /// An `--as-of` value (a date means the end of that day in the workspace time zone), or `nil` for now.
    static func instant(_ text: String?, _ settings: WorkspaceSettings) throws -> Int64? {
        guard let text else { return nil }
        guard let t = AsOf.parse(text, timeZone: settings.timeZone) else { throw ValidationError("--as-of must be a date or ISO time.") }
        return t
    }
}
