/// The languages Strata renders text for people in.
public enum DisplayLanguage: String, Sendable, CaseIterable {
    /// 简体中文.
    case chinese = "zh"
    /// English.
    case english = "en"
}

extension SegmentRule {
    /// A sentence for people describing who the rule selects, in Chinese or English.
    ///
    /// `city in (Shanghai, Beijing) and did view_item >= 3 times in 14d` reads
    /// "city is one of Shanghai, Beijing and did view_item at least 3 times in the last 14 days" /
    /// "city 属于 Shanghai、Beijing 且 近14天 做过 view_item 至少3次".
    public func describe(in language: DisplayLanguage) -> String {
        describe(language, nested: false)
    }

    private func describe(_ language: DisplayLanguage, nested: Bool) -> String {
        let zh = language == .chinese
        func group(_ rules: [SegmentRule], _ joiner: String) -> String {
            let text = rules.map { $0.describe(language, nested: true) }.joined(separator: joiner)
            return nested && rules.count > 1 ? "(\(text))" : text
        }
        switch self {
        case .all(let rules): return group(rules, zh ? " 且 " : " and ")
        case .any(let rules): return group(rules, zh ? " 或 " : " or ")
        case .not(.behaviour(let b)): return Self.describe(b, negated: true, language)
        case .not(let rule): return (zh ? "非 " : "not ") + rule.describe(language, nested: true)
        case .attribute(let c): return Self.describe(c.attribute.name, c.op, c.values, language)
        case .behaviour(let b): return Self.describe(b, negated: false, language)
        case .member(.segment(let name)): return zh ? "属于分群「\(name)」" : "in segment \"\(name)\""
        case .member(.tag(let name)): return zh ? "带有标签「\(name)」" : "tagged \"\(name)\""
        case .member(.layer(let model, let layer)):
            return zh ? "属于 \(model) 分层「\(layer)」" : "in \(model) layer \"\(layer)\""
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            if s.hasSuffix("d"), let days = Int(s.dropLast()) { return "\(days)d" }
            return s
        default: return value.jsonText
        }
    }

    private static func describe(_ name: String, _ op: ComparisonOperator, _ values: [JSONValue],
                                 _ language: DisplayLanguage) -> String
    {
        let zh = language == .chinese
        let first = values.first.map(text) ?? ""
        let list = values.map(text).joined(separator: zh ? "、" : ", ")
        func relative(_ value: String) -> String {
            guard value.hasSuffix("d"), let days = Int(value.dropLast()) else { return value }
            return zh ? "\(days)天前" : "\(days) days ago"
        }
        switch op {
        case .equals: return zh ? "\(name) 等于 \(first)" : "\(name) is \(first)"
        case .notEquals: return zh ? "\(name) 不等于 \(first)" : "\(name) is not \(first)"
        case .greater: return zh ? "\(name) 大于 \(relative(first))" : "\(name) is after/above \(relative(first))"
        case .greaterOrEqual: return zh ? "\(name) 不小于 \(relative(first))" : "\(name) is at least \(relative(first))"
        case .less: return zh ? "\(name) 小于 \(relative(first))" : "\(name) is before/below \(relative(first))"
        case .lessOrEqual: return zh ? "\(name) 不大于 \(relative(first))" : "\(name) is at most \(relative(first))"
        case .oneOf: return zh ? "\(name) 属于 \(list)" : "\(name) is one of \(list)"
        case .noneOf: return zh ? "\(name) 不属于 \(list)" : "\(name) is none of \(list)"
        case .contains: return zh ? "\(name) 包含 \(first)" : "\(name) contains \(first)"
        case .exists: return zh ? "有 \(name)" : "has \(name)"
        case .notExists: return zh ? "没有 \(name)" : "has no \(name)"
        }
    }

    private static func describe(_ b: BehaviourCondition, negated: Bool, _ language: DisplayLanguage) -> String {
        let zh = language == .chinese
        var event = b.event
        if !b.filters.isEmpty {
            let filters = b.filters.map { describe($0.property, $0.op, $0.values, language) }
            event += "(" + filters.joined(separator: zh ? "，" : ", ") + ")"
        }
        let window: String
        switch b.window {
        case .ever: window = ""
        case .lastDays(let days): window = zh ? "近\(days)天" : " in the last \(days) days"
        case .between(let from, let to): window = zh ? "\(from) 至 \(to) " : " between \(from) and \(to)"
        }
        var count = ""
        switch (b.minCount, b.maxCount) {
        case (1, nil): count = ""
        case (let min, nil): count = zh ? " 至少\(min)次" : " at least \(min) times"
        case (let min, let max?) where min == max: count = zh ? " \(min)次" : " exactly \(min) times"
        case (0, let max?): count = zh ? " 至多\(max)次" : " at most \(max) times"
        case (let min, let max?): count = zh ? " \(min)到\(max)次" : " between \(min) and \(max) times"
        }
        if zh {
            let prefix = window.isEmpty ? "" : window + " "
            return prefix + (negated ? "未做过 " : "做过 ") + event + count
        }
        return (negated ? "did not do " : "did ") + event + count + window
    }
}
