import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StrataChannels
import StrataCore
import Testing

/// What the test server received.
struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    /// Header values by lower-cased name, in the order received.
    var headers: [String: [String]]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    /// The headers as a receiver's dictionary (first value of each).
    var flatHeaders: [String: String] { headers.compactMapValues(\.first) }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
}

actor RequestLog {
    private(set) var requests: [ReceivedRequest] = []
    func append(_ request: ReceivedRequest) { requests.append(request) }
    func paths() -> [String] { requests.map(\.path) }
}

/// A real HTTP server on 127.0.0.1 and a free port, recording every request:
/// - `/hook` (any method): 200 `ok`
/// - `/status/N`: answers N
/// - `/redirect?to=URL`: 302 to URL; `/redirect-nowhere`: 302 without a Location
/// - `/loop`: 302 to itself
/// - `/slow`: answers after 10 s
enum TestHTTPServer {
    static func run<Value: Sendable>(_ test: @Sendable (_ port: Int, _ log: RequestLog) async throws -> Value) async throws -> Value {
        let log = RequestLog()
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: [String]] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased(), default: []].append(field.value) }
            let path = request.uri.path
            await log.append(ReceivedRequest(method: request.method.rawValue, path: path, headers: headers,
                                             body: Data(body.readableBytesView)))
            if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)) {
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code) body")))
            }
            switch path {
            case "/redirect":
                let target = request.uri.queryParameters.get("to") ?? "/hook"
                return Response(status: .found, headers: [.location: target])
            case "/redirect-nowhere":
                return Response(status: .found)
            case "/loop":
                return Response(status: .found, headers: [.location: "/loop"])
            case "/slow":
                try await Task.sleep(for: .seconds(10))
                return Response(status: .ok)
            default:
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok")))
            }
        }
        router.post("**", use: handler)
        router.put("**", use: handler)
        var logger = Logger(label: "strata-test-http")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            try await test(try #require(client.port), log)
        }
    }
}

@Suite("HTTPChannel")
struct HTTPChannelTests {
    static let secret = "whsec_" + Data((0..<32).map { UInt8($0 ^ 0x5C) }).base64EncodedString()
    static let clockMs: Int64 = 1_790_726_400_789

    static func delivery(key: String = "spring|2026-10-01|42|sms", userId: String? = "u42", address: String = "+8613800000000",
                         _ message: RenderedMessage) -> Delivery
    {
        Delivery(key: key, campaign: "spring", variant: "B", uid: 42, userId: userId, address: address, message: message)
    }

    /// Sends each delivery, then shuts the channel down whatever happened.
    static func send(_ settings: ChannelSettings.HTTPSettings, kind: ChannelKind = .webhook,
                     _ deliveries: Delivery...) async throws -> [Result<DeliveryReceipt, DeliveryFailure>]
    {
        let channel = try HTTPChannel(settings, kind: kind, clock: { clockMs })
        var results: [Result<DeliveryReceipt, DeliveryFailure>] = []
        for delivery in deliveries {
            do {
                results.append(.success(try await channel.send(delivery)))
            } catch let failure as DeliveryFailure {
                results.append(.failure(failure))
            } catch {
                results.append(.failure(DeliveryFailure(transient: true, reason: "not a DeliveryFailure: \(error)")))
            }
        }
        await channel.shutdown()
        return results
    }

