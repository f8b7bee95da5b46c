/// How the workspace reaches users on one channel: an SMTP server for email, a signed webhook,
/// a provider's HTTP API (SMS, push, WeChat template messages) described as a request template,
/// or the in-app inbox kept in Strata. Secrets (passwords, signing secrets, API keys in headers)
/// are stored but never shown again: `redactedJSON` says only whether each is set.
public enum ChannelSettings: Sendable, Equatable {
    /// Email over SMTP.
    case smtp(SMTPSettings)
    /// A JSON `POST` signed as Standard Webhooks does.
    case webhook(HTTPSettings)
    /// A provider's HTTP API: method, URL, headers and a JSON body template per message.
    case provider(HTTPSettings)
    /// Messages kept in Strata for the app to read.
    case inbox

    /// SMTP server settings.
    public struct SMTPSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
        /// Upgrade the connection with STARTTLS (required unless `allowPlaintext`).
        public var startTLS: Bool
        public var allowPlaintext: Bool
        /// The sender, `Name <address>` or an address.
        public var from: String
        /// The public base URL of Strata, for unsubscribe links, the open pixel and tracked links.
        public var publicURL: String?
        /// Private hosts or ranges the server may be reached at (a relay on the local network);
        /// like webhooks, everything private, loopback or link-local is refused otherwise.
        public var allow: [String]

