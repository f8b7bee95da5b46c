/// A segment's rule: a tree of `all` / `any` / `not` over conditions on traits, computed
/// attributes, behaviour and membership (用户分层的规则).
///
/// The canonical form is JSON (`Codable`); `SegmentRule(text:)` reads the one-line CLI form and
/// `describe(in:)` renders it for people in Chinese or English.
///
/// ```json
/// {"all": [{"trait": "city", "op": "in", "value": ["Shanghai", "Beijing"]},
///          {"did": "view_item", "min": 3, "within_days": 14},
///          {"not": {"did": "purchase", "within_days": 30}}]}
/// ```
public indirect enum SegmentRule: Sendable, Equatable {
    /// Every child holds.
    case all([SegmentRule])
    /// At least one child holds.
    case any([SegmentRule])
    /// The child does not hold.
    case not(SegmentRule)
    /// A trait or computed attribute compared with values.
    case attribute(AttributeCondition)
    /// Did (a number of times, in a window) an event, with optional property filters.
    case behaviour(BehaviourCondition)
    /// Membership of a saved segment, a model layer or a tag.
    case member(Membership)

    /// How deeply `all`, `any`, `not` and parentheses may nest. Real rules use three or four
    /// levels; the limit keeps every recursive reader, evaluator and renderer of a rule within
    /// a small, fixed stack, whatever text or JSON a caller sends.
    public static let maxDepth = 32

    /// What to tell a caller whose rule nests deeper than `maxDepth`.
    static let tooDeepMessage = "The rule nests deeper than \(maxDepth) levels of all / any / not / parentheses; "
        + "flatten it (a not of a not cancels out, and nested ands or ors can be one list)"
}

/// A comparison of a user attribute with values.
public struct AttributeCondition: Sendable, Equatable {
    /// Which attribute.
    public var attribute: AttributeRef
    /// How to compare.
    public var op: ComparisonOperator
    /// The values compared with (one for most operators, several for `in`, none for `exists`).
    public var values: [JSONValue]

    /// Creates a condition.
    public init(_ attribute: AttributeRef, _ op: ComparisonOperator, _ values: [JSONValue] = []) {
        self.attribute = attribute
        self.op = op
        self.values = values
    }
}

/// A user attribute: a trait by key, or a behaviour attribute Strata computes.
public enum AttributeRef: Sendable, Hashable {
    /// A trait (`city`, `plan`, …).
    case trait(String)
    /// A computed attribute.
    case computed(ComputedField)

    /// The name used in rules.
    public var name: String {
        switch self {
        case .trait(let key): key
        case .computed(let field): field.rawValue
        }
    }
}

/// The computed attributes rules can use, by their names in rules.
public enum ComputedField: String, Sendable, CaseIterable {
    case firstSeen = "first_seen"
    case lastSeen = "last_seen"
    case eventCount = "event_count"
    case activeDays = "active_days"
    case purchaseCount = "purchase_count"
    case revenue
    case lastPurchaseAt = "last_purchase_at"
    case channel
    case lastCity = "last_city"
    case lastDevice = "last_device"

    /// Whether values are instants (compared with dates or "N days ago").
    public var isTime: Bool { self == .firstSeen || self == .lastSeen || self == .lastPurchaseAt }
    /// Whether values are numbers.
    public var isNumber: Bool { self == .eventCount || self == .activeDays || self == .purchaseCount || self == .revenue }
    /// Whether values are text.
    public var isText: Bool { self == .channel || self == .lastCity || self == .lastDevice }
}

/// Comparison operators, by their symbols in rules.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equals = "="
    case notEquals = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case oneOf = "in"
    case noneOf = "not in"
    case contains
    case exists
    case notExists = "not exists"

    /// Whether the operator orders values (numbers, dates).
    public var isOrdering: Bool { [.greater, .greaterOrEqual, .less, .lessOrEqual].contains(self) }
}

/// "Did event E", counted within a window, with optional property filters.
public struct BehaviourCondition: Sendable, Equatable {
    /// The event name.
    public var event: String
    /// Property filters every counted event must pass.
    public var filters: [PropertyFilter]
    /// At least this many times (default 1).
    public var minCount: Int
    /// At most this many times, if bounded.
    public var maxCount: Int?
    /// When the events must have happened.
    public var window: TimeWindow

    /// Creates a condition.
    public init(event: String, filters: [PropertyFilter] = [], minCount: Int = 1, maxCount: Int? = nil,
                window: TimeWindow = .ever)
    {
        self.event = event
        self.filters = filters
        self.minCount = minCount
        self.maxCount = maxCount
        self.window = window
    }
}

/// A filter on an event property.
public struct PropertyFilter: Sendable, Equatable {
    /// The property key.
    public var property: String
    /// How to compare.
    public var op: ComparisonOperator
    /// The values compared with.
    public var values: [JSONValue]

    /// Creates a filter.
    public init(_ property: String, _ op: ComparisonOperator, _ values: [JSONValue] = []) {
        self.property = property
        self.op = op
        self.values = values
    }
}

/// When behaviour must have happened, relative to the evaluation's `asOf` instant.
public enum TimeWindow: Sendable, Equatable {
    /// Any time before `asOf`.
    case ever
    /// The N local calendar days ending with the day that holds the last instant before `asOf`
    /// (`AsOf.lastDays`).
    case lastDays(Int)
    /// Between two calendar dates (`YYYY-MM-DD`, both included).
    case between(String, String)
}

/// Membership of another set of users.
public enum Membership: Sendable, Hashable {
    /// A saved segment, by name.
    case segment(String)
    /// A layer of a model: `rfm:重要价值`, `lifecycle:silent`.
    case layer(model: String, layer: String)
    /// A tag.
    case tag(String)
}
