import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A reply of an SMTP server: its code and text lines.
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var text: String { lines.joined(separator: " ") }
    var isPositive: Bool { code >= 200 && code < 400 }
}

/// Collects an SMTP server's reply lines (`250-…` continues, `250 …` ends) and hands each whole
/// reply to the command waiting for it. Lives on its channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var pending = ""
    private var lines: [String] = []
    private var replies: [SMTPReply] = []
    private var waiters: [EventLoopPromise<SMTPReply>] = []
    private var failure: Error?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let end = pending.range(of: "\r\n") {
            let line = String(pending[..<end.lowerBound])
            pending.removeSubrange(..<end.upperBound)
            lines.append(line)
            let separator = line.count > 3 ? line[line.index(line.startIndex, offsetBy: 3)] : " "
            guard separator != "-" else { continue }
            let code = Int(line.prefix(3)) ?? 0
            let reply = SMTPReply(code: code, lines: lines.map { String($0.dropFirst(min(4, $0.count))) })
            lines.removeAll()
            if waiters.isEmpty { replies.append(reply) } else { waiters.removeFirst().succeed(reply) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPConnection.Closed())
    }

    private func fail(_ error: Error) {
        failure = failure ?? error
        for waiter in waiters { waiter.fail(error) }
        waiters.removeAll()
    }

    /// The next reply (call on the event loop).
    func next(on loop: EventLoop, timeout: TimeAmount, channel: Channel) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiters.append(promise)
        // A server that stops answering must not hold a send forever.
        let timer = loop.scheduleTask(in: timeout) { [weak self] in
            guard let self, let i = self.waiters.firstIndex(where: { $0.futureResult === promise.futureResult }) else { return }
            self.waiters.remove(at: i)
            promise.fail(SMTPConnection.TimedOut())
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Drops replies and bytes received but not asked for (call on the event loop).
    func discardUnread() {
        replies.removeAll()
        pending = ""
        lines.removeAll()
    }
}

/// One connection to an SMTP server, used by one task at a time: commands and their replies,
/// the STARTTLS upgrade, and closing.
final class SMTPConnection: @unchecked Sendable {
    /// The server closed the connection.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the SMTP server closed the connection" }
    }

    /// The server did not answer in time.
    struct TimedOut: Error, CustomStringConvertible {
        var description: String { "the SMTP server did not answer within 60 s" }
    }

    let channel: Channel
    private let handler: SMTPReplyHandler
    /// The capabilities of the last EHLO (`STARTTLS`, `AUTH PLAIN LOGIN`, …), upper-cased.
    private(set) var capabilities: [String] = []

    private init(channel: Channel, handler: SMTPReplyHandler) {
        self.channel = channel
        self.handler = handler
    }

    /// Connects and reads the greeting.
    static func connect(host: String, port: Int, timeout: TimeAmount) async throws -> SMTPConnection {
        let handler = SMTPReplyHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .connect(host: host, port: port).get()
        let connection = SMTPConnection(channel: channel, handler: handler)
        let greeting = try await connection.reply()
        guard greeting.code == 220 else {
            try? await connection.channel.close()
            throw SMTPChannel.Failure(code: greeting.code, text: greeting.text, stage: "greeting")
        }
        return connection
    }

    /// The next reply.
    func reply() async throws -> SMTPReply {
        let handler = self.handler
        let loop = channel.eventLoop
        let channel = self.channel
        return try await loop.flatSubmit { handler.next(on: loop, timeout: .seconds(60), channel: channel) }.get()
    }

    /// Writes raw text (already CRLF-terminated).
    func write(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    /// Sends a command line and returns its reply.
    func command(_ line: String) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply()
    }

    /// EHLO, remembering the capabilities.
    func hello(_ name: String) async throws -> SMTPReply {
        let reply = try await command("EHLO \(name)")
        if reply.code == 250 { capabilities = reply.lines.dropFirst().map { $0.uppercased() } }
        return reply
    }

    /// Whether the last EHLO offered a capability.
    func offers(_ capability: String) -> Bool { capabilities.contains { $0 == capability || $0.hasPrefix(capability + " ") } }

    /// Upgrades to TLS after the server accepted STARTTLS, verifying `serverHostname`'s certificate.
    ///
    /// Anything the server sent before the upgrade beyond its go-ahead is discarded: a reply
    /// injected there would otherwise answer a command sent over TLS (CVE-2011-0411).
    func upgradeToTLS(serverHostname: String, configuration: TLSConfiguration) async throws {
        let context = try NIOSSLContext(configuration: configuration)
        let channel = self.channel, handler = self.handler
        // An address cannot be a TLS server name; the chain is then verified without a name.
        let name = AddressGuard.bytes(of: serverHostname) == nil ? serverHostname : nil
        try await channel.eventLoop.submit {
            handler.discardUnread()
            let tls = try NIOSSLClientHandler(context: context, serverHostname: name)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }.get()
    }

    /// Says goodbye and closes.
    func close() async {
        _ = try? await command("QUIT")
        try? await channel.close()
    }
}
