import StrataCore
import Synchronization

/// Identities and profile attributes remembered across write transactions, so the write path
/// does not read back from SQLite what it wrote a moment ago.
///
/// Only the writer touches it, inside its transactions; a transaction's changes are applied
/// when (and only if) it commits, through GRDB's commit hook, so the cache never holds what
/// the database does not. Bounded: past `maxProfiles` it starts over empty.
final class WriteCache: Sendable {
    /// What a committed transaction changed.
    struct Changes {
        var bindings: [IdentityBinding: Int64] = [:]
        var profiles: [Int64: CachedProfile] = [:]
        var merged: [Int64: Int64] = [:]
    }

    /// A profile's known user id and behaviour attributes.
    struct CachedProfile {
        var userId: String?
        var computed: ComputedAttributes
    }

    private struct State {
        var dataVersion: Int?
        var uids: [IdentityBinding: Int64] = [:]
        var profiles: [Int64: CachedProfile] = [:]
        var merged: [Int64: Int64] = [:]
    }

    private let state = Mutex(State())
    private let maxProfiles: Int

    /// Creates an empty cache holding at most `maxProfiles` profiles.
    init(maxProfiles: Int = 2_000_000) {
        self.maxProfiles = maxProfiles
    }

    /// The profile an id is bound to, following merges.
    func uid(for binding: IdentityBinding) -> Int64? {
        state.withLock { s in
            guard var uid = s.uids[binding] else { return nil }
            while let target = s.merged[uid] { uid = target }
            return uid
        }
    }

    /// The cached attributes of a profile.
    func profile(_ uid: Int64) -> CachedProfile? {
        state.withLock { $0.profiles[uid] }
    }

    /// Applies a committed transaction's changes.
    func apply(_ changes: Changes) {
        state.withLock { s in
            if s.profiles.count + changes.profiles.count > maxProfiles { s = State() }
            s.uids.merge(changes.bindings) { $1 }
            s.profiles.merge(changes.profiles) { $1 }
            for (source, target) in changes.merged {
                s.merged[source] = target
                s.profiles[source] = nil
            }
        }
    }

    /// Forgets everything when another connection (another process, say `strata import` next to
    /// the server) has committed since this cache last looked: SQLite's `data_version` moves
    /// only for other connections' commits.
    func validate(dataVersion: Int) {
        state.withLock { s in
            if s.dataVersion != dataVersion { s = State(dataVersion: dataVersion) }
        }
    }

    /// Forgets everything (after a failed commit, to be safe).
    func clear() {
        state.withLock { $0 = State() }
    }
}
