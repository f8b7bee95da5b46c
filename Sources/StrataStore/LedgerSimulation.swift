import Foundation
import StrataCore

/// A seeded, replayable simulation of the points ledger (after TigerBeetle's VOPR): random
/// awards, spends, holds, posts, voids, refunds, expiries with the clock moving on, replays of
/// earlier operations and restarts of the store, against a store on disk. After every operation
/// it checks the store against its own bookkeeping of the transfers the store reported:
///
/// - every touched account's cached balance and hold equal the entries it has seen;
/// - no user account is below zero, and its lots hold exactly its available balance;
/// - a debit is refused exactly when the entries say the available balance is short;
/// - replaying an operation returns the stored transfer and writes nothing;
///
/// and every `fullCheckEvery` operations (and at the end) runs `verifyLedger` over everything.
public struct LedgerSimulation {
    /// What a run found.
    public struct Report: Sendable {
        public var seed: UInt64
        public var operations = 0
        public var transfers = 0
        public var refusals = 0
        public var restarts = 0
        public var fullChecks = 0
        /// Invariants broken, with the operation number; empty when the ledger held.
        public var violations: [String] = []
        /// How many operations of each kind ran.
        public var kinds: [String: Int] = [:]
    }

    let directory: String
    let seed: UInt64
    let users: Int
    let fullCheckEvery: Int

    /// A simulation over a store in `directory` (created fresh), with `users` people.
    public init(directory: String, seed: UInt64, users: Int = 200, fullCheckEvery: Int = 50_000) {
        self.directory = directory
        self.seed = seed
        self.users = users
        self.fullCheckEvery = fullCheckEvery
    }

    /// Runs `operations` random operations; `progress` is called every 100,000.
    public func run(operations: Int, progress: (Report) -> Void = { _ in }) throws -> Report {
        var random = SplitMix64(seed: seed)
        var report = Report(seed: seed)
        var now: Int64 = 1_767_225_600_000  // 2026-01-01
        var database = try AppDatabase.open(directory: directory, clock: .fixed(now))
        var model = Model()
        var done: [LedgerOperation] = []
        var holds: [String] = []
        var spends: [String] = []
        var next = 0

        func violation(_ text: String) { if report.violations.count < 100 { report.violations.append("#\(report.operations): \(text)") } }

        for step in 1...max(1, operations) {
            report.operations = step
            let uid = Int64(Int.random(in: 1...users, using: &random))
            let amount = Int64.random(in: 1...500, using: &random)
            next += 1
            let id = "sim-\(next)"
            let roll = Int.random(in: 0..<1000, using: &random)
            var operation: LedgerOperation?
            var kind = ""
            switch roll {
            case 999:
                kind = "restart"
                report.restarts += 1
                database = try AppDatabase.open(directory: directory, clock: .fixed(now))
            case 300..<450:
                kind = "spend"
                operation = .spend(id: id, uid: uid, currency: .points, amount: amount, reason: "sim", source: .api, actor: "sim")
            case 450..<600:
                kind = "hold"
                operation = .hold(id: id, uid: uid, amount: amount, timeoutAt: now + Int64.random(in: 1...72, using: &random) * 3_600_000,
                                  reason: "sim", source: .shop, actor: "sim")
            case 600..<690 where !holds.isEmpty:
                kind = "post"
                operation = .post(id: id, pending: holds.remove(at: Int.random(in: 0..<holds.count, using: &random)), actor: "sim")
            case 690..<760 where !holds.isEmpty:
                kind = "void"
                operation = .void(id: id, pending: holds.remove(at: Int.random(in: 0..<holds.count, using: &random)),
                                  reason: "sim", actor: "sim")
            case 760..<830 where !spends.isEmpty:
                kind = "refund"
                let of = spends[Int.random(in: 0..<spends.count, using: &random)]
                operation = .refund(id: id, of: of, amount: Int64.random(in: 1...100, using: &random), reason: "sim", actor: "sim")
            case 830..<900 where !done.isEmpty:
                kind = "replay"
                operation = done[Int.random(in: 0..<done.count, using: &random)]
            case 0..<300, 600..<980:
                // (Also when there is no hold to settle, no spend to refund or nothing to replay yet.)
                kind = "award"
                let currency: Currency = roll % 10 == 0 ? .growth : .points
                let expires: Int64? = roll % 3 == 0 ? nil : now + Int64.random(in: 1...90, using: &random) * 86_400_000
                operation = .award(id: id, uid: uid, currency: currency, amount: amount, expiresAt: expires, reason: "sim",
                                   source: .rule, actor: "sim")
            default:
                kind = "expire"
                now += Int64.random(in: 1...(3 * 86_400_000), using: &random)
            }
            report.kinds[kind, default: 0] += 1
            let before = model.lastSeq
            if kind == "expire" {
                _ = try database.voidOverdueHolds(now: now, limit: 100_000)
                _ = try database.expireLots(now: now, limit: 100_000)
            } else if let operation {
                let predicted = model.refusal(operation)
                do {
                    let transfer = try database.ledger(operation, now: now)
                    if kind == "replay" {
                        if transfer.id != operation.id { violation("replay of \(operation.id) answered \(transfer.id)") }
                    } else {
                        done.append(operation)
                        if done.count > 10_000 { done.removeFirst(5_000) }
                        if kind == "hold" { holds.append(transfer.id) }
                        if kind == "spend" || kind == "post" { spends.append(transfer.id) }
                        if spends.count > 2_000 { spends.removeFirst(1_000) }
                    }
                    if let predicted, kind != "replay" { violation("\(kind) \(operation.id) succeeded; expected a refusal: \(predicted)") }
                } catch let error as StrataError {
                    report.refusals += 1
                    if kind == "replay" { violation("replay of \(operation.id) refused: \(error.message)") }
                    if kind == "spend" || kind == "hold", error.code == .insufficientBalance, predicted == nil {
                        violation("\(kind) \(operation.id) of \(amount) refused though entries leave \(model.available(uid: uid))")
                    }
                    if kind == "post" || kind == "void", error.code == .conflict, !model.timedOut(holdOf: operation, now: now) {
                        violation("\(kind) of a pending hold refused: \(error.message)")
                    }
                }
            }
            // Fold in every transfer the store wrote, then compare what it touched.
            let fresh = try database.ledgerTransfers(after: model.lastSeq)
            if kind == "replay" && !fresh.isEmpty { violation("a replay wrote \(fresh.count) transfers") }
            report.transfers += fresh.count
            let touched = model.fold(fresh)
            for account in touched {
                guard let stored = try database.ledgerAccountState(account) else { violation("account \(account) missing"); continue }
                let expected = model.accounts[account, default: Model.Account()]
                if stored.balance != expected.balance || stored.held != expected.held {
                    violation("account \(account): cached \(stored.balance)/\(stored.held), entries \(expected.balance)/\(expected.held)")
                }
                if stored.isUser && (stored.balance - stored.held < 0 || stored.lots != stored.balance - stored.held) {
                    violation("account \(account): available \(stored.balance - stored.held), lots \(stored.lots)")
                }
            }
            if model.lastSeq == before && (kind == "award") { violation("award \(id) wrote nothing") }
            if step % fullCheckEvery == 0 || step == operations {
                report.fullChecks += 1
                for problem in try database.verifyLedger() { violation(problem) }
            }
            if step % 100_000 == 0 { progress(report) }
        }
        return report
    }

