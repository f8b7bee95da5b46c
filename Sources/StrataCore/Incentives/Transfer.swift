/// One immutable movement of value between two accounts of the same currency (double entry:
/// the debit and the credit are one row). A transfer is posted at once, or pending: a hold that
/// later posts or voids exactly once, or voids itself when its timeout passes.
public struct Transfer: Sendable, Equatable {
    /// Where the transfer stands.
    public enum State: String, Sendable {
        /// Applied to both balances.
        case posted
        /// Held: the amount is reserved on the debit side, nothing has moved yet.
        case pending
        /// A pending transfer that was posted (a `posted` transfer of its own records the move).
        case completed
        /// A pending transfer that was released (by a call or by its timeout).
        case voided
        /// The record of a release: names the voided hold, moves nothing.
        case released
    }

    /// What made the transfer.
    public enum Source: String, Sendable, CaseIterable {
        /// An earning rule, on an event.
        case rule
        /// A campaign's reward action.
        case campaign
        /// A member of staff (or a secret key acting as one).
        case staff
        /// The app, through the API (a redemption, a refund).
        case api
        /// The shop.
        case shop
        /// Strata itself: expiry, a hold's timeout.
        case system
    }

    /// Unique id, given by the caller (`rule:3:event:991`) or made by Strata; re-sending the
    /// same id with the same fields is a no-op that returns the stored transfer.
    public var id: String
    public var debitAccount: Int64
    public var creditAccount: Int64
    /// Always positive, in the currency's smallest unit (one point).
    public var amount: Int64
    public var currency: Currency
    public var state: State
    /// The pending transfer this one posts or voids, or the transfer it refunds.
    public var related: String?
    /// Why: shown in the member's history (`purchase 991`, `兑换 咖啡券`).
    public var reason: String
    public var source: Source
    /// Who: `rule:NAME`, `campaign:NAME`, `staff:ID`, `key:ID`, `app`, `system`.
    public var actor: String
    /// When it was made (ms since 1970).
    public var createdAt: Int64
    /// For a pending transfer, when it voids itself.
    public var timeoutAt: Int64?

    /// A transfer with every field given.
    public init(id: String, debitAccount: Int64, creditAccount: Int64, amount: Int64, currency: Currency, state: State,
                related: String? = nil, reason: String, source: Source, actor: String, createdAt: Int64,
                timeoutAt: Int64? = nil) {
        self.id = id
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.currency = currency
        self.state = state
        self.related = related
        self.reason = reason
        self.source = source
        self.actor = actor
        self.createdAt = createdAt
        self.timeoutAt = timeoutAt
    }

    /// The longest transfer id accepted.
    public static let maxIdLength = 128

    /// Checks a caller's transfer id: 1 to 128 printable ASCII characters.
    ///
    /// - Throws: `invalidField` saying what an id may hold.
    public static func validate(id: String, field: String = "id") throws {
        guard (1...maxIdLength).contains(id.utf8.count), id.utf8.allSatisfy({ (33...126).contains($0) }) else {
            throw StrataError(.invalidField, "A transfer id is 1 to \(maxIdLength) printable ASCII characters without spaces.",
                              field: field)
        }
    }
}
