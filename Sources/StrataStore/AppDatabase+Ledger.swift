import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// Applies one ledger operation in one transaction and returns the transfer it made.
    ///
    /// Exactly once: a transfer id already stored with the same operation returns the stored
    /// transfer and changes nothing; with a different one it is refused. Debits never take a
    /// user's available balance below zero (checked here and by the table's own constraint),
    /// spends take the lots that expire first, and balances, holds and lots move together.
    ///
    /// - Throws: `insufficientBalance` when a spend or hold is larger than what is available,
    ///   `conflict` for a reused id or a hold already completed, voided or timed out, `notFound`
    ///   for an unknown pending or refunded transfer.
    @discardableResult
    public func ledger(_ operation: LedgerOperation, now: Int64? = nil) throws -> Transfer {
        try operation.validate()
        let now = now ?? clock.now()
        // A hold past its timeout is voided first (in its own transaction, which a refusal of the
        // post cannot roll back).
        if case .post(_, let pending, _) = operation {
            try writer.write { db in
                guard let hold = try LedgerWriter.transfer(db, pending), hold.state == .pending,
                      let timeout = hold.timeoutAt, timeout <= now else { return }
                _ = try LedgerWriter(db: db, now: now).apply(.void(id: "timeout:\(pending)", pending: pending,
                                                                   reason: "hold timed out", actor: "system"))
            }
        }
        return try writer.write { db in try LedgerWriter(db: db, now: now).apply(operation) }
    }

    /// Voids the holds whose timeout has passed (at most `limit`); returns how many.
    public func voidOverdueHolds(now: Int64, limit: Int = 1_000) throws -> Int {
        try writer.write { db in
            let writer = LedgerWriter(db: db, now: now)
            let overdue = try String.fetchAll(db, sql: """
                SELECT id FROM ledger_transfers WHERE state = 'pending' AND timeout_at <= ? ORDER BY timeout_at LIMIT ?
                """, arguments: [now, limit])
            for id in overdue {
                try writer.apply(.void(id: "timeout:\(id)", pending: id, reason: "hold timed out", actor: "system"))
            }
            return overdue.count
        }
    }

    /// Expires what is left of the lots due at `now` (at most `limit` lots per call, each in the
    /// same transaction as its transfer to `expiry`); returns the points expired. Idempotent: a
    /// re-run finds nothing left to expire.
    public func expireLots(now: Int64, limit: Int = 1_000) throws -> Int64 {
        try writer.write { db in
            let writer = LedgerWriter(db: db, now: now)
            var expired: Int64 = 0
            for row in try Row.fetchAll(db, sql: """
                SELECT id, remaining FROM ledger_lots WHERE remaining > 0 AND expires_at <= ? ORDER BY expires_at, id LIMIT ?
                """, arguments: [now, limit]) {
                try writer.expire(lot: row[0], amount: row[1])
                expired += row[1]
            }
            return expired
        }
    }

    /// A person's account in a currency, if they have one.
    public func ledgerAccount(uid: Int64, currency: Currency) throws -> LedgerAccount? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ledger_accounts WHERE uid = ? AND currency = ?",
                             arguments: [uid, currency.rawValue]).map(LedgerWriter.account)
        }
    }

    /// Every account: users' and the system's.
    public func ledgerAccounts() throws -> [LedgerAccount] {
        try writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ledger_accounts ORDER BY id").map(LedgerWriter.account) }
    }

    /// A person's lots with points left, in the order spends take them.
    public func ledgerLots(uid: Int64, currency: Currency = .points) throws -> [PointLot] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.* FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account
                WHERE a.uid = ? AND a.currency = ? AND l.remaining > 0
                """, arguments: [uid, currency.rawValue]).map(LedgerWriter.lot).sorted(by: PointLot.spendOrder)
        }
    }

    /// A transfer by id.
    public func ledgerTransfer(_ id: String) throws -> Transfer? {
        try writer.read { db in try LedgerWriter.transfer(db, id) }
    }

    /// A person's transfers in a currency, newest first, before a position (`seq`) when paging.
    public func ledgerHistory(uid: Int64, currency: Currency, before: Int64? = nil, limit: Int = 50) throws
        -> [(seq: Int64, transfer: Transfer)]
    {
        try writer.read { db in
            guard let account = try Int64.fetchOne(db, sql: "SELECT id FROM ledger_accounts WHERE uid = ? AND currency = ?",
                                                   arguments: [uid, currency.rawValue]) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM ledger_transfers WHERE (debit = ?1 OR credit = ?1) AND seq < ?2 ORDER BY seq DESC LIMIT ?3
                """, arguments: [account, before ?? .max, limit]).map { ($0["seq"], LedgerWriter.transfer(from: $0)) }
        }
    }

    /// Transfers written after a position, in order, with the profiles of their two sides (for
    /// checking the ledger from outside, as the simulation does).
    public func ledgerTransfers(after seq: Int64, limit: Int = 100_000) throws
        -> [(seq: Int64, transfer: Transfer, uid: Int64?, creditUid: Int64?)]
    {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.*, d.uid AS debit_uid, c.uid AS credit_uid FROM ledger_transfers t
                JOIN ledger_accounts d ON d.id = t.debit JOIN ledger_accounts c ON c.id = t.credit
                WHERE t.seq > ? ORDER BY t.seq LIMIT ?
                """, arguments: [seq, limit]).map { ($0["seq"], LedgerWriter.transfer(from: $0), $0["debit_uid"], $0["credit_uid"]) }
        }
    }

    /// One account's cached balance and hold, whether it is a person's, and what its lots hold.
    public func ledgerAccountState(_ id: Int64) throws -> (balance: Int64, held: Int64, isUser: Bool, lots: Int64)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT balance, held, uid IS NOT NULL,
                       (SELECT COALESCE(SUM(remaining), 0) FROM ledger_lots WHERE account = ?1 AND remaining > 0)
                FROM ledger_accounts WHERE id = ?1
                """, arguments: [id]).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }

    /// Checks every invariant of the ledger against its entries, and returns what is wrong
    /// (empty when it is sound): each currency's balances sum to zero; each cached balance equals
    /// its posted credits less its posted debits; each hold total equals its pending debits;
    /// no user account is below zero; each user account's lots hold exactly its available
    /// balance; each completed or voided hold has exactly one record of it.
    public func verifyLedger() throws -> [String] {
        try writer.read { db in
            var problems: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT currency, SUM(balance) FROM ledger_accounts GROUP BY currency")
            where (row[1] as Int64) != 0 {
                problems.append("\(row[0] as String): balances sum to \(row[1] as Int64), not 0")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT a.id, a.balance, a.held,
                    COALESCE((SELECT SUM(amount) FROM ledger_transfers WHERE credit = a.id AND state = 'posted'), 0)
                  - COALESCE((SELECT SUM(amount) FROM ledger_transfers WHERE debit = a.id AND state = 'posted'), 0),
                    COALESCE((SELECT SUM(amount) FROM ledger_transfers WHERE debit = a.id AND state = 'pending'), 0),
                    a.uid IS NOT NULL,
                    COALESCE((SELECT SUM(remaining) FROM ledger_lots WHERE account = a.id), 0)
                FROM ledger_accounts a
                """) {
                let id: Int64 = row[0], balance: Int64 = row[1], held: Int64 = row[2], entries: Int64 = row[3]
                let pending: Int64 = row[4], isUser: Bool = row[5], lots: Int64 = row[6]
                if balance != entries { problems.append("account \(id): cached balance \(balance), entries \(entries)") }
                if held != pending { problems.append("account \(id): held \(held), pending debits \(pending)") }
                if isUser && balance - held < 0 { problems.append("account \(id): available \(balance - held) below zero") }
                if isUser && lots != balance - held { problems.append("account \(id): lots hold \(lots), available \(balance - held)") }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT p.id, p.state, (SELECT COUNT(*) FROM ledger_transfers r WHERE r.related = p.id
                    AND r.state = CASE p.state WHEN 'completed' THEN 'posted' ELSE 'released' END)
                FROM ledger_transfers p WHERE p.state IN ('completed', 'voided')
                """) where (row[2] as Int) != 1 {
                problems.append("hold \(row[0] as String) is \(row[1] as String) with \(row[2] as Int) records of it")
            }
            return problems
        }
    }
}

