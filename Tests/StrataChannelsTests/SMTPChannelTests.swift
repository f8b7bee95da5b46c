import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import StrataChannels
import StrataCore
import Testing

/// A certificate for "localhost" and 127.0.0.1 (self-signed, valid 2000–2199), for STARTTLS tests.
enum TestCertificate {
    static let certificatePEM = """
    -----BEGIN CERTIFICATE-----
    MIIBWzCCAQGgAwIBAgIUWSqU4EWQ6hHFBaUtzjldk3Laj0owCgYIKoZIzj0EAwIw
    FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTAwMDEwMTAwMDAwMFoYDzIxOTkxMjMx
    MDAwMDAwWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
    PQMBBwNCAAR/KRYUKz1gexgzdJS1kfven4Visw2QbbSlnaVdcMUIlx3eKiHtuynd
    L0BWYKrvobfTK4FqmQbXF5x+3TLBfXhmoy8wLTAaBgNVHREEEzARgglsb2NhbGhv
    c3SHBH8AAAEwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEA7pAf
    59Lf2fMCeJdJZyGjDLF3E8SOpc1BzEOcTmlByn0CIANLYQTdQXkoC6iEwYxk32Cx
    fujsbsvRWwVtr8ZWhVdK
    -----END CERTIFICATE-----
    """
    static let keyPEM = """
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi8BTu9k1kriPoxOH
    VtgGlCwgo6TK0Xf7n2OQykYgtVGhRANCAAR/KRYUKz1gexgzdJS1kfven4Visw2Q
    bbSlnaVdcMUIlx3eKiHtuyndL0BWYKrvobfTK4FqmQbXF5x+3TLBfXhm
    -----END PRIVATE KEY-----
    """

    static func certificate() throws -> NIOSSLCertificate { try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem) }

    static func serverContext() throws -> NIOSSLContext {
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: [.certificate(try certificate())],
                                                                         privateKey: .privateKey(key)))
    }

    /// A client configuration trusting only this certificate.
    static func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try certificate()])
        return configuration
    }
}

/// An SMTP server in the test process on 127.0.0.1, recording every command and mail:
/// recipients starting with "bounce" get 550 at RCPT, "busy" 450 at RCPT, "reject-data" 554 after
/// the data. STARTTLS and AUTH PLAIN (required after STARTTLS when it is offered) are optional.
final class FakeSMTPServer: @unchecked Sendable {
    struct Options {
        var startTLS = false
        var user: String? = nil
        var password: String? = nil
        /// Plaintext bytes sent right behind the STARTTLS reply (a STARTTLS response injection).
        var injectAfterStartTLS: String? = nil
    }

    struct Command: Sendable {
        var connection: Int
        var line: String
        var tls: Bool
    }

    struct Mail: Sendable {
        var connection: Int
        var from: String
        var recipients: [String]
        var data: String
        var tls: Bool
    }

    let options: Options
    private let lock = NSLock()
    private var _commands: [Command] = []
    private var _mails: [Mail] = []
    private var _connections = 0
    private var _authenticated: [(user: String, password: String, tls: Bool)] = []
    private var children: [Channel] = []
    private var server: Channel?
    private(set) var port = 0

    init(_ options: Options = Options()) { self.options = options }

    var commands: [Command] { lock.withLock { _commands } }
    var mails: [Mail] { lock.withLock { _mails } }
    var connections: Int { lock.withLock { _connections } }
    var authenticated: [(user: String, password: String, tls: Bool)] { lock.withLock { _authenticated } }
    func lines(_ prefix: String) -> [String] { commands.map(\.line).filter { $0.uppercased().hasPrefix(prefix) } }

    func start() async throws -> FakeSMTPServer {
        let tls = options.startTLS ? try TestCertificate.serverContext() : nil
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                let id = self.lock.withLock {
                    self._connections += 1
                    self.children.append(channel)
                    return self._connections
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Session(server: self, connection: id, tls: tls))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server = channel
        port = channel.localAddress?.port ?? 0
        return self
    }

    func stop() async {
        let (children, server) = lock.withLock { (self.children, self.server) }
        for child in children { try? await child.close() }
        try? await server?.close()
    }

