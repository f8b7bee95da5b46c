import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StrataChannels
import StrataApp
import StrataCore
import StrataServer
import StrataStore

/// `strata bench campaigns`: plans a send to every user of an imported store (audience,
/// holdout split, send policy, outbox rows committed), then dispatches it to a signed webhook
/// received by a sink in this process, and — given `--smtp HOST:PORT` — sends email to an SMTP
/// sink. Everything the benchmark wrote is deleted afterwards. Ends with one JSON line.
struct CampaignsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns", abstract: "Campaign planning and dispatch speed; ends with one JSON line.")

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("dispatch-messages"), help: "Messages to dispatch to the webhook sink.")
    var dispatchMessages: Int = 100_000
    @Option(help: "An SMTP sink (HOST:PORT, plaintext) to measure email dispatch against.") var smtp: String?
    @Option(name: .customLong("smtp-messages"), help: "Messages to send to the SMTP sink.") var smtpMessages: Int = 20_000

    /// Counts the webhooks the sink receives.
    actor Counter {
        var count = 0
        func add() { count += 1 }
    }

    func run() async throws {
        var logger = Logger(label: "strata-bench")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let database = try store.open()
        let index = try IndexService(database: database, logger: logger)
        let contact = ContactPolicy(caps: [], quietHours: nil, explicitConsent: [])
        let service = try CampaignService(database: database, index: index, contact: contact, logger: logger)
        let name = "bench-campaign-\(ProcessInfo.processInfo.processIdentifier)"
        let segment = "\(name)-everyone"
        let previousWebhook = try database.channelSettings()[.webhook]
        let previousEmail = try database.channelSettings()[.email]
        defer {
            try? database.purgeCampaign(named: name)
            try? database.purgeCampaign(named: name + "-email")
            try? database.deleteSegment(named: segment)
            if let previousWebhook { try? database.saveChannelSettings(previousWebhook, for: .webhook) } else {
                try? database.deleteChannelSettings(.webhook)
            }
            if let previousEmail { try? database.saveChannelSettings(previousEmail, for: .email) } else {
                try? database.deleteChannelSettings(.email)
            }
        }
        _ = try database.saveSegment(SavedSegment(name: segment, description: "benchmark", owner: "bench",
                                                  rule: try SegmentRule(text: "event_count >= 0")))

        // The webhook sink: counts and answers 204, in this process.
        let counter = Counter()
        let router = Router()
        router.post("hook") { _, _ -> HTTPResponse.Status in
            await counter.add()
            return .noContent
        }
        let ports = AsyncStream<Int>.makeStream()
        let sink = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                               onServerRunning: { ports.continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [sink], logger: logger))
        let sinkTask = Task { try await group.run() }
        var ports_ = ports.stream.makeAsyncIterator()
        guard let port = await ports_.next() else { throw ValidationError("the sink did not start") }
        try database.saveChannelSettings(.webhook(.init(url: "http://127.0.0.1:\(port)/hook", secrets: [WebhookSigner.newSecret()],
                                                        allow: ["127.0.0.1/32"])), for: .webhook)

        // Planning a send to everyone.
        let campaign = Campaign(
            name: name, purpose: .activation, audience: .segment(segment), holdoutShare: 0.05,
            variants: [CampaignVariant(name: "A", messages: [(.webhook, CampaignMessage())]),
                       CampaignVariant(name: "B", messages: [(.webhook, CampaignMessage(
                           body: "{\"text\": \"Hi {{traits.city}}\", \"user\": \"{{user.uid}}\"}"))])],
            schedule: .once(at: 0))
        _ = try await service.create(campaign, by: .cli)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let planStart = Date()
        let plan = try await service.plan(campaign, occurrence: "once", now: now)
        let planSeconds = Date().timeIntervalSince(planStart)
        Console.line(String(format: "plan: %d users targeted, %d messages queued, %d holdout in %.2f s", plan.targeted,
                            plan.messages.count, plan.holdout.count, planSeconds))

        // Dispatching to the webhook sink.
        try database.setCampaignStatus(name, to: .scheduled)
        try database.setCampaignStatus(name, to: .running)
        let dispatcher = DispatcherService(
            database: database, registry: ChannelRegistry(database: database, links: TrackingLinks(secret: "bench",
                                                                                                   baseURL: "http://127.0.0.1")),
            contact: contact, settings: DispatchSettings(batchSize: 1000, concurrency: 128), links: TrackingLinks(
                secret: "bench", baseURL: "http://127.0.0.1"), logger: logger)
        let dispatchStart = Date()
        var dispatched = 0
        while dispatched < min(dispatchMessages, plan.messages.count) {
            let n = try await dispatcher.dispatchOnce()
            if n == 0 { break }
            dispatched += n
        }
        let dispatchSeconds = Date().timeIntervalSince(dispatchStart)
        let received = await counter.count
        Console.line(String(format: "webhook dispatch: %d messages in %.2f s = %.0f messages/s (sink received %d)",
                            dispatched, dispatchSeconds, Double(dispatched) / dispatchSeconds, received))
        try database.setCampaignStatus(name, to: .cancelled)
        await group.triggerGracefulShutdown()
        try? await sinkTask.value

        var figures: [String: JSONValue] = [
            "plan_users": .number(Double(plan.targeted)), "plan_seconds": .number((planSeconds * 100).rounded() / 100),
            "webhook_messages": .number(Double(dispatched)),
            "webhook_per_second": .number((Double(dispatched) / dispatchSeconds).rounded()),
        ]
        try database.purgeCampaign(named: name)
        if let smtp {
            let parts = smtp.split(separator: ":")
            guard parts.count == 2, let smtpPort = Int(parts[1]) else { throw ValidationError("--smtp is HOST:PORT.") }
            try database.saveChannelSettings(.smtp(.init(host: String(parts[0]), port: smtpPort, startTLS: false,
                                                         allowPlaintext: true, from: "Bench <bench@example.com>",
                                                         allow: [String(parts[0])])),
                                             for: .email)
            var email = campaign
            email.name = name + "-email"
            email.holdoutShare = 0
            email.variants = [CampaignVariant(name: "A", messages: [(.email, CampaignMessage(
                subject: "你好 {{traits.city}}", body: "Hello from the benchmark", html: "<p>Hello</p>"))])]
            email.rules.maxSendsPerDay = nil
            _ = try await service.create(email, by: .cli)
            let emailPlan = try await service.plan(email, occurrence: "once", now: now)
            try database.setCampaignStatus(email.name, to: .scheduled)
            try database.setCampaignStatus(email.name, to: .running)
            let start = Date()
            var sent = 0
            while sent < min(smtpMessages, emailPlan.messages.count) {
                let n = try await dispatcher.dispatchOnce()
                if n == 0 { break }
                sent += n
            }
            let seconds = Date().timeIntervalSince(start)
            Console.line(String(format: "smtp dispatch: %d messages in %.2f s = %.0f messages/s", sent, seconds,
                                Double(sent) / seconds))
            figures["smtp_messages"] = .number(Double(sent))
            figures["smtp_per_second"] = .number((Double(sent) / seconds).rounded())
            try database.setCampaignStatus(email.name, to: .cancelled)
        }
        await dispatcher.shutdown()
        Console.line(JSONValue.object(figures).jsonText)
    }
}
