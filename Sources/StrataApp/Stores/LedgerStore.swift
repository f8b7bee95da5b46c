import StrataCore

/// What the product needs from storage for the points ledger and the answers it replays: the
/// operations, the balances, lots and history, the jobs that expire lots and void overdue holds,
/// the verification, and the stored answers of idempotent requests. The embedded SQLite store
/// implements it; a PostgreSQL store will too.
public protocol LedgerStore: Sendable {
    /// Applies one operation in one transaction (exactly once per transfer id).
    func ledger(_ operation: LedgerOperation, now: Int64?) throws -> Transfer

    /// A person's account in a currency, if they have one.
    func ledgerAccount(uid: Int64, currency: Currency) throws -> LedgerAccount?

    /// A person's lots with points left, in the order spends take them.
    func ledgerLots(uid: Int64, currency: Currency) throws -> [PointLot]

    /// A person's transfers in a currency, newest first.
    func ledgerHistory(uid: Int64, currency: Currency, before: Int64?, limit: Int) throws -> [(seq: Int64, transfer: Transfer)]

    /// A transfer by id.
    func ledgerTransfer(_ id: String) throws -> Transfer?

    /// Voids the holds past their timeout; how many.
    func voidOverdueHolds(now: Int64, limit: Int) throws -> Int

    /// Expires what is left of the lots due; the points expired.
    func expireLots(now: Int64, limit: Int) throws -> Int64

    /// Every broken invariant of the ledger (empty when sound).
    func verifyLedger() throws -> [String]

    /// The stored answer of an earlier request with this key in this scope, if any younger than `since`.
    func idempotentAnswer(scope: String, key: String, since: Int64) throws -> IdempotentAnswer?

    /// Stores a request's answer under its key (the first stored wins); returns the stored one.
    func storeIdempotentAnswer(_ answer: IdempotentAnswer, scope: String, key: String) throws -> IdempotentAnswer
}
