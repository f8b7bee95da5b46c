import AsyncHTTPClient
import Foundation
import Mustache
import NIOCore
import StrataCore

/// Sends each message as an HTTP request with a JSON body: a signed webhook (Standard Webhooks
/// headers, the message's own body or a default document) or a provider's API (SMS, push,
/// WeChat template messages: the provider's body template filled with the address and the
/// rendered message). The idempotency key goes as `Idempotency-Key` (and `webhook-id`).
///
/// The destination is checked against SSRF at send time: the host is resolved, every address
/// checked, and the connection pinned to the address checked; redirects are followed by hand,
/// each hop checked again.
public final class HTTPChannel: MessageChannel, @unchecked Sendable {
    public let kind: ChannelKind
    /// A webhook's body is the message's own JSON; a provider's template escapes what it inserts.
    public var bodyIsJSON: Bool { bodyTemplate == nil }
    private let configuration: ChannelSettings.HTTPSettings
    private let signer: WebhookSigner?
    private let bodyTemplate: MustacheTemplate?
    private let maxRedirects = 3
    private let guardian: AddressGuard
    /// Clients pinned to a checked address, by `host|address`.
    private var clients: [String: HTTPClient] = [:]
    /// Checked addresses by host, kept 30 s (connections go to the address checked, so a DNS
    /// answer that changes meanwhile is not used).
    private var resolved: [String: (address: String, until: Int64)] = [:]
    /// Guards `clients` and `resolved`; everything else is immutable.
    private let lock = NSLock()
    private let clock: @Sendable () -> Int64

    /// A channel for an endpoint: signed when it has secrets (webhooks), with a body template
    /// for providers.
    ///
    /// - Throws: `StrataError.invalidField` for a URL that is not http(s), a body template that
    ///   does not parse, or a bad allow-list entry.
    public init(_ configuration: ChannelSettings.HTTPSettings, kind: ChannelKind = .webhook,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) throws
    {
        guard let url = URL(string: configuration.url), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw StrataError(.invalidField, "The URL must be an http(s) URL, got \"\(configuration.url)\".", field: "url")
        }
        self.configuration = configuration
        self.kind = kind
        signer = configuration.secrets.isEmpty ? nil : WebhookSigner(secrets: configuration.secrets)
        do {
            bodyTemplate = try configuration.bodyTemplate.map {
                try MustacheTemplate(string: "{{% CONTENT_TYPE: \(MessageRenderer.jsonContentType)}}" + $0)
            }
        } catch {
            throw StrataError(.invalidField, "The body template does not parse: \(error).", field: "body")
        }
        guardian = try AddressGuard(allow: configuration.allow)
        self.clock = clock
    }

    /// The provider body: the template filled with the address, key, user and rendered message.
    private func providerBody(_ template: MustacheTemplate, _ delivery: Delivery) -> String {
        let message: [String: Any] = delivery.message.parts
        return template.render([
            "address": delivery.address, "key": delivery.key, "campaign": delivery.campaign, "variant": delivery.variant,
            "user": ["uid": String(delivery.uid), "id": delivery.userId ?? ""] as [String: Any], "message": message,
        ] as [String: Any])
    }

    /// The default body: the message with who it is for.
    static func defaultBody(_ delivery: Delivery) -> Data {
        let message = delivery.message.parts.mapValues { JSONValue.string($0) }
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
        if let bodyTemplate {
            body = Data(providerBody(bodyTemplate, delivery).utf8)
        } else if let text = delivery.message.body, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            body = Data(text.utf8)
        } else {
            body = Self.defaultBody(delivery)
        }
        guard (try? JSONValue.parse(body)) != nil else {
            throw DeliveryFailure(transient: false, reason: "The rendered body is not JSON.")
        }
        let timestamp = clock() / 1000
        var url = configuration.url
        let originalHost = URL(string: configuration.url)?.host
        for _ in 0...maxRedirects {
            guard let parsed = URL(string: url), let host = parsed.host else {
                throw DeliveryFailure(transient: false, reason: "Bad redirect target \(url).")
            }
            let address: String
            do {
                address = try await checkedAddress(host)
            } catch let refusal as AddressGuard.Refusal {
                throw DeliveryFailure(transient: false, reason: "Refused: \(refusal).")
            } catch {
                throw DeliveryFailure(transient: true, reason: "\(error)")
            }
            var request = HTTPClientRequest(url: url)
            request.method = configuration.method == "PUT" ? .PUT : .POST
            if !configuration.headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            request.headers.add(name: "User-Agent", value: "Strata-Webhooks/1")
            let id = Self.headerSafe(delivery.key)
            request.headers.add(name: "Idempotency-Key", value: id)
            for (name, value) in signer?.headers(id: id, timestamp: timestamp, body: body) ?? [] {
                request.headers.add(name: name, value: value)
            }
            // Configured headers (API keys) and the signature go only to the configured host.
            if host == originalHost {
                for (name, value) in configuration.headers { request.headers.add(name: name, value: value) }
            } else {
                for name in ["webhook-signature", "webhook-id", "webhook-timestamp"] { request.headers.remove(name: name) }
            }
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
        throw DeliveryFailure(transient: false, reason: "More than \(maxRedirects) redirects.")
    }

    /// A client whose connections go to `address` for `host` (TLS still verifies `host`).
    private func client(host: String, address: String) -> HTTPClient {
        let key = "\(host)|\(address)"
        lock.lock()
        defer { lock.unlock() }
        if let client = clients[key] { return client }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if host != address { configuration.dnsOverride = [host: address] }
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        clients[key] = client
        return client
    }

    /// The address to connect to for a host, checked by the SSRF guard (cached 30 s).
    private func checkedAddress(_ host: String) async throws -> String {
        let now = clock()
        let cached: (address: String, until: Int64)? = lock.withLock { resolved[host] }
        if let cached, cached.until > now { return cached.address }
        let address = try await guardian.check(host: host)
        lock.withLock { resolved[host] = (address, now + 30_000) }
        return address
    }

    public func shutdown() async {
        let all: [HTTPClient] = lock.withLock {
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }

    /// A key as an HTTP header value: printable ASCII kept, anything else (a campaign named in
    /// Chinese) percent-encoded as UTF-8, so every receiver reads the same bytes that were signed.
    static func headerSafe(_ key: String) -> String {
        var allowed = CharacterSet(charactersIn: Unicode.Scalar(0x21)...Unicode.Scalar(0x7E))
        allowed.remove("%")
        return key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
    }
}
