import AsyncHTTPClient
import Foundation
import NIOCore
import StrataCore

/// Sends each message as a signed JSON `POST` (Standard Webhooks headers, and the idempotency
/// key as `webhook-id` and `Idempotency-Key`), checking the destination against SSRF at send
/// time: the host is resolved, every address checked, and the connection pinned to the address
/// checked; redirects are followed by hand, each hop checked again.
public actor WebhookChannel: MessageChannel {
    /// Where and how to send.
    public struct Configuration: Sendable {
        public var url: String
        /// Signing secrets (`whsec_…`); all of them sign while a key is rotated.
        public var secrets: [String]
        public var timeoutSeconds: Int
        /// Hosts and ranges the SSRF guard lets through (`127.0.0.1/32` for a local sink).
        public var allow: [String]
        /// Extra headers (an API key of the receiver).
        public var headers: [String: String]
        public var maxRedirects: Int

        /// Creates a configuration.
        public init(url: String, secrets: [String], timeoutSeconds: Int = 10, allow: [String] = [],
                    headers: [String: String] = [:], maxRedirects: Int = 3)
        {
            self.url = url
            self.secrets = secrets
            self.timeoutSeconds = timeoutSeconds
            self.allow = allow
            self.headers = headers
            self.maxRedirects = maxRedirects
        }
    }

    public nonisolated let kind: ChannelKind
    public nonisolated var bodyIsJSON: Bool { true }
    private let configuration: Configuration
    private let signer: WebhookSigner
    private let guardian: AddressGuard
    /// Clients pinned to a checked address, by `host|address`.
    private var clients: [String: HTTPClient] = [:]
    private let clock: @Sendable () -> Int64

    /// A webhook channel (also used, with `kind`, for providers reached through a webhook relay).
    ///
    /// - Throws: `StrataError.invalidField` for a URL that is not http(s) or a bad allow-list entry.
    public init(_ configuration: Configuration, kind: ChannelKind = .webhook,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws
    {
        guard let url = URL(string: configuration.url), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw StrataError(.invalidField, "The webhook URL must be an http(s) URL, got \"\(configuration.url)\".",
                              field: "url")
        }
        self.configuration = configuration
        self.kind = kind
        signer = WebhookSigner(secrets: configuration.secrets)
        guardian = try AddressGuard(allow: configuration.allow)
        self.clock = clock
    }

    /// The default body: the message with who it is for.
    static func defaultBody(_ delivery: Delivery) -> Data {
        var message: [String: JSONValue] = [:]
        let m = delivery.message
        for (key, value) in [("subject", m.subject), ("title", m.title), ("body", m.body), ("html", m.html), ("url", m.url)] {
            if let value { message[key] = .string(value) }
        }
        let body: JSONValue = .object([
            "type": "campaign.message", "id": .string(delivery.key), "campaign": .string(delivery.campaign),
            "variant": .string(delivery.variant),
            "user": .object(["uid": .number(Double(delivery.uid)), "id": delivery.userId.map { .string($0) } ?? .null]),
            "message": .object(message),
        ])
        return Data(body.jsonText.utf8)
    }

    public func send(_ delivery: Delivery) async throws -> DeliveryReceipt {
        let body: Data
        if let text = delivery.message.body, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard (try? JSONValue.parse(Data(text.utf8))) != nil else {
                throw DeliveryFailure(transient: false, reason: "The rendered webhook body is not JSON.")
            }
            body = Data(text.utf8)
        } else {
            body = Self.defaultBody(delivery)
        }
        let timestamp = clock() / 1000
        var url = configuration.url
        for _ in 0...configuration.maxRedirects {
            guard let parsed = URL(string: url), let host = parsed.host else {
                throw DeliveryFailure(transient: false, reason: "Bad redirect target \(url).")
            }
            let address: String
            do {
                address = try await guardian.check(host: host)
            } catch let refusal as AddressGuard.Refusal {
                throw DeliveryFailure(transient: false, reason: "Refused: \(refusal).")
            } catch {
                throw DeliveryFailure(transient: true, reason: "\(error)")
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Strata-Webhooks/1")
            request.headers.add(name: "Idempotency-Key", value: delivery.key)
            for (name, value) in signer.headers(id: delivery.key, timestamp: timestamp, body: body) {
                request.headers.add(name: name, value: value)
            }
            for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response: HTTPClientResponse
            let text: String
            do {
                response = try await client(host: host, address: address)
                    .execute(request, timeout: .seconds(Int64(configuration.timeoutSeconds)))
                text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            } catch {
                throw DeliveryFailure(transient: true, reason: "\(error)")
            }
            let status = Int(response.status.code)
            switch status {
            case 200..<300:
                return DeliveryReceipt(response: "HTTP \(status) \(text.prefix(500))")
            case 300..<400:
                guard let location = response.headers.first(name: "location"),
                      let next = URL(string: location, relativeTo: parsed)?.absoluteString
                else {
                    throw DeliveryFailure(transient: false, reason: "HTTP \(status) without a Location.")
                }
                url = next
            case 408, 425, 429, 500..<600:
                throw DeliveryFailure(transient: true, reason: "HTTP \(status) \(text.prefix(300))")
            default:
                throw DeliveryFailure(transient: false, reason: "HTTP \(status) \(text.prefix(300))")
            }
        }
        throw DeliveryFailure(transient: false, reason: "More than \(configuration.maxRedirects) redirects.")
    }

    /// A client whose connections go to `address` for `host` (TLS still verifies `host`).
    private func client(host: String, address: String) -> HTTPClient {
        let key = "\(host)|\(address)"
        if let client = clients[key] { return client }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if host != address { configuration.dnsOverride = [host: address] }
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[key] = client
        return client
    }

    public func shutdown() async {
        for client in clients.values { try? await client.shutdown() }
        clients.removeAll()
    }
}
