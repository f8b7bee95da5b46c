import Foundation
import Logging
import StrataCore
import StrataStore
import Synchronization

/// Checks API keys against the configured keys and the stored ones, in memory.
///
/// Stored keys are read at start and re-read (at most once a second) when an unknown key is
/// presented, so a key made with `strata keys create` works on a running server.
public final class KeyRing: Sendable {
    private struct State {
        var hashes: [APIKey.Kind: Set<String>]
        var lastReload: ContinuousClock.Instant
    }

    private let database: any WorkspaceStore
    private let configured: [APIKey.Kind: Set<String>]
    private let state: Mutex<State>

    /// Loads the stored keys and remembers the configured ones.
    public init(database: any WorkspaceStore, writeKeys: [String], secretKeys: [String]) throws {
        self.database = database
        self.configured = [
            .write: Set(writeKeys.map(APIKeyFormat.hash)),
            .secret: Set(secretKeys.map(APIKeyFormat.hash)),
        ]
        self.state = Mutex(State(hashes: try database.activeKeyHashes(), lastReload: .now))
    }

    /// Whether `key` is an active key of `kind`. A secret key also opens the write API.
    public func accepts(_ key: String, as kind: APIKey.Kind) -> Bool {
        let hash = APIKeyFormat.hash(key)
        let kinds: [APIKey.Kind] = kind == .write ? [.write, .secret] : [.secret]
        if kinds.contains(where: { configured[$0]?.contains(hash) == true }) { return true }
        let (found, stale) = state.withLock { s in
            (kinds.contains(where: { s.hashes[$0]?.contains(hash) == true }),
             ContinuousClock.now - s.lastReload > .seconds(1))
        }
        // A revoked key stops working within a second: a stale set is reloaded even when it
        // still holds the key.
        if !stale { return found }
        guard let fresh = try? database.activeKeyHashes() else { return false }
        state.withLock { $0 = State(hashes: fresh, lastReload: .now) }
        return kinds.contains(where: { fresh[$0]?.contains(hash) == true })
    }

    /// Reads the stored keys again now (after a key is created or revoked here).
    public func reload() {
        guard let fresh = try? database.activeKeyHashes() else { return }
        state.withLock { $0 = State(hashes: fresh, lastReload: .now) }
    }
}
