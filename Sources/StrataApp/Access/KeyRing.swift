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
        var keys: [String: APIKey]
        var lastReload: ContinuousClock.Instant
    }

    private let database: any WorkspaceStore
    /// Keys given on the command line or in the environment, by hash: admin secret keys and
    /// write keys, named by their prefix.
    private let configured: [String: (kind: APIKey.Kind, prefix: String)]
    private let state: Mutex<State>

    /// Loads the stored keys and remembers the configured ones.
    public init(database: any WorkspaceStore, writeKeys: [String], secretKeys: [String]) throws {
        self.database = database
        var configured: [String: (kind: APIKey.Kind, prefix: String)] = [:]
        for key in writeKeys { configured[APIKeyFormat.hash(key)] = (.write, String(key.prefix(10))) }
        for key in secretKeys { configured[APIKeyFormat.hash(key)] = (.secret, String(key.prefix(10))) }
        self.configured = configured
        self.state = Mutex(State(keys: try database.activeKeys(), lastReload: .now))
    }

    /// Whether `key` is an active key of `kind`. A secret key also opens the write API.
    public func accepts(_ key: String, as kind: APIKey.Kind) -> Bool {
        principal(for: key, as: kind) != nil
    }

    /// Who an active key of `kind` acts as: a secret key with its role (keys given on the
    /// command line are admins), a write key as a viewer that may only send events; `nil` for
    /// a key that is unknown, revoked, or of the wrong kind. A secret key also opens the write API.
    public func principal(for key: String, as kind: APIKey.Kind, address: String? = nil) -> Principal? {
        let hash = APIKeyFormat.hash(key)
        func fits(_ found: APIKey.Kind) -> Bool { found == kind || found == .secret }
        if let given = configured[hash], fits(given.kind) {
            return Principal(.key(id: nil, prefix: given.prefix), role: given.kind == .secret ? .admin : .viewer,
                             address: address)
        }
        let (found, stale) = state.withLock { s in (s.keys[hash], ContinuousClock.now - s.lastReload > .seconds(1)) }
        // A revoked key stops working within a second: a stale set is reloaded even when it
        // still holds the key.
        var stored = found
        if stale {
            guard let fresh = try? database.activeKeys() else { return nil }
            state.withLock { $0 = State(keys: fresh, lastReload: .now) }
            stored = fresh[hash]
        }
        guard let stored, fits(stored.kind) else { return nil }
        return Principal(.key(id: stored.id, prefix: stored.prefix), role: stored.role ?? .viewer, address: address)
    }

    /// Reads the stored keys again now (after a key is created or revoked here).
    public func reload() {
        guard let fresh = try? database.activeKeys() else { return }
        state.withLock { $0 = State(keys: fresh, lastReload: .now) }
    }
}
