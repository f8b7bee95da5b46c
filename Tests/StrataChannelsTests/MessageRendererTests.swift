import Foundation
import StrataChannels
import StrataCore
import Testing

/// Personalisation with Mustache: what a template can read, defaults for what a user lacks, and
/// the escaping of each part (text as is, HTML escaped, a webhook body as JSON string content).
@Suite("MessageRenderer")
struct MessageRendererTests {
    static func context(traits: [String: JSONValue] = [:], computed: [String: JSONValue] = [:], userId: String? = "u7",
                        links: [String: String] = [:]) -> MessageRenderer.Context
    {
        MessageRenderer.context(uid: 7, userId: userId, traits: traits, computed: computed, campaign: "双十一 sale",
                                variant: "B", links: links)
    }

    static func render(_ message: CampaignMessage, _ context: MessageRenderer.Context = context(), jsonBody: Bool = false) throws
        -> RenderedMessage
    {
        try MessageRenderer().render(message, context: context, jsonBody: jsonBody)
    }

    @Test("traits, computed attributes, ids, campaign, variant and links are readable")
    func personalisation() throws {
        let message = CampaignMessage(
            subject: "{{traits.name}}，{{traits.city}}的优惠", title: "{{campaign.name}} / {{variant}}",
            body: "uid={{user.uid}} id={{user.id}} spent={{computed.revenue}} unsub={{unsubscribe_url}}",
            url: "https://shop.example.com/{{traits.city}}?u={{user.id}}")
        let rendered = try Self.render(message, Self.context(
            traits: ["name": "小明", "city": "上海"], computed: ["revenue": .number(1280.5)],
            links: ["unsubscribe_url": "https://ops.example.com/u/tok"]))
        #expect(rendered.subject == "小明，上海的优惠")
        #expect(rendered.title == "双十一 sale / B")
        #expect(rendered.body == "uid=7 id=u7 spent=1280.5 unsub=https://ops.example.com/u/tok")
        #expect(rendered.url == "https://shop.example.com/上海?u=u7")
        #expect(rendered.html == nil, "a part the message does not have stays nil")
    }

    @Test("numbers render without a needless .0")
    func numbers() throws {
        let message = CampaignMessage(body: "{{traits.age}} {{computed.revenue}} {{computed.ratio}} {{computed.loss}} {{traits.big}}")
        let rendered = try Self.render(message, Self.context(
            traits: ["age": .number(30), "big": .number(123_456_789_012)],
            computed: ["revenue": .number(120.0), "ratio": .number(0.25), "loss": .number(-3)]))
        #expect(rendered.body == "30 120 0.25 -3 123456789012")
    }

