import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata points …`: the points ledger — verifying it, and the seeded simulation that tries to break it.
struct PointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points", abstract: "The points ledger (积分): verify it, or simulate it under random operations.",
        subcommands: [Verify.self, Simulate.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every ledger invariant against the entries; exits 1 and lists what is wrong if any fails.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let problems = try store.open().verifyLedger()
            if problems.isEmpty {
                print("ledger sound: balances sum to zero per currency, every cached balance and hold equals its entries, "
                      + "no account below zero, lots hold every available balance")
                return
            }
            for problem in problems { print(problem) }
            throw ExitCode(1)
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run random ledger operations on a scratch store, checking the invariants after each; exits 1 on any violation.",
            discussion: "The seed is printed; replay a failing run with --seed.")
        @Option(help: "Operations to run.") var ops = 1_000_000
        @Option(help: "The random seed (default: a fresh one, printed).") var seed: UInt64?
        @Option(help: "People in the simulated store.") var users = 200
        @Option(help: "Scratch directory (default: a new temporary one, removed afterwards).") var dataDir: String?

        func run() async throws {
            let seed = self.seed ?? UInt64.random(in: 1...UInt64(Int64.max))
            let directory = dataDir ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("strata-ledger-sim-\(seed)").path
            if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) }
            defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
            print("ledger simulation: seed \(seed) (replay with --seed \(seed)), \(ops) operations, \(users) users")
            let started = ContinuousClock.now
            let report = try LedgerSimulation(directory: directory, seed: seed, users: users).run(operations: ops) { report in
                print("  \(report.operations) operations, \(report.transfers) transfers, \(report.violations.count) violations")
            }
            let seconds = Double((ContinuousClock.now - started).components.seconds)
            print("ledger simulation: \(report.operations) operations (\(report.kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), "
                  + "\(report.transfers) transfers, \(report.refusals) refusals, \(report.restarts) restarts, "
                  + "\(report.fullChecks) full checks, \(Int(seconds)) s; seed \(seed)")
            guard report.violations.isEmpty else {
                for violation in report.violations { print("VIOLATION \(violation)") }
                throw ExitCode(1)
            }
            print("ledger simulation: 0 violations")
        }
    }
}
