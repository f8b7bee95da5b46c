import Foundation
import StrataCore
import StrataStore

/// The segment use cases, written once for the API, the dashboard and the CLI: preview an
/// unsaved rule, save (or replace) a named segment, list, show, export, history and delete.
public struct SegmentUseCases: Sendable {
    let app: AppServices
    /// Who is asking: what the answers show of personal data follows their role.
    let principal: Principal

    /// How personal data is shown to the principal.
    var disclosure: Disclosure { principal.disclosure(app.settings.masking) }

    /// A rule evaluated at one instant: its members and the first few profiles.
    public struct Evaluation: Sendable {
        /// The rule that was evaluated.
        public var rule: SegmentRule
        /// The instant it was evaluated at.
        public var asOf: Int64
        /// Every member (profile ids as the index has them).
        public var users: UserSet
        /// The first members' profiles, at most the sample size asked for.
        public var sample: [UserProfile]
        /// How many users matched.
        public var size: Int { users.count }
    }

    /// Largest sample a preview returns.
    public static let maxSample = 100

    /// Evaluates a rule that is not saved, after checking its events, traits, segments and tags
    /// exist, and returns its size with a sample of `sample` (0…100) profiles.
    public func preview(_ rule: SegmentRule, asOf: Int64? = nil, sample: Int = 10) async throws -> Evaluation {
        guard (0...Self.maxSample).contains(sample) else {
            throw StrataError(.invalidParameter, "sample must be a whole number from 0 to \(Self.maxSample).",
                              field: "sample")
        }
        let instant = asOf ?? app.clock.now()
        let users = try await app.index.evaluate(rule, asOf: instant)
        return Evaluation(rule: rule, asOf: instant, users: users, sample: try profiles(users, limit: sample))
    }

    /// Saves (or replaces) a named segment after checking its name and rule (unknown names,
    /// operators, cycles through other segments); returns it with its size now.
    ///
    /// - Parameter owner: who looks after it; `nil` keeps the stored segment's owner, else
    ///   `defaultOwner`.
    public func save(name: String, description: String, owner: String?, defaultOwner: String = "",
                     rule: SegmentRule) async throws -> (segment: SavedSegment, size: Int) {
        try SavedSegment.validate(name: name)
        try await app.index.validate(rule, savingAs: name)
        let keptOwner = try owner ?? app.database.segment(named: name)?.owner ?? defaultOwner
        let segment = try app.database.saveSegment(SavedSegment(name: name, description: description, owner: keptOwner,
                                                                rule: rule))
        let size = try await app.index.evaluate(segment.rule, asOf: app.clock.now()).count
        return (segment, size)
    }

    /// The saved segments with their sizes at an instant (now by default).
    public func list(asOf: Int64? = nil) async throws -> [(segment: SavedSegment, size: Int)] {
        let segments = try app.database.segments()
        let sizes = try await app.index.sizes(of: segments, asOf: asOf ?? app.clock.now())
        return Array(zip(segments, sizes))
    }

    /// The saved segments without sizes (for pickers).
    public func names() throws -> [String] {
        try app.database.segments().map(\.name)
    }

    /// A saved segment.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func named(_ name: String) throws -> SavedSegment {
        guard let segment = try app.database.segment(named: name) else {
            throw StrataError(.notFound, "No segment named \"\(name)\".", field: "name")
        }
        return segment
    }

    /// A saved segment, if there is one of that name.
    public func find(_ name: String) throws -> SavedSegment? {
        try app.database.segment(named: name)
    }

    /// A saved segment evaluated at an instant (now by default), with a sample of its members.
    public func show(_ name: String, asOf: Int64? = nil, sample: Int = 10) async throws
        -> (segment: SavedSegment, evaluation: Evaluation)
    {
        let segment = try named(name)
        let instant = asOf ?? app.clock.now()
        let users = try await app.index.evaluate(segment.rule, asOf: instant)
        return (segment, Evaluation(rule: segment.rule, asOf: instant, users: users,
                                    sample: try profiles(users, limit: sample)))
    }

    /// A saved segment's members at an instant (now by default).
    public func members(_ name: String, asOf: Int64? = nil) async throws -> (segment: SavedSegment, users: UserSet) {
        let segment = try named(name)
        return (segment, try await app.index.evaluate(segment.rule, asOf: asOf ?? app.clock.now()))
    }

    /// The segment's size per day from the daily snapshots, between two days (inclusive) if given.
    public func history(_ name: String, from: String? = nil, to: String? = nil) throws
        -> (segment: SavedSegment, sizes: [LayerSize])
    {
        let segment = try named(name)
        return (segment, try app.database.snapshotSizes(.segment, name: segment.name, from: from, to: to))
    }

    /// Deletes a segment unless other segments or rule tags depend on it.
    ///
    /// - Throws: `StrataError.conflict` naming the segments and tags that use it.
    public func delete(_ name: String) async throws {
        let (segments, tags) = try await app.index.directory().dependents(of: name)
        guard segments.isEmpty && tags.isEmpty else {
            let users = segments.map { "segment \"\($0)\"" } + tags.map { "tag \"\($0)\"" }
            throw StrataError(.conflict, "Segment \"\(name)\" is used by \(users.joined(separator: ", ")); "
                + "change or delete those first.", field: "name")
        }
        try app.database.deleteSegment(named: name)
    }

    /// The profiles of a set's first `limit` members.
    func profiles(_ users: UserSet, limit: Int) throws -> [UserProfile] {
        try app.database.profiles(uids: users.prefix(limit).map(Int64.init)).map { $0.masked(by: disclosure) }
    }
}
