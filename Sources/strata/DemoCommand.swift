import ArgumentParser
import Foundation
import StrataCore
import StrataServer
import StrataStore

/// `strata demo`: creates a data directory with realistic demo data for the last 90 days,
/// prints the keys and what to try, and serves.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create demo data (once) and run the server on it.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @Option(help: "Users to generate (100…200000).") var users: Int = 5_000
    @Option(help: "Random seed of the generated data.") var seed: UInt64 = 2026
    @Flag(help: "Create the data and exit without serving.") var noServe = false

    /// The keys the demo accepts when none are given.
    static let demoWriteKey = "wk_demo_public_write_key"
    static let demoSecretKey = "sk_demo_secret_key"
    /// The dashboard account the demo creates when there is none.
    static let demoEmail = "demo@strata.local"
    static let demoPassword = "strata-demo-2026"

    func validate() throws {
        guard (100...200_000).contains(users) else { throw ValidationError("--users must be 100…200000.") }
    }

    func run() async throws {
        let database = try store.open()
        var configuration = try server.configuration(store: store)
        if configuration.writeKeys.isEmpty { configuration.writeKeys = [Self.demoWriteKey] }
        if configuration.secretKeys.isEmpty { configuration.secretKeys = [Self.demoSecretKey] }

        if try database.stats().events == 0 {
            try generate(into: database)
        } else {
            Console.line("Using the demo data already in \(store.resolvedDataDirectory).")
        }
        if try database.staffAccounts().isEmpty {
            try database.createStaff(email: Self.demoEmail, name: "演示管理员 Demo admin", role: .admin,
                                     password: Self.demoPassword, now: Int64(Date().timeIntervalSince1970 * 1000))
        }
        let stats = try database.stats()
        Console.line("Demo data: \(stats.users) users (\(stats.knownUsers) known), \(stats.events) events.")
        guard !noServe else { return }
        let writeKey = configuration.writeKeys[0]
        let secretKey = configuration.secretKeys[0]
        let host = configuration.host
        let today = database.settings.dayNumber(Int64(Date().timeIntervalSince1970 * 1000))
        let monthAgo = WorkspaceSettings.dayText(dayNumber: today - DemoLayering.snapshotDays)
        let yesterday = WorkspaceSettings.dayText(dayNumber: today - 1)
        try await ServeCommand.serve(configuration: configuration, database: database) { port in
            let base = "http://\(host):\(port)"
            return """

                Dashboard:  \(base)/app
                  Email:    \(Self.demoEmail)
                  Password: \(Self.demoPassword)   (admin; add accounts with `strata staff add`)

                Write key:  \(writeKey)
                Secret key: \(secretKey)

                Try:
                  curl -s \(base)/api/v1/stats -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/users/user_1 -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users/user_1/events?limit=10' -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/users?trait.city=Shanghai&min_purchase_count=2&limit=5' -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/segments/preview -H 'Authorization: Bearer \(secretKey)' \\
                    -d '{"text": "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"}'
                  curl -s \(base)/api/v1/models/rfm -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/models/lifecycle -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/segments -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/models/scores/engagement -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/flow/rfm?from=\(monthAgo)&to=\(yesterday)" -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/tags -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/funnel?steps=view_item,add_to_cart,checkout,purchase&window=24h&format=csv' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/trend?event=purchase&measure=sum:revenue&breakdown=trait:city&top=5' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/lift?event=purchase&by=channel,city,gender,vip,revenue' \\
                    -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/channels?format=csv' -H 'Authorization: Bearer \(secretKey)'
                  curl -s '\(base)/api/v1/reports/ltv?from=\(monthAgo)&periods=4' -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/api/v1/campaigns -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/campaigns/高意向召回/results" -H 'Authorization: Bearer \(secretKey)'
                  curl -s "\(base)/api/v1/campaigns/高意向召回/review?format=markdown" -H 'Authorization: Bearer \(secretKey)'
                  curl -s \(base)/v1/track -u '\(writeKey):' -H 'Content-Type: application/json' \\
                    -d '{"userId":"user_1","event":"view_item","properties":{"category":"books"}}'
                  curl -s \(base)/metrics

                Stop with Ctrl-C.
                """
        }
    }

    private func generate(into database: AppDatabase) throws {
        let end = Int64(Date().timeIntervalSince1970 * 1000)
        let generator = DemoDataGenerator(users: users, days: 90, end: end, seed: seed)
        let decoder = MessageDecoder(makeMessageId: { UUID().uuidString.lowercased() })
        var pending: [JSONValue] = []
        var stored = 0
        func flush() throws {
            let batch = decoder.batch(from: pending, receivedAt: end, source: "demo", fieldName: nil, indexOffset: stored)
            stored += pending.count
            _ = try database.ingestSync(batch)
            pending.removeAll(keepingCapacity: true)
            Console.progress("Generating demo data: \(stored) messages")
        }
        try generator.generate { message in
            pending.append(message)
            if pending.count >= 5_000 { try flush() }
        }
        try flush()
        FileHandle.standardError.write(Data("\n".utf8))
        try layer(database, now: end)
    }

    /// Saves the demo's segments, tag, scoring model and channel spend, and takes a snapshot for each of the
    /// last 30 days so size history and flows have something to show.
    private func layer(_ database: AppDatabase, now: Int64) throws {
        for segment in DemoLayering.segments {
            _ = try database.saveSegment(SavedSegment(name: segment.name, description: segment.description, owner: "demo",
                                                      rule: try SegmentRule(text: segment.rule)))
        }
        try database.saveScoringModel(DemoLayering.scoringModel)
        let (index, _) = try database.loadIndex()
        var (directory, _) = try database.membershipDirectory()
        let seeds = try SegmentEvaluator.resolving(directory, index: index, asOf: now, settings: database.settings)
            .evaluate(try SegmentRule(text: DemoLayering.tag.rule))
        _ = try database.saveTag(UserTag(name: DemoLayering.tag.name, description: DemoLayering.tag.description))
        try database.changeTagMembers(DemoLayering.tag.name, add: seeds.map(Int64.init))
        (directory, _) = try database.membershipDirectory()
        let today = database.settings.dayNumber(now)
        _ = try database.saveChannelSpend(DemoChannelSpend.entries(today: today))
        let campaign = DemoLayering.campaign(now: now)
        _ = try database.createCampaign(campaign)
        try database.setCampaignStatus(campaign.name, to: .scheduled, note: "launched by the demo")
        for day in (today - DemoLayering.snapshotDays)..<today {
            let label = WorkspaceSettings.dayText(dayNumber: day)
            try database.saveSnapshots(try LayerSnapshot.take(
                directory, models: LayerModel.snapshotted(scoringModels: [DemoLayering.scoringModel]), index: index,
                asOf: try LayerSnapshot.instant(of: label, now: now, settings: database.settings), day: label,
                settings: database.settings))
            Console.progress("Daily snapshots: \(day - today + DemoLayering.snapshotDays + 1) of \(DemoLayering.snapshotDays)")
        }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
