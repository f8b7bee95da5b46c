import ArgumentParser
import StrataCore
import StrataApp

/// `strata secrets rotate`: re-seals the stored secrets under a new data key.
struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets", abstract: "Manage the key that seals channel and signing secrets at rest.",
        subcommands: [Rotate.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-seal every stored secret under a new data key. Stop the server first; start it again after.",
            discussion: """
                With DATA_DIR/secret.key (the default), a new key replaces it. With STRATA_MASTER_KEY, give the new key \
                with --new-master-key (32 random bytes in base64, e.g. `openssl rand -base64 32`), then start the server \
                with STRATA_MASTER_KEY set to it.
                """)
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("new-master-key"), help: "The new STRATA_MASTER_KEY, when the key comes from the environment.")
        var newMasterKey: String?

        func run() throws {
            let access = try LoadedStore(store).app.access
            let count = try LoadedStore.usage {
                try access.rotateSecrets(directory: store.resolvedDataDirectory, newMasterKey: newMasterKey)
            }
            print("Re-sealed \(count) secrets under the new key"
                + (newMasterKey == nil ? " (\(store.resolvedDataDirectory)/secret.key)." : "; set STRATA_MASTER_KEY to it."))
        }
    }
}
