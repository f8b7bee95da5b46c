import GRDB
import StrataCore

extension AppDatabase {
    /// Applies the workspace's retention policy at `now`: removes events older than the event
    /// period (`batch` rows per transaction, so ingestion never waits long; a crash loses
    /// nothing, the next run finishes), their active days, and quarantined messages older than
    /// the quarantine period, then records the run.
    public func applyRetention(now: Int64, batch: Int = 5_000) throws -> RetentionRun {
        let policy = settings.retention
        var run = RetentionRun(at: now, events: 0, quarantined: 0, eventCutoff: policy.eventCutoff(now: now),
                               quarantineCutoff: policy.quarantineCutoff(now: now))
        if let cutoff = run.eventCutoff {
            while true {
                let removed = try writer.write { db in
                    try db.execute(sql: "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE ts < ? LIMIT ?)",
                                   arguments: [cutoff, batch])
                    let removed = db.changesCount
                    try db.execute(sql: "UPDATE counters SET value = MAX(0, value - ?) WHERE name = 'events'", arguments: [removed])
                    return removed
                }
                run.events += removed
                if removed < batch { break }
            }
            // Days wholly before the cutoff are no longer anyone's active days.
            let firstKeptDay = settings.dayNumber(cutoff)
            try writer.write { db in try db.execute(sql: "DELETE FROM user_days WHERE day < ?", arguments: [firstKeptDay]) }
        }
        let recorded = run
        try writer.write { db in
            if let cutoff = recorded.quarantineCutoff {
                try db.execute(sql: "DELETE FROM quarantine WHERE received_at < ?", arguments: [cutoff])
                run.quarantined = db.changesCount
                try db.execute(sql: "UPDATE counters SET value = MAX(0, value - ?) WHERE name = 'quarantined'",
                               arguments: [run.quarantined])
            }
            try db.execute(sql: """
                INSERT INTO retention_runs (at, event_cutoff, quarantine_cutoff, events, quarantined) VALUES (?, ?, ?, ?, ?)
                """, arguments: [now, recorded.eventCutoff, recorded.quarantineCutoff, recorded.events, run.quarantined])
        }
        return run
    }

    /// The latest application of the retention policy, if any.
    public func lastRetentionRun() throws -> RetentionRun? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM retention_runs ORDER BY id DESC LIMIT 1").map { row in
                RetentionRun(at: row["at"], events: row["events"], quarantined: row["quarantined"],
                             eventCutoff: row["event_cutoff"], quarantineCutoff: row["quarantine_cutoff"])
            }
        }
    }

    /// The latest erasure jobs, newest first.
    public func recentErasures(limit: Int) throws -> [ErasureJob] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT job FROM erasures ORDER BY seq DESC LIMIT ?", arguments: [limit])
                .compactMap { try Self.erasureJob(db, $0) }
        }
    }
}
