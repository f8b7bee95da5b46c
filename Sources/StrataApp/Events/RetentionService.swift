import Logging
import ServiceLifecycle
import StrataCore

/// Applies the workspace's retention policy once a day (and at start when the last run is more
/// than a day old): removes old events from the store and the index, and old quarantined messages.
public struct RetentionService: Service {
    let database: any WorkspaceStore
    let index: IndexService
    let logger: Logger
    /// How often to check whether a day has passed since the last run.
    let interval: Duration

    /// A service over a store and its index.
    public init(database: any WorkspaceStore, index: IndexService, logger: Logger, interval: Duration = .seconds(600)) {
        self.database = database
        self.index = index
        self.logger = logger
        self.interval = interval
    }

    /// Applies the policy now: the store first, then the index, so no report counts what the store no longer holds.
    public func applyNow(batch: Int = 5_000) async throws -> RetentionRun {
        let run = try database.applyRetention(now: database.clock.now(), batch: batch)
        if let cutoff = run.eventCutoff { try await index.dropEvents(before: cutoff) }
        logger.info("Retention applied", metadata: ["events": "\(run.events)", "quarantined": "\(run.quarantined)"])
        return run
    }

    /// Applies the policy when the last run is a day old, until shutdown.
    public func run() async throws {
        guard database.settings.retention.removesAnything else { return }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let last = try database.lastRetentionRun()?.at
                if last.map({ database.clock.now() - $0 >= 86_400_000 }) ?? true { _ = try await applyNow() }
            } catch {
                logger.error("Retention not applied; it is tried again later", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