    fileprivate func record(_ command: Command) { lock.withLock { _commands.append(command) } }
    fileprivate func record(_ mail: Mail) { lock.withLock { _mails.append(mail) } }
    fileprivate func recordAuth(_ user: String, _ password: String, _ tls: Bool) {
        lock.withLock { _authenticated.append((user, password, tls)) }
    }

    final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let server: FakeSMTPServer
        let connection: Int
        let tlsContext: NIOSSLContext?
        var tls = false
        var pending = ""
        var inData = false
        var dataLines: [String] = []
        var from: String?
        var recipients: [String] = []

        init(server: FakeSMTPServer, connection: Int, tls: NIOSSLContext?) {
            self.server = server
            self.connection = connection
            tlsContext = tls
        }

        func send(_ context: ChannelHandlerContext, _ text: String) {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }

        func channelActive(context: ChannelHandlerContext) {
            send(context, "220 fake.smtp.test ESMTP ready\r\n")
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                handle(context, line)
            }
        }

        func handle(_ context: ChannelHandlerContext, _ line: String) {
            if inData {
                if line == "." {
                    inData = false
                    let data = dataLines.joined(separator: "\r\n") + "\r\n"
                    dataLines = []
                    if recipients.contains(where: { $0.hasPrefix("reject-data") }) {
                        send(context, "554 5.7.1 message refused\r\n")
                    } else {
                        server.record(Mail(connection: connection, from: from ?? "", recipients: recipients, data: data, tls: tls))
                        send(context, "250 2.0.0 queued as \(server.mails.count)\r\n")
                    }
                    from = nil
                    recipients = []
                } else {
                    dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
                }
                return
            }
            server.record(Command(connection: connection, line: line, tls: tls))
            let verb = line.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
            func address(_ prefix: String) -> String {
                let rest = line.dropFirst(prefix.count)
                guard let open = rest.firstIndex(of: "<"), let close = rest.lastIndex(of: ">") else { return String(rest) }
                return String(rest[rest.index(after: open)..<close])
            }
            switch verb {
            case "EHLO":
                var lines = ["fake.smtp.test greets you"]
                if server.options.startTLS && !tls { lines.append("STARTTLS") }
                if server.options.user != nil { lines.append("AUTH PLAIN LOGIN") }
                lines += ["8BITMIME", "SMTPUTF8"]
                send(context, lines.enumerated().map { i, text in "250\(i == lines.count - 1 ? " " : "-")\(text)\r\n" }.joined())
            case "HELO", "NOOP":
                send(context, "250 ok\r\n")
            case "STARTTLS":
                guard let tlsContext, !tls else { return send(context, "454 4.7.0 TLS not available\r\n") }
                send(context, "220 2.0.0 go ahead\r\n" + (server.options.injectAfterStartTLS ?? ""))
                pending = ""  // the server discards plaintext pipelined behind STARTTLS
                try! context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
                tls = true
            case "AUTH":
                let parts = line.split(separator: " ")
                if server.options.startTLS && !tls { return send(context, "530 5.7.0 must issue STARTTLS first\r\n") }
                guard parts.count == 3, parts[1].uppercased() == "PLAIN", let data = Data(base64Encoded: String(parts[2])),
                      let text = String(data: data, encoding: .utf8)
                else { return send(context, "501 5.5.2 bad AUTH\r\n") }
                let fields = text.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 3, fields[1] == server.options.user, fields[2] == server.options.password else {
                    return send(context, "535 5.7.8 authentication failed\r\n")
                }
                server.recordAuth(fields[1], fields[2], tls)
                send(context, "235 2.7.0 authenticated\r\n")
            case "MAIL":
                if server.options.user != nil && !server.authenticated.contains(where: { _ in true }) {
                    return send(context, "530 5.7.0 authentication required\r\n")
                }
                from = address("MAIL FROM:")
                recipients = []
                send(context, "250 2.1.0 ok\r\n")
            case "RCPT":
                let to = address("RCPT TO:")
                if to.hasPrefix("bounce") { return send(context, "550 5.1.1 <\(to)>: user unknown\r\n") }
                if to.hasPrefix("busy") { return send(context, "450 4.2.1 mailbox busy, try later\r\n") }
                recipients.append(to)
                send(context, "250 2.1.5 ok\r\n")
            case "DATA":
                guard from != nil, !recipients.isEmpty else { return send(context, "503 5.5.1 no valid recipients\r\n") }
                inData = true
                send(context, "354 end with <CRLF>.<CRLF>\r\n")
            case "RSET":
                from = nil
                recipients = []
                send(context, "250 2.0.0 reset\r\n")
            case "QUIT":
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "221 2.0.0 bye\r\n"))).whenComplete { _ in
                    context.close(promise: nil)
                }
            default:
                send(context, "500 5.5.2 unknown command\r\n")
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}

