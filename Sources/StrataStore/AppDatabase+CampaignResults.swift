import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Reads what the store holds of a campaign's sends in one read transaction: members by
    /// outcome, messages by status, engagements, reached and holdout users.
    public func campaignRecords(_ name: String) throws -> CampaignRecords {
        try writer.read { db in
            var records = CampaignRecords()
            for row in try Row.fetchAll(db, sql: """
                SELECT variant, outcome, reason, count(*) AS n FROM campaign_members WHERE campaign = ?
                GROUP BY variant, outcome, reason
                """, arguments: [name]) {
                guard let outcome = CampaignRecords.MemberOutcome(rawValue: row["outcome"]) else { continue }
                records.members.append(.init(variant: row["variant"], outcome: outcome, reason: row["reason"], count: row["n"]))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT variant, channel, status, substr(reason, 1, 80) AS reason, count(*) AS n,
                       coalesce(sum(cost_minor), 0) AS cost
                FROM outbox WHERE campaign = ? GROUP BY variant, channel, status, substr(reason, 1, 80)
                """, arguments: [name]) {
                // The table's CHECK constraint admits only the statuses the enum names.
                guard let status = CampaignRecords.MessageStatus(rawValue: row["status"]) else { continue }
                records.messages.append(.init(variant: row["variant"], channel: row["channel"], status: status,
                                              reason: row["reason"], count: row["n"], costMinor: row["cost"]))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT o.variant, m.kind, count(*) AS n FROM message_events m JOIN outbox o ON o.key = m.key
                WHERE o.campaign = ? GROUP BY o.variant, m.kind
                """, arguments: [name]) {
                guard let kind = CampaignRecords.EngagementKind(rawValue: row["kind"]) else { continue }
                records.engagements.append(.init(variant: row["variant"], kind: kind, count: row["n"]))
            }
            let reached = try Row.fetchCursor(db, sql: """
                SELECT uid, variant, channel, sent_at FROM outbox WHERE campaign = ? AND status = 'sent'
                """, arguments: [name])
            while let row = try reached.next() {
                records.reached.append(.init(uid: row[0], variant: row[1], channel: row[2], at: row[3]))
            }
            let holdout = try Row.fetchCursor(db, sql: """
                SELECT uid, planned_at FROM campaign_members WHERE campaign = ? AND outcome = 'holdout'
                """, arguments: [name])
            while let row = try holdout.next() { records.holdout.append((row[0], row[1])) }
            return records
        }
    }
}

extension AppDatabase {
    /// The review texts the team wrote for a campaign (经验总结, 后续计划), if any.
    public func campaignReviewTexts(_ name: String) throws -> (lessons: String?, nextSteps: String?) {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT lessons, next_steps FROM campaign_reviews WHERE campaign = ?",
                                             arguments: [name]) else { return (nil, nil) }
            return (row["lessons"], row["next_steps"])
        }
    }

    /// Saves the review texts (`nil` leaves a text as it is; an empty text goes back to the
    /// seeded findings).
    public func saveCampaignReviewTexts(_ name: String, lessons: String?, nextSteps: String?) throws {
        try writer.write { db in
            _ = try Self.storedCampaign(db, name)
            try db.execute(sql: """
                INSERT INTO campaign_reviews (campaign, lessons, next_steps, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (campaign) DO UPDATE SET lessons = coalesce(?2, lessons), next_steps = coalesce(?3, next_steps),
                    updated_at = ?4
                """, arguments: [name, lessons, nextSteps, clock.now()])
        }
    }
}

extension AppDatabase {
    /// A campaign's sends, failures and cost per hour since an instant (hours since 1970).
    public func campaignHours(_ name: String, since: Int64) throws -> [Int64: CampaignMonitor.Hour] {
        try writer.read { db in
            var hours: [Int64: CampaignMonitor.Hour] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT coalesce(sent_at, next_attempt_at) / 3600000 AS hour, status, count(*) AS n,
                       coalesce(sum(cost_minor), 0) AS cost
                FROM outbox WHERE campaign = ? AND status IN ('sent', 'failed') AND coalesce(sent_at, next_attempt_at) >= ?
                GROUP BY hour, status
                """, arguments: [name, since]) {
                let hour: Int64 = row["hour"]
                var entry = hours[hour] ?? CampaignMonitor.Hour(hour: hour)
                if (row["status"] as String) == "sent" {
                    entry.sent += row["n"] as Int
                    entry.costMinor += row["cost"] as Int64
                } else {
                    entry.failed += row["n"] as Int
                }
                hours[hour] = entry
            }
            return hours
        }
    }

    /// Stores alerts, once per campaign, kind and hour.
    ///
    /// - Returns: the alerts that were new.
    public func saveAlerts(_ alerts: [CampaignMonitor.Alert], campaign: String) throws -> [CampaignMonitor.Alert] {
        let now = clock.now()
        return try writer.write { db in
            var fresh: [CampaignMonitor.Alert] = []
            for alert in alerts {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO campaign_alerts (campaign, kind, hour, message, value, expected_low, expected_high,
                        created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [campaign, alert.kind.rawValue, alert.hour, alert.message, alert.value, alert.expectedLow,
                                     alert.expectedHigh, now])
                if db.changesCount > 0 { fresh.append(alert) }
            }
            return fresh
        }
    }

    /// Alerts, newest first, of one campaign or all.
    public func campaignAlerts(campaign: String? = nil, limit: Int = 100) throws
        -> [(campaign: String, alert: CampaignMonitor.Alert, createdAt: Int64)]
    {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM campaign_alerts WHERE ?1 IS NULL OR campaign = ?1 ORDER BY id DESC LIMIT ?2
                """, arguments: [campaign, limit]).compactMap { row in
                guard let kind = CampaignMonitor.Alert.Kind(rawValue: row["kind"]) else { return nil }
                return (row["campaign"], CampaignMonitor.Alert(
                    kind: kind, hour: row["hour"], message: row["message"], value: row["value"],
                    expectedLow: row["expected_low"], expectedHigh: row["expected_high"]), row["created_at"])
            }
        }
    }
}

extension AppDatabase {
    /// Users a campaign reached (its sent messages), each once.
    public func reachedUsers(campaign: String) throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT DISTINCT uid FROM outbox WHERE campaign = ? AND status = 'sent'",
                               arguments: [campaign])
        }
    }

    /// Freezes a winners list as the published one, replacing an earlier publication.
    public func publishWinners(_ list: WinnersList, campaign: String) throws -> Int64 {
        let now = clock.now()
        try writer.write { db in
            _ = try Self.storedCampaign(db, campaign)
            try db.execute(sql: "DELETE FROM campaign_winners WHERE campaign = ?", arguments: [campaign])
            for w in list.winners {
                try db.execute(sql: """
                    INSERT INTO campaign_winners (campaign, rank, uid, masked_id, score, reached_at, published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [campaign, w.rank, w.uid, w.maskedId, w.score, w.reachedAt, now])
            }
        }
        return now
    }

    /// The published winners list and when it was published, or `nil` if none was.
    public func publishedWinners(campaign: String) throws -> (list: WinnersList, publishedAt: Int64)? {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM campaign_winners WHERE campaign = ? ORDER BY rank",
                                        arguments: [campaign])
            guard let first = rows.first else { return nil }
            return (WinnersList(winners: rows.map {
                WinnersList.Winner(rank: $0["rank"], uid: $0["uid"], maskedId: $0["masked_id"], score: $0["score"],
                                   reachedAt: $0["reached_at"])
            }), first["published_at"])
        }
    }
}
