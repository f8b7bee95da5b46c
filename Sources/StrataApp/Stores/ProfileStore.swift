import StrataCore

/// What the product needs from storage for one aggregate. Profiles and the ids bound to them.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol ProfileStore: Sendable {

    /// The profile an external id (known or anonymous) belongs to, or `nil`.
    func profile(externalId: String) throws -> UserProfile?

    /// The profile with a dense id, or `nil`.
    func profile(uid: Int64) throws -> UserProfile?

    /// The profiles of several ids (up to a few thousand per call), in the order given; ids
    /// without a profile are left out.
    func profiles(uids: [Int64]) throws -> [UserProfile]

    /// Profiles matching a query, in `uid` order.
    func users(_ query: UserQuery) throws -> [UserProfile]

    /// The profile ids of external ids (known or anonymous), in order.
    ///
    /// - Throws: `StrataError.invalidField` naming up to five ids that match no profile, so a
    ///   bulk change that cannot be applied whole is not applied at all.
    func uids(forExternalIds ids: [String]) throws -> [Int64]

    /// A person's consent records (of their profiles and their addresses), newest first.
    func consentRecords(uids: [Int64], addresses: [String], limit: Int) throws -> [ConsentRecord]

    // MARK: - Erasure

    /// Starts erasing the person a dense id belongs to (see `AppDatabase.requestErasure`); the
    /// same job again when their erasure was already requested.
    func requestErasure(uid: Int64, mode: ErasureJob.Mode, requestedBy: String) throws -> (job: ErasureJob, created: Bool)

    /// The erasure of the person an external id belonged to, found by its digest, or `nil`.
    func erasure(ofExternalId id: String) throws -> ErasureJob?

    /// An erasure job by id, or `nil`.
    func erasureJob(_ id: String) throws -> ErasureJob?

    /// The latest erasure jobs, newest first.
    func recentErasures(limit: Int) throws -> [ErasureJob]

    /// Erasure jobs not finished yet, oldest first.
    func runningErasures() throws -> [ErasureJob]

    /// Takes one step of an erasure job, in one transaction; returns the job after it.
    func continueErasure(_ id: String, batch: Int) throws -> ErasureJob

    /// The profile ids of erasures requested after a position, and the last position.
    func erasedProfiles(after seq: Int64) throws -> (seq: Int64, uids: [Int64])

    /// Clears the write-ahead log (checkpoint with truncation), so removed bytes leave the disk.
    func truncateWriteAheadLog() throws
}