@Suite("SMTPChannel")
struct SMTPChannelTests {
    static let links = TrackingLinks(secret: "smtp-links-secret", baseURL: "https://ops.example.com")

    static func settings(_ server: FakeSMTPServer, host: String = "127.0.0.1", startTLS: Bool = false, user: String? = nil,
                         password: String? = nil) -> ChannelSettings.SMTPSettings
    {
        ChannelSettings.SMTPSettings(host: host, port: server.port, username: user, password: password, startTLS: startTLS,
                                     allowPlaintext: !startTLS, from: "Strata Ops <ops@example.com>",
                                     allow: ["127.0.0.0/8", "::1/128", "localhost"])
    }

    static func delivery(_ address: String, key: String? = nil, uid: Int64 = 42, subject: String = "Hello {{name}}") -> Delivery {
        Delivery(key: key ?? "spring|2026-10-01|\(uid)|email", campaign: "spring", variant: "A", uid: uid, userId: "u\(uid)",
                 address: address, message: RenderedMessage(
                    subject: subject, body: "Hi,\r\n.see https://shop.example.com/x\r\n",
                    html: "<html><body><p>Hi <a href=\"https://shop.example.com/x?a=1&amp;b=2\">shop</a></p></body></html>"))
    }

    /// Runs a test against a started server and a channel, stopping both whatever happens.
    static func with(_ options: FakeSMTPServer.Options = .init(), host: String = "127.0.0.1", user: String? = nil,
                     password: String? = nil, tls: TLSConfiguration? = nil,
                     _ test: (FakeSMTPServer, SMTPChannel) async throws -> Void) async throws
    {
        let server = try await FakeSMTPServer(options).start()
        let channel = try SMTPChannel(settings(server, host: host, startTLS: options.startTLS, user: user, password: password),
                                      links: links, tls: tls ?? (try TestCertificate.clientConfiguration()))
        var failure: (any Error)?
        do { try await test(server, channel) } catch { failure = error }
        await channel.shutdown()
        await server.stop()
        if let failure { throw failure }
    }

    static func outcome(_ channel: SMTPChannel, _ delivery: Delivery) async -> Result<DeliveryReceipt, DeliveryFailure> {
        do {
            return .success(try await channel.send(delivery))
        } catch let failure as DeliveryFailure {
            return .failure(failure)
        } catch {
            return .failure(DeliveryFailure(transient: true, reason: "not a DeliveryFailure: \(error)"))
        }
    }

    actor Flag {
        private(set) var isSet = false
        func set() { isSet = true }
    }

