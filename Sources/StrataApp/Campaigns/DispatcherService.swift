import Foundation
import Logging
import ServiceLifecycle
import StrataChannels
import StrataCore
import StrataStore

/// Sends what the outbox holds. Each round claims due messages (the send policy checked again
/// at that moment, in the claiming transaction), renders each for its user, sends them through
/// their channels with a bounded number in flight, and records every outcome in one
/// transaction: sent, retried later with exponential backoff and jitter, or dead-lettered with
/// the reason after too many attempts (a hard bounce also suppresses the address).
///
/// At start, messages a crash left `sending` go back to the queue and are sent again with the
/// same idempotency key, which providers and receivers use to drop the copy: every user gets a
/// message once, whatever crashes.
public actor DispatcherService: Service {
    private let database: any WorkspaceStore
    private let registry: ChannelRegistry
    private let contact: ContactPolicy
    private let settings: DispatchSettings
    private let links: TrackingLinks
    private let logger: Logger
    private let renderer = MessageRenderer()
    /// Compiled messages by `campaign|version|variant|channel`.
    private var compiled: [String: MessageRenderer.Compiled] = [:]

    /// A dispatcher over the store's outbox and the workspace's channels.
    public init(database: any WorkspaceStore, registry: ChannelRegistry, contact: ContactPolicy, settings: DispatchSettings,
                links: TrackingLinks, logger: Logger)
    {
        self.database = database
        self.registry = registry
        self.contact = contact
        self.settings = settings
        self.links = links
        self.logger = logger
    }

    /// Puts back sends a crash interrupted, then sends what is due until shutdown.
    public func run() async throws {
        let requeued = try database.requeueInterruptedSends()
        if requeued > 0 { logger.info("Requeued messages interrupted while sending", metadata: ["count": "\(requeued)"]) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var handled = 0
            do {
                handled = try await dispatchOnce()
            } catch {
                logger.error("Dispatch round failed", metadata: ["error": "\(error)"])
            }
            if handled == 0 {
                do {
                    try await Task.sleep(for: .milliseconds(settings.idlePause))
                } catch {
                    break
                }
            }
        }
        await registry.shutdown()
    }

    /// Closes the channels' connections (the service does this itself when it stops).
    public func shutdown() async {
        await registry.shutdown()
    }

    /// One round: claims due messages, sends them, records the outcomes.
    ///
    /// - Returns: messages handled: claimed, skipped or deferred by the policy.
    @discardableResult
    public func dispatchOnce(now: Int64? = nil) async throws -> Int {
        let now = now ?? database.clock.now()
        let clock = ContinuousClock()
        let started = clock.now
        let claim = try database.claimDueMessages(now: now, limit: settings.batchSize, contact: contact)
        let settled = claim.skipped.values.reduce(0, +) + claim.deferred
        guard !claim.messages.isEmpty else { return settled }
        let claimed = clock.now
        // Profiles are read only for messages whose templates use traits or computed attributes.
        var needsComputed = Set<Int64>()
        var campaigns: [String: StoredCampaign] = [:]
        for message in claim.messages {
            if campaigns[message.campaign] == nil { campaigns[message.campaign] = try database.campaign(named: message.campaign) }
            let template = campaigns[message.campaign]?.campaign.variants.first { $0.name == message.variant }?
                .message(for: message.channel)
            if let template, [template.subject, template.title, template.body, template.html, template.url]
                .contains(where: { $0?.contains("computed.") == true || $0?.contains("traits.") == true }) {
                needsComputed.insert(message.uid)
            }
        }
        let profiles = Dictionary(try database.profiles(uids: Array(needsComputed)).map { ($0.uid, $0) },
                                  uniquingKeysWith: { a, _ in a })
        var outcomes: [(message: OutboxMessage, outcome: DeliveryOutcome)] = []
        var channels: [ChannelKind: (any MessageChannel)?] = [:]
        var jobs: [(OutboxMessage, any MessageChannel, Delivery)] = []
        for message in claim.messages {
            do {
                if campaigns[message.campaign] == nil { campaigns[message.campaign] = try database.campaign(named: message.campaign) }
                guard let stored = campaigns[message.campaign],
                      let variant = stored.campaign.variants.first(where: { $0.name == message.variant }),
                      let template = variant.message(for: message.channel)
                else {
                    outcomes.append((message, .failed(reason: "The campaign no longer has this variant's message.", suppress: false)))
                    continue
                }
                if channels[message.channel] == nil { channels[message.channel] = .some(try await registry.channel(message.channel)) }
                guard let channel = channels[message.channel] ?? nil else {
                    outcomes.append((message, retryOrFail(message, reason: "The \(message.channel.rawValue) channel is not "
                        + "configured.", now: now)))
                    continue
                }
                let cacheKey = "\(message.campaign)|\(stored.version)|\(message.variant)|\(message.channel.rawValue)"
                if compiled[cacheKey] == nil {
                    compiled[cacheKey] = try renderer.compile(template, jsonBody: channel.bodyIsJSON)
                }
                let profile = profiles[message.uid]
                let context = MessageRenderer.context(
                    uid: message.uid, userId: message.userId, traits: profile?.traits ?? [:],
                    computed: profile?.json["computed"]?.objectValue ?? [:], campaign: message.campaign,
                    variant: message.variant,
                    links: ["unsubscribe_url": links.unsubscribeURL(uid: message.uid, channel: message.channel,
                                                                    campaign: message.campaign)])
                jobs.append((message, channel, Delivery(
                    key: message.key, campaign: message.campaign, variant: message.variant, uid: message.uid,
                    userId: message.userId, address: message.address, message: compiled[cacheKey]!.render(context))))
            } catch {
                outcomes.append((message, .failed(reason: "Could not prepare the message: \(error)", suppress: false)))
            }
        }
        let prepared = clock.now
        let limit = settings.concurrency
        let sent = await withTaskGroup(of: (OutboxMessage, Result<DeliveryReceipt, Error>).self) { group in
            var results: [(OutboxMessage, Result<DeliveryReceipt, Error>)] = []
            var inFlight = 0
            for (message, channel, delivery) in jobs {
                if inFlight >= limit, let done = await group.next() {
                    results.append(done)
                    inFlight -= 1
                }
                group.addTask {
                    do {
                        return (message, .success(try await channel.send(delivery)))
                    } catch {
                        return (message, .failure(error))
                    }
                }
                inFlight += 1
            }
            for await done in group { results.append(done) }
            return results
        }
        for (message, result) in sent {
            switch result {
            case .success(let receipt): outcomes.append((message, .sent(response: receipt.response)))
            case .failure(let failure as DeliveryFailure) where !failure.transient:
                outcomes.append((message, .failed(reason: failure.reason, suppress: failure.suppressAddress)))
            case .failure(let error): outcomes.append((message, retryOrFail(message, reason: "\(error)", now: now)))
            }
        }
        let delivered = clock.now
        try database.recordDeliveries(outcomes, now: database.clock.now())
        logger.debug("Dispatch round", metadata: [
            "messages": "\(claim.messages.count)", "claim": "\(claimed - started)", "prepare": "\(prepared - claimed)",
            "send": "\(delivered - prepared)", "record": "\(clock.now - delivered)",
        ])
        let failures = outcomes.filter { if case .sent = $0.outcome { false } else { true } }.count
        if failures > 0 { logger.warning("Messages not delivered this round", metadata: ["count": "\(failures)"]) }
        return claim.messages.count + settled
    }

    /// A transient failure: retry with backoff, or dead-letter after the last attempt.
    private func retryOrFail(_ message: OutboxMessage, reason: String, now: Int64) -> DeliveryOutcome {
        guard message.attempts < settings.maxAttempts else {
            return .failed(reason: "Gave up after \(message.attempts) attempts: \(reason)", suppress: false)
        }
        return .retry(reason: reason, at: now + settings.backoff(afterAttempt: message.attempts, random: Double.random(in: 0...1)))
    }
}