    /// The simulation's own bookkeeping, from the transfers the store reported.
    struct Model {
        struct Account {
            var balance: Int64 = 0
            var held: Int64 = 0
        }

        var accounts: [Int64: Account] = [:]
        var userAccounts: [String: Int64] = [:]  // "uid|currency" → account
        var pending: [String: (account: Int64, amount: Int64, timeoutAt: Int64?)] = [:]
        var lastSeq: Int64 = 0

        /// Applies new transfer rows; returns the accounts they touched.
        mutating func fold(_ rows: [(seq: Int64, transfer: Transfer, uid: Int64?, creditUid: Int64?)]) -> Set<Int64> {
            var touched = Set<Int64>()
            for (seq, t, debitUid, creditUid) in rows {
                lastSeq = seq
                if let debitUid { userAccounts["\(debitUid)|\(t.currency.rawValue)"] = t.debitAccount }
                if let creditUid { userAccounts["\(creditUid)|\(t.currency.rawValue)"] = t.creditAccount }
                touched.formUnion([t.debitAccount, t.creditAccount])
                switch t.state {
                case .posted:
                    accounts[t.debitAccount, default: Account()].balance -= t.amount
                    accounts[t.creditAccount, default: Account()].balance += t.amount
                    if let related = t.related, let hold = pending.removeValue(forKey: related) {
                        accounts[hold.account, default: Account()].held -= hold.amount
                    }
                case .pending:
                    accounts[t.debitAccount, default: Account()].held += t.amount
                    pending[t.id] = (t.debitAccount, t.amount, t.timeoutAt)
                case .released:
                    if let related = t.related, let hold = pending.removeValue(forKey: related) {
                        accounts[hold.account, default: Account()].held -= hold.amount
                    }
                case .completed, .voided:
                    break
                }
            }
            return touched
        }

        func available(uid: Int64) -> Int64 {
            guard let account = userAccounts["\(uid)|points"], let state = accounts[account] else { return 0 }
            return state.balance - state.held
        }

        /// Why the store must refuse a debit, from the entries alone (`nil`: it must not).
        func refusal(_ operation: LedgerOperation) -> String? {
            switch operation {
            case let .spend(_, uid, _, amount, _, _, _), let .hold(_, uid, amount, _, _, _, _):
                let available = available(uid: uid)
                return available < amount ? "available \(available) < \(amount)" : nil
            default:
                return nil
            }
        }

        /// Whether a post or void names a hold that timed out (or was already settled).
        func timedOut(holdOf operation: LedgerOperation, now: Int64) -> Bool {
            switch operation {
            case .post(_, let pending, _), .void(_, let pending, _, _):
                guard let hold = self.pending[pending] else { return true }
                return (hold.timeoutAt ?? .max) <= now
            default:
                return false
            }
        }
    }
}
