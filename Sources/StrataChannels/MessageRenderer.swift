import Foundation
import Mustache
import StrataCore

/// A message rendered for one user, ready for a channel.
public struct RenderedMessage: Sendable, Equatable {
    public var subject: String?
    public var title: String?
    public var body: String?
    public var html: String?
    public var url: String?

    /// The parts present, by name (`subject`, `title`, `body`, `html`, `url`).
    public var parts: [String: String] {
        var parts: [String: String] = [:]
        for (key, value) in [("subject", subject), ("title", title), ("body", body), ("html", html), ("url", url)] {
            if let value { parts[key] = value }
        }
        return parts
    }

    /// Creates a rendered message.
    public init(subject: String? = nil, title: String? = nil, body: String? = nil, html: String? = nil, url: String? = nil) {
        self.subject = subject
        self.title = title
        self.body = body
        self.html = html
        self.url = url
    }
}

/// Renders a campaign message for one user with Mustache (personalisation, 千人千面): templates
/// read `{{traits.city}}`, `{{computed.revenue}}`, `{{user.id}}`, `{{campaign.name}}`,
/// `{{variant}}` and `{{unsubscribe_url}}`; a name the user lacks takes the message's default
/// for it, else renders empty. Text parts are not escaped, HTML is, and a webhook body is
/// escaped as JSON string content so a trait cannot break the document.
public struct MessageRenderer: Sendable {
    /// The values a template can read, as nested dictionaries.
    public typealias Context = [String: Any]

    /// Content type name of JSON string escaping.
    static let jsonContentType: String = {
        MustacheContentTypes.register(JSONStringContentType(), named: "JSON")
        return "JSON"
    }()

    /// Creates a renderer.
    public init() {}

    /// The context for a user: traits, computed attributes, ids, campaign, variant and links.
    public static func context(uid: Int64, userId: String?, traits: [String: JSONValue], computed: [String: JSONValue],
                               campaign: String, variant: String, links: [String: String] = [:]) -> Context
    {
        var context: Context = [
            "user": ["uid": String(uid), "id": userId ?? ""] as [String: Any],
            "traits": traits.mapValues(plain), "computed": computed.mapValues(plain),
            "campaign": ["name": campaign] as [String: Any], "variant": variant,
        ]
        for (name, link) in links { context[name] = link }
        return context
    }

    /// A JSON value as the plain Swift value Mustache renders (numbers without a needless `.0`).
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: return ""
        case .bool(let b): return b
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): return s
        case .array(let items): return items.map(plain)
        case .object(let fields): return fields.mapValues(plain)
        }
    }

    /// Checks that every template of a message parses.
    ///
    /// - Throws: `StrataError.invalidField` naming the part whose template is broken.
    public func validate(_ message: CampaignMessage, path: String) throws {
        _ = try compile(message, path: path)
    }

    /// A message with its templates parsed once, to render for many users.
    public struct Compiled: Sendable {
        let subject: MustacheTemplate?, title: MustacheTemplate?, body: MustacheTemplate?, html: MustacheTemplate?,
            url: MustacheTemplate?
        let defaults: [String: String]

        /// Renders for one user.
        public func render(_ context: Context) -> RenderedMessage {
            var context = context
            for (path, value) in defaults { MessageRenderer.fill(&context, path: path.split(separator: ".").map(String.init), value) }
            return RenderedMessage(subject: subject?.render(context), title: title?.render(context),
                                   body: body?.render(context), html: html?.render(context), url: url?.render(context))
        }
    }

    /// Parses a message's templates; `jsonBody` escapes the body for a JSON document (webhooks).
    ///
    /// - Throws: `StrataError.invalidField` naming the part whose template does not parse.
    public func compile(_ message: CampaignMessage, jsonBody: Bool = false, path: String = "message") throws -> Compiled {
        func template(_ text: String?, _ name: String, _ type: String) throws -> MustacheTemplate? {
            guard let text else { return nil }
            try Self.checkNesting(text, field: "\(path).\(name)")
            do {
                return try MustacheTemplate(string: "{{% CONTENT_TYPE: \(type)}}" + text)
            } catch {
                throw StrataError(.invalidField, "The \(name) template does not parse: \(error).", field: "\(path).\(name)")
            }
        }
        return Compiled(subject: try template(message.subject, "subject", "TEXT"),
                        title: try template(message.title, "title", "TEXT"),
                        body: try template(message.body, "body", jsonBody ? Self.jsonContentType : "TEXT"),
                        html: try template(message.html, "html", "HTML"), url: try template(message.url, "url", "TEXT"),
                        defaults: message.defaults)
    }

    /// How deeply sections (`{{#…}}`, `{{^…}}`) may nest in a template; real messages use two.
    public static let maxNesting = 16

    /// Refuses a template whose sections nest deeper than `maxNesting`, or that changes its
    /// delimiters (`{{=<% %>=}}`, which would hide tags from this check), before the Mustache
    /// parser, which reads sections recursively, sees it.
    ///
    /// - Throws: `StrataError.invalidField` naming the limit.
    static func checkNesting(_ text: String, field: String) throws {
        var depth = 0
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            switch rest.first {
            case "#", "^", "$", "<":
                depth += 1
                guard depth <= maxNesting else {
                    throw StrataError(.invalidField, "The template nests sections deeper than \(maxNesting) levels; "
                        + "flatten it.", field: field)
                }
            case "/":
                depth = max(0, depth - 1)
            case "=":
                throw StrataError(.invalidField, "Templates keep the {{ }} delimiters; remove the {{=…=}} tag.",
                                  field: field)
            default:
                break
            }
        }
    }

    /// Renders a message for one user.
    public func render(_ message: CampaignMessage, context: Context, jsonBody: Bool = false) throws -> RenderedMessage {
        try compile(message, jsonBody: jsonBody).render(context)
    }

    /// Sets `path` to `value` where the context has nothing (or an empty text) there.
    static func fill(_ context: inout Context, path: [String], _ value: String) {
        guard let first = path.first else { return }
        if path.count == 1 {
            if let existing = context[first], !(existing is String && (existing as! String).isEmpty) { return }
            context[first] = value
            return
        }
        var inner = context[first] as? Context ?? [:]
        fill(&inner, path: Array(path.dropFirst()), value)
        context[first] = inner
    }
}

/// Escapes text as the inside of a JSON string.
struct JSONStringContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        // JSONValue writes JSON strings; the inside is that text without its quotes.
        String(JSONValue.string(text).jsonText.dropFirst().dropLast())
    }
}
