import ArgumentParser

/// The `strata` command-line tool: run the server, import data, manage keys, inspect
/// quarantine, create the demo, and measure.
@main
struct Strata: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Strata: a self-hosted user-operations platform.",
        subcommands: [ServeCommand.self, DemoCommand.self, ImportCommand.self, KeysCommand.self, AuditCommand.self, SecretsCommand.self, UsersCommand.self, RetentionCommand.self, PointsCommand.self, StaffCommand.self,
                      QuarantineCommand.self, SegmentCommand.self, ModelCommand.self, TagsCommand.self, FlowCommand.self,
                      SnapshotCommand.self, ReportCommand.self, SpendCommand.self, CampaignCommand.self, ChannelCommand.self, BenchCommand.self]
    )

    /// Parses and runs the command; a command that changes the store is recorded in the audit
    /// log whether it succeeds or fails.
    static func main() async {
        do {
            var command = try parseAsRoot()
            do {
                if var command = command as? AsyncParsableCommand {
                    try await command.run()
                } else {
                    try command.run()
                }
            } catch {
                (command as? any AuditedCommand)?.recordAudit(succeeded: false)
                exit(withError: error)
            }
            (command as? any AuditedCommand)?.recordAudit(succeeded: true)
        } catch {
            exit(withError: error)
        }
    }
}
