import Foundation
import StrataChannels
import Testing

/// A small, independent reader of the MIME text MIMEMessage writes: unfolded headers, RFC 2047
/// B-encoded words, multipart bodies and base64 parts.
struct ParsedMail {
    var headerLines: [String]
    var headers: [(name: String, value: String)]
    var body: String

    init(_ text: String) throws {
        let split = try #require(text.range(of: "\r\n\r\n"), "no blank line after the headers")
        headerLines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        body = String(text[split.upperBound...])
        headers = []
        for line in headerLines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += line
                continue
            }
            let colon = try #require(line.firstIndex(of: ":"), "not a header line: \(line)")
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
    }

    func all(_ name: String) -> [String] { headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value) }
    subscript(_ name: String) -> String? { all(name).first }

    /// A header value with its RFC 2047 encoded words decoded (whitespace between adjacent words dropped).
    static func decodeWords(_ value: String) -> String? {
        var out = "", rest = value[...], lastWasWord = false
        while let start = rest.range(of: "=?") {
            let between = rest[..<start.lowerBound]
            if !(lastWasWord && between.allSatisfy(\.isWhitespace)) { out += between }
            let after = rest[start.upperBound...]
            let fields = after.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0].uppercased() == "UTF-8", fields[1].uppercased() == "B", fields[3].hasPrefix("=") else { return nil }
            guard let data = Data(base64Encoded: String(fields[2])), let text = String(data: data, encoding: .utf8) else { return nil }
            out += text
            rest = fields[3].dropFirst()
            lastWasWord = true
        }
        return out + rest
    }

    /// The parts of a multipart body: (headers, decoded content).
    func parts() throws -> [(contentType: String, encoding: String, content: String)] {
        let type = try #require(self["Content-Type"])
        let marker = "boundary=\""
        let start = try #require(type.range(of: marker), "no boundary in \(type)")
        let boundary = String(type[start.upperBound...].prefix { $0 != "\"" })
        try #require(body.hasSuffix("--\(boundary)--\r\n"), "the closing delimiter ends the body")
        var sections = body.components(separatedBy: "--\(boundary)")
        #expect(sections.removeFirst().isEmpty, "no preamble")
        #expect(sections.removeLast() == "--\r\n")
        return try sections.map { section in
            try #require(section.hasPrefix("\r\n"))
            let part = try ParsedMail(String(section.dropFirst()))  // "\r\n" is one Character
            let encoding = try #require(part["Content-Transfer-Encoding"])
            let content = try #require(ParsedMail.base64(part.body), "a part is not base64")
            return (try #require(part["Content-Type"]), encoding, content)
        }
    }

    static func base64(_ text: String) -> String? {
        Data(base64Encoded: text.replacingOccurrences(of: "\r\n", with: "")).flatMap { String(data: $0, encoding: .utf8) }
    }
}

@Suite("MIMEMessage")
struct MIMEMessageTests {
    static let date = Date(timeIntervalSince1970: 1_788_251_405)  // Tue, 01 Sep 2026 08:30:05 +0000
    static let unsubscribe = "https://ops.example.com/u/eyJ1IjoxfQ.c2ln"

    static func message(from: String = "Strata Ops <ops@example.com>", to: String = "li.lei@example.com",
                        subject: String = "Your October offer", text: String? = "Hello Li Lei,\r\nSee you.",
                        html: String? = "<p>Hello <b>Li Lei</b></p>", unsubscribeURL: String? = unsubscribe,
                        key: String = "spring|2026-10-01|42|email") -> MIMEMessage
    {
        MIMEMessage(from: from, to: to, subject: subject, text: text, html: html, unsubscribeURL: unsubscribeURL, key: key, date: date)
    }