    @Test("a name the user lacks takes the message's default, else renders empty")
    func defaults() throws {
        let message = CampaignMessage(subject: "Hi {{traits.name}}, {{computed.tier}}{{traits.nickname}}!",
                                      defaults: ["traits.name": "朋友", "computed.tier": "member"])
        let compiled = try MessageRenderer().compile(message)
        #expect(compiled.render(Self.context()).subject == "Hi 朋友, member!")
        #expect(compiled.render(Self.context(traits: ["name": ""])).subject == "Hi 朋友, member!", "an empty text counts as missing")
        #expect(compiled.render(Self.context(traits: ["name": .null])).subject == "Hi 朋友, member!", "null counts as missing")
        #expect(compiled.render(Self.context(traits: ["name": "Ann", "nickname": "A"], computed: ["tier": "gold"])).subject
            == "Hi Ann, goldA!")
        // One compiled message renders many users; a default used for one user does not stick to the next.
        #expect(compiled.render(Self.context(traits: ["name": "Bo"])).subject == "Hi Bo, member!")
        #expect(compiled.render(Self.context()).subject == "Hi 朋友, member!")
        // Zero and false are values, not missing.
        let zero = try Self.render(CampaignMessage(body: "{{computed.orders}}", defaults: ["computed.orders": "none"]),
                                   Self.context(computed: ["orders": .number(0)]))
        #expect(zero.body == "0")
    }

    @Test("a default fills a nested path inside an object trait")
    func nestedDefault() throws {
        let message = CampaignMessage(body: "{{traits.address.city}}", defaults: ["traits.address.city": "your city"])
        #expect(try Self.render(message, Self.context(traits: ["address": .object(["street": "1 Main St"])])).body == "your city")
        #expect(try Self.render(message, Self.context(traits: ["address": .object(["city": "杭州"])])).body == "杭州")
        #expect(try Self.render(message).body == "your city")
    }

    @Test("text parts are not escaped, the HTML part is")
    func escaping() throws {
        let name = "<b>Tom & \"Jerry\"</b> 'x'"
        let message = CampaignMessage(subject: "Hi {{traits.name}}", body: "Hi {{traits.name}}",
                                      html: "<p title=\"{{traits.name}}\">Hi {{traits.name}}</p>")
        let rendered = try Self.render(message, Self.context(traits: ["name": .string(name)]))
        #expect(rendered.subject == "Hi " + name)
        #expect(rendered.body == "Hi " + name)
        let html = try #require(rendered.html)
        #expect(!html.contains("<b>"))
        #expect(!html.contains("\"Jerry\""), "a quote would end the attribute")
        #expect(html.contains("&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"))
        #expect(html.hasPrefix("<p title=\"") && html.hasSuffix("</p>"), "the template's own markup is kept")
    }

    @Test("a JSON body escapes values as JSON string content, so a trait cannot break the document")
    func jsonBody() throws {
        let hostile = "He said \"hi\"\nthen\r\n\t\\left\u{0}\u{1}\u{1F} 😀 你好 \"}, \"admin\": true, \"x\": \""
        let message = CampaignMessage(subject: "{{traits.name}}", body: #"{"name":"{{traits.name}}","city":"{{traits.city}}"}"#)
        let rendered = try Self.render(message, Self.context(traits: ["name": .string(hostile), "city": "北京"]), jsonBody: true)
        let body = try #require(rendered.body)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "not JSON: \(body)")
        #expect(Set(parsed.keys) == ["name", "city"], "the trait added keys to the document")
        #expect(parsed["name"] as? String == hostile)
        #expect(parsed["city"] as? String == "北京")
        #expect(rendered.subject == hostile, "only the body is a JSON document")

        // Without jsonBody the same body is plain text: the trait breaks it (this is why webhooks ask for jsonBody).
        let plain = try #require(try Self.render(message, Self.context(traits: ["name": .string(hostile)])).body)
        #expect((try? JSONSerialization.jsonObject(with: Data(plain.utf8))) == nil)
    }

    @Test("sections read booleans and lists")
    func sections() throws {
        let message = CampaignMessage(body: "{{#traits.vip}}VIP {{/traits.vip}}{{^traits.vip}}regular {{/traits.vip}}{{#traits.tags}}[{{.}}]{{/traits.tags}}")
        #expect(try Self.render(message, Self.context(traits: ["vip": true, "tags": .array(["a", "b"])])).body == "VIP [a][b]")
        #expect(try Self.render(message, Self.context(traits: ["vip": false])).body == "regular ")
    }

    @Test("a template that does not parse names the part, under the path given", arguments: [
        (CampaignMessage(subject: "{{#traits.name}}open"), "subject"),
        (CampaignMessage(subject: "ok", title: "{{/traits.name}}"), "title"),
        (CampaignMessage(subject: "ok", body: "{{#a}}{{/b}}"), "body"),
        (CampaignMessage(subject: "ok", html: "<p>{{#x}}</p>"), "html"),
        (CampaignMessage(subject: "ok", url: "https://x/{{^y}}"), "url"),
    ])
    func parseErrors(_ message: CampaignMessage, _ part: String) throws {
        let error = try #require(throws: StrataError.self) { try MessageRenderer().compile(message, path: "variants[1].messages.email") }
        #expect(error.code == .invalidField)
        #expect(error.field == "variants[1].messages.email.\(part)")
        let validated = try #require(throws: StrataError.self) { try MessageRenderer().validate(message, path: "m") }
        #expect(validated.field == "m.\(part)")
    }

    @Test("sections nest at most 16 levels, and delimiters stay {{ }}")
    func nesting() throws {
        func nested(_ levels: Int) -> String {
            String(repeating: "{{#traits.vip}}", count: levels) + "x" + String(repeating: "{{/traits.vip}}", count: levels)
        }
        #expect(try Self.render(CampaignMessage(body: nested(16)), Self.context(traits: ["vip": true])).body == "x")
        // 100,000 levels once went straight to the recursive parser.
        for body in [nested(17), nested(100_000), "{{=<% %>=}}<%#a%>"] {
            let error = try #require(throws: StrataError.self) { try MessageRenderer().compile(CampaignMessage(body: body)) }
            #expect(error.field == "message.body")
            #expect(error.message.contains("16 levels") || error.message.contains("delimiters"))
        }
    }

    @Test("a user without a known id renders an empty id")
    func anonymousUser() throws {
        #expect(try Self.render(CampaignMessage(body: "[{{user.id}}] {{user.uid}}"), Self.context(userId: nil)).body == "[] 7")
    }
}
