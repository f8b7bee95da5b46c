/// Attribute lift (画像 vs 行为): for a target group of users — those who did a behaviour, or a
/// segment's members — which trait values and computed attributes over- or under-index
/// compared with the base population ("northern users buy more books").
///
/// For each value of each dimension: its users in the base and in the target, the target rate
/// among them, lift (that rate ÷ the base's overall rate), the value's share of the target and of
/// the base, and a two-proportion z-test of the value's users against everyone else in the base.
/// Rows are sorted by importance (|z|); a row is significant when its p-value beats 0.05
/// divided by the number of rows tested (Bonferroni). Text dimensions keep their `maxValues`
/// largest values and fold the rest into "(other)"; numeric ones are cut into `bins` quantile
/// ranges of the base. Users without a value count under "(none)", whose rows are shown only
/// when asked (they repeat across dimensions for users with no traits at all); they stay in
/// the base either way.
public struct LiftReport: Sendable {
    /// Dimensions allowed in one report.
    public static let dimensionLimit = 1...20
    /// Traits with at most this many distinct values are picked by default.
    public static let defaultCardinality = 100

    /// The attributes to break users down by.
    public var dimensions: [AttributeRef]
    /// Values kept per text dimension (1…100); the rest fold into "(other)".
    public var maxValues: Int
    /// Quantile ranges per numeric dimension (2…10).
    public var bins: Int
    /// Whether rows for users without a value ("(none)") are shown.
    public var showMissing: Bool

    /// The label of users without a value.
    public static let missing = "(none)"

    /// Creates a report; `validate(traits:)` checks it.
    public init(dimensions: [AttributeRef], maxValues: Int = 30, bins: Int = 5, showMissing: Bool = false) {
        self.dimensions = dimensions
        self.maxValues = maxValues
        self.bins = bins
        self.showMissing = showMissing
    }

