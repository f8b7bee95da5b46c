import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata bench ledger`: transfers per second on the ledger with `normal` durability (each
/// transfer its own transaction, as the API makes them), and the latency of a balance read.
struct LedgerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Points ledger: transfers per second (one transaction each) and balance read latency.")

    @Option(help: "Transfers to make (awards, then spends, holds and posts in turn).") var transfers = 200_000
    @Option(help: "People the transfers are spread over.") var users = 10_000
    @Option(help: "Balance reads to time.") var reads = 20_000
    @Option(name: .customLong("work-dir"), help: "Scratch folder (emptied first).") var workDirectory = ".bench-work/ledger"

    func run() async throws {
        try? FileManager.default.removeItem(atPath: workDirectory)
        let now: Int64 = 1_767_225_600_000
        let database = try AppDatabase.open(directory: workDirectory, durability: .normal, clock: .fixed(now))
        var random = SplitMix64(seed: 42)
        // Everyone starts with points, so the mixed phase's debits mostly succeed.
        let start = ContinuousClock.now
        for i in 0..<transfers {
            let uid = Int64(i % users + 1)
            let operation: LedgerOperation
            switch i < users ? 0 : i % 4 {
            case 0, 1:
                operation = .award(id: "b\(i)", uid: uid, currency: .points, amount: 100, expiresAt: now + 365 * 86_400_000,
                                   reason: "bench", source: .rule, actor: "bench")
            case 2:
                operation = .spend(id: "b\(i)", uid: uid, currency: .points, amount: Int64.random(in: 1...50, using: &random),
                                   reason: "bench", source: .api, actor: "bench")
            default:
                operation = .hold(id: "b\(i)", uid: uid, amount: 10, timeoutAt: now + 3_600_000, reason: "bench", source: .shop,
                                  actor: "bench")
            }
            _ = try? database.ledger(operation, now: now)
            if i % 20_000 == 0 { Console.progress("ledger: \(i) transfers") }
        }
        let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        let rate = Double(transfers) / seconds
        FileHandle.standardError.write(Data("\n".utf8))
        var latencies: [Double] = []
        latencies.reserveCapacity(reads)
        for _ in 0..<reads {
            let uid = Int64.random(in: 1...Int64(users), using: &random)
            let t = ContinuousClock.now
            _ = try database.ledgerAccount(uid: uid, currency: .points)
            let d = (ContinuousClock.now - t).components
            latencies.append(Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15)
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
        let problems = try database.verifyLedger()
        Console.line(String(format: "ledger: %d transfers in %.1f s = %.0f transfers/s (one transaction each, normal durability)",
                            transfers, seconds, rate))
        Console.line(String(format: "ledger: balance read p50 %.3f ms, p99 %.3f ms over %d reads; verify: %@",
                            p50, p99, reads, problems.isEmpty ? "sound" : "\(problems.count) problems"))
        Console.line(JSONValue.object([
            "transfers": .number(Double(transfers)), "transfers_per_s": .number(rate.rounded()),
            "balance_p50_ms": .number((p50 * 1000).rounded() / 1000), "balance_p99_ms": .number((p99 * 1000).rounded() / 1000),
            "sound": .bool(problems.isEmpty),
        ]).jsonText)
    }
}
