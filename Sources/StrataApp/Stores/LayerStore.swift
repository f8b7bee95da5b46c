import StrataCore

/// What the product needs from storage for one aggregate. Segments, tags, scoring models and the daily snapshots of their layers.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol LayerStore: Sendable {

    /// Every saved segment, by name.
    func segments() throws -> [SavedSegment]

    /// The saved segment with this name, or `nil`.
    func segment(named name: String) throws -> SavedSegment?

    /// Saves a segment under its name, creating it or replacing its rule, description and owner.
    ///
    /// - Returns: the stored segment with its times.
    func saveSegment(_ segment: SavedSegment) throws -> SavedSegment

    /// Deletes a saved segment.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    func deleteSegment(named name: String) throws

    /// Saves a fixed list of users as a manual tag and a segment of that tag, both named `name`,
    /// in one transaction (a flow cell or funnel drop-off kept for a campaign).
    ///
    /// - Throws: `StrataError.conflict` when a segment or tag of that name exists.
    func saveFixedSegment(name: String, description: String, owner: String, uids: [Int64]) throws -> SavedSegment

    /// Every tag, by name.
    func tags() throws -> [StoredTag]

    /// The tag with this name, or `nil`.
    func tag(named name: String) throws -> StoredTag?

    /// Creates a tag, or changes the description (and for a rule tag, the segment) of one.
    ///
    /// - Throws: `StrataError.conflict` when a manual tag would become a rule tag or back (delete
    ///   it first), `StrataError.invalidField` for a bad name.
    func saveTag(_ tag: UserTag) throws -> StoredTag

    /// Deletes a tag and its memberships.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    func deleteTag(named name: String) throws

    /// Adds or removes profile ids of a manual tag in one transaction.
    ///
    /// - Parameters:
    ///   - replace: when `true`, the tag holds exactly `uids` afterwards.
    /// - Returns: how many memberships changed.
    /// - Throws: `StrataError.notFound` for an unknown tag, `StrataError.conflict` for a rule
    ///   tag (its members follow its segment).
    func changeTagMembers(_ name: String, add uids: [Int64], remove: [Int64], replace: Bool) throws -> Int

    /// The saved segments, tags and scoring models rules can refer to, reading a manual tag's
    /// members only when its revision differs from the cached one.
    func membershipDirectory(cache: TagMemberCache) throws -> (MembershipDirectory, TagMemberCache)

    /// Every saved scoring model, by name.
    func scoringModels() throws -> [ScoringModel]

    /// Saves a scoring model under its name, creating or replacing it.
    func saveScoringModel(_ model: ScoringModel) throws

    /// Deletes a scoring model.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    func deleteScoringModel(named name: String) throws

    /// Sizes per day and layer of one segment or model, oldest first, within optional days.
    func snapshotSizes(_ source: LayerSnapshot.Source, name: String, from: String?, to: String?) throws -> [LayerSize]

    /// The snapshots of one segment or model on one day (every layer), or empty when none was taken.
    func snapshots(_ source: LayerSnapshot.Source, name: String, day: String) throws -> [LayerSnapshot]

    /// Stores snapshots in one transaction, replacing those of the same day, source, name and
    /// layer (taking a day's snapshot again refreshes it).
    func saveSnapshots(_ snapshots: [LayerSnapshot]) throws

    /// The days on which any snapshot was taken, newest first.
    func snapshotDays(limit: Int) throws -> [String]
}

/// The calls with the parameters they usually leave at their defaults.
extension LayerStore {
    /// `changeTagMembers` with its defaults.
    @discardableResult
    func changeTagMembers(_ name: String) throws -> Int {
        try changeTagMembers(name, add: [], remove: [], replace: false)
    }

    /// `membershipDirectory` with its defaults.
    @discardableResult
    func membershipDirectory() throws -> (MembershipDirectory, TagMemberCache) {
        try membershipDirectory(cache: [:])
    }

    /// `snapshotSizes` with its defaults.
    @discardableResult
    func snapshotSizes(_ source: LayerSnapshot.Source, name: String) throws -> [LayerSize] {
        try snapshotSizes(source, name: name, from: nil, to: nil)
    }

    /// `snapshotDays` with its defaults.
    @discardableResult
    func snapshotDays() throws -> [String] {
        try snapshotDays(limit: 400)
    }
}
