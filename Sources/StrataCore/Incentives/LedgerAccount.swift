/// One account of the points ledger: a person's balance in one currency, or one of the system
/// accounts the other side of every transfer is booked to. Balances are credit-normal: credits
/// raise them, debits lower them; system accounts go below zero by design (issuance is a debit
/// of `issuance`), so the balances of each currency always sum to zero.
public struct LedgerAccount: Sendable, Equatable {
    /// Whose account it is.
    public enum Owner: Sendable, Hashable {
        /// A person, by dense profile id.
        case user(Int64)
        /// The ledger's own side.
        case system(SystemAccount)
    }

    /// The system accounts: where points come from and go to.
    public enum SystemAccount: String, Sendable, CaseIterable {
        /// Debited for every award (rules, campaigns, staff grants).
        case issuance
        /// Credited for every redemption in the shop or through the API.
        case redemption
        /// Credited when unspent points of a lot expire.
        case expiry
        /// Either side of corrections by staff.
        case adjustment
    }

    /// The account's dense id.
    public var id: Int64
    public var owner: Owner
    public var currency: Currency
    /// Posted credits minus posted debits.
    public var balance: Int64
    /// Debits held by pending transfers (a redemption not yet completed).
    public var held: Int64

    /// An account with every field given.
    public init(id: Int64, owner: Owner, currency: Currency, balance: Int64, held: Int64) {
        self.id = id
        self.owner = owner
        self.currency = currency
        self.balance = balance
        self.held = held
    }

    /// What may still be spent: the balance less what holds keep.
    public var available: Int64 { balance - held }

    /// Whether the balance may go below zero (system accounts only).
    public var mayOverdraw: Bool {
        if case .system = owner { return true }
        return false
    }
}
