import ArgumentParser
import Foundation
import StrataApp
import StrataCore

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
            let problems = try store.services().points(.cli).verify()
            if problems.isEmpty {
                print("ledger sound: balances sum to zero per currency, every cached balance and hold equals its entries, "
                      + "no account below zero, lots hold every available balance")
                return
            }
            for problem in problems { print(problem) }
            throw ExitCode(1)
        }
    }
}
