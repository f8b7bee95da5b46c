import Foundation
import StrataChannels
import StrataCore
import Testing

/// Signed links: one-click unsubscribe, the open pixel and tracked clicks; a damaged or forged
/// token reads as nothing; HTML bodies get every absolute link tracked and the pixel appended.
@Suite("TrackingLinks")
struct TrackingLinksTests {
    static let links = TrackingLinks(secret: "links-secret-1", baseURL: "https://ops.example.com/")

    /// The token of a link under the base URL and the given prefix.
    static func token(_ url: String, _ prefix: String) throws -> String {
        let head = "https://ops.example.com/\(prefix)/"
        try #require(url.hasPrefix(head), "\(url) is not under \(head)")
        let token = String(url.dropFirst(head.count))
        #expect(!token.contains("/") && !token.contains("?") && !token.contains("+") && !token.contains("="),
                "a token is URL-safe: \(token)")
        return token
    }

    @Test("each kind of link round-trips through its token")
    func roundTrip() throws {
        #expect(Self.links.baseURL == "https://ops.example.com")
        let unsubscribe = try Self.token(Self.links.unsubscribeURL(uid: 123_456_789, channel: .email, campaign: "双十一 sale"), "u")
        #expect(Self.links.verify(unsubscribe) == .unsubscribe(uid: 123_456_789, channel: .email, campaign: "双十一 sale"))
        let sms = try Self.token(Self.links.unsubscribeURL(uid: 1, channel: .sms, campaign: "c"), "u")
        #expect(Self.links.verify(sms) == .unsubscribe(uid: 1, channel: .sms, campaign: "c"))
        let open = try Self.token(Self.links.openURL(key: "camp|occ|123|email"), "o")
        #expect(Self.links.verify(open) == .open(key: "camp|occ|123|email"))
        let target = "https://shop.example.com/p?id=1&ref=mail#top"
        let click = try Self.token(Self.links.clickURL(key: "camp|occ|123|email", target: target), "c")
        #expect(Self.links.verify(click) == .click(key: "camp|occ|123|email", target: target))
        // Links are deterministic: the same message gets the same link.
        #expect(Self.links.openURL(key: "k") == Self.links.openURL(key: "k"))
        #expect(Self.links.openURL(key: "k") != Self.links.openURL(key: "k2"))
    }

    @Test("a tampered token reads as nil")
    func tampered() throws {
        let token = try Self.token(Self.links.unsubscribeURL(uid: 42, channel: .email, campaign: "spring"), "u")
        let parts = token.split(separator: ".").map(String.init)
        try #require(parts.count == 2)
        // Every single-character change to the payload or to the MAC.
        var changed = 0
        for index in token.indices where token[index] != "." {
            let replacement: Character = token[index] == "A" ? "B" : "A"
            var forged = token
            forged.replaceSubrange(index...index, with: String(replacement))
            if let link = Self.links.verify(forged) {
                // Base64 may carry unused low bits in its last character; that is the same bytes.
                #expect(link == .unsubscribe(uid: 42, channel: .email, campaign: "spring"), "\(forged) read as \(link)")
            } else {
                changed += 1
            }
        }
        #expect(changed >= token.count - 3)

        // Someone else's payload with this MAC, or this payload re-signed with another secret.
        let other = try Self.token(Self.links.unsubscribeURL(uid: 43, channel: .email, campaign: "spring"), "u")
        #expect(Self.links.verify(other.split(separator: ".")[0] + "." + parts[1]) == nil)
        let stranger = TrackingLinks(secret: "another-secret", baseURL: "https://ops.example.com")
        #expect(stranger.verify(token) == nil)
        let forgedByStranger = try Self.token(stranger.unsubscribeURL(uid: 42, channel: .email, campaign: "spring"), "u")
        #expect(Self.links.verify(forgedByStranger) == nil)

        for garbage in ["", ".", "abc", parts[0], parts[0] + ".", "." + parts[1], token + "x", token + ".x", "!!.!!", token.uppercased()] {
            #expect(Self.links.verify(garbage) == nil, "\(garbage) was accepted")
        }
    }

    @Test("a valid MAC over an unknown shape is refused")
    func unknownShape() throws {
        // An open link's token is never a click or an unsubscribe: the kind is signed.
        let open = try Self.token(Self.links.openURL(key: "k"), "o")
        #expect(Self.links.verify(open) == .open(key: "k"))
        // A click target containing the field separator would change the field count: refused, not misread.
        let click = try Self.token(Self.links.clickURL(key: "k", target: "https://x/\u{1}y"), "c")
        #expect(Self.links.verify(click) == nil)
    }

    @Test("absolute links in an HTML body are rewritten to tracked links; others are left alone")
    func rewriting() throws {
        let html = """
        <html><body><p>Hi <a href="https://shop.example.com/a?x=1&amp;y=2">shop</a>, \
        <a class="b" href="http://example.org/b">b</a>, <a href="mailto:me@example.com">mail</a>, \
        <a href="/relative">rel</a>, <a href="#top">top</a></p></body></html>
        """
        let tracked = Self.links.track(html: html, key: "camp|occ|9|email")
        let hrefs = tracked.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(hrefs.count == 5)
        let clicks = hrefs.filter { $0.hasPrefix("https://ops.example.com/c/") }
        #expect(clicks.count == 2)
        let targets = try clicks.map { try #require(Self.links.verify(try Self.token($0, "c"))) }
        #expect(targets == [.click(key: "camp|occ|9|email", target: "https://shop.example.com/a?x=1&y=2"),
                            .click(key: "camp|occ|9|email", target: "http://example.org/b")])
        #expect(hrefs.contains("mailto:me@example.com"))
        #expect(hrefs.contains("/relative"))
        #expect(hrefs.contains("#top"))
        #expect(!tracked.contains("shop.example.com/a"), "the original target stays only inside the signed token")
        #expect(tracked.contains("<a class=\"b\" href=\""), "the rest of the markup is kept")
        #expect(tracked.contains(">shop</a>, ") && tracked.contains(">rel</a>"))
    }

    @Test("the open pixel goes right before </body>, or at the end without one")
    func pixel() throws {
        let tracked = Self.links.track(html: "<html><BODY><p>x</p></BODY></html>", key: "k1")
        let pixel = "<img src=\"\(Self.links.openURL(key: "k1"))\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"
        #expect(tracked == "<html><BODY><p>x</p>" + pixel + "</BODY></html>")
        #expect(tracked.components(separatedBy: "https://ops.example.com/o/").count == 2, "exactly one pixel")

        let fragment = Self.links.track(html: "<p>no body tag</p>", key: "k1")
        #expect(fragment == "<p>no body tag</p>" + pixel)
        let src = try #require(fragment.components(separatedBy: "src=\"").last?.prefix { $0 != "\"" })
        #expect(Self.links.verify(try Self.token(String(src), "o")) == .open(key: "k1"))
    }

    @Test("an unterminated href does not loop or lose text")
    func unterminated() {
        let html = "<a href=\"https://example.com/a\">a</a><a href=\"https://broken"
        let tracked = Self.links.track(html: html, key: "k")
        #expect(tracked.hasSuffix("<a href=\"https://broken" + "<img src=\"\(Self.links.openURL(key: "k"))\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">"))
        #expect(tracked.contains("https://ops.example.com/c/"))
    }
}
