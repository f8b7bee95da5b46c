/// Reads PostHog capture events (`/batch/`, `/capture/`, `/e/`) into the same `Message` model,
/// so PostHog's SDKs can send to Strata unchanged.
///
/// `distinct_id` is the user; `$identify` (with `$anon_distinct_id`) and `$create_alias` merge
/// identities; `$set` / `$set_once` set traits; `uuid` is the message id.
public struct PostHogTranslator: Sendable {
    /// The Segment decoder that validates the translated message.
    public var decoder: MessageDecoder

    /// Creates a translator over a decoder.
    public init(decoder: MessageDecoder) {
        self.decoder = decoder
    }

    /// The events in a PostHog capture body: a single event, an array, or `{"batch": [...]}`.
    ///
    /// - Returns: the events and the API key found in the body (`api_key` or `token`).
    public func events(in body: JSONValue) -> (events: [JSONValue], apiKey: String?, sentAt: String?) {
        switch body {
        case .array(let items):
            let key = items.lazy.compactMap { PostHogTranslator.apiKey(of: $0) }.first
            return (items, key, nil)
        case .object(let fields):
            if let batch = fields["batch"]?.arrayValue {
                let key = PostHogTranslator.apiKey(of: body)
                    ?? batch.lazy.compactMap { PostHogTranslator.apiKey(of: $0) }.first
                return (batch, key, fields["sent_at"]?.stringValue ?? fields["sentAt"]?.stringValue)
            }
            return ([body], PostHogTranslator.apiKey(of: body), nil)
        default:
            return ([body], nil, nil)
        }
    }

    /// The key a PostHog body carries: `api_key`, `token`, or `properties.token`.
    public static func apiKey(of value: JSONValue) -> String? {
        value["api_key"]?.stringValue ?? value["token"]?.stringValue ?? value["properties"]?["token"]?.stringValue
    }

    /// Validates one PostHog event and turns it into a `Message`.
    ///
    /// - Throws: `StrataError` naming the field at fault.
    public func translate(
        _ value: JSONValue, receivedAt: Int64, sentAt: String? = nil, fieldPrefix: String = ""
    ) throws -> Message {
        guard case .object(let event) = value else {
            throw StrataError(.invalidField, "An event must be a JSON object, got \(value.typeName).",
                              field: fieldPrefix.isEmpty ? nil : String(fieldPrefix.dropLast()))
        }
        guard let nameValue = event["event"], let name = nameValue.stringValue, !name.isEmpty else {
            throw StrataError(.invalidField, "A PostHog event needs a non-empty string `event`.",
                              field: fieldPrefix + "event")
        }
        var properties = try decoder.object(event["properties"], field: fieldPrefix + "properties")
        let distinctId = try decoder.id(event["distinct_id"], field: fieldPrefix + "distinct_id")
            ?? decoder.id(properties["distinct_id"], field: fieldPrefix + "properties.distinct_id")
        guard let distinctId else {
            throw StrataError(.missingIdentity, "The event has no distinct_id; send the user's id in distinct_id.",
                              field: fieldPrefix + "distinct_id")
        }
        let set = try decoder.object(event["$set"] ?? properties["$set"], field: fieldPrefix + "$set")
        let setOnce = try decoder.object(event["$set_once"] ?? properties["$set_once"], field: fieldPrefix + "$set_once")
        for key in ["$set", "$set_once", "token", "distinct_id"] { properties.removeValue(forKey: key) }

        var segment: [String: JSONValue] = [
            "properties": .object(properties),
            "timestamp": event["timestamp"] ?? .null,
        ]
        if let uuid = event["uuid"] { segment["messageId"] = uuid }
        switch name {
        case "$identify":
            segment["type"] = "identify"
            segment["userId"] = .string(distinctId)
            if let anon = properties["$anon_distinct_id"] { segment["anonymousId"] = anon }
            segment["traits"] = .object(set)
        case "$create_alias":
            segment["type"] = "alias"
            segment["userId"] = .string(distinctId)
            guard let alias = properties["alias"] else {
                throw StrataError(.missingIdentity, "$create_alias needs properties.alias (the id to merge).",
                                  field: fieldPrefix + "properties.alias")
            }
            segment["previousId"] = alias
        case "$set", "$set_once":
            segment["type"] = "identify"
            segment["anonymousId"] = .string(distinctId)
        case "$pageview":
            segment["type"] = "page"
            segment["anonymousId"] = .string(distinctId)
        case "$screen":
            segment["type"] = "screen"
            segment["anonymousId"] = .string(distinctId)
        default:
            segment["type"] = "track"
            segment["event"] = .string(name)
            segment["anonymousId"] = .string(distinctId)
        }
        var message = try decoder.decode(
            .object(segment), defaults: .init(sentAt: sentAt), receivedAt: receivedAt, scheme: .distinctId,
            fieldPrefix: fieldPrefix)
        for (k, v) in set { message.traits[k] = v }
        message.traitsSetOnce = setOnce
        return message
    }
}