        /// Creates settings.
        public init(host: String, port: Int = 587, username: String? = nil, password: String? = nil, startTLS: Bool = true,
                    allowPlaintext: Bool = false, from: String, publicURL: String? = nil, allow: [String] = [])
        {
            self.allow = allow
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.startTLS = startTLS
            self.allowPlaintext = allowPlaintext
            self.from = from
            self.publicURL = publicURL
        }
    }

    /// An HTTP endpoint: a webhook or a provider's API.
    public struct HTTPSettings: Sendable, Equatable {
        public var url: String
        public var method: String
        public var headers: [String: String]
        /// For providers: the JSON body, a Mustache template over `address`, `message.*`, `user.*`
        /// and `key` (`nil` for webhooks, which send the message's own body or the default one).
        public var bodyTemplate: String?
        /// Signing secrets (webhooks).
        public var secrets: [String]
        /// Hosts and ranges the SSRF guard lets through.
        public var allow: [String]
        public var timeoutSeconds: Int

        /// Creates settings.
        public init(url: String, method: String = "POST", headers: [String: String] = [:], bodyTemplate: String? = nil,
                    secrets: [String] = [], allow: [String] = [], timeoutSeconds: Int = 10)
        {
            self.url = url
            self.method = method
            self.headers = headers
            self.bodyTemplate = bodyTemplate
            self.secrets = secrets
            self.allow = allow
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// Which settings a channel kind takes: email → SMTP, webhook → webhook, SMS / push / WeChat
    /// → provider, inbox → none.
    public static func expectedType(for kind: ChannelKind) -> String {
        switch kind {
        case .email: "smtp"
        case .webhook: "webhook"
        case .sms, .push, .wechat: "provider"
        case .inbox: "inbox"
        }
    }

    /// Reads settings for a channel kind.
    ///
    /// - Throws: `StrataError.invalidField` naming the field to fix.
    public init(json: JSONValue, kind: ChannelKind) throws {
        let f = try JSONFields(json, what: "a channel settings object")
        func strings(_ key: String) throws -> [String] {
            try (f.array(key) ?? []).enumerated().map { i, value in
                guard let text = value.stringValue else {
                    throw StrataError(.invalidField, "\(key) holds texts.", field: "\(key)[\(i)]")
                }
                return text
            }
        }
        func headers() throws -> [String: String] {
            guard let h = try f.object("headers") else { return [:] }
            var result: [String: String] = [:]
            for key in h.fields.keys { result[key] = try h.string(key, maxLength: 4000) }
            return result
        }
        func url() throws -> String {
            let url = try f.requiredString("url", maxLength: 2000, hint: "https://…")
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw StrataError(.invalidField, "url must start with https:// or http://.", field: "url")
            }
            return url
        }
        switch Self.expectedType(for: kind) {
        case "smtp":
            let startTLS = try f.bool("starttls") ?? true
            let plaintext = try f.bool("allow_plaintext") ?? false
            guard startTLS || plaintext else {
                throw StrataError(.invalidField, "Mail goes over STARTTLS; set allow_plaintext: true only for a local relay.",
                                  field: "starttls")
            }
            self = .smtp(SMTPSettings(
                host: try f.requiredString("host", maxLength: 255), port: try f.integer("port", 1...65535) ?? 587,
                username: try f.string("username", maxLength: 255), password: try f.string("password", maxLength: 1000),
                startTLS: startTLS, allowPlaintext: plaintext,
                from: try f.requiredString("from", maxLength: 320, hint: "Name <sender@example.com>"),
                publicURL: try f.string("public_url", maxLength: 2000), allow: try strings("allow")))
        case "webhook":
            let secrets = try strings("secrets")
            guard !secrets.isEmpty else {
                throw StrataError(.invalidField, "A webhook needs at least one signing secret (whsec_…).", field: "secrets")
            }
            self = .webhook(HTTPSettings(url: try url(), headers: try headers(), secrets: secrets,
                                         allow: try strings("allow"), timeoutSeconds: try f.integer("timeout_seconds", 1...60) ?? 10))
        case "provider":
            let method = (try f.string("method", maxLength: 10) ?? "POST").uppercased()
            guard ["POST", "PUT"].contains(method) else {
                throw StrataError(.invalidField, "method is POST or PUT.", field: "method")
            }
            self = .provider(HTTPSettings(
                url: try url(), method: method, headers: try headers(),
                bodyTemplate: try f.requiredString("body", maxLength: 20_000, hint: "a JSON template"),
                allow: try strings("allow"), timeoutSeconds: try f.integer("timeout_seconds", 1...60) ?? 10))
        default:
            self = .inbox
        }
    }

    /// The stored form, secrets included (never sent to clients).
    public var storedJSON: JSONValue { json(redacted: false) }

    /// The form shown to clients: secrets replaced by whether they are set.
    public var redactedJSON: JSONValue { json(redacted: true) }

    private func json(redacted: Bool) -> JSONValue {
        func headers(_ h: [String: String]) -> JSONValue {
            .object(h.mapValues { redacted ? .string("(set)") : .string($0) })
        }
        switch self {
        case .smtp(let s):
            var fields: [String: JSONValue] = [
                "type": "smtp", "host": .string(s.host), "port": .number(Double(s.port)),
                "username": s.username.map { .string($0) } ?? .null, "starttls": .bool(s.startTLS),
                "allow_plaintext": .bool(s.allowPlaintext), "from": .string(s.from),
                "public_url": s.publicURL.map { .string($0) } ?? .null, "allow": .array(s.allow.map { .string($0) }),
            ]
            if redacted { fields["password_set"] = .bool(s.password != nil) } else {
                fields["password"] = s.password.map { .string($0) } ?? .null
            }
            return .object(fields)
        case .webhook(let h), .provider(let h):
            var fields: [String: JSONValue] = [
                "url": .string(h.url), "method": .string(h.method), "headers": headers(h.headers),
                "allow": .array(h.allow.map { .string($0) }), "timeout_seconds": .number(Double(h.timeoutSeconds)),
            ]
            if case .webhook = self {
                fields["type"] = "webhook"
                if redacted { fields["secrets_set"] = .number(Double(h.secrets.count)) } else {
                    fields["secrets"] = .array(h.secrets.map { .string($0) })
                }
            } else {
                fields["type"] = "provider"
                fields["body"] = h.bodyTemplate.map { .string($0) } ?? .null
            }
            return .object(fields)
        case .inbox:
            return .object(["type": "inbox"])
        }
    }
}
