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
}
