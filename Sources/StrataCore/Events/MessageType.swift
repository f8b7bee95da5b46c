/// The kinds of message in Segment's tracking spec, which Strata stores as events.
public enum MessageType: String, Sendable, CaseIterable, Codable {
    case identify, track, page, screen, group, alias

    /// The interned event name a message of this type is stored under; `track` uses its own name.
    public var storedEventName: String {
        switch self {
        case .identify: "$identify"
        case .track: ""
        case .page: "$page"
        case .screen: "$screen"
        case .group: "$group"
        case .alias: "$alias"
        }
    }

    /// A small stable number for storage.
    public var code: Int {
        switch self {
        case .identify: 1
        case .track: 2
        case .page: 3
        case .screen: 4
        case .group: 5
        case .alias: 6
        }
    }

    /// The type for a stored code.
    public init?(code: Int) {
        guard let match = MessageType.allCases.first(where: { $0.code == code }) else { return nil }
        self = match
    }

    /// Whether the message is something the user did (counts towards event counts), as
    /// opposed to bookkeeping about who they are.
    public var isBehaviour: Bool {
        switch self {
        case .track, .page, .screen: true
        case .identify, .group, .alias: false
        }
    }
}
