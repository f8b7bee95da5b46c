extension ScoringModel {
    /// Reads a model from its JSON form (see `ScoringModel`).
    ///
    /// A factor is `{"attribute": "active_days" | "recency" | TRAIT, "weight": w}` or
    /// `{"did": EVENT, "within_days"?: N, "weight": w}`, with optional `"normalise": "min_max" |
    /// "rank"` and `"invert": true`.
    ///
    /// - Throws: `StrataError.invalidField` naming the part to fix; then `validate()`'s errors.
    public init(json: JSONValue) throws {
        guard json.objectValue != nil else {
            throw StrataError(.invalidField, "A scoring model is a JSON object with name, factors and tiers.", field: "model")
        }
        guard let name = json["name"]?.stringValue else {
            throw StrataError(.invalidField, "A scoring model needs a \"name\".", field: "name")
        }
        guard let factorsJSON = json["factors"]?.arrayValue else {
            throw StrataError(.invalidField, "A scoring model needs \"factors\": a list of weighted attributes or "
                + "behaviours.", field: "factors")
        }
        guard let tiersJSON = json["tiers"]?.arrayValue else {
            throw StrataError(.invalidField, "A scoring model needs \"tiers\": a list of {\"name\", \"min_score\"}.",
                              field: "tiers")
        }
        var factors: [Factor] = []
        for (i, item) in factorsJSON.enumerated() {
            let path = "factors[\(i)]"
            guard let weight = item["weight"]?.numberValue else {
                throw StrataError(.invalidField, "A factor needs a numeric \"weight\".", field: "\(path).weight")
            }
            let source: Source
            if let event = item["did"]?.stringValue {
                var days: Int?
                if let value = item["within_days"], !value.isNull {
                    guard let n = value.numberValue, n == n.rounded(), abs(n) < 1e9 else {
                        throw StrataError(.invalidField, "within_days must be a whole number of days.",
                                          field: "\(path).within_days")
                    }
                    days = Int(n)
                }
                source = .behaviour(event: event, withinDays: days)
            } else if let attribute = item["attribute"]?.stringValue {
                if attribute == "recency" {
                    source = .recency
                } else if let field = ComputedField(rawValue: attribute) {
                    source = .computed(field)
                } else {
                    source = .trait(attribute.hasPrefix("trait.") ? String(attribute.dropFirst(6)) : attribute)
                }
            } else {
                throw StrataError(.invalidField, "A factor needs \"attribute\" (a computed attribute, recency or a numeric "
                    + "trait) or \"did\" (an event).", field: path)
            }
            var normalisation = Normalisation.minMax
            if let text = item["normalise"]?.stringValue {
                guard let parsed = Normalisation(rawValue: text) else {
                    throw StrataError(.invalidField, "normalise is min_max or rank, not \"\(text)\".",
                                      field: "\(path).normalise")
                }
                normalisation = parsed
            }
            var invert: Bool?
            if case .bool(let flag)? = item["invert"] { invert = flag }
            factors.append(Factor(source, weight: weight, normalisation: normalisation, invert: invert))
        }
        var tiers: [Tier] = []
        for (i, item) in tiersJSON.enumerated() {
            guard let tierName = item["name"]?.stringValue, let minScore = item["min_score"]?.numberValue else {
                throw StrataError(.invalidField, "A tier is {\"name\": …, \"min_score\": 0…100}.", field: "tiers[\(i)]")
            }
            tiers.append(Tier(name: tierName, minScore: minScore))
        }
        self.init(name: name, description: json["description"]?.stringValue ?? "", factors: factors, tiers: tiers)
        try validate()
    }

    /// The model's JSON form.
    public var json: JSONValue {
        .object([
            "name": .string(name),
            "description": .string(description),
            "factors": .array(factors.map { factor in
                var fields: [String: JSONValue] = [
                    "weight": .number(factor.weight), "normalise": .string(factor.normalisation.rawValue),
                    "invert": .bool(factor.invert),
                ]
                switch factor.source {
                case .computed(let field): fields["attribute"] = .string(field.rawValue)
                case .recency: fields["attribute"] = "recency"
                case .trait(let key):
                    // Written so that reading gives the same trait back: `trait.` guards names that
                    // are also attributes or start with `trait.` themselves.
                    let plain = ComputedField(rawValue: key) == nil && key != "recency" && !key.hasPrefix("trait.")
                    fields["attribute"] = .string(plain ? key : "trait.\(key)")
                case .behaviour(let event, let days):
                    fields["did"] = .string(event)
                    fields["within_days"] = days.map { .number(Double($0)) } ?? .null
                }
                return .object(fields)
            }),
            "tiers": .array(tiers.map { .object(["name": .string($0.name), "min_score": .number($0.minScore)]) }),
        ])
    }
}
