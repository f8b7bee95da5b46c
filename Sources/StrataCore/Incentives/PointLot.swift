/// Points earned together, kept apart until spent or expired: a lot remembers when it was
/// earned, when it expires and how much of it is left, so a spend can take the points that
/// expire first and expiry never touches points already spent (the bug odoo fixed in PR
/// #206048 by spending the oldest-expiring first).
public struct PointLot: Sendable, Equatable {
    public var id: Int64
    /// The user account it belongs to.
    public var account: Int64
    /// The transfer that earned it (or that a refund restored it from).
    public var transferId: String
    /// What was earned.
    public var amount: Int64
    /// What is left: not spent, not held, not expired.
    public var remaining: Int64
    public var earnedAt: Int64
    /// When what is left expires; `nil` never.
    public var expiresAt: Int64?

    /// A lot with every field given.
    public init(id: Int64, account: Int64, transferId: String, amount: Int64, remaining: Int64, earnedAt: Int64,
                expiresAt: Int64?) {
        self.id = id
        self.account = account
        self.transferId = transferId
        self.amount = amount
        self.remaining = remaining
        self.earnedAt = earnedAt
        self.expiresAt = expiresAt
    }

    /// The order spends take lots in: the soonest to expire first, lots that never expire last,
    /// then the oldest.
    public static func spendOrder(_ a: PointLot, _ b: PointLot) -> Bool {
        switch (a.expiresAt, b.expiresAt) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.earnedAt != b.earnedAt ? a.earnedAt < b.earnedAt : a.id < b.id
        }
    }

    /// How a debit of `amount` is taken from `lots` (in spend order): `(lot id, points)` pairs,
    /// or `nil` when the lots do not hold enough.
    public static func allocate(_ amount: Int64, from lots: [PointLot]) -> [(lot: Int64, amount: Int64)]? {
        precondition(amount > 0, "a debit is positive")
        var left = amount
        var taken: [(lot: Int64, amount: Int64)] = []
        for lot in lots.sorted(by: spendOrder) where lot.remaining > 0 {
            let take = min(left, lot.remaining)
            taken.append((lot.id, take))
            left -= take
            if left == 0 { return taken }
        }
        return nil
    }
}
