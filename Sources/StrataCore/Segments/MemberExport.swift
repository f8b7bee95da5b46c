/// The CSV a segment's or tag's members are exported as, for use in other tools: ids, then the
/// chosen traits and computed attributes, one user per line (RFC 4180 quoting).
public struct MemberExport: Sendable {
    /// Trait keys to include, in order.
    public var traits: [String]
    /// Computed attributes to include, in order.
    public var computed: [ComputedField]

    /// Most trait and attribute columns an export may ask for.
    public static let maxColumns = 50

    /// Creates an export layout.
    ///
    /// - Throws: `StrataError.invalidParameter` for more than `maxColumns` columns.
    public init(traits: [String], computed: [ComputedField] = []) throws {
        guard traits.count + computed.count <= Self.maxColumns else {
            throw StrataError(.invalidParameter, "At most \(Self.maxColumns) trait and attribute columns.", field: "traits")
        }
        self.traits = traits
        self.computed = computed
    }

    /// Reads comma-separated column names: computed attribute names become attributes, anything
    /// else (or `trait.NAME`) a trait.
    public init(columns: String?) throws {
        var traits: [String] = [], computed: [ComputedField] = []
        for name in (columns ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !name.isEmpty {
            if name.hasPrefix("trait.") {
                traits.append(String(name.dropFirst(6)))
            } else if let field = ComputedField(rawValue: name) {
                computed.append(field)
            } else {
                traits.append(name)
            }
        }
        try self.init(traits: traits, computed: computed)
    }

    /// The header line.
    public var header: String {
        (["uid", "user_id", "anonymous_ids"] + traits + computed.map(\.rawValue)).map(Self.field).joined(separator: ",")
    }

    /// One profile's line.
    public func line(_ profile: UserProfile) -> String {
        var fields = [String(profile.uid), profile.userId ?? "", profile.anonymousIds.joined(separator: " ")]
        for key in traits {
            switch profile.traits[key] {
            case nil, .null?: fields.append("")
            case .string(let text)?: fields.append(text)
            case let value?: fields.append(value.jsonText)
            }
        }
        for field in computed { fields.append(Self.text(field, profile.computed)) }
        return fields.map(Self.field).joined(separator: ",")
    }

    static func text(_ field: ComputedField, _ c: ComputedAttributes) -> String {
        func time(_ ms: Int64?) -> String { ms.map(Timestamp.format) ?? "" }
        switch field {
        case .firstSeen: return time(c.firstSeen)
        case .lastSeen: return time(c.lastSeen)
        case .lastPurchaseAt: return time(c.lastPurchaseAt)
        case .eventCount: return String(c.eventCount)
        case .activeDays: return String(c.activeDays)
        case .purchaseCount: return String(c.purchaseCount)
        case .revenue:
            let minor = c.revenueMinor
            let sign = minor < 0 ? "-" : ""
            let cents = abs(minor) % 100
            return "\(sign)\(abs(minor) / 100).\(cents < 10 ? "0" : "")\(cents)"
        case .channel: return c.firstTouchChannel ?? ""
        case .lastCity: return c.lastCity ?? ""
        case .lastDevice: return c.lastDevice ?? ""
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break. A leading `=`, `+`, `-`
    /// or `@` is prefixed with `'` so spreadsheets do not run it as a formula.
    static func field(_ text: String) -> String {
        var text = text
        // A leading = + - @ starts a formula in spreadsheets, unless the cell is a number (or a percentage).
        if let first = text.first, "=+-@".contains(first), Double(text) == nil,
           !(text.hasSuffix("%") && Double(text.dropLast()) != nil)
        {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
