/// What a rule may refer to: the events and traits seen, the saved segments, the model layers
/// and the tags. Validation checks a rule against it so a typo is caught when the segment is
/// saved, not silently evaluated as empty.
public struct RuleCatalog: Sendable {
    /// Event names seen.
    public var events: Set<String>
    /// Trait keys seen.
    public var traits: Set<String>
    /// Saved segments and their rules (to resolve references and find cycles).
    public var segments: [String: SegmentRule]
    /// Model layers by model (`rfm` → its eight layers).
    public var layers: [String: Set<String>]
    /// Tags in use.
    public var tags: Set<String>
    /// Rule tags and the segment each follows (to find cycles through them).
    public var ruleTags: [String: String]

    /// Creates a catalog.
    public init(events: Set<String> = [], traits: Set<String> = [], segments: [String: SegmentRule] = [:],
                layers: [String: Set<String>] = [:], tags: Set<String> = [], ruleTags: [String: String] = [:])
    {
        self.events = events
        self.traits = traits
        self.segments = segments
        self.layers = layers
        self.tags = tags
        self.ruleTags = ruleTags
    }
}

extension SegmentRule {
    /// Checks the rule against what exists.
    ///
    /// - Parameter name: the segment being saved, when it is one, so a reference back to it is a cycle.
    /// - Throws: `StrataError.invalidField` whose field is the path of the offending part: an
    ///   unknown event, trait, segment, layer or tag; an operator that does not fit the attribute's
    ///   type; a wrong number of values; a cycle between segments.
    public func validate(against catalog: RuleCatalog, name: String? = nil) throws {
        try validate(catalog, path: "rule", visiting: name.map { [$0] } ?? [])
    }

    private func validate(_ catalog: RuleCatalog, path: String, visiting: [String]) throws {
        switch self {
        case .all(let rules), .any(let rules):
            let key = if case .all = self { "all" } else { "any" }
            for (i, rule) in rules.enumerated() {
                try rule.validate(catalog, path: "\(path).\(key)[\(i)]", visiting: visiting)
            }
        case .not(let rule):
            try rule.validate(catalog, path: "\(path).not", visiting: visiting)
        case .attribute(let c):
            if case .trait(let key) = c.attribute, !catalog.traits.contains(key) {
                throw StrataError(.invalidField, "Unknown trait \"\(key)\"" + Self.suggestion(key, catalog.traits)
                    + ". Computed attributes are " + ComputedField.allCases.map(\.rawValue).joined(separator: ", ") + ".",
                                  field: "\(path).trait")
            }
            try Self.check(c.op, c.values, field: c.attribute, path: path)
        case .behaviour(let b):
            guard catalog.events.contains(b.event) else {
                throw StrataError(.invalidField, "Unknown event \"\(b.event)\"" + Self.suggestion(b.event, catalog.events)
                    + ".", field: "\(path).did")
            }
            for (i, filter) in b.filters.enumerated() {
                try Self.check(filter.op, filter.values, field: nil, path: "\(path).where[\(i)]")
            }
        case .member(.segment(let segment)):
            if let cycleStart = visiting.firstIndex(of: segment) {
                let cycle = (visiting[cycleStart...] + [segment]).joined(separator: " → ")
                throw StrataError(.invalidField, "Segments refer to each other in a cycle: \(cycle).",
                                  field: "\(path).segment")
            }
            guard let rule = catalog.segments[segment] else {
                throw StrataError(.invalidField, "Unknown segment \"\(segment)\""
                    + Self.suggestion(segment, Set(catalog.segments.keys)) + ".", field: "\(path).segment")
            }
            try rule.validate(catalog, path: "segment(\(segment))", visiting: visiting + [segment])
        case .member(.layer(let model, let layer)):
            guard let layers = catalog.layers[model] else {
                throw StrataError(.invalidField, "Unknown model \"\(model)\"; models are "
                    + catalog.layers.keys.sorted().joined(separator: ", ") + ".", field: "\(path).layer")
            }
            guard layers.contains(layer) else {
                throw StrataError(.invalidField, "Model \(model) has no layer \"\(layer)\"; its layers are "
                    + layers.sorted().joined(separator: ", ") + ".", field: "\(path).layer")
            }
        case .member(.tag(let tag)):
            guard catalog.tags.contains(tag) else {
                throw StrataError(.invalidField, "Unknown tag \"\(tag)\"" + Self.suggestion(tag, catalog.tags) + ".",
                                  field: "\(path).tag")
            }
            if let segment = catalog.ruleTags[tag] {
                try SegmentRule.member(.segment(segment)).validate(catalog, path: "tag(\(tag))", visiting: visiting)
            }
        }
    }

    /// Checks that an operator fits a computed attribute's type and has the right number of values.
    private static func check(_ op: ComparisonOperator, _ values: [JSONValue], field: AttributeRef?, path: String)
        throws
    {
        switch op {
        case .exists, .notExists:
            guard values.isEmpty else {
                throw StrataError(.invalidField, "\"\(op.rawValue)\" takes no value.", field: "\(path).value")
            }
        case .oneOf, .noneOf:
            guard !values.isEmpty else {
                throw StrataError(.invalidField, "\"\(op.rawValue)\" needs at least one value.", field: "\(path).value")
            }
        default:
            guard values.count == 1 else {
                throw StrataError(.invalidField, "\"\(op.rawValue)\" needs exactly one value, got \(values.count).",
                                  field: "\(path).value")
            }
        }
        guard case .computed(let computed)? = field else { return }
        let name = computed.rawValue
        if computed.isTime {
            guard op.isOrdering || op == .exists || op == .notExists else {
                throw StrataError(.invalidField, "\(name) is a time: compare it with >, >=, <, <= (or exists), "
                    + "not \"\(op.rawValue)\".", field: "\(path).op")
            }
            for value in values {
                guard let text = value.stringValue, Self.isTimeValue(text) else {
                    throw StrataError(.invalidField, "\(name) compares with a date (2026-09-01) or days before asOf "
                        + "(30d), not \(value.jsonText).", field: "\(path).value")
                }
            }
        } else if computed.isNumber {
            guard op != .contains else {
                throw StrataError(.invalidField, "\(name) is a number: \"contains\" does not apply.", field: "\(path).op")
            }
            for value in values where value.numberValue == nil {
                throw StrataError(.invalidField, "\(name) is a number, not \(value.jsonText).", field: "\(path).value")
            }
        } else if computed.isText, op.isOrdering {
            throw StrataError(.invalidField, "\(name) is text: use =, !=, in, not in, contains or exists, "
                + "not \"\(op.rawValue)\".", field: "\(path).op")
        }
    }

    /// A date (`YYYY-MM-DD`, or a full ISO time) or `30d`: the first instant of the 30-day window as of `asOf`.
    static func isTimeValue(_ text: String) -> Bool {
        if text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 0 { return true }
        return Timestamp.parse(text) != nil
    }

    /// ", did you mean …?" when a known name is close to the unknown one.
    private static func suggestion(_ name: String, _ known: Set<String>) -> String {
        let close = known.filter { editDistance($0.lowercased(), name.lowercased()) <= max(1, name.count / 4) }.sorted()
        return close.isEmpty ? "" : "; did you mean \(close.prefix(3).map { "\"\($0)\"" }.joined(separator: " or "))?"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
