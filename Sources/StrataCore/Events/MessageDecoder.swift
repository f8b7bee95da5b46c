/// Turns Segment-spec JSON into validated `Message`s, applying the wire rules that real SDKs
/// depend on: batch-level `context` and `sentAt`, clock-skew correction, ids as strings or
/// numbers, explicit `null`s, RudderStack's `context.traits`.
///
/// Every refusal is a `StrataError` naming the field, so a quarantined message says what to fix.
public struct MessageDecoder: Sendable {
    /// The limits to enforce.
    public var limits: IngestLimits
    /// Makes message ids for messages that come without one.
    public var makeMessageId: @Sendable () -> String

    /// Creates a decoder.
    public init(limits: IngestLimits = .segment, makeMessageId: @escaping @Sendable () -> String) {
        self.limits = limits
        self.makeMessageId = makeMessageId
    }

    /// What a batch shares with each of its messages.
    public struct BatchDefaults: Sendable {
        /// The batch's `context`, merged under each message's own.
        public var context: [String: JSONValue]
        /// The batch's `sentAt`, used by messages without their own.
        public var sentAt: String?

        /// Creates batch defaults.
        public init(context: [String: JSONValue] = [:], sentAt: String? = nil) {
            self.context = context
            self.sentAt = sentAt
        }

        /// No defaults: a single message.
        public static let none = BatchDefaults()
    }