    static func failure(_ result: Result<DeliveryReceipt, DeliveryFailure>) -> DeliveryFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test("a webhook carries webhook-id = key, webhook-timestamp, a verifiable webhook-signature and Idempotency-Key")
    func signedHeaders() async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/hook", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(subject: "Hello")))
            let receipt = try results[0].get()
            #expect(receipt.response.hasPrefix("HTTP 200"))
            #expect(receipt.response.contains("ok"))
            let requests = await log.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "POST")
            #expect(request.path == "/hook")
            #expect(request.header("webhook-id") == "spring|2026-10-01|42|sms")
            #expect(request.header("idempotency-key") == "spring|2026-10-01|42|sms")
            #expect(request.header("webhook-timestamp") == String(Self.clockMs / 1000))
            #expect(request.header("content-type") == "application/json")
            #expect(request.headers["webhook-signature"]?.count == 1)
            #expect(request.header("webhook-signature")?.hasPrefix("v1,") == true)
            try WebhookSigner(secrets: [Self.secret]).verify(headers: request.flatHeaders, body: request.body,
                                                             now: Self.clockMs / 1000)
            #expect(throws: WebhookSigner.VerificationError.badSignature) {
                try WebhookSigner(secrets: [WebhookSigner.newSecret()]).verify(
                    headers: request.flatHeaders, body: request.body, now: Self.clockMs / 1000)
            }
        }
    }

    @Test("the default webhook body: type, id, campaign, variant, user and the message parts present")
    func defaultBody() async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/hook", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            let message = RenderedMessage(subject: "Sale \"today\"", body: "   \n", html: "<p>Hi</p>", url: "https://example.com/x")
            _ = try await Self.send(settings, Self.delivery(message), Self.delivery(key: "k2", userId: nil, RenderedMessage(title: "T")))
            let requests = await log.requests
            try #require(requests.count == 2)
            let json = try #require(requests[0].json, "not JSON: \(String(decoding: requests[0].body, as: UTF8.self))")
            #expect(Set(json.keys) == ["type", "id", "campaign", "variant", "user", "message"])
            #expect(json["type"] as? String == "campaign.message")
            #expect(json["id"] as? String == "spring|2026-10-01|42|sms")
            #expect(json["campaign"] as? String == "spring")
            #expect(json["variant"] as? String == "B")
            let user = try #require(json["user"] as? [String: Any])
            #expect((user["uid"] as? NSNumber)?.int64Value == 42)
            #expect(user["id"] as? String == "u42")
            let sent = try #require(json["message"] as? [String: Any])
            // A blank body is not sent as the document; it stays in the message as rendered.
            #expect(Set(sent.keys) == ["subject", "body", "html", "url"])
            #expect(sent["subject"] as? String == "Sale \"today\"")
            #expect(sent["html"] as? String == "<p>Hi</p>")
            #expect(sent["url"] as? String == "https://example.com/x")

            let second = try #require(requests[1].json)
            #expect((second["user"] as? [String: Any])?["id"] is NSNull)
            #expect(Set((second["message"] as? [String: Any] ?? [:]).keys) == ["title"])
            try WebhookSigner(secrets: [Self.secret]).verify(headers: requests[1].flatHeaders, body: requests[1].body,
                                                             now: Self.clockMs / 1000)
        }
    }

    @Test("a webhook message body that is JSON is sent as is; one that is not is a permanent failure, never sent")
    func ownBody() async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/hook", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            let own = #"{"event":"promo","n":3}"#
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(body: own)),
                                              Self.delivery(key: "k-bad", RenderedMessage(body: "{\"broken\": ")))
            #expect(throws: Never.self) { try results[0].get() }
            let failure = try #require(Self.failure(results[1]))
            #expect(!failure.transient)
            let requests = await log.requests
            try #require(requests.count == 1)
            #expect(String(decoding: requests[0].body, as: UTF8.self) == own)
        }
    }

    @Test("a webhook body rendered with JSON escaping stays valid JSON whatever the trait holds")
    func renderedWebhookBody() async throws {
        let trait = "Li \"Lee\"\nline 2\t\\ end \u{1}"
        let channel = try HTTPChannel(.init(url: "http://127.0.0.1:1/hook", secrets: [Self.secret]), kind: .webhook)
        #expect(channel.bodyIsJSON)
        await channel.shutdown()
        let compiled = try MessageRenderer().compile(CampaignMessage(body: #"{"greeting":"Hi {{traits.name}}"}"#), jsonBody: true)
        let context = MessageRenderer.context(uid: 42, userId: "u42", traits: ["name": .string(trait)], computed: [:],
                                              campaign: "spring", variant: "B")
        let rendered = compiled.render(context)
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/hook", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            _ = try await Self.send(settings, Self.delivery(rendered))
            let requests = await log.requests
            try #require(requests.count == 1)
            let json = try #require(requests[0].json, "not JSON: \(String(decoding: requests[0].body, as: UTF8.self))")
            #expect(json["greeting"] as? String == "Hi " + trait)
        }
    }

    @Test("a provider body template is filled with JSON escaping: quotes and newlines in a value still give valid JSON")
    func providerTemplate() async throws {
        try await TestHTTPServer.run { port, log in
            let template = #"{"to":"{{address}}","text":"{{message.body}}","subject":"{{message.subject}}","ref":"{{key}}","#
                + #""uid":"{{user.uid}}","user":"{{user.id}}","campaign":"{{campaign}}","variant":"{{variant}}"}"#
            let settings = ChannelSettings.HTTPSettings(
                url: "http://127.0.0.1:\(port)/sms/send", method: "PUT",
                headers: ["Authorization": "Bearer provider-token", "Content-Type": "application/json; charset=utf-8"],
                bodyTemplate: template, allow: ["127.0.0.1/32"])
            let text = "He said \"hi\"\nline 2\ttab \\ backslash </script> 你好 \u{7}"
            let results = try await Self.send(settings, kind: .sms,
                                              Self.delivery(address: "+86 138\"0000", RenderedMessage(subject: "S\"1\"", body: text)))
            #expect(throws: Never.self) { try results[0].get() }
            let requests = await log.requests
            try #require(requests.count == 1)
            let request = requests[0]
            #expect(request.method == "PUT")
            #expect(request.path == "/sms/send")
            let json = try #require(request.json, "not JSON: \(String(decoding: request.body, as: UTF8.self))")
            #expect(json["text"] as? String == text)
            #expect(json["subject"] as? String == "S\"1\"")
            #expect(json["to"] as? String == "+86 138\"0000")
            #expect(json["ref"] as? String == "spring|2026-10-01|42|sms")
            #expect(json["uid"] as? String == "42")
            #expect(json["user"] as? String == "u42")
            #expect(json["campaign"] as? String == "spring")
            #expect(json["variant"] as? String == "B")
            #expect(request.header("authorization") == "Bearer provider-token")
            #expect(request.headers["content-type"] == ["application/json; charset=utf-8"], "the configured content type replaces the default")
            #expect(request.header("idempotency-key") == "spring|2026-10-01|42|sms")
            #expect(request.header("webhook-signature") == nil, "a provider without secrets is not signed")
        }
    }

    /// The dispatcher renders a message body with `jsonBody: channel.bodyIsJSON`. For a provider
    /// channel the body is SMS / push text that the provider template then escapes into its JSON,
    /// so rendering it JSON-escaped first escapes trait values twice: the user reads backslashes.
    @Test("a provider's SMS text reaches the user as written, rendered the way the dispatcher renders it")
    func providerTextNotEscapedTwice() async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/sms", bodyTemplate: #"{"text":"{{message.body}}"}"#,
                                                        allow: ["127.0.0.1/32"])
            let channel = try HTTPChannel(settings, kind: .sms, clock: { Self.clockMs })
            let compiled = try MessageRenderer().compile(CampaignMessage(body: "Hi {{traits.name}}!"), jsonBody: channel.bodyIsJSON)
            let context = MessageRenderer.context(uid: 42, userId: "u42", traits: ["name": .string("Li \"Lee\"\nJr")],
                                                  computed: [:], campaign: "spring", variant: "B")
            var sendError: (any Error)?
            do { _ = try await channel.send(Self.delivery(compiled.render(context))) } catch { sendError = error }
            await channel.shutdown()
            #expect(sendError == nil)
            let requests = await log.requests
            try #require(requests.count == 1)
            let json = try #require(requests[0].json)
            #expect(json["text"] as? String == "Hi Li \"Lee\"\nJr!")
        }
    }

    @Test("5xx, 429 and 408 are transient failures; other 4xx are permanent", arguments: [
        (500, true), (502, true), (503, true), (429, true), (408, true), (400, false), (401, false), (404, false), (410, false),
        (422, false),
    ])
    func statusClasses(_ code: Int, _ transient: Bool) async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/status/\(code)", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))
            let failure = try #require(Self.failure(results[0]), "HTTP \(code) counted as delivered")
            #expect(failure.transient == transient)
            #expect(failure.reason.contains("HTTP \(code)"))
            #expect(failure.reason.contains("status \(code) body"))
            #expect(!failure.suppressAddress)
            #expect(await log.requests.count == 1)
        }
    }

    @Test("a redirect to 127.0.0.1 is refused when only the first host is allow-listed by name")
    func redirectToLoopbackRefused() async throws {
        try await TestHTTPServer.run { port, log in
            // Control: the host entry lets "localhost" itself through.
            let direct = ChannelSettings.HTTPSettings(url: "http://localhost:\(port)/hook", secrets: [Self.secret], allow: ["localhost"])
            let directResults = try await Self.send(direct, Self.delivery(RenderedMessage(subject: "x")))
            #expect(throws: Never.self) { try directResults[0].get() }

            let target = "http://127.0.0.1:\(port)/hook?via=redirect"
            let settings = ChannelSettings.HTTPSettings(
                url: "http://localhost:\(port)/redirect?to=\(target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                secrets: [Self.secret], allow: ["localhost"])
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))
            let failure = try #require(Self.failure(results[0]), "the redirect to 127.0.0.1 was followed")
            #expect(!failure.transient)
            #expect(failure.reason.contains("Refused"))
            #expect(failure.reason.contains("127.0.0.1"))
            #expect(await log.paths() == ["/hook", "/redirect"], "the redirect target must never be requested")
        }
    }

    @Test("a redirect within an allow-listed range is followed, with the same signed request")
    func redirectWithinRange() async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/redirect?to=/hook", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"])
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))
            #expect(throws: Never.self) { try results[0].get() }
            let requests = await log.requests
            #expect(requests.map(\.path) == ["/redirect", "/hook"])
            if requests.count == 2 {
                #expect(requests[1].body == requests[0].body)
                try WebhookSigner(secrets: [Self.secret]).verify(headers: requests[1].flatHeaders, body: requests[1].body,
                                                                 now: Self.clockMs / 1000)
            }
        }
    }

    @Test("a redirect out of the allow-listed range is refused before connecting")
    func redirectOutOfRange() async throws {
        try await TestHTTPServer.run { port, log in
            // 127.0.0.2 is loopback too, so nothing leaves the machine even if the guard failed.
            let settings = ChannelSettings.HTTPSettings(
                url: "http://127.0.0.1:\(port)/redirect?to=http%3A%2F%2F127.0.0.2%3A\(port)%2Fhook", secrets: [Self.secret],
                allow: ["127.0.0.1/32"])
            let results = try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))
            let failure = try #require(Self.failure(results[0]))
            #expect(!failure.transient)
            #expect(failure.reason.contains("127.0.0.2"))
            #expect(await log.paths() == ["/redirect"])
        }
    }

    @Test("redirect loops and redirects without a Location are permanent failures")
    func badRedirects() async throws {
        try await TestHTTPServer.run { port, log in
            let loop = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/loop", secrets: [Self.secret], allow: ["127.0.0.1/32"])
            let loopFailure = try #require(Self.failure(try await Self.send(loop, Self.delivery(RenderedMessage(subject: "x")))[0]))
            #expect(!loopFailure.transient)
            #expect(loopFailure.reason.contains("redirects"))
            #expect(await log.paths() == Array(repeating: "/loop", count: 4), "the first request and three redirects")

            let nowhere = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/redirect-nowhere", secrets: [Self.secret],
                                                       allow: ["127.0.0.1/32"])
            let failure = try #require(Self.failure(try await Self.send(nowhere, Self.delivery(RenderedMessage(subject: "x")))[0]))
            #expect(!failure.transient)
            #expect(failure.reason.contains("Location"))
        }
    }

    @Test("without an allow-list, 127.0.0.1 and localhost are refused and never contacted", arguments: ["127.0.0.1", "localhost"])
    func ssrfWithoutAllowList(_ host: String) async throws {
        try await TestHTTPServer.run { port, log in
            let settings = ChannelSettings.HTTPSettings(url: "http://\(host):\(port)/hook", secrets: [Self.secret])
            let failure = try #require(Self.failure(try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))[0]),
                                       "\(host) was reached without an allow-list")
            #expect(!failure.transient, "a refusal does not get better with retries")
            #expect(failure.reason.contains("Refused"))
            #expect(await log.requests.isEmpty)
        }
    }

    @Test("a timeout is a transient failure")
    func timeout() async throws {
        try await TestHTTPServer.run { port, _ in
            let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:\(port)/slow", secrets: [Self.secret],
                                                        allow: ["127.0.0.1/32"], timeoutSeconds: 1)
            // The server answers 200 after 10 s: a failure at all means the 1 s timeout cut the wait
            // (no elapsed-time assertion: it fails on a loaded machine and proves nothing more).
            let failure = try #require(Self.failure(try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))[0]))
            #expect(failure.transient)
            #expect(failure.reason.lowercased().contains("deadline") || failure.reason.lowercased().contains("timeout"),
                    "\(failure.reason)")
        }
    }

    @Test("nothing listening is a transient failure")
    func connectionRefused() async throws {
        let settings = ChannelSettings.HTTPSettings(url: "http://127.0.0.1:1/hook", secrets: [Self.secret], allow: ["127.0.0.1/32"],
                                                    timeoutSeconds: 2)
        let failure = try #require(Self.failure(try await Self.send(settings, Self.delivery(RenderedMessage(subject: "x")))[0]))
        #expect(failure.transient)
    }

    @Test("settings that cannot make a channel are refused", arguments: [
        ChannelSettings.HTTPSettings(url: "ftp://example.com/hook"),
        ChannelSettings.HTTPSettings(url: "not a url"),
        ChannelSettings.HTTPSettings(url: "https://example.com/hook", bodyTemplate: "{{#message}}"),
        ChannelSettings.HTTPSettings(url: "https://example.com/hook", allow: ["10.0.0.0/40"]),
    ])
    func badSettings(_ settings: ChannelSettings.HTTPSettings) {
        #expect(throws: StrataError.self) { try HTTPChannel(settings) }
    }
}
