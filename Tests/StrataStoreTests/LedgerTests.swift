import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

/// The points ledger through its store API: double entry, no overdraft, holds that settle
/// once, exactly-once ids, spends from the lots that expire first, expiry that never touches
/// spent points, refunds into lots that expire as the originals did, and the seeded simulation.
@Suite struct LedgerTests {
    static let day: Int64 = 86_400_000
    static let t0: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z

    static func award(_ id: String, _ uid: Int64, _ amount: Int64, expires: Int64? = nil, currency: Currency = .points)
        -> LedgerOperation
    {
        .award(id: id, uid: uid, currency: currency, amount: amount, expiresAt: expires, reason: "test", source: .rule, actor: "rule:t")
    }

    static func spend(_ id: String, _ uid: Int64, _ amount: Int64) -> LedgerOperation {
        .spend(id: id, uid: uid, currency: .points, amount: amount, reason: "coffee", source: .api, actor: "app")
    }

    static func open() throws -> (AppDatabase, TemporaryDirectory) {
        let directory = TemporaryDirectory()
        return (try AppDatabase.open(directory: directory.path, clock: .fixed(t0)), directory)
    }

    @Test func aSpendNeverOverdrawsAndLeavesNothingWhenRefused() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("a1", 1, 100), now: Self.t0)
        try db.ledger(Self.spend("s1", 1, 60), now: Self.t0)
        #expect { try db.ledger(Self.spend("s2", 1, 41), now: Self.t0) } throws: { error in
            let e = error as? StrataError
            return e?.code == .insufficientBalance && e?.message.contains("40") == true
        }
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 40)
        #expect(try db.ledgerTransfer("s2") == nil)
        // Someone without an account is refused the same way.
        #expect(throws: StrataError.self) { try db.ledger(Self.spend("s3", 2, 1), now: Self.t0) }
        #expect(try db.verifyLedger() == [])
        withExtendedLifetime(directory) {}
    }

    @Test func aTransferIdIsAppliedOnceAndCannotBeReusedForAnotherOperation() throws {
        let (db, directory) = try Self.open()
        let first = try db.ledger(Self.award("a1", 1, 100), now: Self.t0)
        let again = try db.ledger(Self.award("a1", 1, 100), now: Self.t0 + 5)
        #expect(first == again)
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 100)
        #expect { try db.ledger(Self.award("a1", 1, 101), now: Self.t0) } throws: { ($0 as? StrataError)?.code == .conflict }
        #expect { try db.ledger(Self.spend("a1", 1, 100), now: Self.t0) } throws: { ($0 as? StrataError)?.code == .conflict }
        withExtendedLifetime(directory) {}
    }

    @Test func holdsPostOrVoidExactlyOnceAndTimeOutByThemselves() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("a1", 1, 100), now: Self.t0)
        let hold = LedgerOperation.hold(id: "h1", uid: 1, amount: 70, timeoutAt: Self.t0 + 3_600_000, reason: "mug",
                                        source: .shop, actor: "app")
        try db.ledger(hold, now: Self.t0)
        #expect(try db.ledgerAccount(uid: 1, currency: .points).map { ($0.balance, $0.held, $0.available) }! == (100, 70, 30))
        #expect(throws: StrataError.self) { try db.ledger(Self.spend("s1", 1, 31), now: Self.t0) }
        try db.ledger(.post(id: "p1", pending: "h1", actor: "app"), now: Self.t0 + 1)
        #expect(try db.ledgerAccount(uid: 1, currency: .points).map { ($0.balance, $0.held) }! == (30, 0))
        // Posted once: a second post or a void of it is refused; the same post again is a retry.
        #expect(throws: StrataError.self) { try db.ledger(.post(id: "p2", pending: "h1", actor: "app"), now: Self.t0 + 2) }
        #expect(throws: StrataError.self) { try db.ledger(.void(id: "v1", pending: "h1", reason: "x", actor: "app"), now: Self.t0 + 2) }
        #expect(try db.ledger(.post(id: "p1", pending: "h1", actor: "app"), now: Self.t0 + 3).id == "p1")

        // A hold past its timeout voids itself: the post is refused and the points are back.
        try db.ledger(.hold(id: "h2", uid: 1, amount: 30, timeoutAt: Self.t0 + 10, reason: "mug", source: .shop, actor: "app"),
                      now: Self.t0 + 5)
        #expect { try db.ledger(.post(id: "p3", pending: "h2", actor: "app"), now: Self.t0 + 11) } throws: {
            ($0 as? StrataError)?.message.contains("timed out") == true
        }
        #expect(try db.ledgerAccount(uid: 1, currency: .points).map { ($0.balance, $0.held) }! == (30, 0))
        #expect(try db.ledgerTransfer("h2")?.state == .voided)
        #expect(try db.verifyLedger() == [])
        withExtendedLifetime(directory) {}
    }

    @Test func spendsTakeTheLotsThatExpireFirstSoExpiryNeverTouchesSpentPoints() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("late", 1, 100, expires: Self.t0 + 90 * Self.day), now: Self.t0)
        try db.ledger(Self.award("soon", 1, 100, expires: Self.t0 + 30 * Self.day), now: Self.t0 + 1)
        try db.ledger(Self.award("never", 1, 100), now: Self.t0 + 2)
        try db.ledger(Self.spend("s1", 1, 150), now: Self.t0 + 3)  // all of "soon", 50 of "late"
        #expect(try db.ledgerLots(uid: 1).map(\.remaining) == [50, 100])
        // Day 31: "soon" is due but was spent: nothing expires.
        #expect(try db.expireLots(now: Self.t0 + 31 * Self.day) == 0)
        // Day 91: the 50 left of "late" expire, once however often the job runs.
        #expect(try db.expireLots(now: Self.t0 + 91 * Self.day) == 50)
        #expect(try db.expireLots(now: Self.t0 + 91 * Self.day) == 0)
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 100)
        #expect(try db.verifyLedger() == [])
        withExtendedLifetime(directory) {}
    }

    @Test func aRefundReturnsPointsInLotsThatExpireAsTheSpentOnesDid() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("a", 1, 100, expires: Self.t0 + 10 * Self.day), now: Self.t0)
        try db.ledger(Self.award("b", 1, 100, expires: Self.t0 + 60 * Self.day), now: Self.t0)
        try db.ledger(Self.spend("s1", 1, 150), now: Self.t0)
        // Half refunded on day 5: from the latest-expiring spent lot first.
        try db.ledger(.refund(id: "r1", of: "s1", amount: 60, reason: "returned", actor: "staff:1"), now: Self.t0 + 5 * Self.day)
        // b's 50 come back as b was, then 10 of a's (in spend order: a's 10 first, then the two of b).
        let lots = try db.ledgerLots(uid: 1)
        #expect(lots.map(\.remaining) == [10, 50, 50])
        #expect(lots.map(\.expiresAt) == [Self.t0 + 10 * Self.day, Self.t0 + 60 * Self.day, Self.t0 + 60 * Self.day])
        // The other 90 refunded after a's expiry: they expire at once; a's 10 wait for the daily job.
        try db.ledger(.refund(id: "r2", of: "s1", amount: 90, reason: "returned", actor: "staff:1"), now: Self.t0 + 20 * Self.day)
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 110)
        #expect(try db.expireLots(now: Self.t0 + 21 * Self.day) == 10)
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 100)
        #expect(throws: StrataError.self) {
            try db.ledger(.refund(id: "r3", of: "s1", amount: 1, reason: "again", actor: "staff:1"), now: Self.t0 + 21 * Self.day)
        }
        #expect(try db.verifyLedger() == [])
        withExtendedLifetime(directory) {}
    }

    @Test func growthIsKeptApartFromPoints() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("g1", 1, 100, currency: .growth), now: Self.t0)
        try db.ledger(Self.award("p1", 1, 10), now: Self.t0)
        try db.ledger(Self.spend("s1", 1, 10), now: Self.t0)
        #expect(try db.ledgerAccount(uid: 1, currency: .growth)?.balance == 100)
        #expect(try db.ledgerAccount(uid: 1, currency: .points)?.balance == 0)
        withExtendedLifetime(directory) {}
    }

    @Test func theStoreItselfRefusesAnOverdraftAndAnyChangeToATransfer() throws {
        let (db, directory) = try Self.open()
        try db.ledger(Self.award("a1", 1, 10), now: Self.t0)
        #expect(throws: (any Error).self) {
            try db.writer.write { try $0.execute(sql: "UPDATE ledger_accounts SET balance = -1 WHERE uid = 1") }
        }
        #expect(throws: (any Error).self) {
            try db.writer.write { try $0.execute(sql: "UPDATE ledger_transfers SET amount = 11 WHERE id = 'a1'") }
        }
        #expect(throws: (any Error).self) { try db.writer.write { try $0.execute(sql: "DELETE FROM ledger_transfers") } }
        withExtendedLifetime(directory) {}
    }

    @Test func expiryAtMonthEndsFallsOnTheLocalMonthEndAcrossDaylightSaving() throws {
        let newYork = TimeZone(identifier: "America/New_York")!, shanghai = TimeZone(identifier: "Asia/Shanghai")!
        // Earned 2026-03-07 12:00 in New York (before the DST change of 03-08): the end of the 1st
        // month after is 2026-05-01 00:00 EDT = 04:00Z.
        let earned = Int64(Date(timeIntervalSince1970: 1_772_902_800).timeIntervalSince1970 * 1000)  // 2026-03-07T17:00Z
        #expect(ExpiryRule.endOfMonth(1).expiry(earnedAt: earned, timeZone: newYork).map(Timestamp.format) == "2026-05-01T04:00:00.000Z")
        #expect(ExpiryRule.endOfMonth(12).expiry(earnedAt: earned, timeZone: shanghai).map(Timestamp.format) == "2027-03-31T16:00:00.000Z")
        #expect(ExpiryRule.days(1).expiry(earnedAt: earned, timeZone: newYork).map(Timestamp.format) == "2026-03-09T04:00:00.000Z")
        #expect(ExpiryRule.never.expiry(earnedAt: earned, timeZone: newYork) == nil)
        #expect(try ExpiryRule(text: "end_of_month:12") == .endOfMonth(12))
        #expect(throws: StrataError.self) { try ExpiryRule(text: "end_of_month:0") }
    }

    @Test func theSeededSimulationFindsNoViolation() throws {
        let directory = TemporaryDirectory()
        let ops = Int(ProcessInfo.processInfo.environment["STRATA_LEDGER_SIM_OPS"] ?? "") ?? 3_000
        let report = try LedgerSimulation(directory: directory.path, seed: 20_261_207, users: 50, fullCheckEvery: 1_000)
            .run(operations: ops)
        #expect(report.violations == [], "seed \(report.seed)")
        #expect(report.kinds.count == 10 || report.kinds.count == 9)
        #expect(report.transfers > ops / 2 && report.refusals > 0 && report.fullChecks >= 3)
    }
}