    /// Validates and normalises one message.
    ///
    /// - Parameters:
    ///   - value: the message JSON.
    ///   - forcedType: the type implied by the endpoint (`/v1/track`), which wins over the body.
    ///   - defaults: what the enclosing batch supplies.
    ///   - receivedAt: the server's receive time (ms).
    ///   - scheme: how to read the ids.
    ///   - fieldPrefix: prefix for field names in errors (`batch[3].`).
    /// - Throws: `StrataError` naming the field at fault.
    public func decode(
        _ value: JSONValue, forcedType: MessageType? = nil, defaults: BatchDefaults = .none,
        receivedAt: Int64, scheme: Message.IdentityScheme = .segment, fieldPrefix: String = ""
    ) throws -> Message {
        guard case .object(let body) = value else {
            throw StrataError(.invalidField, "A message must be a JSON object, got \(value.typeName).",
                              field: fieldPrefix.isEmpty ? nil : String(fieldPrefix.dropLast()))
        }
        func field(_ name: String) -> String { fieldPrefix + name }
        let size = value.encodedSize
        if size > limits.maxMessageBytes {
            throw StrataError(
                .payloadTooLarge,
                "The message is \(size) bytes; the limit is \(limits.maxMessageBytes) bytes (32 KB) per message.",
                field: fieldPrefix.isEmpty ? nil : String(fieldPrefix.dropLast()))
        }

        let type: MessageType
        if let forcedType {
            type = forcedType
        } else {
            guard let raw = body["type"], !raw.isNull else {
                throw StrataError(.unknownType, "The message has no type; send one of "
                    + "identify, track, page, screen, group, alias.", field: field("type"))
            }
            guard let name = raw.stringValue, let known = MessageType(rawValue: name.lowercased()) else {
                throw StrataError(.unknownType, "Unknown message type \(raw.jsonText); send one of "
                    + "identify, track, page, screen, group, alias.", field: field("type"))
            }
            type = known
        }

        let userId = try id(body["userId"], field: field("userId"))
        let anonymousId = try id(body["anonymousId"], field: field("anonymousId"))
        var previousId: String?
        var groupId: String?
        switch type {
        case .alias:
            previousId = try id(body["previousId"], field: field("previousId"))
            guard previousId != nil else {
                throw StrataError(.missingIdentity, "An alias needs previousId (the id being merged).",
                                  field: field("previousId"))
            }
            guard userId != nil else {
                throw StrataError(.missingIdentity, "An alias needs userId (the id to merge into).",
                                  field: field("userId"))
            }
        case .group:
            groupId = try id(body["groupId"], field: field("groupId"))
            guard groupId != nil else {
                throw StrataError(.missingIdentity, "A group call needs groupId.", field: field("groupId"))
            }
        default:
            break
        }
        guard userId != nil || anonymousId != nil else {
            throw StrataError(.missingIdentity, "The message has neither userId nor anonymousId; "
                + "send at least one so it can be attributed to a user.", field: field("userId"))
        }

        var properties = try object(body["properties"], field: field("properties"))
        let bodyTraits = try object(body["traits"], field: field("traits"))
        var context = defaults.context
        for (k, v) in try object(body["context"], field: field("context")) { context[k] = v }
        _ = try object(body["integrations"], field: field("integrations"))

        let event: String
        switch type {
        case .track:
            guard let raw = body["event"], !raw.isNull else {
                throw StrataError(.invalidField, "A track message needs an event name.", field: field("event"))
            }
            guard let name = raw.stringValue, !name.isEmpty else {
                throw StrataError(.invalidField, "The event name must be a non-empty string, got \(raw.typeName).",
                                  field: field("event"))
            }
            guard name.count <= limits.maxEventNameLength else {
                throw StrataError(.invalidField, "The event name is \(name.count) characters; "
                    + "the limit is \(limits.maxEventNameLength).", field: field("event"))
            }
            event = name
        case .page, .screen:
            for key in ["name", "category"] {
                if let v = body[key], !v.isNull {
                    guard v.stringValue != nil else {
                        throw StrataError(.invalidField, "\(key) must be a string, got \(v.typeName).",
                                          field: field(key))
                    }
                    if properties[key] == nil { properties[key] = v }
                }
            }
            event = type.storedEventName
        case .group:
            properties["groupId"] = .string(groupId!)
            if !bodyTraits.isEmpty { properties["traits"] = .object(bodyTraits) }
            event = type.storedEventName
        case .alias:
            properties["previousId"] = .string(previousId!)
            event = type.storedEventName
        case .identify:
            event = type.storedEventName
        }

        // Traits: RudderStack sends identify traits in context.traits; the body's win.
        var traits: [String: JSONValue] = [:]
        if type == .identify {
            if let contextTraits = context["traits"], !contextTraits.isNull {
                guard case .object(let fields) = contextTraits else {
                    throw StrataError(.invalidField, "context.traits must be an object, got \(contextTraits.typeName).",
                                      field: field("context.traits"))
                }
                traits = fields
            }
            for (k, v) in bodyTraits { traits[k] = v }
        }
        context.removeValue(forKey: "traits")

        let sentAtText = try timestampText(body["sentAt"], field: field("sentAt")) ?? defaults.sentAt
        let timestampValue = body["timestamp"].flatMap { $0.isNull ? nil : $0 } != nil
            ? body["timestamp"] : body["originalTimestamp"]
        let timestampField = body["timestamp"].flatMap { $0.isNull ? nil : $0 } != nil
            ? field("timestamp") : field("originalTimestamp")
        let original = try timestampText(timestampValue, field: timestampField)
        var eventTime = receivedAt
        var warning: String?
        if let original {
            guard let parsed = Timestamp.parse(original) else {
                throw StrataError(.invalidTimestamp, "The timestamp \"\(original)\" is not ISO 8601 "
                    + "(e.g. 2026-09-30T12:00:00.000Z).", field: timestampField)
            }
            eventTime = parsed
            if let sentAtText {
                guard let sent = Timestamp.parse(sentAtText) else {
                    throw StrataError(.invalidTimestamp, "sentAt \"\(sentAtText)\" is not ISO 8601 "
                        + "(e.g. 2026-09-30T12:00:00.000Z).", field: field("sentAt"))
                }
                eventTime = receivedAt - (sent - parsed)
            }
            if eventTime > receivedAt + limits.maxFutureSkewMs {
                warning = "timestamp \(original) was more than 23 h in the future; replaced by the receive time"
                eventTime = receivedAt
            }
        } else if let sentAtText, Timestamp.parse(sentAtText) == nil {
            throw StrataError(.invalidTimestamp, "sentAt \"\(sentAtText)\" is not ISO 8601 "
                + "(e.g. 2026-09-30T12:00:00.000Z).", field: field("sentAt"))
        }

        let messageId = try id(body["messageId"], field: field("messageId")) ?? makeMessageId()
        let revenue = try revenueMinor(properties["revenue"], field: field("properties.revenue"))
        let campaign = context["campaign"]?.objectValue
        let campaignSource = campaign?["source"]?.stringValue ?? campaign?["utm_source"]?.stringValue
        let libraryObject = context["library"]?.objectValue
        let library = libraryObject.flatMap { lib -> String? in
            guard let name = lib["name"]?.stringValue else { return nil }
            if let version = lib["version"]?.stringValue { return "\(name)/\(version)" }
            return name
        }
        let city = context["location"]?["city"]?.stringValue ?? traits["city"]?.stringValue
        let deviceObject = context["device"]
        let device = deviceObject?["model"]?.stringValue ?? deviceObject?["type"]?.stringValue
            ?? context["os"]?["name"]?.stringValue

        return Message(
            messageId: messageId, type: type, event: event, userId: userId, anonymousId: anonymousId,
            previousId: previousId, groupId: groupId, identityScheme: scheme, properties: properties,
            traits: traits, context: context, timestamp: eventTime, receivedAt: receivedAt,
            originalTimestamp: original, sentAt: sentAtText, warning: warning, revenueMinor: revenue,
            campaignSource: campaignSource, ip: context["ip"]?.stringValue,
            userAgent: context["userAgent"]?.stringValue, library: library, city: city, device: device
        )
    }

