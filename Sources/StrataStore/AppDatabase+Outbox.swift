import Crypto
import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Stores a plan in one transaction: a member row per holdout or skipped user (with the
    /// reason) and an outbox row per message. Keys already stored are left as
    /// they are, so planning the same occurrence again queues nothing twice.
    ///
    /// - Returns: messages newly queued.
    @discardableResult
    public func enqueue(_ plan: CampaignPlan, campaign: String, priority: Int, now: Int64) throws -> Int {
        try writer.write { db in
            let member = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO campaign_members (campaign, occurrence, uid, variant, outcome, reason, planned_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for uid in plan.holdout {
                try member.execute(arguments: [campaign, plan.occurrence, uid, "", "holdout", nil, now])
            }
            for s in plan.skipped {
                try member.execute(arguments: [campaign, plan.occurrence, s.uid, s.variant, "skipped", s.reason.rawValue, now])
            }
            let message = try FastStatement(db, sql: """
                INSERT OR IGNORE INTO outbox (key, campaign, occurrence, uid, variant, channel, address, send_at, priority,
                    cost_minor, status, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                """)
            var queued = 0
            // A queued user's membership is their outbox row.
            for m in plan.messages {
                try message.execute { b in
                    b.bind(1, m.key)
                    b.bind(2, campaign)
                    b.bind(3, plan.occurrence)
                    b.bind(4, m.uid)
                    b.bind(5, m.variant)
                    b.bind(6, m.channel.rawValue)
                    b.bind(7, m.address)
                    b.bind(8, m.sendAt)
                    b.bind(9, priority)
                    b.bind(10, m.costMinor)
                    b.bind(11, m.sendAt)
                    b.bind(12, now)
                }
                queued += db.changesCount
            }
            try db.execute(sql: """
                INSERT INTO campaign_occurrences (campaign, occurrence, planned_at, targeted, queued) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (campaign, occurrence) DO UPDATE SET targeted = targeted + excluded.targeted,
                    queued = queued + excluded.queued
                """, arguments: [campaign, plan.occurrence, now, plan.targeted, queued])
            return queued
        }
    }

    /// Whether an occurrence of a campaign was planned.
    public func isPlanned(campaign: String, occurrence: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM campaign_occurrences WHERE campaign = ? AND occurrence = ?",
                              arguments: [campaign, occurrence]) == true
        }
    }

    /// What a campaign has spent or committed: the cost of its messages not failed or skipped.
    public func campaignSpentMinor(_ campaign: String) throws -> Int64 {
        try writer.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT coalesce(sum(cost_minor), 0) FROM outbox WHERE campaign = ? AND status IN ('pending', 'sending', 'sent')
                """, arguments: [campaign]) ?? 0
        }
    }

    /// Messages of a campaign queued or sent per workspace day of their send time.
    public func campaignMessagesPerDay(_ campaign: String) throws -> [Int: Int] {
        let settings = self.settings
        return try writer.read { db in
            var result: [Int: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT send_at FROM outbox WHERE campaign = ? AND status IN ('pending', 'sending', 'sent')
                """, arguments: [campaign])
            while let row = try rows.next() { result[settings.dayNumber(row[0]), default: 0] += 1 }
            return result
        }
    }

    /// Messages each user got (or is being sent) since an instant, over all campaigns: what the
    /// frequency caps count.
    public func sendHistory(since: Int64) throws -> [Int64: [(at: Int64, channel: ChannelKind)]] {
        try writer.read { db in
            var result: [Int64: [(at: Int64, channel: ChannelKind)]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT uid, sent_at, channel FROM outbox WHERE status IN ('sent', 'sending') AND sent_at >= ?
                """, arguments: [since])
            while let row = try rows.next() {
                if let channel = ChannelKind(rawValue: row[2]) { result[row[0], default: []].append((row[1], channel)) }
            }
            return result
        }
    }

    /// Times a campaign reached (or will reach) each user: its queued, sending and sent messages.
    public func participations(campaign: String) throws -> [Int64: Int] {
        try writer.read { db in
            var result: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT uid, count(*) FROM outbox WHERE campaign = ? AND status IN ('pending', 'sending', 'sent') GROUP BY uid
                """, arguments: [campaign])
            while let row = try rows.next() { result[row[0]] = row[1] }
            return result
        }
    }

    // MARK: - Suppressions

    /// The address `uid:N` stands for a user on channels without addresses, and in all-channel suppressions.
    public static func userAddress(_ uid: Int64) -> String { Suppression.userAddress(uid) }

    /// Suppresses an address on a channel (`nil`: every channel, then `address` is `uid:N`) —
    /// an unsubscribe, a complaint, a hard bounce. Takes effect for every later send.
    public func suppress(channel: ChannelKind?, address: String, reason: String, source: ConsentRecord.Source,
                         reference: String) throws {
        try suppress([(channel, address, reason)], source: source, reference: reference)
    }

    /// All suppressions, as `channel|address` (`*|uid:N` for a user on every channel).
    public func suppressions() throws -> Set<String> {
        try writer.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT channel, address FROM suppressions").map { row in
                "\(row[0] as String)|\(row[1] as String)"
            })
        }
    }

    /// Whether a recipient's address on a channel (or the user on every channel) is suppressed.
    public static func isSuppressed(_ suppressions: Set<String>, uid: Int64, channel: ChannelKind, address: String) -> Bool {
        Suppression.isSuppressed(suppressions, uid: uid, channel: channel, address: address)
    }

    // MARK: - Dispatch

    /// Claims up to `limit` due messages, highest priority first, checking the send policy
    /// again for each in the same write transaction: a campaign no longer running skips (or,
    /// paused, keeps) its messages, consent and unsubscribes are read afresh, frequency caps
    /// count the messages being sent too (so concurrent campaigns never pass a cap), and quiet
    /// hours defer. Claimed messages are marked `sending`, which counts against caps until
    /// they fail.
    public func claimDueMessages(now: Int64, limit: Int, contact: ContactPolicy, channels: Set<ChannelKind>? = nil)
        throws -> OutboxClaim
    {
        var policy = SendPolicy(contact: contact)
        let capDays = (contact.caps.map(\.days).max() ?? 1)
        let fallbackZone = settings.timeZone
        // An idle dispatcher asks every fraction of a second: answer "nothing due" from a read,
        // without taking the write lock that ingestion needs.
        let due = try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?)",
                              arguments: [now]) ?? false
        }
        guard due else { return OutboxClaim() }
        let erasureKey = try self.erasureKey()
        return try writer.write { db in
            var claim = OutboxClaim()
            var statuses: [String: (CampaignStatus, CampaignRules, Int64?)] = [:]
            let candidates = try Row.fetchAll(db, sql: """
                SELECT id, key, campaign, occurrence, uid, variant, channel, address, attempts FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY priority DESC, next_attempt_at, id LIMIT ?
                """, arguments: [now, limit * 2])
            let skip = try db.cachedStatement(sql: "UPDATE outbox SET status = 'skipped', reason = ? WHERE id = ?")
            let later = try db.cachedStatement(sql: "UPDATE outbox SET next_attempt_at = ? WHERE id = ?")
            let take = try db.cachedStatement(sql: """
                UPDATE outbox SET status = 'sending', attempts = attempts + 1, sent_at = ? WHERE id = ?
                """)
            // The same test as `isSuppressed`, one indexed lookup per message instead of the whole list.
            let suppression = try db.cachedStatement(sql: """
                SELECT 1 FROM suppressions WHERE (channel = ?1 AND address IN (?2, ?3)) OR (channel = '*' AND address = ?3)
                LIMIT 1
                """)
            let erased = Set(try String.fetchAll(db, sql: "SELECT digest FROM erased_ids WHERE digest LIKE 'a:%'"))
            let userStatement = try db.cachedStatement(sql: """
                SELECT user_id, json_extract(traits, ?) AS consent, json_extract(traits, '$.timezone') AS timezone
                FROM users WHERE id = ?
                """)
            let history = try db.cachedStatement(sql: """
                SELECT sent_at, channel FROM outbox WHERE uid = ? AND status IN ('sent', 'sending') AND sent_at >= ?
                """)
            for row in candidates where claim.messages.count < limit {
                let id: Int64 = row["id"], name: String = row["campaign"], uid: Int64 = row["uid"]
                guard let channel = ChannelKind(rawValue: row["channel"]) else { continue }
                if let channels, !channels.contains(channel) { continue }
                if statuses[name] == nil {
                    let stored = try? Self.storedCampaign(db, name)
                    statuses[name] = stored.map { ($0.campaign.status, $0.campaign.rules, $0.campaign.endsAt) }
                        ?? (.cancelled, CampaignRules(), nil)
                }
                let (status, rules, endsAt) = statuses[name]!
                if status == .paused || status == .scheduled { continue }
                if status != .running || (endsAt.map { now > $0 } ?? false) {
                    try skip.execute(arguments: [SkipReason.outsideWindow.rawValue, id])
                    claim.skipped[.outsideWindow, default: 0] += 1
                    continue
                }
                let address: String = row["address"]
                // Only what the policy reads: the channel's consent and the time zone (no full JSON parse).
                let user = try Row.fetchOne(userStatement, arguments: ["$.\(channel.consentTrait)", uid])
                var traits: [String: JSONValue] = [:]
                if let consent = user?["consent"] as DatabaseValue?, !consent.isNull {
                    switch consent.storage {
                    case .int64(let n): traits[channel.consentTrait] = .number(Double(n))
                    case .double(let n): traits[channel.consentTrait] = .number(n)
                    case .string(let text): traits[channel.consentTrait] = .string(text)
                    default: break
                    }
                }
                if let zone = user?["timezone"] as String? { traits["timezone"] = .string(zone) }
                let sent: [(Int64, ChannelKind)] = rules.caps.isEmpty && contact.caps.isEmpty ? []
                    : try Row.fetchAll(history, arguments: [uid, now - Int64(capDays + 1) * 86_400_000])
                        .compactMap { r -> (Int64, ChannelKind)? in ChannelKind(rawValue: r[1]).map { (r[0], $0) } }
                var recipient = Recipient(uid: uid, key: String(uid), traits: traits,
                                          timeZone: Recipient.timeZone(traits: traits, fallback: fallbackZone), sent: sent)
                // The address planned is the one used; consent and unsubscribes are read now.
                if let trait = channel.addressTrait { recipient.traits[trait] = .string(address) }
                if try Bool.fetchOne(suppression, arguments: [channel.rawValue, address.lowercased(), Self.userAddress(uid)]) == true
                    || (!erased.isEmpty && erased.contains(Self.erasureDigest(address: address.lowercased(), key: erasureKey)))
                {
                    recipient.unsubscribed.insert(channel)
                }
                var once = rules
                once.maxParticipationsPerUser = .max
                switch policy.decide(recipient, channels: [channel], rules: once, now: now) {
                case .skip(let reason):
                    try skip.execute(arguments: [reason.rawValue, id])
                    claim.skipped[reason, default: 0] += 1
                case .send(_, _, let at) where at > now:
                    try later.execute(arguments: [at, id])
                    claim.deferred += 1
                case .send:
                    try take.execute(arguments: [now, id])
                    claim.messages.append(OutboxMessage(
                        id: id, key: row["key"], campaign: name, occurrence: row["occurrence"], uid: uid,
                        variant: row["variant"], channel: channel, address: address, attempts: (row["attempts"] as Int) + 1,
                        userId: user?["user_id"]))
                }
            }
            return claim
        }
    }

    /// Records a delivery to the provider.
    public func markSent(_ id: Int64, response: String, at: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'sent', response = ?, sent_at = ?, reason = NULL WHERE id = ?",
                           arguments: [String(response.prefix(2000)), at, id])
        }
    }

    /// Puts a message back to be tried again at `at` after a transient failure (it no longer
    /// counts against caps meanwhile).
    public func markRetry(_ id: Int64, reason: String, at: Int64) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET status = 'pending', next_attempt_at = ?, reason = ?, sent_at = NULL WHERE id = ?
                """, arguments: [at, String(reason.prefix(2000)), id])
        }
    }

    /// Dead-letters a message with the reason (a permanent failure, or too many attempts).
    public func markFailed(_ id: Int64, reason: String) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'failed', reason = ?, sent_at = NULL WHERE id = ?",
                           arguments: [String(reason.prefix(2000)), id])
        }
    }

    /// After a crash: messages left `sending` go back to `pending`, to be sent again with the
    /// same idempotency key (providers and sinks drop the copy if the first attempt arrived).
    @discardableResult
    public func requeueInterruptedSends() throws -> Int {
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'pending', sent_at = NULL WHERE status = 'sending'")
            return db.changesCount
        }
    }

    /// Messages of a campaign per status.
    public func outboxCounts(campaign: String) throws -> [String: Int] {
        try writer.read { db in
            var result: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM outbox WHERE campaign = ? GROUP BY status",
                                        arguments: [campaign]) {
                result[row[0]] = row[1]
            }
            return result
        }
    }
}

extension AppDatabase {
    /// Records how a batch of claimed messages ended, in one transaction.
    public func recordDeliveries(_ outcomes: [(message: OutboxMessage, outcome: DeliveryOutcome)], now: Int64) throws {
        guard !outcomes.isEmpty else { return }
        try writer.write { db in
            let sent = try db.cachedStatement(sql: """
                UPDATE outbox SET status = 'sent', response = ?, sent_at = ?, reason = NULL WHERE id = ?
                """)
            let retry = try db.cachedStatement(sql: """
                UPDATE outbox SET status = 'pending', next_attempt_at = ?, reason = ?, sent_at = NULL WHERE id = ?
                """)
            let failed = try db.cachedStatement(sql: "UPDATE outbox SET status = 'failed', reason = ?, sent_at = NULL WHERE id = ?")
            let suppress = try db.cachedStatement(sql: """
                INSERT INTO suppressions (channel, address, reason, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (channel, address) DO UPDATE SET reason = excluded.reason
                """)
            for (message, outcome) in outcomes {
                switch outcome {
                case .sent(let response):
                    try sent.execute(arguments: [String(response.prefix(2000)), now, message.id])
                case .retry(let reason, let at):
                    try retry.execute(arguments: [at, String(reason.prefix(2000)), message.id])
                case .failed(let reason, let bounce):
                    try failed.execute(arguments: [String(reason.prefix(2000)), message.id])
                    if bounce {
                        let address = message.address.isEmpty ? Self.userAddress(message.uid) : message.address
                        try suppress.execute(arguments: [message.channel.rawValue, address.lowercased(),
                                                         "hard bounce: \(reason.prefix(200))", now])
                        try Self.recordConsent(db, address: address, subject: "suppression:\(message.channel.rawValue)",
                                               value: "on: hard bounce", source: .system, reference: message.key, at: now)
                    }
                }
            }
        }
    }
}

extension AppDatabase {

    /// Records the first engagement of a kind with a message.
    ///
    /// - Returns: the message, when this is the first such engagement (`nil` for a repeat or an
    ///   unknown key).
    public func recordEngagement(key: String, kind: Engagement, at: Int64) throws -> OutboxMessage? {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, key, campaign, occurrence, uid, variant, channel, address, attempts FROM outbox WHERE key = ?
                """, arguments: [key]), let channel = ChannelKind(rawValue: row["channel"]) else { return nil }
            try db.execute(sql: "INSERT OR IGNORE INTO message_events (key, kind, at) VALUES (?, ?, ?)",
                           arguments: [key, kind.rawValue, at])
            guard db.changesCount > 0 else { return nil }
            return OutboxMessage(id: row["id"], key: row["key"], campaign: row["campaign"], occurrence: row["occurrence"],
                                 uid: row["uid"], variant: row["variant"], channel: channel, address: row["address"],
                                 attempts: row["attempts"])
        }
    }

    /// The latest message of a campaign to a user on a channel (for engagement through links
    /// that name the user rather than the message, such as unsubscribe).
    public func latestMessage(campaign: String, uid: Int64, channel: ChannelKind) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: """
                SELECT key FROM outbox WHERE campaign = ? AND uid = ? AND channel = ? ORDER BY id DESC LIMIT 1
                """, arguments: [campaign, uid, channel.rawValue])
        }
    }
}