/// The ledger's write path inside one transaction.
struct LedgerWriter {
    let db: Database
    let now: Int64

    func apply(_ operation: LedgerOperation) throws -> Transfer {
        if let stored = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM ledger_transfers WHERE id = ?"), arguments: [operation.id]) {
            guard stored["fingerprint"] == operation.fingerprint else {
                throw StrataError(.conflict, "Transfer id \(operation.id) was already used for another operation; "
                                    + "use a new id for a new transfer.", field: "id")
            }
            return Self.transfer(from: stored)
        }
        switch operation {
        case let .award(id, uid, currency, amount, expiresAt, reason, source, actor):
            let user = try account(uid: uid, currency: currency)
            let issuance = try system(source == .staff ? .adjustment : .issuance, currency)
            let transfer = try record(id: id, debit: issuance, credit: user, amount: amount, currency: currency, state: .posted,
                                      reason: reason, source: source, actor: actor, fingerprint: operation.fingerprint)
            try move(amount, from: issuance, to: user)
            try addLot(account: user, transferId: id, sourceLot: nil, amount: amount, earnedAt: now,
                       expiresAt: currency == .points ? expiresAt : nil)
            return transfer
        case let .spend(id, uid, currency, amount, reason, source, actor):
            let user = try existingAccount(uid: uid, currency: currency, amount: amount)
            let target = try system(source == .staff || source == .system ? .adjustment : .redemption, currency)
            let transfer = try record(id: id, debit: user, credit: target, amount: amount, currency: currency, state: .posted,
                                      reason: reason, source: source, actor: actor, fingerprint: operation.fingerprint)
            try take(amount, from: user, for: id)
            try move(amount, from: user, to: target)
            return transfer
        case let .hold(id, uid, amount, timeoutAt, reason, source, actor):
            let user = try existingAccount(uid: uid, currency: .points, amount: amount)
            let target = try system(.redemption, .points)
            let transfer = try record(id: id, debit: user, credit: target, amount: amount, currency: .points, state: .pending,
                                      reason: reason, source: source, actor: actor, timeoutAt: timeoutAt,
                                      fingerprint: operation.fingerprint)
            try take(amount, from: user, for: id)
            try db.cachedStatement(sql: "UPDATE ledger_accounts SET held = held + ? WHERE id = ?").execute(arguments: [amount, user])
            return transfer
        case let .post(id, pending, actor):
            let hold = try openHold(pending)
            try db.cachedStatement(sql: "UPDATE ledger_transfers SET state = 'completed' WHERE id = ?").execute(arguments: [pending])
            let transfer = try record(id: id, debit: hold.debitAccount, credit: hold.creditAccount, amount: hold.amount,
                                      currency: hold.currency, state: .posted, related: pending, reason: hold.reason,
                                      source: hold.source, actor: actor, fingerprint: operation.fingerprint)
            try db.cachedStatement(sql: "UPDATE ledger_accounts SET held = held - ? WHERE id = ?").execute(arguments: [hold.amount, hold.debitAccount])
            try move(hold.amount, from: hold.debitAccount, to: hold.creditAccount)
            return transfer
        case let .void(id, pending, reason, actor):
            let hold = try openHold(pending)
            try db.cachedStatement(sql: "UPDATE ledger_transfers SET state = 'voided' WHERE id = ?").execute(arguments: [pending])
            let transfer = try record(id: id, debit: hold.debitAccount, credit: hold.creditAccount, amount: hold.amount,
                                      currency: hold.currency, state: .released, related: pending, reason: reason,
                                      source: .system, actor: actor, fingerprint: operation.fingerprint)
            try db.cachedStatement(sql: "UPDATE ledger_accounts SET held = held - ? WHERE id = ?").execute(arguments: [hold.amount, hold.debitAccount])
            // The points go back to the lots they came from; what has expired meanwhile expires now.
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT lot, amount FROM ledger_allocations WHERE transfer_id = ?"),
                                        arguments: [pending]) {
                try db.cachedStatement(sql: "UPDATE ledger_lots SET remaining = remaining + ? WHERE id = ?").execute(arguments: [row[1], row[0]])
                try expireIfDue(lot: row[0])
            }
            return transfer
        case let .refund(id, of, amount, reason, actor):
            return try refund(id: id, of: of, amount: amount, reason: reason, actor: actor, fingerprint: operation.fingerprint)
        }
    }

    /// Returns spent points in new lots that keep the spent lots' earn and expiry times, the
    /// latest-expiring first; points whose lot has expired meanwhile expire at once.
    private func refund(id: String, of: String, amount: Int64, reason: String, actor: String, fingerprint: String) throws
        -> Transfer
    {
        guard let spent = try Self.transfer(db, of), spent.state == .posted,
              try Bool.fetchOne(db.cachedStatement(sql: "SELECT uid IS NOT NULL FROM ledger_accounts WHERE id = ?"), arguments: [spent.debitAccount]) == true
        else {
            throw StrataError(.notFound, "No spend or completed redemption \(of) to refund.", field: "transfer_id")
        }
        let refunded = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(amount), 0) FROM ledger_transfers WHERE related = ? AND state = 'posted' AND credit = ?
            """), arguments: [of, spent.debitAccount]) ?? 0
        guard amount <= spent.amount - refunded else {
            throw StrataError(.conflict, "Only \(spent.amount - refunded) of transfer \(of) is left to refund.", field: "amount")
        }
        let transfer = try record(id: id, debit: spent.creditAccount, credit: spent.debitAccount, amount: amount,
                                  currency: spent.currency, state: .posted, related: of, reason: reason, source: spent.source,
                                  actor: actor, fingerprint: fingerprint)
        try move(amount, from: spent.creditAccount, to: spent.debitAccount)
        // The lots the spend took (a completed hold's allocations are under the hold's id), less what earlier refunds returned.
        let allocationsOf = spent.related ?? of
        let taken = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.*, al.amount AS taken,
                   COALESCE((SELECT SUM(r.amount) FROM ledger_lots r WHERE r.source_lot = l.id
                             AND r.transfer_id IN (SELECT id FROM ledger_transfers WHERE related = ?2 AND state = 'posted')), 0) AS returned
            FROM ledger_allocations al JOIN ledger_lots l ON l.id = al.lot WHERE al.transfer_id = ?1
            """), arguments: [allocationsOf, of]).map { (lot: Self.lot($0), left: ($0["taken"] as Int64) - ($0["returned"] as Int64)) }
        var left = amount
        for (lot, open) in taken.sorted(by: { PointLot.spendOrder($1.lot, $0.lot) }) where left > 0 && open > 0 {
            let piece = min(left, open)
            let restored = try addLot(account: spent.debitAccount, transferId: id, sourceLot: lot.id, amount: piece,
                                      earnedAt: lot.earnedAt, expiresAt: lot.expiresAt)
            try expireIfDue(lot: restored)
            left -= piece
        }
        if left > 0 {
            // A spend made before lots were kept (nothing to follow): a fresh lot that never expires.
            try addLot(account: spent.debitAccount, transferId: id, sourceLot: nil, amount: left, earnedAt: now, expiresAt: nil)
        }
        return transfer
    }

    /// Moves what is left of a lot (up to `amount`) to `expiry`.
    func expire(lot: Int64, amount: Int64) throws {
        guard amount > 0, let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT l.account, l.expirations, a.currency FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account WHERE l.id = ?
            """), arguments: [lot]) else { return }
        let account: Int64 = row[0], expirations: Int = row[1]
        let currency = Currency(rawValue: row[2]) ?? .points
        let target = try system(.expiry, currency)
        let id = "expire:\(lot):\(expirations + 1)"
        _ = try record(id: id, debit: account, credit: target, amount: amount, currency: currency, state: .posted,
                       reason: "expired", source: .system, actor: "system", fingerprint: "expire|\(lot)|\(amount)")
        try db.cachedStatement(sql: "UPDATE ledger_lots SET remaining = remaining - ?, expirations = expirations + 1 WHERE id = ?").execute(arguments: [amount, lot])
        try move(amount, from: account, to: target)
    }

    private func expireIfDue(lot: Int64) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT remaining, expires_at FROM ledger_lots WHERE id = ?"), arguments: [lot]),
              let expiresAt = row[1] as Int64?, expiresAt <= now else { return }
        try expire(lot: lot, amount: row[0])
    }

    // MARK: - Accounts, lots, rows

    private func account(uid: Int64, currency: Currency) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO ledger_accounts (uid, currency) VALUES (?, ?)").execute(arguments: [uid, currency.rawValue])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM ledger_accounts WHERE uid = ? AND currency = ?"),
                                  arguments: [uid, currency.rawValue])!
    }

    /// A user's account that can be debited `amount` now.
    private func existingAccount(uid: Int64, currency: Currency, amount: Int64) throws -> Int64 {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, balance - held FROM ledger_accounts WHERE uid = ? AND currency = ?"),
                                   arguments: [uid, currency.rawValue])
        let available: Int64 = row?[1] ?? 0
        guard let row, available >= amount else {
            throw StrataError(.insufficientBalance, "The available balance is \(available) \(currency.rawValue), less than "
                                + "\(amount); nothing was taken.", field: "amount")
        }
        return row[0]
    }

    private func system(_ account: LedgerAccount.SystemAccount, _ currency: Currency) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO ledger_accounts (system, currency) VALUES (?, ?)").execute(arguments: [account.rawValue, currency.rawValue])
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM ledger_accounts WHERE system = ? AND currency = ?"),
                                  arguments: [account.rawValue, currency.rawValue])!
    }

    private func move(_ amount: Int64, from debit: Int64, to credit: Int64) throws {
        let statement = try db.cachedStatement(sql: "UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?")
        try statement.execute(arguments: [-amount, debit])
        try statement.execute(arguments: [amount, credit])
    }

    /// Takes `amount` from the account's lots, soonest-expiring first, recording what came from where.
    private func take(_ amount: Int64, from account: Int64, for transferId: String) throws {
        let lots = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM ledger_lots WHERE account = ? AND remaining > 0"),
                                    arguments: [account]).map(Self.lot)
        guard let allocation = PointLot.allocate(amount, from: lots) else {
            throw StrataError(.unavailable, "The account's lots hold less than its balance; run strata points verify.")
        }
        let update = try db.cachedStatement(sql: "UPDATE ledger_lots SET remaining = remaining - ? WHERE id = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO ledger_allocations (transfer_id, lot, amount) VALUES (?, ?, ?)")
        for (lot, piece) in allocation {
            try update.execute(arguments: [piece, lot])
            try insert.execute(arguments: [transferId, lot, piece])
        }
    }

    @discardableResult
    private func addLot(account: Int64, transferId: String, sourceLot: Int64?, amount: Int64, earnedAt: Int64,
                        expiresAt: Int64?) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO ledger_lots (account, transfer_id, source_lot, amount, remaining, earned_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [account, transferId, sourceLot, amount, amount, earnedAt, expiresAt])
        return db.lastInsertedRowID
    }

    private func openHold(_ id: String) throws -> Transfer {
        guard let hold = try Self.transfer(db, id) else {
            throw StrataError(.notFound, "No hold \(id).", field: "pending_id")
        }
        guard hold.state == .pending else {
            let timedOut = try Self.transfer(db, "timeout:\(id)") != nil
            throw StrataError(.conflict, timedOut ? "Hold \(id) timed out and was voided; hold the points again."
                                : "Hold \(id) is \(hold.state.rawValue) already; a hold completes or voids once.",
                              field: "pending_id")
        }
        return hold
    }

    private func record(id: String, debit: Int64, credit: Int64, amount: Int64, currency: Currency, state: Transfer.State,
                        related: String? = nil, reason: String, source: Transfer.Source, actor: String,
                        timeoutAt: Int64? = nil, fingerprint: String) throws -> Transfer {
        try db.cachedStatement(sql: """
            INSERT INTO ledger_transfers (id, debit, credit, amount, currency, state, related, reason, source, actor,
                                          created_at, timeout_at, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, debit, credit, amount, currency.rawValue, state.rawValue, related, reason,
                                     source.rawValue, actor, now, timeoutAt, fingerprint])
        return Transfer(id: id, debitAccount: debit, creditAccount: credit, amount: amount, currency: currency, state: state,
                        related: related, reason: reason, source: source, actor: actor, createdAt: now, timeoutAt: timeoutAt)
    }

    static func transfer(_ db: Database, _ id: String) throws -> Transfer? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM ledger_transfers WHERE id = ?"), arguments: [id]).map(transfer(from:))
    }

    static func transfer(from row: Row) -> Transfer {
        Transfer(id: row["id"], debitAccount: row["debit"], creditAccount: row["credit"], amount: row["amount"],
                 currency: Currency(rawValue: row["currency"]) ?? .points, state: Transfer.State(rawValue: row["state"]) ?? .posted,
                 related: row["related"], reason: row["reason"], source: Transfer.Source(rawValue: row["source"]) ?? .system,
                 actor: row["actor"], createdAt: row["created_at"], timeoutAt: row["timeout_at"])
    }

    static func lot(_ row: Row) -> PointLot {
        PointLot(id: row["id"], account: row["account"], transferId: row["transfer_id"], amount: row["amount"],
                 remaining: row["remaining"], earnedAt: row["earned_at"], expiresAt: row["expires_at"])
    }

    static func account(_ row: Row) -> LedgerAccount {
        let owner: LedgerAccount.Owner = (row["uid"] as Int64?).map { .user($0) }
            ?? .system(LedgerAccount.SystemAccount(rawValue: row["system"] ?? "") ?? .adjustment)
        return LedgerAccount(id: row["id"], owner: owner, currency: Currency(rawValue: row["currency"]) ?? .points,
                             balance: row["balance"], held: row["held"])
    }
}
