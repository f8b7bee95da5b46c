import Foundation
import NIOCore
import NIOSSL
import StrataCore

/// Email over SMTP: STARTTLS (required unless the settings allow plaintext for a local relay)
/// with the server's certificate verified, AUTH PLAIN, one connection reused for many messages
/// (RSET between them) and a few in parallel. Each message is MIME with text and HTML parts,
/// the one-click unsubscribe headers, the open pixel and tracked links in the HTML part.
/// A 5xx to the recipient (user unknown, mailbox gone) is a hard bounce: the address is suppressed.
public actor SMTPChannel: MessageChannel {
    /// A refusal by the server.
    struct Failure: Error, CustomStringConvertible {
        var code: Int
        var text: String
        var stage: String
        var description: String { "SMTP \(code) at \(stage): \(text)" }
    }

    public nonisolated var kind: ChannelKind { .email }
    private let settings: ChannelSettings.SMTPSettings
    private let links: TrackingLinks?
    private let tls: TLSConfiguration
    /// Refuses private, loopback and metadata addresses not allow-listed, as for webhooks.
    private let guardian: AddressGuard
    private var idle: [SMTPConnection] = []
    private let maxIdle = 8

    /// A channel for an SMTP server; `links` adds unsubscribe, open and click tracking.
    ///
    /// - Parameter tls: the client TLS configuration (tests trust their own certificate).
    /// - Throws: `StrataError.invalidField` for an allow-list entry that is neither a range nor a host.
    public init(_ settings: ChannelSettings.SMTPSettings, links: TrackingLinks? = nil,
                tls: TLSConfiguration = .makeClientConfiguration()) throws
    {
        self.settings = settings
        guardian = try AddressGuard(allow: settings.allow)
        self.links = links
        self.tls = tls
    }

    public func send(_ delivery: Delivery) async throws -> DeliveryReceipt {
        guard MIMEMessage.isSafeAddress(delivery.address) else {
            throw DeliveryFailure(transient: false, reason: "\"\(delivery.address.prefix(80))\" is not a usable email address.",
                                  suppressAddress: false)
        }
        var html = delivery.message.html
        if let links, let body = html { html = links.track(html: body, key: delivery.key) }
        let mime = MIMEMessage(
            from: settings.from, to: delivery.address, subject: delivery.message.subject ?? "",
            text: delivery.message.body, html: html,
            unsubscribeURL: links?.unsubscribeURL(uid: delivery.uid, channel: .email, campaign: delivery.campaign),
            key: delivery.key)
        let connection: SMTPConnection
        do {
            connection = try await take()
        } catch let failure as Failure {
            throw DeliveryFailure(transient: failure.code < 500, reason: failure.description)
        } catch let refusal as AddressGuard.Refusal {
            throw DeliveryFailure(transient: false, reason: "Refused: \(refusal).")
        } catch {
            throw DeliveryFailure(transient: true, reason: "SMTP connection: \(error)")
        }
        do {
            let receipt = try await transaction(connection, mime)
            idle.count < maxIdle ? idle.append(connection) : await connection.close()
            return receipt
        } catch let failure as Failure {
            // The connection is still in step after a refusal; reset it for the next message.
            if (try? await connection.command("RSET"))?.code == 250, idle.count < maxIdle {
                idle.append(connection)
            } else {
                await connection.close()
            }
            let bounce = failure.stage == "RCPT TO" && [550, 551, 553].contains(failure.code)
            throw DeliveryFailure(transient: failure.code < 500, reason: failure.description, suppressAddress: bounce)
        } catch {
            await connection.close()
            throw DeliveryFailure(transient: true, reason: "SMTP: \(error)")
        }
    }

    /// One mail transaction on an open connection.
    private func transaction(_ connection: SMTPConnection, _ mime: MIMEMessage) async throws -> DeliveryReceipt {
        func expect(_ reply: SMTPReply, _ codes: Set<Int>, _ stage: String) throws {
            guard codes.contains(reply.code) else { throw Failure(code: reply.code, text: reply.text, stage: stage) }
        }
        let sender = MIMEMessage.address(settings.from)
        let utf8 = connection.offers("SMTPUTF8") && !(sender + mime.to).allSatisfy(\.isASCII) ? " SMTPUTF8" : ""
        try expect(try await connection.command("MAIL FROM:<\(sender)>\(utf8)"), [250], "MAIL FROM")
        try expect(try await connection.command("RCPT TO:<\(mime.to)>"), [250, 251], "RCPT TO")
        try expect(try await connection.command("DATA"), [354], "DATA")
        // Dot-stuffing: a line starting with "." gets another.
        let text = mime.rendered.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        try await connection.write((text.hasPrefix(".") ? "." : "") + text + ".\r\n")
        let accepted = try await connection.reply()
        try expect(accepted, [250], "end of data")
        return DeliveryReceipt(response: "SMTP \(accepted.code) \(accepted.text)")
    }

    /// An idle connection, or a new one: greeting, EHLO, STARTTLS, EHLO again, AUTH.
    private func take() async throws -> SMTPConnection {
        if let connection = idle.popLast() {
            if connection.channel.isActive { return connection }
            await connection.close()
        }
        // Connect to the address that was checked, not to a second resolution of the name.
        let address = try await guardian.check(host: settings.host)
        let connection = try await SMTPConnection.connect(host: address, port: settings.port, timeout: .seconds(10))
        do {
            let name = MIMEMessage.address(settings.from).split(separator: "@").last.map(String.init) ?? "strata.local"
            var hello = try await connection.hello(name)
            guard hello.code == 250 else { throw Failure(code: hello.code, text: hello.text, stage: "EHLO") }
            if settings.startTLS {
                guard connection.offers("STARTTLS") else {
                    throw Failure(code: 554, text: "the server does not offer STARTTLS", stage: "STARTTLS")
                }
                let reply = try await connection.command("STARTTLS")
                guard reply.code == 220 else { throw Failure(code: reply.code, text: reply.text, stage: "STARTTLS") }
                try await connection.upgradeToTLS(serverHostname: settings.host, configuration: tls)
                hello = try await connection.hello(name)
                guard hello.code == 250 else { throw Failure(code: hello.code, text: hello.text, stage: "EHLO") }
            }
            if let username = settings.username {
                let token = Data("\u{0}\(username)\u{0}\(settings.password ?? "")".utf8).base64EncodedString()
                let reply = try await connection.command("AUTH PLAIN \(token)")
                guard reply.code == 235 else { throw Failure(code: reply.code, text: reply.text, stage: "AUTH") }
            }
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    public func shutdown() async {
        for connection in idle { await connection.close() }
        idle.removeAll()
    }
}
