import Foundation
import Logging
import ServiceLifecycle
import StrataCore
import StrataStore

/// Takes the daily snapshot of every saved segment and model layer: shortly after each day ends
/// in the workspace time zone (and at start when the last day's is missing), so size history
/// and the flow between layers have a durable record per day.
public struct SnapshotService: Service {
    let index: IndexService
    let database: any WorkspaceStore
    let logger: Logger
    /// How often to check whether a day has ended.
    let interval: Duration

    /// Creates the service.
    public init(index: IndexService, database: any WorkspaceStore, logger: Logger, interval: Duration = .seconds(60)) {
        self.index = index
        self.database = database
        self.logger = logger
        self.interval = interval
    }

    /// Takes yesterday's snapshot when it is missing; returns the day taken, if any.
    @discardableResult
    public func catchUp(now: Int64? = nil) async throws -> String? {
        let now = now ?? database.clock.now()
        let yesterday = WorkspaceSettings.dayText(dayNumber: database.settings.dayNumber(now) - 1)
        guard try !database.snapshotDays(limit: 7).contains(yesterday) else { return nil }
        let count = try await index.takeSnapshots(day: yesterday, now: now)
        logger.info("Daily snapshot taken", metadata: ["day": "\(yesterday)", "layers": "\(count)"])
        return yesterday
    }

    /// Checks every `interval` until shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await catchUp()
            } catch {
                logger.error("Daily snapshot failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
