import StrataCore

/// The points ledger as staff, keys and the app use it: a member's balances and history,
/// awards, spends, holds that complete or void, refunds. One implementation for the API, the
/// dashboard and the CLI. Reads need `view`; writes `editCampaigns` (operators and admins).
public struct PointsUseCases: Sendable {
    let app: AppServices
    let principal: Principal

    /// A member's standing: balances per currency, what holds keep, and the lots with points left.
    public struct Standing: Sendable {
        public var uid: Int64
        public var points: LedgerAccount?
        public var growth: LedgerAccount?
        public var lots: [PointLot]

        /// The standing as the API shows it.
        public var json: JSONValue {
            .object([
                "points": .number(Double(points?.balance ?? 0)), "points_held": .number(Double(points?.held ?? 0)),
                "points_available": .number(Double(points?.available ?? 0)), "growth": .number(Double(growth?.balance ?? 0)),
                "lots": .array(lots.map { lot in
                    .object(["remaining": .number(Double(lot.remaining)), "earned_at": .string(Timestamp.format(lot.earnedAt)),
                             "expires_at": lot.expiresAt.map { .string(Timestamp.format($0)) } ?? .null])
                }),
            ])
        }
    }

    /// The standing of the person with a known or anonymous id (or `#uid`).
    public func standing(of id: String) throws -> Standing {
        try principal.require(.view)
        return try standing(uid: uid(of: id))
    }

    /// The standing of a person by dense id.
    public func standing(uid: Int64) throws -> Standing {
        Standing(uid: uid, points: try app.database.ledgerAccount(uid: uid, currency: .points),
                 growth: try app.database.ledgerAccount(uid: uid, currency: .growth),
                 lots: try app.database.ledgerLots(uid: uid, currency: .points))
    }

    /// A person's transfers in a currency, newest first; `before` is the `cursor` of the previous page.
    public func history(of id: String, currency: Currency, before: Int64?, limit: Int) throws -> [(seq: Int64, transfer: Transfer)] {
        try principal.require(.view)
        return try app.database.ledgerHistory(uid: uid(of: id), currency: currency, before: before, limit: limit)
    }

    /// Awards points (expiring by the workspace's rule unless `expiresAt` says otherwise) or growth.
    public func award(id transferId: String, to id: String, currency: Currency, amount: Int64, expiresAt: Int64?,
                      reason: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        let now = app.clock.now()
        let expiry = currency == .points
            ? expiresAt ?? app.settings.pointsExpiry.expiry(earnedAt: now, timeZone: app.settings.timeZone) : nil
        return try app.database.ledger(.award(id: transferId, uid: uid(of: id), currency: currency, amount: amount,
                                              expiresAt: expiry, reason: reason, source: source, actor: principal.actor), now: now)
    }

    /// Spends points (or corrects growth) at once.
    public func spend(id transferId: String, from id: String, currency: Currency, amount: Int64, reason: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        return try app.database.ledger(.spend(id: transferId, uid: uid(of: id), currency: currency, amount: amount, reason: reason,
                                              source: source, actor: principal.actor), now: nil)
    }

    /// Holds points for a redemption that completes later; the hold voids itself after `timeoutSeconds`.
    public func hold(id transferId: String, from id: String, amount: Int64, timeoutSeconds: Int, reason: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        guard (1...2_592_000).contains(timeoutSeconds) else {
            throw StrataError(.invalidField, "timeout_seconds is 1 to 2592000 (30 days).", field: "timeout_seconds")
        }
        let now = app.clock.now()
        return try app.database.ledger(.hold(id: transferId, uid: uid(of: id), amount: amount,
                                             timeoutAt: now + Int64(timeoutSeconds) * 1000, reason: reason, source: source,
                                             actor: principal.actor), now: now)
    }

    /// Completes a hold.
    public func post(id transferId: String, hold: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        return try app.database.ledger(.post(id: transferId, pending: hold, actor: principal.actor), now: nil)
    }

    /// Releases a hold.
    public func void(id transferId: String, hold: String, reason: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        return try app.database.ledger(.void(id: transferId, pending: hold, reason: reason, actor: principal.actor), now: nil)
    }

    /// Returns (part of) a spend or a completed redemption.
    public func refund(id transferId: String, of spent: String, amount: Int64, reason: String) throws -> Transfer {
        try principal.require(.editCampaigns)
        return try app.database.ledger(.refund(id: transferId, of: spent, amount: amount, reason: reason, actor: principal.actor),
                                       now: nil)
    }

    /// A transfer by id.
    public func transfer(_ id: String) throws -> Transfer? {
        try principal.require(.view)
        return try app.database.ledgerTransfer(id)
    }

    /// Every broken invariant of the ledger (empty when sound).
    public func verify() throws -> [String] {
        try principal.require(.view)
        return try app.database.verifyLedger()
    }

    /// The source transfers made by this principal carry.
    private var source: Transfer.Source {
        switch principal.kind {
        case .key: .api
        case .system: .system
        case .staff, .cli: .staff
        }
    }

    /// The dense id of a known or anonymous id, or `#uid`.
    private func uid(of id: String) throws -> Int64 {
        if id.hasPrefix("#"), let uid = Int64(id.dropFirst()), try app.database.profile(uid: uid) != nil { return uid }
        guard let profile = try app.database.profile(externalId: id) else {
            throw StrataError(.notFound, "No user with id \"\(principal.disclosure(app.settings.masking).show(id: id))\".",
                              field: "user_id")
        }
        return profile.uid
    }
}

extension AppServices {
    /// The points ledger, as a principal may use it.
    public func points(_ principal: Principal) -> PointsUseCases { PointsUseCases(app: self, principal: principal) }
}
