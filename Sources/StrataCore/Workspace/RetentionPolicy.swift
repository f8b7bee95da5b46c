/// How long raw data is kept (数据保存期限, PIPL art. 19 / GDPR storage limitation): events and
/// quarantined messages older than their period are removed by a daily job. Profiles and their
/// lifetime attributes (first seen, event count, revenue) stay: they are the person's summary,
/// removed only by erasing the person.
public struct RetentionPolicy: Sendable, Equatable {
    /// Days events are kept by their event time; `nil` keeps them for ever (the default).
    public var eventDays: Int?
    /// Days quarantined messages are kept by their receive time; `nil` keeps them for ever.
    public var quarantineDays: Int?

    /// The limits accepted for either period, in days.
    public static let allowedDays = 1...36_500

    /// A policy; the default keeps events for ever and quarantined messages 30 days.
    public init(eventDays: Int? = nil, quarantineDays: Int? = 30) {
        self.eventDays = eventDays
        self.quarantineDays = quarantineDays
    }

    /// Whether the policy removes anything at all.
    public var removesAnything: Bool { eventDays != nil || quarantineDays != nil }

    /// The instant before which events go, at `now`.
    public func eventCutoff(now: Int64) -> Int64? { eventDays.map { now - Int64($0) * 86_400_000 } }

    /// The instant before which quarantined messages go, at `now`.
    public func quarantineCutoff(now: Int64) -> Int64? { quarantineDays.map { now - Int64($0) * 86_400_000 } }
}

/// What one application of the retention policy removed.
public struct RetentionRun: Sendable, Equatable {
    /// When it ran.
    public var at: Int64
    /// Events removed (older than `eventCutoff`).
    public var events: Int
    /// Quarantined messages removed.
    public var quarantined: Int
    public var eventCutoff: Int64?
    public var quarantineCutoff: Int64?

    /// A run with every field given.
    public init(at: Int64, events: Int, quarantined: Int, eventCutoff: Int64?, quarantineCutoff: Int64?) {
        self.at = at
        self.events = events
        self.quarantined = quarantined
        self.eventCutoff = eventCutoff
        self.quarantineCutoff = quarantineCutoff
    }

    /// The run as the API and the CLI show it.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["at": .string(Timestamp.format(at)), "events": .number(Double(events)),
                                           "quarantined": .number(Double(quarantined))]
        if let eventCutoff { object["events_before"] = .string(Timestamp.format(eventCutoff)) }
        if let quarantineCutoff { object["quarantined_before"] = .string(Timestamp.format(quarantineCutoff)) }
        return .object(object)
    }
}
