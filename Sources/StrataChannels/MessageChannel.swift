import StrataCore

/// One message to one user, rendered and addressed, as a channel receives it.
public struct Delivery: Sendable {
    /// The outbox's idempotency key: providers that accept one get it (`Idempotency-Key`,
    /// `webhook-id`), so a retry after a crash is dropped at the provider.
    public var key: String
    public var campaign: String
    public var variant: String
    public var uid: Int64
    /// The known user id, if any.
    public var userId: String?
    /// The address on the channel (an email, a phone number, a push token; empty for webhooks).
    public var address: String
    public var message: RenderedMessage

    /// Creates a delivery.
    public init(key: String, campaign: String, variant: String, uid: Int64, userId: String?, address: String,
                message: RenderedMessage)
    {
        self.key = key
        self.campaign = campaign
        self.variant = variant
        self.uid = uid
        self.userId = userId
        self.address = address
        self.message = message
    }
}

/// What the provider answered on success (kept on the outbox row).
public struct DeliveryReceipt: Sendable, Equatable {
    public var response: String

    /// Creates a receipt.
    public init(response: String) { self.response = response }
}

/// A failed delivery: transient ones (timeouts, 5xx, 429) are retried with backoff, permanent
/// ones dead-letter at once; a hard bounce also suppresses the address.
public struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var transient: Bool
    public var reason: String
    /// The address is known bad (a hard bounce): suppress it for every later send.
    public var suppressAddress: Bool

    /// Creates a failure.
    public init(transient: Bool, reason: String, suppressAddress: Bool = false) {
        self.transient = transient
        self.reason = reason
        self.suppressAddress = suppressAddress
    }

    public var description: String { reason }
}

/// A way to reach users: email over SMTP, a signed webhook, a provider's HTTP API, the in-app
/// inbox. Channels are configured per workspace and shared by all campaigns.
public protocol MessageChannel: Sendable {
    /// The kind of channel.
    var kind: ChannelKind { get }
    /// Whether the message body is a JSON document (rendered with JSON escaping).
    var bodyIsJSON: Bool { get }
    /// Sends one message.
    ///
    /// - Throws: `DeliveryFailure` (any other error counts as transient).
    func send(_ delivery: Delivery) async throws -> DeliveryReceipt
    /// Releases connections.
    func shutdown() async
}

extension MessageChannel {
    public var bodyIsJSON: Bool { false }
    public func shutdown() async {}
}
