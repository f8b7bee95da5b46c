import ArgumentParser
import Foundation
import StrataCore
import StrataStore

/// `strata points simulate`: the seeded simulation, which drives the store itself (like the benchmarks).
extension PointsCommand {
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
