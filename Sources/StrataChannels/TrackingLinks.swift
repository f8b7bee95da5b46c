import Crypto
import Foundation
import StrataCore

/// Signed links in messages: one-click unsubscribe (RFC 8058), the open pixel and tracked
/// clicks. A token carries what the link is for and is signed with the workspace's secret, so
/// nobody can unsubscribe someone else or forge a click.
public struct TrackingLinks: Sendable {
    /// What a verified token says.
    public enum Link: Sendable, Equatable {
        case unsubscribe(uid: Int64, channel: ChannelKind, campaign: String)
        case open(key: String)
        case click(key: String, target: String)
    }

    private let key: SymmetricKey
    /// Strata's public base URL (`https://ops.example.com`), without a trailing slash.
    public private(set) var baseURL: String

    /// Links under `baseURL`, signed with `secret`.
    public init(secret: String, baseURL: String) {
        key = SymmetricKey(data: Data(secret.utf8))
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// The same links under another base URL (a channel's own public URL).
    public func rebased(to baseURL: String) -> TrackingLinks {
        var copy = self
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        copy.baseURL = base
        return copy
    }

    /// The one-click unsubscribe URL for a user on a channel (also the `List-Unsubscribe` target).
    public func unsubscribeURL(uid: Int64, channel: ChannelKind, campaign: String) -> String {
        "\(baseURL)/u/" + token(["u", String(uid), channel.rawValue, campaign])
    }

    /// The open pixel's URL for a message.
    public func openURL(key: String) -> String { "\(baseURL)/o/" + token(["o", key]) }

    /// A tracked link to `target` for a message.
    public func clickURL(key: String, target: String) -> String { "\(baseURL)/c/" + token(["c", key, target]) }

    /// Reads a token from a link; `nil` when it is forged, damaged or unknown.
    public func verify(_ token: String) -> Link? {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let payload = Self.decode(String(parts[0])), let mac = Self.decode(String(parts[1])),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
              let text = String(data: payload, encoding: .utf8)
        else { return nil }
        let fields = text.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        switch (fields.first, fields.count) {
        case ("u", 4):
            guard let uid = Int64(fields[1]), let channel = ChannelKind(rawValue: fields[2]) else { return nil }
            return .unsubscribe(uid: uid, channel: channel, campaign: fields[3])
        case ("o", 2): return .open(key: fields[1])
        case ("c", 3): return .click(key: fields[1], target: fields[2])
        default: return nil
        }
    }

    /// Replaces each `href="http…"` of an HTML body with a tracked link and appends the open pixel.
    public func track(html: String, key: String) -> String {
        var result = ""
        var rest = html[...]
        while let range = rest.range(of: "href=\"http") {
            result += rest[..<range.lowerBound]
            let urlStart = rest.index(range.lowerBound, offsetBy: 6)
            guard let end = rest[urlStart...].firstIndex(of: "\"") else {
                rest = rest[range.lowerBound...]
                break
            }
            let target = String(rest[urlStart..<end]).replacingOccurrences(of: "&amp;", with: "&")
            result += "href=\"" + clickURL(key: key, target: target) + "\""
            rest = rest[rest.index(after: end)...]
        }
        result += rest
        let pixel = "<img src=\"\(openURL(key: key))\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"
        if let body = result.range(of: "</body>", options: .caseInsensitive) {
            result.insert(contentsOf: pixel, at: body.lowerBound)
        } else {
            result += pixel
        }
        return result
    }

    private func token(_ fields: [String]) -> String {
        let payload = Data(fields.joined(separator: "\u{1}").utf8)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key))
        return Self.encode(payload) + "." + Self.encode(mac)
    }

    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }
}