extension AppDatabase {

    /// Suppressions, newest first, optionally of one channel.
    public func suppressionList(channel: String? = nil, limit: Int = 1000) throws -> [Suppression] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM suppressions WHERE ?1 IS NULL OR channel = ?1 ORDER BY created_at DESC LIMIT ?2
                """, arguments: [channel, limit]).map {
                Suppression(channel: $0["channel"], address: $0["address"], reason: $0["reason"], createdAt: $0["created_at"])
            }
        }
    }

    /// Adds suppressions in one transaction: (channel or `nil` for all, address, reason).
    /// Each is kept as a consent record with its source and reference.
    public func suppress(_ entries: [(channel: ChannelKind?, address: String, reason: String)], source: ConsentRecord.Source,
                         reference: String) throws {
        let now = clock.now()
        try writer.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO suppressions (channel, address, reason, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (channel, address) DO UPDATE SET reason = excluded.reason
                """)
            for entry in entries {
                let channel = entry.channel?.rawValue ?? "*"
                try statement.execute(arguments: [channel, entry.address.lowercased(), entry.reason, now])
                try Self.recordConsent(db, address: entry.address, subject: "suppression:\(channel)",
                                       value: "on: \(entry.reason.prefix(200))", source: source, reference: reference, at: now)
            }
        }
    }

    /// Lifts a suppression.
    ///
    /// - Throws: `StrataError.notFound` when there is none.
    public func unsuppress(channel: String, address: String, source: ConsentRecord.Source, reference: String) throws {
        let now = clock.now()
        let deleted = try writer.write { db in
            try db.execute(sql: "DELETE FROM suppressions WHERE channel = ? AND address = ?",
                           arguments: [channel, address.lowercased()])
            let deleted = db.changesCount
            if deleted > 0 {
                try Self.recordConsent(db, address: address, subject: "suppression:\(channel)", value: "off",
                                       source: source, reference: reference, at: now)
            }
            return deleted
        }
        guard deleted > 0 else {
            throw StrataError(.notFound, "\(address) is not suppressed on \(channel).", field: "address")
        }
    }
}

extension AppDatabase {

    /// The messages sent to a user, newest first (read through the per-user index of sent messages).
    public func receivedMessages(uid: Int64, limit: Int = 50) throws -> [ReceivedMessage] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT campaign, variant, channel, status, sent_at FROM outbox
                WHERE uid = ? AND status IN ('sent', 'sending') ORDER BY sent_at DESC LIMIT ?
                """, arguments: [uid, limit]).map {
                ReceivedMessage(campaign: $0["campaign"], variant: $0["variant"], channel: $0["channel"], status: $0["status"],
                                sentAt: $0["sent_at"])
            }
        }
    }
}