    /// Dimensions written as in rules, separated by commas: computed attributes by name
    /// (`channel`, `last_city`, `revenue`, …), anything else a trait (`trait.NAME` forces one).
    public static func dimensions(_ text: String) -> [AttributeRef] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map(RuleTextParser.attribute)
    }

    /// The default dimensions: first-touch channel, last city and last device, then every trait
    /// with at most `defaultCardinality` distinct values or only numbers, in key order, up to
    /// the limit.
    public static func defaultDimensions(_ index: UserIndex) -> [AttributeRef] {
        var result: [AttributeRef] = [.computed(.channel), .computed(.lastCity), .computed(.lastDevice)]
        for key in index.traitKeys.sorted() where result.count < dimensionLimit.upperBound {
            guard let column = index.trait(key) else { continue }
            if column.values.count <= defaultCardinality || column.values.allSatisfy({ $0.numberValue != nil }) {
                result.append(.trait(key))
            }
        }
        return result
    }

    /// Checks the limits.
    ///
    /// - Throws: `StrataError.invalidParameter` for no or too many dimensions, a time attribute
    ///   (`first_seen`, …), an unknown trait, or `maxValues` / `bins` out of range.
    public func validate(traits: Set<String>) throws {
        guard Self.dimensionLimit.contains(dimensions.count) else {
            throw StrataError(.invalidParameter, "Give 1 to \(Self.dimensionLimit.upperBound) dimensions in by, got "
                + "\(dimensions.count).", field: "by")
        }
        for dimension in dimensions { try UserBreakdown.validate(dimension, traits: traits, field: "by") }
        guard (1...100).contains(maxValues) else {
            throw StrataError(.invalidParameter, "top must be 1…100, got \(maxValues).", field: "top")
        }
        guard (2...10).contains(bins) else {
            throw StrataError(.invalidParameter, "bins must be 2…10, got \(bins).", field: "bins")
        }
    }

    /// A dimension's name in results: a trait whose key is also a computed attribute's name
    /// is written `trait.KEY`.
    static func name(_ dimension: AttributeRef) -> String {
        if case .trait(let key) = dimension, ComputedField(rawValue: key) != nil { return "trait.\(key)" }
        return dimension.name
    }

    /// One value of one dimension.
    public struct Row: Sendable, Equatable {
        /// The dimension's name (`channel`, `city`).
        public var dimension: String
        /// The value, a range such as `[10, 20)` or `≥ 20`, "(other)" or "(none)".
        public var value: String
        /// Base users with the value, and those of them in the target.
        public var users: Int, targetUsers: Int
        /// The value's share of the base and of the target.
        public var shareOfBase: Double, shareOfTarget: Double
        /// Target users ÷ users.
        public var rate: Double
        /// `rate` ÷ the base's overall target rate (`nil` when the target is empty).
        public var lift: Double?
        /// Target users beyond what the overall rate predicts (negative when under-indexed).
        public var excessUsers: Double
        /// The two-proportion test of this value against the rest of the base.
        public var test: ProportionTest
        /// Whether `test` is significant after the Bonferroni correction.
        public var significant: Bool
    }

    /// How strongly a dimension as a whole goes with the target.
    public struct DimensionSummary: Sendable, Equatable {
        public var name: String
        /// Values with users after folding, "(none)" included even when its row is hidden.
        public var values: Int
        /// Cramér's V of the value × in-target table (0 = independent, 1 = decides it).
        public var cramersV: Double
        /// The chi-square test's p-value.
        public var pValue: Double
    }

    /// The whole report.
    public struct Result: Sendable {
        /// Users in the base, and those of them in the target.
        public var baseUsers: Int, targetUsers: Int
        /// Rows of all dimensions, most important first.
        public var rows: [Row]
        /// Dimensions, strongest first.
        public var dimensions: [DimensionSummary]
    }

    /// Runs the report: `target` is counted within `base`.
    public func run(_ index: UserIndex, base: UserSet, target: UserSet, asOf: Int64,
                    settings: WorkspaceSettings) -> Result
    {
        let inTarget = base.intersection(target)
        let baseUsers = base.count, targetUsers = inTarget.count
        let attributes = dimensions.contains { if case .computed(let f) = $0 { f.isNumber } else { false } }
            ? index.attributes(asOf: asOf, settings: settings) : nil
        var groups: [(name: String, labels: [String], base: [Int], target: [Int])] = []
        for dimension in dimensions {
            let breakdown = UserBreakdown(dimension, index, base: base, attributes: attributes, maxValues: maxValues,
                                          bins: bins)
            groups.append((Self.name(dimension), breakdown.labels, breakdown.counts(base), breakdown.counts(inTarget)))
        }
        let overall = baseUsers == 0 ? 0 : Double(targetUsers) / Double(baseUsers)
        func shown(_ labels: [String], _ i: Int) -> Bool { showMissing || labels[i] != UserBreakdown.missing }
        let tested = groups.reduce(0) { sum, group in
            sum + group.base.indices.filter { group.base[$0] > 0 && shown(group.labels, $0) }.count
        }
        var rows: [Row] = []
        var summaries: [DimensionSummary] = []
        for group in groups {
            var chiSquare = 0.0
            var values = 0
            for (i, label) in group.labels.enumerated() where group.base[i] > 0 {
                let n = group.base[i], t = group.target[i]
                let expected = Double(n) * overall
                let test = ProportionTest(successesA: t, sizeA: n, successesB: targetUsers - t, sizeB: baseUsers - n)
                if expected > 0 && Double(n) - expected > 0 {
                    chiSquare += (Double(t) - expected) * (Double(t) - expected) / expected
                        + (Double(n - t) - (Double(n) - expected)) * (Double(n - t) - (Double(n) - expected))
                        / (Double(n) - expected)
                }
                values += 1
                guard shown(group.labels, i) else { continue }
                rows.append(Row(
                    dimension: group.name, value: label, users: n, targetUsers: t,
                    shareOfBase: Double(n) / Double(baseUsers),
                    shareOfTarget: targetUsers == 0 ? 0 : Double(t) / Double(targetUsers), rate: Double(t) / Double(n),
                    lift: overall == 0 ? nil : Double(t) / Double(n) / overall, excessUsers: Double(t) - expected,
                    test: test, significant: test.pValue < 0.05 / Double(max(tested, 1))))
            }
            summaries.append(DimensionSummary(
                name: group.name, values: values,
                cramersV: baseUsers == 0 ? 0 : min(1, (chiSquare / Double(baseUsers)).squareRoot()),
                pValue: ProportionTest.chiSquareP(chiSquare, degrees: values - 1)))
        }
        rows.sort { abs($0.test.z) != abs($1.test.z) ? abs($0.test.z) > abs($1.test.z)
            : ($0.dimension, $0.value) < ($1.dimension, $1.value) }
        summaries.sort { $0.cramersV != $1.cramersV ? $0.cramersV > $1.cramersV : $0.name < $1.name }
        return Result(baseUsers: baseUsers, targetUsers: targetUsers, rows: rows, dimensions: summaries)
    }
}
