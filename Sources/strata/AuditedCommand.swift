import ArgumentParser
import Foundation
import StrataCore

/// A command that changes the store: `Strata.main` records each run in the audit log, as the
/// CLI (`cli`), with the command's name, a digest of its arguments (never the arguments: they
/// may hold passwords or keys) and whether it succeeded.
protocol AuditedCommand: ParsableCommand {
    /// Where the store is.
    var store: StoreOptions { get }
    /// The action as the log names it (`keys create`).
    static var auditAction: String { get }
    /// Whether this run changes the store (a command that only sometimes writes says when).
    var changes: Bool { get }
    /// What the entry's digest is taken of: the arguments, unless they name a person.
    var auditedArguments: [String] { get }
}

extension AuditedCommand {
    var changes: Bool { true }
    var auditedArguments: [String] { Array(CommandLine.arguments.dropFirst()) }

    /// Records this run; a log that cannot be written is reported, not fatal, since the change is done.
    func recordAudit(succeeded: Bool) {
        guard changes else { return }
        do {
            let app = try LoadedStore(store).app
            try app.audit.record(.cli, action: Self.auditAction, target: "",
                                 body: Array(auditedArguments.joined(separator: "\u{0}").utf8),
                                 status: succeeded ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("warning: the audit log entry was not stored: \(error)\n".utf8))
        }
    }
}

extension CampaignCommand.Create: AuditedCommand { static var auditAction: String { "campaign create" } }
extension CampaignCommand.Edit: AuditedCommand { static var auditAction: String { "campaign edit" } }
extension CampaignCommand.Action: AuditedCommand { static var auditAction: String { "campaign action" } }
extension ChannelCommand.Set: AuditedCommand { static var auditAction: String { "channel set" } }
extension ChannelCommand.Delete: AuditedCommand { static var auditAction: String { "channel delete" } }
extension UsersCommand.Delete: AuditedCommand {
    static var auditAction: String { "users delete" }
    /// The person's id stays out of the log, even as part of a digest.
    var auditedArguments: [String] { ["users", "delete", deleteOnly ? "--delete-only" : "--suppress"] }
}
extension RetentionCommand.Apply: AuditedCommand { static var auditAction: String { "retention apply" } }
extension DemoCommand: AuditedCommand { static var auditAction: String { "demo" } }
extension ImportCommand: AuditedCommand { static var auditAction: String { "import" } }
extension KeysCommand.Create: AuditedCommand { static var auditAction: String { "keys create" } }
extension KeysCommand.Revoke: AuditedCommand { static var auditAction: String { "keys revoke" } }
extension SecretsCommand.Rotate: AuditedCommand { static var auditAction: String { "secrets rotate" } }
extension SegmentCommand.Create: AuditedCommand { static var auditAction: String { "segment create" } }
extension SegmentCommand.Delete: AuditedCommand { static var auditAction: String { "segment delete" } }
extension SpendCommand.Add: AuditedCommand { static var auditAction: String { "spend add" } }
extension SpendCommand.Import: AuditedCommand { static var auditAction: String { "spend import" } }
extension SpendCommand.Delete: AuditedCommand { static var auditAction: String { "spend delete" } }
extension StaffCommand.Add: AuditedCommand { static var auditAction: String { "staff add" } }
extension StaffCommand.Role: AuditedCommand { static var auditAction: String { "staff role" } }
extension StaffCommand.Password: AuditedCommand { static var auditAction: String { "staff password" } }
extension StaffCommand.Remove: AuditedCommand { static var auditAction: String { "staff remove" } }
extension TagsCommand.Create: AuditedCommand { static var auditAction: String { "tags create" } }
extension TagsCommand.Add: AuditedCommand { static var auditAction: String { "tags add" } }
extension TagsCommand.Remove: AuditedCommand { static var auditAction: String { "tags remove" } }
extension TagsCommand.Delete: AuditedCommand { static var auditAction: String { "tags delete" } }
extension SnapshotCommand: AuditedCommand { static var auditAction: String { "snapshot" } }
extension ModelCommand.Score: AuditedCommand {
    var store: StoreOptions { common.store }
    static var auditAction: String { "model score --save" }
    /// Only a run that saves changes the store.
    var changes: Bool { save }
}
