extension SegmentRule {
    /// Reads the one-line text form the CLI takes, which parses to the same tree as the JSON:
    ///
    /// `city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d`
    ///
    /// - `and` binds tighter than `or`; `not` and parentheses as usual.
    /// - Attributes: `NAME OP VALUE`, `NAME in (A, B)`, `NAME not in (…)`, `NAME contains X`,
    ///   `NAME exists`; NAME is a computed attribute (`last_seen`, `revenue`, …) or a trait
    ///   (`trait.NAME` forces a trait). Times compare with dates or `30d` (the first instant of the 30-day window
    ///   as of `asOf`, as `AsOf` defines).
    /// - Behaviour: `did EVENT[(PROP = V, …)] [OP N times | between N and M times]
    ///   [in 14d | in last 14 days | between 2026-09-01 and 2026-09-30]`; `did not EVENT …`.
    /// - Membership: `in segment NAME`, `in rfm:重要价值`, `has tag NAME`.
    ///
    /// - Throws: `StrataError.invalidParameter` naming the token and its position.
    public init(text: String) throws {
        var parser = RuleTextParser(tokens: try RuleTextParser.tokenize(text))
        let rule = try parser.expression()
        if let extra = parser.peek {
            throw parser.error("Unexpected \"\(extra.text)\" after a complete rule; join conditions with and / or")
        }
        self = rule
    }
}

/// Recursive-descent parser of the rule text form.
struct RuleTextParser {
    struct Token: Equatable {
        enum Kind: Equatable { case word, quoted, symbol }
        var kind: Kind
        var text: String
        var position: Int
    }

    var tokens: [Token]
    var index = 0
    /// How many `not`s and parentheses enclose the factor being read (at most `SegmentRule.maxDepth`).
    var depth = 0

