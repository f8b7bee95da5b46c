extension SegmentRule {
    /// Reads the canonical JSON form.
    ///
    /// - Throws: `StrataError.invalidField` whose `field` is the path of the offending part
    ///   (`rule.all[2].min`).
    public init(json: JSONValue, path: String = "rule") throws {
        try self.init(json: json, path: path, depth: 0)
    }

    /// Reads a rule nested `depth` levels of all / any / not deep (at most `maxDepth`).
    private init(json: JSONValue, path: String, depth: Int) throws {
        guard case .object(let fields) = json else {
            throw StrataError(.invalidField, "A rule must be an object such as {\"all\": [...]}, got \(json.typeName).",
                              field: path)
        }
        func children(_ key: String) throws -> [SegmentRule] {
            guard let items = fields[key]?.arrayValue, !items.isEmpty else {
                throw StrataError(.invalidField, "\"\(key)\" needs a non-empty array of rules.", field: "\(path).\(key)")
            }
            return try items.enumerated().map { try SegmentRule(json: $1, path: "\(path).\(key)[\($0)]", depth: depth + 1) }
        }
        if depth >= Self.maxDepth, fields["all"] != nil || fields["any"] != nil || fields["not"] != nil {
            throw StrataError(.invalidField, Self.tooDeepMessage + ".", field: path)
        }
        if fields["all"] != nil {
            self = .all(try children("all"))
        } else if fields["any"] != nil {
            self = .any(try children("any"))
        } else if let inner = fields["not"] {
            self = .not(try SegmentRule(json: inner, path: "\(path).not", depth: depth + 1))
        } else if let trait = fields["trait"] {
            guard let key = trait.stringValue, !key.isEmpty else {
                throw StrataError(.invalidField, "\"trait\" must name a trait.", field: "\(path).trait")
            }
            self = .attribute(try Self.condition(.trait(key), fields, path: path))
        } else if let attribute = fields["attribute"] {
            guard let name = attribute.stringValue, let field = ComputedField(rawValue: name) else {
                throw StrataError(.invalidField, "Unknown computed attribute \(attribute.jsonText); use one of "
                    + ComputedField.allCases.map(\.rawValue).joined(separator: ", ") + ", or \"trait\" for a trait.",
                                  field: "\(path).attribute")
            }
            self = .attribute(try Self.condition(.computed(field), fields, path: path))
        } else if let did = fields["did"] {
            self = .behaviour(try Self.behaviour(did, fields, path: path))
        } else if let segment = fields["segment"]?.stringValue, !segment.isEmpty {
            self = .member(.segment(segment))
        } else if let tag = fields["tag"]?.stringValue, !tag.isEmpty {
            self = .member(.tag(tag))
        } else if let layer = fields["layer"]?.stringValue {
            self = .member(try Self.layer(layer, path: "\(path).layer"))
        } else {
            throw StrataError(.invalidField, "Unknown rule: expected one of all, any, not, trait, attribute, did, "
                + "segment, layer, tag.", field: path)
        }
    }

    /// A `model:layer` reference.
    static func layer(_ text: String, path: String) throws -> Membership {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw StrataError(.invalidField, "A layer is written model:layer, such as rfm:重要价值 or lifecycle:silent; "
                + "got \"\(text)\".", field: path)
        }
        return .layer(model: parts[0], layer: parts[1])
    }

    private static func op(_ value: JSONValue?, path: String) throws -> ComparisonOperator {
        guard let value else { return .equals }
        guard let text = value.stringValue, let op = ComparisonOperator(rawValue: text) else {
            throw StrataError(.invalidField, "Unknown operator \(value.jsonText); use one of "
                + ComparisonOperator.allCases.map(\.rawValue).joined(separator: ", ") + ".", field: path)
        }
        return op
    }

    /// An operator and the values it compares with: a list for `in` / `not in`, one value for
    /// the others (a list of one is that value), none for `exists` / `not exists`. `=` and `!=`
    /// with a list mean `in` and `not in` (as they always matched), so the JSON written back
    /// reads the same.
    private static func comparison(_ opValue: JSONValue?, _ value: JSONValue?, path: String) throws
        -> (ComparisonOperator, [JSONValue])
    {
        var op = try op(opValue, path: "\(path).op")
        if case .array(let items)? = value, items.count > 1 {
            if op == .equals { op = .oneOf }
            if op == .notEquals { op = .noneOf }
        }
        return (op, try values(value, for: op, path: path))
    }

    private static func values(_ value: JSONValue?, for op: ComparisonOperator, path: String) throws -> [JSONValue] {
        let given: [JSONValue] = switch value {
        case nil, .null?: []
        case .array(let items)?: items
        case let single?: [single]
        }
        switch op {
        case .exists, .notExists: return []
        case .oneOf, .noneOf: return given
        default:
            guard given.count <= 1 else {
                throw StrataError(.invalidField, "\"\(op.rawValue)\" compares with one value, got \(given.count); "
                    + "use \"in\" for a list.", field: "\(path).value")
            }
            return given
        }
    }

    private static func condition(_ attribute: AttributeRef, _ fields: [String: JSONValue], path: String) throws
        -> AttributeCondition
    {
        let (op, values) = try comparison(fields["op"], fields["value"], path: path)
        return AttributeCondition(attribute, op, values)
    }

    private static func behaviour(_ did: JSONValue, _ fields: [String: JSONValue], path: String) throws
        -> BehaviourCondition
    {
        guard let event = did.stringValue, !event.isEmpty else {
            throw StrataError(.invalidField, "\"did\" must name an event.", field: "\(path).did")
        }
        var condition = BehaviourCondition(event: event)
        for (index, filter) in (fields["where"]?.arrayValue ?? []).enumerated() {
            let filterPath = "\(path).where[\(index)]"
            guard let property = filter["property"]?.stringValue else {
                throw StrataError(.invalidField, "A filter needs \"property\".", field: filterPath)
            }
            let (op, values) = try comparison(filter["op"], filter["value"], path: filterPath)
            condition.filters.append(PropertyFilter(property, op, values))
        }
        func count(_ key: String) throws -> Int? {
            guard let value = fields[key], !value.isNull else { return nil }
            guard let n = value.numberValue, n >= 0, n == n.rounded(), n < 1e9 else {
                throw StrataError(.invalidField, "\"\(key)\" must be a whole number ≥ 0.", field: "\(path).\(key)")
            }
            return Int(n)
        }
        condition.minCount = try count("min") ?? 1
        condition.maxCount = try count("max")
        if let max = condition.maxCount, max < condition.minCount {
            throw StrataError(.invalidField, "\"max\" (\(max)) is below \"min\" (\(condition.minCount)).",
                              field: "\(path).max")
        }
        if let days = try count("within_days") {
            guard days >= 1 else {
                throw StrataError(.invalidField, "\"within_days\" must be at least 1.", field: "\(path).within_days")
            }
            condition.window = .lastDays(days)
        } else if let from = fields["from"]?.stringValue, let to = fields["to"]?.stringValue {
            for (key, text) in [("from", from), ("to", to)] where text.count != 10 || Timestamp.parse(text) == nil {
                throw StrataError(.invalidField, "\"\(key)\" must be a date such as 2026-09-01.", field: "\(path).\(key)")
            }
            guard from <= to else {
                throw StrataError(.invalidField, "\"from\" (\(from)) is after \"to\" (\(to)).", field: "\(path).from")
            }
            condition.window = .between(from, to)
        }
        return condition
    }

    /// The canonical JSON form.
    public var json: JSONValue {
        func valueJSON(_ values: [JSONValue], _ op: ComparisonOperator) -> JSONValue? {
            switch op {
            case .exists, .notExists: nil
            case .oneOf, .noneOf: .array(values)
            default: values.first
            }
        }
        switch self {
        case .all(let rules): return .object(["all": .array(rules.map(\.json))])
        case .any(let rules): return .object(["any": .array(rules.map(\.json))])
        case .not(let rule): return .object(["not": rule.json])
        case .attribute(let c):
            var object: [String: JSONValue] = ["op": .string(c.op.rawValue)]
            switch c.attribute {
            case .trait(let key): object["trait"] = .string(key)
            case .computed(let field): object["attribute"] = .string(field.rawValue)
            }
            if let value = valueJSON(c.values, c.op) { object["value"] = value }
            return .object(object)
        case .behaviour(let b):
            var object: [String: JSONValue] = ["did": .string(b.event), "min": .number(Double(b.minCount))]
            if let max = b.maxCount { object["max"] = .number(Double(max)) }
            if !b.filters.isEmpty {
                object["where"] = .array(b.filters.map { f in
                    var filter: [String: JSONValue] = ["property": .string(f.property), "op": .string(f.op.rawValue)]
                    if let value = valueJSON(f.values, f.op) { filter["value"] = value }
                    return .object(filter)
                })
            }
            switch b.window {
            case .ever: break
            case .lastDays(let days): object["within_days"] = .number(Double(days))
            case .between(let from, let to):
                object["from"] = .string(from)
                object["to"] = .string(to)
            }
            return .object(object)
        case .member(.segment(let name)): return .object(["segment": .string(name)])
        case .member(.tag(let name)): return .object(["tag": .string(name)])
        case .member(.layer(let model, let layer)): return .object(["layer": .string("\(model):\(layer)")])
        }
    }
}

extension SegmentRule: Codable {
    /// Decodes the canonical JSON form.
    public init(from decoder: Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Encodes the canonical JSON form.
    public func encode(to encoder: Encoder) throws {
        try json.encode(to: encoder)
    }
}
