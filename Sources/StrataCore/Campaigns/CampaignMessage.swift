import Foundation

/// What one variant sends on one channel: Mustache templates over the user's traits and
/// computed attributes (`{{traits.name}}`, `{{computed.revenue}}`), rendered per user at send time.
///
/// Email needs a subject and a text or HTML body; SMS and WeChat a body; push a title and body;
/// the inbox a title and body (and optionally a link); a webhook's body is a JSON template
/// (default: the campaign, variant and user as JSON). `defaults` fill names a user lacks.
public struct CampaignMessage: Sendable, Equatable {
    public var subject: String?
    public var title: String?
    public var body: String?
    public var html: String?
    public var url: String?
    /// Values used where a template names something the user does not have
    /// (`"traits.name": "朋友"`), so no message reads "Hi ,".
    public var defaults: [String: String]

    /// Creates a message.
    public init(subject: String? = nil, title: String? = nil, body: String? = nil, html: String? = nil, url: String? = nil,
                defaults: [String: String] = [:])
    {
        self.subject = subject
        self.title = title
        self.body = body
        self.html = html
        self.url = url
        self.defaults = defaults
    }

    /// Longest template accepted, in characters.
    public static let maxLength = 100_000

    /// Checks the parts the channel needs.
    ///
    /// - Throws: `StrataError.invalidField` naming the missing part under `path`.
    public func validate(for channel: ChannelKind, path: String) throws {
        func require(_ value: String?, _ name: String) throws {
            guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StrataError(.invalidField, "A \(channel.rawValue) message needs a \(name).", field: "\(path).\(name)")
            }
        }
        switch channel {
        case .email:
            try require(subject, "subject")
            if (body ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                && (html ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw StrataError(.invalidField, "An email needs a text body or an html body.", field: "\(path).body")
            }
        case .sms, .wechat: try require(body, "body")
        case .push, .inbox:
            try require(title, "title")
            try require(body, "body")
        case .webhook: break
        }
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw StrataError(.invalidField, "url must start with https:// or http://.", field: "\(path).url")
        }
    }

    /// The message's JSON form.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        for (key, value) in [("subject", subject), ("title", title), ("body", body), ("html", html), ("url", url)] {
            if let value { fields[key] = .string(value) }
        }
        if !defaults.isEmpty { fields["defaults"] = .object(defaults.mapValues { .string($0) }) }
        return .object(fields)
    }

    /// Reads a message from JSON.
    public init(json: JSONValue, path: String) throws {
        let f = try JSONFields(json, path: path, what: "a message object (subject, title, body, html, url)")
        let known: Set<String> = ["subject", "title", "body", "html", "url", "defaults"]
        if let unknown = f.fields.keys.first(where: { !known.contains($0) }) {
            throw StrataError(.invalidField, "Unknown message field \"\(unknown)\"; a message has subject, title, body, html, "
                + "url and defaults.", field: f.at(unknown))
        }
        var defaults: [String: String] = [:]
        if let d = try f.object("defaults", what: "an object of default texts by name (\"traits.name\": \"朋友\")") {
            for key in d.fields.keys { defaults[key] = try d.string(key, maxLength: 1000) }
        }
        self.init(subject: try f.string("subject", maxLength: 1000), title: try f.string("title", maxLength: 1000),
                  body: try f.string("body", maxLength: Self.maxLength), html: try f.string("html", maxLength: Self.maxLength),
                  url: try f.string("url", maxLength: 2000), defaults: defaults)
    }
}
