import ArgumentParser
import StrataApp
import StrataCore

/// `strata keys`: create, list and revoke API keys.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self, IdentitySecret.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; it is printed once, alone on the last line.")
        @OptionGroup var store: StoreOptions
        @Flag(help: "A public write key, for SDKs sending events.") var write = false
        @Flag(help: "A secret key, for the admin API.") var secret = false
        @Option(help: "A label for the key.") var name: String?
        @Option(help: "What a secret key may do and see, as staff with this role: admin, operator, analyst or viewer (default admin).")
        var role: String?

        func validate() throws {
            guard write != secret else { throw ValidationError("Give exactly one of --write or --secret.") }
            if role != nil && write { throw ValidationError("Write keys only send events; --role is for secret keys.") }
        }

        func run() throws {
            let kind: APIKey.Kind = write ? .write : .secret
            let role = try role.map { name in try LoadedStore.usage { try StaffRole(name: name) } }
            let (key, record) = try LoadedStore(store).app.access.createKey(kind: kind, name: name ?? "\(kind.rawValue) key",
                                                                           role: role)
            let acting = record.role.map { " acting as \($0.rawValue)" } ?? ""
            print("Created \(kind.rawValue) key #\(record.id) (\(record.name))\(acting). Store it now: it cannot be shown again.")
            print(key)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (prefixes only).")
        @OptionGroup var store: StoreOptions

        func run() throws {
            let keys = try LoadedStore(store).app.access.keys()
            if keys.isEmpty { print("No stored keys. Create one with `strata keys create --write`.") }
            for key in keys {
                let state = key.revokedAt.map { "revoked \(Timestamp.format($0))" } ?? "active"
                print("#\(key.id)\t\(key.kind.rawValue)\t\(key.role?.rawValue ?? "-")\t\(key.prefix)…\t\(key.name)\t"
                    + "\(Timestamp.format(key.createdAt))\t\(state)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its number.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The key's number from `strata keys list`.") var id: Int64

        func run() throws {
            try LoadedStore(store).app.access.revokeKey(id: id)
            print("Revoked key #\(id).")
        }
    }

    struct IdentitySecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "identity-secret",
            abstract: "Print the workspace's identity secret, which your server uses to prove a user's id to the inbox.",
            discussion: """
                Your server computes userHash = hex(HMAC-SHA256(secret, userId)) and hands it to the signed-in user's
                app, which sends it with the id to /v1/inbox. Keep the secret on servers only. Given `--user ID`, prints
                that id's userHash instead (to test with curl).
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "Print the userHash of this id instead of the secret.") var user: String?

        func run() throws {
            let engagement = try LoadedStore(store).app.engagement
            print(try user.map { try engagement.identityVerifier().proof(for: $0) } ?? engagement.identitySecret())
        }
    }
}
