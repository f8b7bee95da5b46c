import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// The store opened with its index and membership directory built, for commands that answer
/// segment, tag and model questions without a running server.
struct LoadedStore {
    let database: AppDatabase
    let index: UserIndex
    let directory: MembershipDirectory
    /// How long building the index took (ms).
    let buildMilliseconds: Double

    init(_ options: StoreOptions) throws {
        database = try options.open()
        let start = Date()
        (index, _) = try database.loadIndex()
        buildMilliseconds = (Date().timeIntervalSince(start) * 1000).rounded()
        (directory, _) = try database.membershipDirectory()
    }

    /// Evaluates a rule after checking it, with store errors turned into usage errors.
    func evaluate(_ rule: SegmentRule, asOf: Int64) throws -> UserSet {
        try Self.usage {
            try rule.validate(against: directory.catalog(index))
            return try SegmentEvaluator.resolving(directory, index: index, asOf: asOf, settings: database.settings)
                .evaluate(rule)
        }
    }

    /// A user's display id: the known id, else the first anonymous id.
    static func displayId(_ profile: UserProfile) -> String {
        profile.userId ?? profile.anonymousIds.first ?? "#\(profile.uid)"
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

    /// An `--as-of` value, or now.
    static func instant(_ text: String?) throws -> Int64 {
        guard let text else { return Int64(Date().timeIntervalSince1970 * 1000) }
        guard let t = Timestamp.parseAsOf(text) else { throw ValidationError("--as-of must be a date or ISO time.") }
        return t
    }
}
