import ArgumentParser
import Foundation
import Logging
import StrataApp
import StrataCore

/// `strata campaign`: campaigns from the command line — create and edit them from JSON files,
/// move them through their life cycle, and read their results and 复盘 review. A running
/// `strata serve` on the same data directory sends what is scheduled.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Campaigns (活动): create, launch, pause, results, review.",
        subcommands: [List.self, Create.self, Edit.self, Show.self, Action.self, Versions.self, Results.self, Review.self])

    /// Reads a campaign definition from a JSON file (`-` for standard input).
    static func definition(_ file: String) throws -> Campaign {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { throw ValidationError("Cannot read \(file).") }
        return try LoadedStore.usage {
            let json: JSONValue
            do {
                json = try JSONValue.parse(data)
            } catch {
                throw StrataError(.malformedJSON, "\(file) is not JSON: \(error)")
            }
            return try Campaign(json: json)
        }
    }

    /// The services over a store, for commands that check or measure campaigns.
    static func services(_ store: StoreOptions) throws -> CampaignService {
        try LoadedStore(store).app.campaigns
    }

    static func print(_ stored: StoredCampaign) {
        guard case .object(var fields) = stored.campaign.json else { return }
        fields["version"] = .number(Double(stored.version))
        Swift.print(JSONValue.object(fields).jsonText)
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with status and message counts.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this status.") var status: String?

        func run() async throws {
            let service = try CampaignCommand.services(store)
            let filter = try status.map { text in
                guard let status = CampaignStatus(rawValue: text) else {
                    throw ValidationError("--status is " + CampaignStatus.allCases.map(\.rawValue).joined(separator: ", ") + ".")
                }
                return status
            }
            var rows: [[String]] = []
            for stored in try await service.list(status: filter) {
                let counts = (try? await service.messageCounts(stored.campaign.name)) ?? [:]
                rows.append([stored.campaign.name, stored.campaign.status.rawValue, stored.campaign.purpose.rawValue,
                        String(stored.version), String(counts["sent"] ?? 0), String(counts["pending"] ?? 0),
                        String(counts["failed"] ?? 0)])
            }
            Swift.print(ReportTable(headers: ["campaign", "status", "purpose", "version", "sent", "pending", "failed"],
                                    rows: rows).text, terminator: "")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a draft from a JSON definition.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The campaign as JSON (- for standard input).") var file: String

        func run() async throws {
            let campaign = try CampaignCommand.definition(file)
            let service = try CampaignCommand.services(store)
            CampaignCommand.print(try await LoadedStore.usage { try await service.create(campaign, by: .cli) })
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a campaign's definition (a new version).")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Option(help: "The campaign as JSON (- for standard input).") var file: String

        func run() async throws {
            let campaign = try CampaignCommand.definition(file)
            guard campaign.name == name else { throw ValidationError("The file names \"\(campaign.name)\", not \"\(name)\".") }
            let service = try CampaignCommand.services(store)
            CampaignCommand.print(try await LoadedStore.usage { try await service.update(campaign, by: .cli) })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a campaign as JSON.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            let stored = try await LoadedStore.usage { try await CampaignCommand.services(store).named(name) }
            CampaignCommand.print(stored)
        }
    }

    struct Action: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "launch, pause, resume, cancel, complete or unschedule a campaign.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "launch, pause, resume, cancel, complete or unschedule.") var action: String
        @Argument var name: String

        func run() async throws {
            let targets: [String: CampaignStatus] = ["pause": .paused, "resume": .running, "cancel": .cancelled,
                                                     "complete": .completed, "unschedule": .draft]
            let service = try CampaignCommand.services(store)
            if action == "launch" {
                CampaignCommand.print(try await LoadedStore.usage { try await service.launch(name, by: .cli) })
            } else if let status = targets[action] {
                CampaignCommand.print(try await LoadedStore.usage { try await service.setStatus(name, to: status, by: .cli) })
            } else {
                throw ValidationError("The action is launch, pause, resume, cancel, complete or unschedule.")
            }
        }
    }

    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every version of a campaign.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String

        func run() async throws {
            let versions = try await CampaignCommand.services(store).versions(name)
            guard !versions.isEmpty else { throw ValidationError("No campaign \"\(name)\".") }
            Swift.print(ReportTable(headers: ["version", "status", "note", "at", "by"], rows: versions.map {
                [String($0.version), $0.status, $0.note, Timestamp.format($0.at), $0.author]
            }).text, terminator: "")
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A campaign's results by group, as a table or JSON.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Option(help: "table or json.") var format: String = "table"

        func run() async throws {
            let service = try CampaignCommand.services(store)
            let outcome = try await LoadedStore.usage { try await service.outcome(name, for: .cli) }
            if format == "json" {
                Swift.print(outcome.json.jsonText)
                return
            }
            let r = outcome.results
            Swift.print(ReportTable(
                headers: ["group", "targeted", "sent", "failed", "skipped", "converted", "rate", "uplift", "p-value",
                          "chance to beat"],
                rows: r.arms.map { arm in
                    let c = r.comparisons.first { $0.variant == arm.name }
                    return [arm.name, String(arm.targeted), String(arm.sent), String(arm.failed.values.reduce(0, +)),
                            String(arm.skipped.values.reduce(0, +)), String(arm.converted),
                            arm.conversionRate.map { String(format: "%.2f%%", $0 * 100) } ?? "",
                            c.map { String(format: "%+.2f pts", $0.uplift * 100) } ?? "",
                            c.map { String(format: "%.4f", $0.test.pValue) } ?? "",
                            c.map { String(format: "%.1f%%", $0.chanceToBeatControl * 100) } ?? ""]
                }).text, terminator: "")
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The 复盘 review as Markdown or HTML.")
        @OptionGroup var store: StoreOptions
        @Argument var name: String
        @Option(help: "markdown or html.") var format: String = "markdown"

        func run() async throws {
            guard ["markdown", "html"].contains(format) else { throw ValidationError("--format is markdown or html.") }
            let service = try CampaignCommand.services(store)
            let outcome = try await LoadedStore.usage { try await service.outcome(name, for: .cli) }
            let texts = try await service.reviewTexts(name)
            let review = CampaignReview(outcome: outcome, lessons: texts.lessons, nextSteps: texts.nextSteps)
            Swift.print(format == "html" ? review.html : review.markdown, terminator: "")
        }
    }
}
