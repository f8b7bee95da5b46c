import ArgumentParser
import Foundation
import Logging
import StrataApp
import StrataCore
import StrataStore

/// Options every command shares: where the data lives and how days are counted.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (env STRATA_DATA_DIR; default ./strata-data).")
    var dataDirectory: String?

    @Option(name: .customLong("time-zone"),
            help: "Time zone that calendar days are counted in (env STRATA_TIME_ZONE; default UTC).")
    var timeZone: String?

    @Option(name: .customLong("personal-traits"),
            help: ArgumentHelp("Traits that are personal data besides the default list (email, phone, name, openid …), "
                + "comma-separated; prefix one with - to declare a default one not personal (env STRATA_PERSONAL_TRAITS)."))
    var personalTraits: String?

    @Option(name: .customLong("event-retention-days"),
            help: "Days events are kept; older ones are removed daily (env STRATA_EVENT_RETENTION_DAYS; default: for ever).")
    var eventRetentionDays: Int?

    @Option(name: .customLong("quarantine-retention-days"),
            help: "Days quarantined messages are kept (env STRATA_QUARANTINE_RETENTION_DAYS; default 30).")
    var quarantineRetentionDays: Int?

    @Option(name: .customLong("points-expiry"),
            help: "When awarded points expire: never, days:N or end_of_month:N (env STRATA_POINTS_EXPIRY; default end_of_month:12).")
    var pointsExpiry: String?

    @Option(help: "Commit durability: normal (survives kill -9) or full (fsync every commit, survives power loss).")
    var durability: String = "normal"

    @Option(name: .customLong("cache-mb"), help: "SQLite page cache of the writer, in MB (64…16384).")
    var cacheMegabytes: Int = 512

    /// The data directory after the environment is consulted.
    var resolvedDataDirectory: String {
        dataDirectory ?? ProcessInfo.processInfo.environment["STRATA_DATA_DIR"] ?? "./strata-data"
    }

    /// Workspace settings from the options.
    func workspace() throws -> WorkspaceSettings {
        let name = timeZone ?? ProcessInfo.processInfo.environment["STRATA_TIME_ZONE"] ?? "UTC"
        guard let zone = TimeZone(identifier: name) else {
            throw ValidationError("Unknown time zone \(name); use an IANA name such as Asia/Shanghai or UTC.")
        }
        let traits = (personalTraits ?? ProcessInfo.processInfo.environment["STRATA_PERSONAL_TRAITS"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let masking = MaskingPolicy(personal: traits.filter { !$0.hasPrefix("-") },
                                    notPersonal: traits.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) })
        let expiryText = pointsExpiry ?? ProcessInfo.processInfo.environment["STRATA_POINTS_EXPIRY"] ?? "end_of_month:12"
        let expiry = try LoadedStore.usage { try ExpiryRule(text: expiryText, field: "--points-expiry") }
        return WorkspaceSettings(timeZone: zone, masking: masking, retention: try retention(), pointsExpiry: expiry)
    }

    /// The retention policy from the options and the environment.
    func retention() throws -> RetentionPolicy {
        let env = ProcessInfo.processInfo.environment
        func days(_ value: Int?, _ variable: String, _ option: String, default fallback: Int?) throws -> Int? {
            guard let days = try value ?? env[variable].map({ text in
                guard let days = Int(text) else { throw ValidationError("\(variable) is a number of days.") }
                return days
            }) else { return fallback }
            guard RetentionPolicy.allowedDays.contains(days) else {
                throw ValidationError("\(option) is 1…\(RetentionPolicy.allowedDays.upperBound) days.")
            }
            return days
        }
        return RetentionPolicy(
            eventDays: try days(eventRetentionDays, "STRATA_EVENT_RETENTION_DAYS", "--event-retention-days", default: nil),
            quarantineDays: try days(quarantineRetentionDays, "STRATA_QUARANTINE_RETENTION_DAYS", "--quarantine-retention-days",
                                     default: 30))
    }

    /// How to open the store, from the options.
    func storeOptions() throws -> AppServices.Options {
        guard let mode = AppDatabase.Durability(rawValue: durability) else {
            throw ValidationError("--durability must be normal or full.")
        }
        guard (64...16_384).contains(cacheMegabytes) else { throw ValidationError("--cache-mb must be 64…16384.") }
        return AppServices.Options(directory: resolvedDataDirectory, settings: try workspace(), durability: mode,
                                   cacheMegabytes: cacheMegabytes,
                                   masterKey: ProcessInfo.processInfo.environment["STRATA_MASTER_KEY"])
    }

    /// Opens the store.
    func open() throws -> AppDatabase {
        let options = try storeOptions()
        return try LoadedStore.usage {
            try AppDatabase.open(directory: options.directory, settings: options.settings, durability: options.durability,
                                 writerCacheMegabytes: options.cacheMegabytes, masterKey: options.masterKey)
        }
    }

    /// Opens the application layer: the store and the campaign service, with the index built
    /// when a command first asks it something; logs only warnings, so a command's output stays its own.
    func services() throws -> AppServices {
        var logger = Logger(label: "strata")
        logger.logLevel = .warning
        return try LoadedStore.usage { try AppServices.open(try storeOptions(), buildIndex: false, logger: logger) }
    }
}
