/// At most `limit` messages per user over `days` calendar days (today and the days before, in
/// the user's time zone), on one channel or on all. Failed and capped sends do not count.
public struct FrequencyCap: Sendable, Equatable {
    public var limit: Int
    public var days: Int
    /// The channel counted (`nil`: all channels together).
    public var channel: ChannelKind?

    /// Creates a cap.
    public init(limit: Int, days: Int = 1, channel: ChannelKind? = nil) {
        self.limit = limit
        self.days = days
        self.channel = channel
    }

    /// Whether one more send on `channel` on local day `today` stays within the cap, given the
    /// local days (and channels) of the user's earlier sends.
    public func allows(channel: ChannelKind, today: Int, sent: [(day: Int, channel: ChannelKind)]) -> Bool {
        if let own = self.channel, own != channel { return true }
        let window = AsOf.days(days, endingWith: today)
        let counted = sent.filter { window.contains($0.day) && (self.channel == nil || $0.channel == channel) }
        return counted.count < limit
    }

    /// Reads a cap: `{"limit": 2, "days": 1, "channel": "email"}`.
    public init(json: JSONValue, path: String) throws {
        let f = try JSONFields(json, path: path, what: "a cap object (limit, days, channel)")
        guard let limit = try f.integer("limit", 1...1000) else {
            throw StrataError(.invalidField, "A cap needs a limit (messages, 1…1000).", field: f.at("limit"))
        }
        self.init(limit: limit, days: try f.integer("days", 1...365) ?? 1, channel: try f.choice("channel", ChannelKind.self))
    }

    /// The cap's JSON form.
    public var json: JSONValue {
        .object(["limit": .number(Double(limit)), "days": .number(Double(days)),
                 "channel": channel.map { .string($0.rawValue) } ?? .null])
    }
}
