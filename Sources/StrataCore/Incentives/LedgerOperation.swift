/// One write to the points ledger, as asked: every kind carries the caller's transfer id, so a
/// retry of the same operation is answered with the transfer stored the first time, and the same
/// id with different fields is refused (TigerBeetle's "exists with different fields").
public enum LedgerOperation: Sendable, Equatable {
    /// Points or growth for a person, from `issuance` (or `adjustment`); points become a lot that
    /// expires at `expiresAt`.
    case award(id: String, uid: Int64, currency: Currency, amount: Int64, expiresAt: Int64?, reason: String,
               source: Transfer.Source, actor: String)
    /// Points a person spends at once, to `redemption` (or `adjustment`), from the lots that
    /// expire first; refused when the available balance is short.
    case spend(id: String, uid: Int64, currency: Currency, amount: Int64, reason: String, source: Transfer.Source,
               actor: String)
    /// Points held for a redemption that completes later: reserved now, moved by `post`, released
    /// by `void` or by the timeout.
    case hold(id: String, uid: Int64, amount: Int64, timeoutAt: Int64, reason: String, source: Transfer.Source, actor: String)
    /// Completes a hold: the held points move to `redemption`.
    case post(id: String, pending: String, actor: String)
    /// Releases a hold: the points return to the lots they were taken from.
    case void(id: String, pending: String, reason: String, actor: String)
    /// Returns (part of) a spend or a completed hold to the person, in lots that expire as the
    /// spent ones did.
    case refund(id: String, of: String, amount: Int64, reason: String, actor: String)

    /// The caller's transfer id.
    public var id: String {
        switch self {
        case .award(let id, _, _, _, _, _, _, _), .spend(let id, _, _, _, _, _, _), .hold(let id, _, _, _, _, _, _),
             .post(let id, _, _), .void(let id, _, _, _), .refund(let id, _, _, _, _):
            id
        }
    }

    /// What identifies the operation beyond its id: a re-sent id must match it to be a retry.
    public var fingerprint: String {
        switch self {
        case let .award(_, uid, currency, amount, expiresAt, reason, source, _):
            "award|\(uid)|\(currency.rawValue)|\(amount)|\(expiresAt.map(String.init) ?? "-")|\(source.rawValue)|\(reason)"
        case let .spend(_, uid, currency, amount, reason, source, _):
            "spend|\(uid)|\(currency.rawValue)|\(amount)|\(source.rawValue)|\(reason)"
        case let .hold(_, uid, amount, timeoutAt, reason, source, _):
            "hold|\(uid)|\(amount)|\(timeoutAt)|\(source.rawValue)|\(reason)"
        case let .post(_, pending, _): "post|\(pending)"
        case let .void(_, pending, _, _): "void|\(pending)"
        case let .refund(_, of, amount, reason, _): "refund|\(of)|\(amount)|\(reason)"
        }
    }

    /// Checks what no store needs to see to refuse: the id's shape, positive amounts within
    /// range, a reason of at most 200 characters.
    ///
    /// - Throws: `invalidField` naming the field.
    public func validate() throws {
        try Transfer.validate(id: id)
        let amount: Int64?, reason: String?
        switch self {
        case let .award(_, _, _, a, _, r, _, _), let .spend(_, _, _, a, r, _, _), let .hold(_, _, a, _, r, _, _),
             let .refund(_, _, a, r, _):
            (amount, reason) = (a, r)
        case let .void(_, _, r, _): (amount, reason) = (nil, r)
        case .post: (amount, reason) = (nil, nil)
        }
        if let amount, !(1...Self.maxAmount).contains(amount) {
            throw StrataError(.invalidField, "amount is a whole number from 1 to \(Self.maxAmount).", field: "amount")
        }
        if let reason, reason.count > 200 {
            throw StrataError(.invalidField, "reason is at most 200 characters.", field: "reason")
        }
        if case .post(_, let pending, _) = self { try Transfer.validate(id: pending, field: "pending_id") }
        if case .void(_, let pending, _, _) = self { try Transfer.validate(id: pending, field: "pending_id") }
        if case .refund(_, let of, _, _, _) = self { try Transfer.validate(id: of, field: "transfer_id") }
    }

    /// The largest amount one transfer moves (a billion points).
    public static let maxAmount: Int64 = 1_000_000_000
}
