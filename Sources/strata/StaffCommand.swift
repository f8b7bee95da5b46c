import ArgumentParser
import Foundation
import StrataApp
import StrataCore

/// `strata staff`: the dashboard's accounts — add, list, change a role or password, remove.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage dashboard accounts (admin, operator, analyst, viewer).",
        subcommands: [Add.self, List.self, Role.self, Password.self, Remove.self])

    /// A password from standard input (one line) or, failing that, a new random one that is printed.
    static func password(fromStandardInput: Bool) throws -> (password: String, generated: Bool) {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin was given but standard input had no line.")
            }
            return (line, false)
        }
        return (AccessUseCases.randomToken().prefix(20).description, true)
    }

    static func account(_ access: AccessUseCases, _ email: String) throws -> StaffAccount {
        guard let account = try access.staffAccount(email: email) else {
            throw ValidationError("No account for \(email); `strata staff list` shows them.")
        }
        return account
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account; without --password-stdin a random password is printed once.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Sign-in email.") var email: String
        @Option(help: "Name shown in the dashboard.") var name: String?
        @Option(help: "admin, operator, analyst or viewer.") var role: String = "viewer"
        @Flag(help: "Read the password (10–200 characters) from standard input.") var passwordStdin = false

        func run() throws {
            let role = try StaffRole(name: role)
            let (password, generated) = try StaffCommand.password(fromStandardInput: passwordStdin)
            let account = try LoadedStore(store).app.access.createStaff(email: email, name: name ?? "", role: role,
                                                                        password: password)
            print("Added \(account.email) as \(account.role.rawValue).")
            if generated { print("Password (shown once): \(password)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let accounts = try LoadedStore(store).app.access.staff()
            if accounts.isEmpty { print("No accounts. Add one with `strata staff add --email you@example.com --role admin`.") }
            for a in accounts { print("\(a.email)\t\(a.role.rawValue)\t\(a.name)\t\(Timestamp.format(a.createdAt))") }
        }
    }

    struct Role: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change an account's role.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account's email.") var email: String
        @Argument(help: "admin, operator, analyst or viewer.") var role: String

        func run() throws {
            let access = try LoadedStore(store).app.access
            let role = try StaffRole(name: role)
            try access.setRole(id: try StaffCommand.account(access, email).id, to: role)
            print("\(email) is now \(role.rawValue).")
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (signs the account out everywhere).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account's email.") var email: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() throws {
            let access = try LoadedStore(store).app.access
            let account = try StaffCommand.account(access, email)
            let (password, generated) = try StaffCommand.password(fromStandardInput: passwordStdin)
            try access.setPassword(id: account.id, to: password)
            print("New password set for \(email).")
            if generated { print("Password (shown once): \(password)") }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an account and its sessions.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The account's email.") var email: String

        func run() throws {
            let access = try LoadedStore(store).app.access
            try access.deleteStaff(id: try StaffCommand.account(access, email).id)
            print("Removed \(email).")
        }
    }
}