    @Test("the headers of a message")
    func headers() throws {
        let rendered = Self.message().rendered
        let mail = try ParsedMail(rendered)
        #expect(mail["From"] == "Strata Ops <ops@example.com>")
        #expect(mail["To"] == "<li.lei@example.com>")
        #expect(mail["Subject"] == "Your October offer", "plain ASCII is not encoded")
        #expect(mail["Date"] == "Tue, 01 Sep 2026 08:30:05 +0000")
        #expect(mail["MIME-Version"] == "1.0")
        #expect(mail["X-Strata-Key"] == "spring|2026-10-01|42|email")
        for name in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"] {
            #expect(mail.all(name).count == 1, "\(name) appears \(mail.all(name).count) times")
        }
        // Line ends are CRLF everywhere: no bare LF or CR.
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(rendered.hasSuffix("\r\n"))
        #expect(rendered.unicodeScalars.allSatisfy { $0.isASCII }, "the whole message is 7-bit")
    }

    @Test("a UTF-8 subject and display name are RFC 2047 encoded words that decode back")
    func rfc2047() throws {
        let subject = "小明，你的双十一优惠 🎉 — 50% off"
        let mail = try ParsedMail(Self.message(from: "运营团队 <ops@example.com>", subject: subject).rendered)
        let encoded = try #require(mail["Subject"])
        #expect(encoded.hasPrefix("=?UTF-8?B?"))
        #expect(ParsedMail.decodeWords(encoded) == subject)
        let from = try #require(mail["From"])
        #expect(from.hasSuffix(" <ops@example.com>"))
        #expect(ParsedMail.decodeWords(from) == "运营团队 <ops@example.com>")
        // A quoted display name loses the quotes, ASCII or not.
        #expect(["Strata <ops@example.com>", "\"Strata\" <ops@example.com>"]
            .contains(try ParsedMail(Self.message(from: "\"Strata\" <ops@example.com>").rendered)["From"] ?? ""))
        #expect(try ParsedMail(Self.message(from: "<ops@example.com>").rendered)["From"] == "<ops@example.com>")
        #expect(try ParsedMail(Self.message(from: "ops@example.com").rendered)["From"] == "ops@example.com")
    }

    @Test("a subject with a line break is encoded, not split into a second header")
    func subjectLineBreak() throws {
        let subject = "Hi\r\nBcc: attacker@evil.example"
        let mail = try ParsedMail(Self.message(subject: subject).rendered)
        #expect(mail.all("Bcc").isEmpty)
        #expect(ParsedMail.decodeWords(try #require(mail["Subject"])) == subject)
    }

    @Test("text and HTML go as multipart/alternative, each base64, decoding back to the original")
    func parts() throws {
        let text = "你好 Li Lei,\r\n\r\n.a line starting with a dot\r\nÜmlaut — ok\r\n" + String(repeating: "long line ", count: 40)
        let html = "<html><body><p>你好 <a href=\"https://shop.example.com/?a=1&amp;b=2\">shop</a></p></body></html>"
        let rendered = Self.message(text: text, html: html).rendered
        let mail = try ParsedMail(rendered)
        #expect(mail["Content-Type"]?.hasPrefix("multipart/alternative; boundary=\"") == true)
        let parts = try mail.parts()
        try #require(parts.count == 2)
        #expect(parts[0].contentType == "text/plain; charset=utf-8")
        #expect(parts[1].contentType == "text/html; charset=utf-8", "HTML last: the preferred alternative")
        #expect(parts.allSatisfy { $0.encoding == "base64" })
        #expect(parts[0].content == text)
        #expect(parts[1].content == html)
        for line in mail.body.components(separatedBy: "\r\n") { #expect(line.count <= 76, "body line of \(line.count)") }
    }

    @Test("a single part is the whole body, with no multipart", arguments: [true, false])
    func singlePart(_ textOnly: Bool) throws {
        let content = textOnly ? "Just text, 你好" : "<p>Just HTML</p>"
        let message = textOnly ? Self.message(text: content, html: nil) : Self.message(text: "", html: content)
        let mail = try ParsedMail(message.rendered)
        #expect(mail["Content-Type"] == (textOnly ? "text/plain; charset=utf-8" : "text/html; charset=utf-8"))
        #expect(mail["Content-Transfer-Encoding"] == "base64")
        #expect(ParsedMail.base64(mail.body) == content)
    }

    @Test("List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) when there is an unsubscribe URL")
    func listUnsubscribe() throws {
        let mail = try ParsedMail(Self.message().rendered)
        #expect(mail["List-Unsubscribe"] == "<\(Self.unsubscribe)>")
        #expect(mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        let none = try ParsedMail(Self.message(unsubscribeURL: nil).rendered)
        #expect(none["List-Unsubscribe"] == nil)
        #expect(none["List-Unsubscribe-Post"] == nil)
    }

    @Test("the Message-ID is stable per idempotency key, at the sender's domain")
    func messageId() throws {
        let a = Self.message()
        var later = Self.message(to: "other@example.com", subject: "changed", text: "changed")
        later.date = Date(timeIntervalSince1970: 1_900_000_000)
        #expect(a.messageId == later.messageId, "a resent copy is the same message")
        #expect(a.messageId != Self.message(key: "spring|2026-10-01|43|email").messageId)
        #expect(a.messageId.range(of: "^<[0-9a-f]{32}@example\\.com>$", options: .regularExpression) != nil, "\(a.messageId)")
        #expect(Self.message(from: "Ops <ops@mail.example.cn>").messageId.hasSuffix("@mail.example.cn>"))
        #expect(try ParsedMail(a.rendered)["Message-ID"] == a.messageId)
        #expect(try ParsedMail(later.rendered)["Message-ID"] == a.messageId)
    }

    @Test("the address inside a mailbox")
    func address() {
        #expect(MIMEMessage.address("Strata Ops <ops@example.com>") == "ops@example.com")
        #expect(MIMEMessage.address("\"Ops <team>\" <ops@example.com>") == "ops@example.com")
        #expect(MIMEMessage.address("  ops@example.com ") == "ops@example.com")
        #expect(MIMEMessage.address("<ops@example.com>") == "ops@example.com")
    }

    /// RFC 5322 §2.2.3 / §3.4: a display name with a comma must stay quoted (or be encoded), or
    /// the From header reads as two mailboxes ("Ops" and "Team <ops@example.com>").
    @Test("a display name with a comma stays one mailbox")
    func displayNameWithComma() throws {
        let from = try #require(try ParsedMail(Self.message(from: "\"Ops, Team\" <ops@example.com>").rendered)["From"])
        var quoted = false, topLevelCommas = 0
        for character in from {
            if character == "\"" { quoted.toggle() } else if character == ",", !quoted { topLevelCommas += 1 }
        }
        #expect(topLevelCommas == 0, "From: \(from)")
        #expect(from.hasSuffix("<ops@example.com>"))
    }

    /// RFC 5322 §2.1.1: a line MUST be at most 998 characters; RFC 2047 §2: an encoded word MUST
    /// be at most 75 characters (longer text is split into several words on folded lines).
    @Test("a long UTF-8 subject keeps within the line and encoded-word limits")
    func longSubject() throws {
        let subject = String(repeating: "双十一大促，全场五折起！", count: 34)  // 408 characters, 1,224 bytes
        let rendered = Self.message(subject: subject).rendered
        let mail = try ParsedMail(rendered)
        #expect(ParsedMail.decodeWords(try #require(mail["Subject"])) == subject, "the subject decodes back")
        let longest = mail.headerLines.map(\.utf8.count).max() ?? 0
        let words = try #require(mail["Subject"]).split(separator: " ")
        #expect(longest <= 998, "a header line of \(longest) characters")
        #expect(words.allSatisfy { $0.count <= 75 }, "an encoded word of \(words.map(\.count).max() ?? 0) characters")
    }

    /// The recipient comes from a user's `email` trait, which clients send: a line break in it
    /// must not start a new header.
    @Test("a line break in the recipient does not inject a header")
    func recipientHeaderInjection() throws {
        let rendered = Self.message(to: "victim@example.com>\r\nBcc: <attacker@evil.example").rendered
        let mail = try ParsedMail(rendered)
        #expect(mail.all("Bcc").isEmpty, "header lines: \(mail.headerLines)")
    }
}