    // MARK: - Field readers

    /// An id: a string or an integer (SDKs send numeric ids), `null` or empty meaning absent.
    func id(_ value: JSONValue?, field: String) throws -> String? {
        guard let value else { return nil }
        let text: String
        switch value {
        case .null: return nil
        case .string(let s): text = s
        case .number(let n) where n == n.rounded() && abs(n) < 9.0e15: text = String(Int64(n))
        default:
            throw StrataError(.invalidField, "\(field) must be a string, got \(value.typeName).", field: field)
        }
        if text.isEmpty { return nil }
        guard text.count <= limits.maxIdLength else {
            throw StrataError(.invalidField, "\(field) is \(text.count) characters; the limit is \(limits.maxIdLength).",
                              field: field)
        }
        return text
    }

    /// An object field, where absent or `null` means empty.
    func object(_ value: JSONValue?, field: String) throws -> [String: JSONValue] {
        guard let value else { return [:] }
        switch value {
        case .null: return [:]
        case .object(let fields): return fields
        default:
            throw StrataError(.invalidField, "\(field) must be an object, got \(value.typeName).", field: field)
        }
    }

    /// A timestamp field's text, where absent or `null` means none.
    func timestampText(_ value: JSONValue?, field: String) throws -> String? {
        guard let value else { return nil }
        switch value {
        case .null: return nil
        case .string(let s): return s
        default:
            throw StrataError(.invalidTimestamp, "\(field) must be an ISO 8601 string, got \(value.typeName).",
                              field: field)
        }
    }

    /// Revenue as minor units; numbers and numeric strings are accepted.
    func revenueMinor(_ value: JSONValue?, field: String) throws -> Int64? {
        guard let value else { return nil }
        let amount: Double
        switch value {
        case .null: return nil
        case .number(let n): amount = n
        case .string(let s):
            guard let n = Double(s) else {
                throw StrataError(.invalidField, "\(field) must be a number, got \"\(s)\".", field: field)
            }
            amount = n
        default:
            throw StrataError(.invalidField, "\(field) must be a number, got \(value.typeName).", field: field)
        }
        guard amount.isFinite, abs(amount) < 1e13 else {
            throw StrataError(.invalidField, "\(field) is out of range.", field: field)
        }
        return Int64((amount * 100).rounded())
    }
}

extension JSONValue {
    /// The length in bytes of this value's compact JSON text, computed without building it.
    public var encodedSize: Int {
        switch self {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)).utf8.count : 24
        case .string(let s): return s.utf8.count + 2
        case .array(let items): return items.reduce(1 + max(items.count, 1)) { $0 + $1.encodedSize }
        case .object(let fields):
            return fields.reduce(1 + max(fields.count, 1)) { $0 + $1.key.utf8.count + 3 + $1.value.encodedSize }
        }
    }
}