    var peek: Token? { index < tokens.count ? tokens[index] : nil }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "\"" || c == "'" {
                var j = i + 1
                var value = ""
                while j < chars.count, chars[j] != c {
                    value.append(chars[j])
                    j += 1
                }
                guard j < chars.count else {
                    throw StrataError(.invalidParameter, "Unclosed quote starting at position \(i + 1).", field: "rule")
                }
                tokens.append(Token(kind: .quoted, text: value, position: i + 1))
                i = j + 1
            } else if "(),".contains(c) {
                tokens.append(Token(kind: .symbol, text: String(c), position: i + 1))
                i += 1
            } else if "<>=!".contains(c) {
                var symbol = String(c)
                if i + 1 < chars.count, chars[i + 1] == "=" {
                    symbol.append("=")
                }
                guard symbol != "!" else {
                    throw StrataError(.invalidParameter, "\"!\" at position \(i + 1) must be \"!=\".", field: "rule")
                }
                tokens.append(Token(kind: .symbol, text: symbol, position: i + 1))
                i += symbol.count
            } else {
                var j = i
                var word = ""
                while j < chars.count, !chars[j].isWhitespace, !"(),<>=!\"'".contains(chars[j]) {
                    word.append(chars[j])
                    j += 1
                }
                tokens.append(Token(kind: .word, text: word, position: i + 1))
                i = j
            }
        }
        guard !tokens.isEmpty else { throw StrataError(.invalidParameter, "The rule is empty.", field: "rule") }
        return tokens
    }

    func error(_ message: String) -> StrataError {
        let at = peek.map { " (at \"\($0.text)\", position \($0.position))" } ?? " (at the end)"
        return StrataError(.invalidParameter, message + at + ".", field: "rule")
    }

    mutating func next() throws -> Token {
        guard let token = peek else { throw error("The rule ends too early") }
        index += 1
        return token
    }

    /// Consumes the keyword if it comes next.
    mutating func accept(_ keyword: String) -> Bool {
        guard let token = peek, token.kind != .quoted, token.text.lowercased() == keyword else { return false }
        index += 1
        return true
    }

    mutating func expect(_ keyword: String) throws {
        guard accept(keyword) else { throw error("Expected \"\(keyword)\"") }
    }

    mutating func expression() throws -> SegmentRule {
        var parts = [try term()]
        while accept("or") { parts.append(try term()) }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    mutating func term() throws -> SegmentRule {
        var parts = [try factor()]
        while accept("and") { parts.append(try factor()) }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    mutating func factor() throws -> SegmentRule {
        let nests = peek.map { $0.kind != .quoted && ["not", "("].contains($0.text.lowercased()) } ?? false
        if nests {
            guard depth < SegmentRule.maxDepth else { throw error(SegmentRule.tooDeepMessage) }
            depth += 1
        }
        defer { if nests { depth -= 1 } }
        if accept("not") { return .not(try factor()) }
        if accept("(") {
            let inner = try expression()
            try expect(")")
            return inner
        }
        return try condition()
    }

    mutating func condition() throws -> SegmentRule {
        if accept("did") {
            let negated = accept("not")
            let rule = SegmentRule.behaviour(try behaviour())
            return negated ? .not(rule) : rule
        }
        if accept("has") {
            try expect("tag")
            return .member(.tag(try name("a tag name")))
        }
        if accept("in") {
            if accept("segment") { return .member(.segment(try name("a segment name"))) }
            let reference = try name("model:layer")
            return .member(try SegmentRule.layer(reference, path: "rule"))
        }
        guard let token = peek, token.kind != .symbol, !token.text.isEmpty, token.text != "trait." else {
            throw error("Expected a condition")
        }
        index += 1
        let attribute = Self.attribute(token.text)
        if accept("exists") { return .attribute(AttributeCondition(attribute, .exists)) }
        if accept("not") {
            if accept("exists") { return .attribute(AttributeCondition(attribute, .notExists)) }
            try expect("in")
            return .attribute(AttributeCondition(attribute, .noneOf, try list()))
        }
        if accept("in") { return .attribute(AttributeCondition(attribute, .oneOf, try list())) }
        if accept("contains") { return .attribute(AttributeCondition(attribute, .contains, [try value()])) }
        let op = try comparison()
        return .attribute(AttributeCondition(attribute, op, [try value()]))
    }

    static func attribute(_ name: String) -> AttributeRef {
        if name.hasPrefix("trait.") { return .trait(String(name.dropFirst(6))) }
        if let field = ComputedField(rawValue: name) { return .computed(field) }
        return .trait(name)
    }

    mutating func name(_ what: String) throws -> String {
        guard let token = peek, token.kind != .symbol, !token.text.isEmpty else { throw error("Expected \(what)") }
        index += 1
        return token.text
    }

    mutating func comparison() throws -> ComparisonOperator {
        guard let token = peek, token.kind == .symbol, let op = ComparisonOperator(rawValue: token.text) else {
            throw error("Expected an operator (=, !=, >, >=, <, <=, in, not in, contains, exists)")
        }
        index += 1
        return op
    }

    mutating func value() throws -> JSONValue {
        let token = try next()
        switch token.kind {
        case .quoted: return .string(token.text)
        case .symbol: index -= 1; throw error("Expected a value")
        case .word:
            if token.text == "true" { return .bool(true) }
            if token.text == "false" { return .bool(false) }
            if let number = Double(token.text) { return .number(number) }
            return .string(token.text)
        }
    }

    mutating func list() throws -> [JSONValue] {
        try expect("(")
        var values = [try value()]
        while accept(",") { values.append(try value()) }
        try expect(")")
        return values
    }

    mutating func count(_ what: String) throws -> Int {
        let token = try next()
        guard token.kind == .word, let n = Int(token.text), n >= 0, n < 1_000_000_000 else {
            index -= 1
            throw error("Expected \(what) (a whole number below 1,000,000,000)")
        }
        return n
    }

    mutating func behaviour() throws -> BehaviourCondition {
        var condition = BehaviourCondition(event: try name("an event name"))
        if accept("(") {
            repeat {
                let property = try name("a property name")
                if accept("in") {
                    condition.filters.append(PropertyFilter(property, .oneOf, try list()))
                } else if accept("contains") {
                    condition.filters.append(PropertyFilter(property, .contains, [try value()]))
                } else {
                    let op = try comparison()
                    condition.filters.append(PropertyFilter(property, op, [try value()]))
                }
            } while accept(",")
            try expect(")")
        }
        // Count: OP N times, or between N and M times.
        if let token = peek, token.kind == .symbol, let op = ComparisonOperator(rawValue: token.text), op != .notEquals {
            index += 1
            let n = try count("a count")
            _ = accept("times") || accept("time")
            switch op {
            case .greaterOrEqual: condition.minCount = n
            case .greater: condition.minCount = n + 1
            case .lessOrEqual: condition.minCount = 0; condition.maxCount = n
            case .less:
                guard n >= 1 else { throw error("\"< 0 times\" can never hold") }
                condition.minCount = 0
                condition.maxCount = n - 1
            default: condition.minCount = n; condition.maxCount = n
            }
        } else if let token = peek, token.text == "between", index + 1 < tokens.count,
                  Int(tokens[index + 1].text) != nil
        {
            index += 1
            condition.minCount = try count("a lower count")
            try expect("and")
            let max = try count("an upper count")
            guard max >= condition.minCount else { throw error("The upper count is below the lower one") }
            condition.maxCount = max
            _ = accept("times") || accept("time")
        }
        // Window.
        if accept("in") || accept("within") {
            _ = accept("last")
            let token = try next()
            let text = token.text.lowercased()
            if text.hasSuffix("d"), let days = Int(text.dropLast()), days >= 1 {
                condition.window = .lastDays(days)
            } else if let days = Int(text), days >= 1 {
                condition.window = .lastDays(days)
                _ = accept("days") || accept("day")
            } else {
                index -= 1
                throw error("Expected a number of days such as 14d")
            }
        } else if accept("between") {
            let from = try name("a start date")
            try expect("and")
            let to = try name("an end date")
            for date in [from, to] where date.count != 10 || Timestamp.parse(date) == nil {
                throw StrataError(.invalidParameter, "\"\(date)\" is not a date such as 2026-09-01.", field: "rule")
            }
            guard from <= to else { throw StrataError(.invalidParameter, "\(from) is after \(to).", field: "rule") }
            condition.window = .between(from, to)
        } else {
            _ = accept("ever")
        }
        return condition
    }
}