    /// Sends with a watchdog: a send still waiting for a reply after `seconds` has the server drop
    /// its connections, well before SMTPConnection's own 60 s reply timeout would end the wait. The
    /// 20 s leave room for a TLS handshake on a machine loaded by a build.
    static func outcome(_ channel: SMTPChannel, _ delivery: Delivery, watchdog server: FakeSMTPServer, seconds: Int = 20) async
        -> (result: Result<DeliveryReceipt, DeliveryFailure>, hung: Bool)
    {
        let fired = Flag()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(seconds))
            await fired.set()
            await server.stopChildren()
        }
        let result = await outcome(channel, delivery)
        watchdog.cancel()
        return (result, await fired.isSet)
    }

    static func failure(_ result: Result<DeliveryReceipt, DeliveryFailure>) -> DeliveryFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test("a plaintext relay gets one mail with envelope, MIME, unsubscribe headers and tracked HTML")
    func delivers() async throws {
        try await Self.with { server, channel in
            let receipt = try await channel.send(Self.delivery("li.lei@example.com", subject: "小明，双十一快乐"))
            #expect(receipt.response.hasPrefix("SMTP 250"))
            #expect(receipt.response.contains("queued as 1"))
            #expect(server.lines("EHLO") == ["EHLO example.com"], "EHLO names the sender's domain")
            #expect(server.lines("MAIL") == ["MAIL FROM:<ops@example.com>"])
            #expect(server.lines("RCPT") == ["RCPT TO:<li.lei@example.com>"])
            #expect(server.lines("AUTH").isEmpty)
            let mail = try #require(server.mails.first)
            #expect(server.mails.count == 1)
            #expect(mail.recipients == ["li.lei@example.com"])
            let parsed = try ParsedMail(mail.data)
            #expect(ParsedMail.decodeWords(try #require(parsed["Subject"])) == "小明，双十一快乐")
            #expect(parsed["To"] == "<li.lei@example.com>")
            let unsubscribe = Self.links.unsubscribeURL(uid: 42, channel: .email, campaign: "spring")
            #expect(parsed["List-Unsubscribe"] == "<\(unsubscribe)>")
            #expect(parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            #expect(parsed["Message-ID"] == MIMEMessage(from: "Strata Ops <ops@example.com>", to: "", subject: "", text: nil, html: nil,
                                                        unsubscribeURL: nil, key: "spring|2026-10-01|42|email").messageId)
            let parts = try parsed.parts()
            try #require(parts.count == 2)
            #expect(parts[0].content == "Hi,\r\n.see https://shop.example.com/x\r\n", "the text part is sent as written")
            let html = parts[1].content
            #expect(!html.contains("href=\"https://shop.example.com"), "links are tracked")
            let click = try #require(html.components(separatedBy: "href=\"").dropFirst().first?.prefix { $0 != "\"" })
            #expect(click.hasPrefix("https://ops.example.com/c/"))
            #expect(Self.links.verify(String(click.dropFirst("https://ops.example.com/c/".count)))
                == .click(key: "spring|2026-10-01|42|email", target: "https://shop.example.com/x?a=1&b=2"))
            #expect(html.contains("<img src=\"\(Self.links.openURL(key: "spring|2026-10-01|42|email"))\""))
            #expect(html.hasSuffix("</p></body></html>") == false && html.hasSuffix("</body></html>"), "the pixel sits before </body>")
        }
    }

    @Test("one connection carries many messages, in sequence and in parallel")
    func reusesConnections() async throws {
        try await Self.with { server, channel in
            for uid in 1...3 { _ = try await channel.send(Self.delivery("user\(uid)@example.com", uid: Int64(uid))) }
            #expect(server.connections == 1)
            #expect(server.lines("EHLO").count == 1)
            #expect(server.mails.count == 3)
            #expect(Set(server.mails.map(\.connection)) == [1])

            try await withThrowingTaskGroup(of: Void.self) { group in
                for uid in 10..<16 {
                    group.addTask { _ = try await channel.send(Self.delivery("user\(uid)@example.com", uid: Int64(uid))) }
                }
                try await group.waitForAll()
            }
            #expect(server.mails.count == 9)
            #expect(Set(server.mails.flatMap(\.recipients)).count == 9, "every recipient exactly once")
            let afterParallel = server.connections
            #expect(afterParallel <= 6)
            for uid in 20..<24 { _ = try await channel.send(Self.delivery("user\(uid)@example.com", uid: Int64(uid))) }
            #expect(server.connections == afterParallel, "idle connections are reused")
        }
    }

    @Test("RCPT 550 is a hard bounce: permanent, suppress the address; the connection is reset and reused")
    func hardBounce() async throws {
        try await Self.with { server, channel in
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("bounce-1@example.com"))))
            #expect(failure.suppressAddress)
            #expect(!failure.transient)
            #expect(failure.reason.contains("550"))
            #expect(failure.reason.contains("RCPT"))
            #expect(server.lines("DATA").isEmpty, "nothing is sent after the refusal")

            _ = try await channel.send(Self.delivery("fine@example.com", uid: 43))
            #expect(server.lines("RSET").count == 1)
            #expect(server.connections == 1)
            #expect(server.mails.map(\.recipients) == [["fine@example.com"]])
        }
    }

    @Test("RCPT 450 is transient, and suppresses nothing")
    func softBounce() async throws {
        try await Self.with { server, channel in
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("busy@example.com"))))
            #expect(failure.transient)
            #expect(!failure.suppressAddress)
            #expect(failure.reason.contains("450"))
            #expect(server.mails.isEmpty)
        }
    }

    @Test("a 5xx after the data is permanent but no bounce: the address stays")
    func refusedData() async throws {
        try await Self.with { server, channel in
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("reject-data@example.com"))))
            #expect(!failure.transient)
            #expect(!failure.suppressAddress, "only a refused recipient is a hard bounce")
            #expect(failure.reason.contains("554"))
            _ = try await channel.send(Self.delivery("fine@example.com", uid: 43))
            #expect(server.mails.count == 1)
        }
    }

    @Test("STARTTLS with the certificate verified, then AUTH PLAIN over TLS, and the connection reused")
    func startTLSAndAuth() async throws {
        try await Self.with(.init(startTLS: true, user: "relay-user", password: "p@ss wörd"), host: "localhost",
                            user: "relay-user", password: "p@ss wörd") { server, channel in
            _ = try await channel.send(Self.delivery("a@example.com", uid: 1))
            _ = try await channel.send(Self.delivery("b@example.com", uid: 2))
            #expect(server.connections == 1)
            #expect(server.lines("STARTTLS").count == 1)
            #expect(server.lines("EHLO").count == 2, "EHLO again after STARTTLS")
            #expect(server.commands.filter { $0.line.uppercased().hasPrefix("AUTH") }.allSatisfy { $0.tls }, "AUTH only over TLS")
            #expect(server.authenticated.count == 1)
            #expect(server.authenticated.first?.user == "relay-user")
            #expect(server.authenticated.first?.password == "p@ss wörd")
            #expect(server.mails.count == 2)
            #expect(server.mails.allSatisfy { $0.tls })
            #expect(server.commands.filter { !$0.tls }.map { $0.line.split(separator: " ")[0].uppercased() } == ["EHLO", "STARTTLS"],
                    "nothing but EHLO and STARTTLS in plaintext")
        }
    }

    @Test("wrong credentials are a permanent failure")
    func badCredentials() async throws {
        try await Self.with(.init(startTLS: true, user: "relay-user", password: "right"), host: "localhost",
                            user: "relay-user", password: "wrong") { server, channel in
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("a@example.com"))))
            #expect(!failure.transient)
            #expect(failure.reason.contains("535"))
            #expect(failure.reason.contains("AUTH"))
            #expect(server.lines("MAIL").isEmpty)
        }
    }

    @Test("STARTTLS required but not offered: nothing is sent, the password least of all")
    func startTLSNotOffered() async throws {
        let server = try await FakeSMTPServer(.init(startTLS: false, user: "u", password: "secret")).start()
        let channel = try SMTPChannel(Self.settings(server, host: "localhost", startTLS: true, user: "u", password: "secret"),
                                      links: Self.links, tls: try TestCertificate.clientConfiguration())
        let result = await Self.outcome(channel, Self.delivery("a@example.com"))
        await channel.shutdown()
        await server.stop()
        let failure = try #require(Self.failure(result))
        #expect(failure.reason.contains("STARTTLS"))
        #expect(server.lines("AUTH").isEmpty)
        #expect(server.lines("MAIL").isEmpty)
        #expect(server.mails.isEmpty)
    }

    @Test("a certificate that is not trusted stops the send before AUTH")
    func untrustedCertificate() async throws {
        try await Self.with(.init(startTLS: true, user: "u", password: "secret"), host: "localhost", user: "u", password: "secret",
                            tls: .makeClientConfiguration()) { server, channel in
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("a@example.com"))))
            #expect(failure.transient)
            #expect(server.authenticated.isEmpty)
            #expect(server.lines("AUTH").isEmpty)
            #expect(server.mails.isEmpty)
        }
    }

    /// NIOSSL refuses an IP address as the TLS server name (SNI), and SMTPChannel passes the
    /// configured host as it is: a relay configured by address can never use STARTTLS.
    @Test("STARTTLS to a relay configured by IP address, whose certificate names that address")
    func startTLSByAddress() async throws {
        try await Self.with(.init(startTLS: true), host: "127.0.0.1") { server, channel in
            let result = await Self.outcome(channel, Self.delivery("a@example.com"))
            #expect(Self.failure(result) == nil, "\(Self.failure(result)?.reason ?? "")")
            #expect(server.mails.count == 1)
        }
    }

    /// CVE-2011-0411 class: bytes that arrive in plaintext behind the STARTTLS reply must not be
    /// read as replies to commands sent over TLS.
    @Test("plaintext injected behind the STARTTLS reply is not taken as a TLS reply")
    func startTLSResponseInjection() async throws {
        try await Self.with(.init(startTLS: true, injectAfterStartTLS: "250 injected\r\n"), host: "localhost") { server, channel in
            let (result, hung) = await Self.outcome(channel, Self.delivery("a@example.com"), watchdog: server)
            if hung {
                // On a machine loaded to the limit the injected bytes can arrive in a read of their
                // own, after the TLS handler is in place: the handshake then never completes, and
                // the send must fail closed — nothing delivered on a reply nobody sent over TLS.
                #expect(Self.failure(result) != nil && server.mails.isEmpty)
            } else if let failure = Self.failure(result) {
                Issue.record("the send failed: \(failure.reason)")
            } else {
                #expect(server.mails.count == 1)
            }
        }
    }

    /// The recipient is a user's `email` trait, which clients send: a CR/LF in it must not let
    /// them add SMTP commands (further recipients, or a whole message).
    @Test("a line break in the recipient address does not inject SMTP commands")
    func recipientCommandInjection() async throws {
        try await Self.with { server, channel in
            let (result, hung) = await Self.outcome(channel, Self.delivery("victim@example.com>\r\nRCPT TO:<attacker@evil.example"),
                                                    watchdog: server)
            #expect(!hung, "the send waited for a reply until the server dropped the connection")
            #expect(server.lines("RCPT").allSatisfy { !$0.contains("attacker@evil.example") }, "\(server.lines("RCPT"))")
            #expect(server.mails.flatMap(\.recipients).allSatisfy { $0 != "attacker@evil.example" })
            // However it is handled, the address is not a deliverable one.
            if let failure = Self.failure(result) { #expect(!failure.reason.isEmpty) }
        }
    }

    @Test("a connection the server closed is replaced, not reused")
    func closedConnection() async throws {
        try await Self.with { server, channel in
            _ = try await channel.send(Self.delivery("a@example.com", uid: 1))
            await server.stopChildren()
            try await Task.sleep(for: .milliseconds(200))
            _ = try await channel.send(Self.delivery("b@example.com", uid: 2))
            #expect(server.connections == 2)
            #expect(server.mails.map(\.recipients) == [["a@example.com"], ["b@example.com"]])
        }
    }

    @Test("a private, loopback or metadata server is refused unless allow-listed, like a webhook")
    func addressGuard() async throws {
        let server = try await FakeSMTPServer().start()
        for host in ["127.0.0.1", "localhost", "169.254.169.254", "10.1.2.3"] {
            var settings = Self.settings(server, host: host)
            settings.allow = []
            let channel = try SMTPChannel(settings)
            let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("a@example.com"))))
            await channel.shutdown()
            #expect(!failure.transient, "\(host)")
            #expect(failure.reason.contains("Refused"), "\(host): \(failure.reason)")
        }
        #expect(server.connections == 0)
        // Allow-listed, the local relay is reached.
        let allowed = try SMTPChannel(Self.settings(server))
        _ = try await allowed.send(Self.delivery("a@example.com"))
        await allowed.shutdown()
        #expect(server.mails.count == 1)
        #expect(throws: StrataError.self) {
            try SMTPChannel(ChannelSettings.SMTPSettings(host: "x", from: "a@example.com", allow: ["not a host!"]))
        }
        await server.stop()
    }

    @Test("nothing listening is a transient failure")
    func nothingListening() async throws {
        let channel = try SMTPChannel(ChannelSettings.SMTPSettings(host: "127.0.0.1", port: 1, startTLS: false, allowPlaintext: true,
                                                                   from: "ops@example.com", allow: ["127.0.0.1"]))
        let failure = try #require(Self.failure(await Self.outcome(channel, Self.delivery("a@example.com"))))
        await channel.shutdown()
        #expect(failure.transient)
        #expect(!failure.suppressAddress)
    }
}

extension FakeSMTPServer {
    /// Closes every client connection (an idle timeout at the server), keeping the listener.
    func stopChildren() async {
        let children = lock.withLock { self.children }
        for child in children { try? await child.close() }
    }
}
