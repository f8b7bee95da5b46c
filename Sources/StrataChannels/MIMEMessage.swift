import Crypto
import Foundation

/// An email as RFC 5322 / MIME text: UTF-8 headers encoded as RFC 2047 words, a text part and
/// an HTML part as `multipart/alternative` (each base64), the one-click unsubscribe headers of
/// RFC 8058, and a `Message-ID` derived from the idempotency key, so a resent copy is the same
/// message to the receiving system.
public struct MIMEMessage: Sendable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String?
    public var html: String?
    /// The one-click unsubscribe URL (`List-Unsubscribe` and `List-Unsubscribe-Post`).
    public var unsubscribeURL: String?
    /// The outbox's idempotency key.
    public var key: String
    public var date: Date

    /// Creates a message.
    public init(from: String, to: String, subject: String, text: String?, html: String?, unsubscribeURL: String?,
                key: String, date: Date = Date())
    {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.unsubscribeURL = unsubscribeURL
        self.key = key
        self.date = date
    }

    /// The address inside `Name <address>` (or the whole text).
    public static func address(_ mailbox: String) -> String {
        if let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close {
            return String(mailbox[mailbox.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        }
        return mailbox.trimmingCharacters(in: .whitespaces)
    }

    /// The `Message-ID`: a hash of the key at the sender's domain.
    public var messageId: String {
        let digest = SHA256.hash(data: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        let domain = Self.address(from).split(separator: "@").last.map(String.init) ?? "strata.local"
        return "<\(digest)@\(domain)>"
    }

    /// Whether an address can go into `To:` and `RCPT TO:` as it is: one `@`, no spaces,
    /// control characters or angle brackets (which would let a trait inject headers or commands).
    public static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.count <= 320 && address.filter({ $0 == "@" }).count == 1
            && !address.unicodeScalars.contains { $0.value < 33 || $0.value == 127 || "<>,;\"\\()[]".unicodeScalars.contains($0) }
    }

    /// A header value as RFC 2047 encoded words when it is not plain ASCII: each word at most
    /// 75 characters (whole characters, never a split UTF-8 sequence), folded onto new lines.
    static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// A mailbox header: the display name encoded (or quoted when it holds commas and other
    /// specials), the address as is.
    static func mailbox(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<") else { return text }
        let name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard !name.isEmpty else { return "<\(address(text))>" }
        if name.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) { return "\(encodedWord(name)) <\(address(text))>" }
        if name.contains(where: { "()<>[]:;@\\,.\"".contains($0) }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(address(text))>"
        }
        return "\(name) <\(address(text))>"
    }

    /// Base64 in lines of 76 characters.
    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var rest = encoded[...]
        while !rest.isEmpty {
            lines.append(rest.prefix(76))
            rest = rest.dropFirst(76)
        }
        return lines.joined(separator: "\r\n")
    }

    /// The message text with CRLF line ends (before SMTP dot-stuffing).
    public var rendered: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var headers = [
            "From: \(Self.mailbox(from))", "To: <\(String(String.UnicodeScalarView(to.unicodeScalars.filter { $0.value >= 32 })))>", "Subject: \(Self.encodedWord(subject))",
            "Date: \(formatter.string(from: date))", "Message-ID: \(messageId)", "MIME-Version: 1.0",
            "X-Strata-Key: \(Self.encodedWord(key))",
        ]
        if let unsubscribeURL {
            headers.append("List-Unsubscribe: <\(unsubscribeURL)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        var parts: [(String, String)] = []
        if let text, !text.isEmpty { parts.append(("text/plain", text)) }
        if let html, !html.isEmpty { parts.append(("text/html", html)) }
        if parts.count == 1 {
            headers += ["Content-Type: \(parts[0].0); charset=utf-8", "Content-Transfer-Encoding: base64"]
            return headers.joined(separator: "\r\n") + "\r\n\r\n" + Self.base64Lines(parts[0].1) + "\r\n"
        }
        let boundary = "strata-" + messageId.dropFirst().prefix(16)
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var body = ""
        for (type, content) in parts {
            body += "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Self.base64Lines(content) + "\r\n"
        }
        body += "--\(boundary)--\r\n"
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }
}
