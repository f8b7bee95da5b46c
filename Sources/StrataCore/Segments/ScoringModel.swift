/// Weighted-factor scoring (要素权重分层): each user's score is a weighted sum of normalised
/// attributes and behaviours, 0–100, cut into named tiers.
///
/// ```json
/// {"name": "engagement",
///  "factors": [{"attribute": "active_days", "weight": 2},
///              {"did": "purchase", "within_days": 30, "weight": 3},
///              {"attribute": "recency", "weight": 1}],
///  "tiers": [{"name": "高", "min_score": 60}, {"name": "中", "min_score": 30}, {"name": "低", "min_score": 0}]}
/// ```
///
/// Factors are normalised over the live users so that weights compare like with like:
/// `min_max` maps the smallest value to 0 and the largest to 1; `rank` maps each value to the
/// share of users below it (robust to outliers such as one whale's revenue). Recency is
/// inverted (more recent is better); any factor can be inverted with `"invert": true`.
public struct ScoringModel: Sendable, Equatable {
    /// What a factor measures for each user.
    public enum Source: Sendable, Equatable {
        /// A computed number: `event_count`, `active_days`, `purchase_count`, `revenue`.
        case computed(ComputedField)
        /// Days since last seen (missing: never seen, the worst value).
        case recency
        /// A numeric trait. Only the users that have a number are normalised against each other;
        /// a user without one (missing or non-numeric) gets 0 for the factor, inverted or not.
        case trait(String)
        /// How often the user did an event in the last N days (`nil`: ever).
        case behaviour(event: String, withinDays: Int?)
    }

    /// How raw values become 0…1.
    public enum Normalisation: String, Sendable, Equatable, CaseIterable {
        /// (value − min) ÷ (max − min).
        case minMax = "min_max"
        /// The share of users with a smaller value (ties share the rank).
        case rank
    }

    /// One weighted factor.
    public struct Factor: Sendable, Equatable {
        /// What is measured.
        public var source: Source
        /// Its weight (> 0); weights are relative.
        public var weight: Double
        /// How values are normalised.
        public var normalisation: Normalisation
        /// Whether a smaller value is better (recency is inverted by default).
        public var invert: Bool

        /// Creates a factor.
        public init(_ source: Source, weight: Double, normalisation: Normalisation = .minMax, invert: Bool? = nil) {
            self.source = source
            self.weight = weight
            self.normalisation = normalisation
            self.invert = invert ?? (source == .recency)
        }
    }

    /// A named tier: users whose score is at least `minScore` (and below the next tier up).
    public struct Tier: Sendable, Equatable {
        /// The tier's name (高价值, 中, …).
        public var name: String
        /// The lowest score in the tier.
        public var minScore: Double

        /// Creates a tier.
        public init(name: String, minScore: Double) {
            self.name = name
            self.minScore = minScore
        }
    }

    /// The model's name, which rules use as the model of a layer (`in engagement:高`).
    public var name: String
    /// What the model is for.
    public var description: String
    /// The factors (1–20).
    public var factors: [Factor]
    /// The tiers (1–10), any order; stored highest first.
    public var tiers: [Tier]

    /// Creates a model; `validate()` checks it.
    public init(name: String, description: String = "", factors: [Factor], tiers: [Tier]) {
        self.name = name
        self.description = description
        self.factors = factors
        self.tiers = tiers.sorted { $0.minScore > $1.minScore }
    }

    /// Model names rules reserve for the built-in models.
    public static let reservedNames: Set<String> = ["rfm", "lifecycle"]

    /// Checks the model's limits.
    ///
    /// - Throws: `StrataError.invalidField` naming the part to fix: the name (1–50 characters, no
    ///   `:` or spaces, not `rfm` / `lifecycle`), 1–20 factors with positive weights, 1–10 tiers
    ///   with distinct names and scores within 0…100, the lowest at 0 so every user has a tier.
    public func validate() throws {
        guard !name.isEmpty, name.count <= 50, !name.contains(where: { $0 == ":" || $0.isWhitespace }) else {
            throw StrataError(.invalidField, "A scoring model's name needs 1 to 50 characters without spaces or \":\".",
                              field: "name")
        }
        guard !Self.reservedNames.contains(name.lowercased()) else {
            throw StrataError(.invalidField, "\"\(name)\" is a built-in model; choose another name.", field: "name")
        }
        guard (1...20).contains(factors.count) else {
            throw StrataError(.invalidField, "A scoring model needs 1 to 20 factors, got \(factors.count).",
                              field: "factors")
        }
        for (i, factor) in factors.enumerated() {
            guard factor.weight > 0, factor.weight.isFinite else {
                throw StrataError(.invalidField, "A factor's weight must be a number above 0.", field: "factors[\(i)].weight")
            }
            if case .computed(let field) = factor.source, !field.isNumber {
                throw StrataError(.invalidField, "\(field.rawValue) is not a number; factors use event_count, active_days, "
                    + "purchase_count, revenue, recency, a numeric trait or an event count.", field: "factors[\(i)]")
            }
            if case .behaviour(_, let days?) = factor.source, !(1...3650).contains(days) {
                throw StrataError(.invalidField, "within_days must be 1…3650.", field: "factors[\(i)].within_days")
            }
        }
        guard (1...10).contains(tiers.count) else {
            throw StrataError(.invalidField, "A scoring model needs 1 to 10 tiers, got \(tiers.count).", field: "tiers")
        }
        for (i, tier) in tiers.enumerated() {
            guard !tier.name.isEmpty, tier.name.count <= 50, !tier.name.contains(":") else {
                throw StrataError(.invalidField, "A tier's name needs 1 to 50 characters without \":\".",
                                  field: "tiers[\(i)].name")
            }
            guard (0...100).contains(tier.minScore) else {
                throw StrataError(.invalidField, "A tier's min_score must be within 0…100.", field: "tiers[\(i)].min_score")
            }
        }
        guard Set(tiers.map(\.name)).count == tiers.count else {
            throw StrataError(.invalidField, "Tier names must differ.", field: "tiers")
        }
        guard Set(tiers.map(\.minScore)).count == tiers.count else {
            throw StrataError(.invalidField, "Tiers must start at different scores.", field: "tiers")
        }
        guard tiers.last?.minScore == 0 else {
            throw StrataError(.invalidField, "The lowest tier must start at 0 so that every user has a tier.",
                              field: "tiers")
        }
    }

    /// The events and traits the model reads, checked against what exists like a rule's.
    public func validate(against catalog: RuleCatalog) throws {
        for (i, factor) in factors.enumerated() {
            switch factor.source {
            case .behaviour(let event, _) where !catalog.events.contains(event):
                throw StrataError(.invalidField, "Unknown event \"\(event)\".", field: "factors[\(i)].did")
            case .trait(let key) where !catalog.traits.contains(key):
                throw StrataError(.invalidField, "Unknown trait \"\(key)\".", field: "factors[\(i)].attribute")
            default: break
            }
        }
    }

    /// The result of a run.
    public struct Result: Sendable {
        /// Each user's score (0–100) rounded to a tenth for display, by profile id; `nan` for ids
        /// that are not live users.
        public var scores: [Double]
        /// Users of each tier, by tier name (cut on the exact scores, not the rounded ones).
        public var tiers: [String: UserSet]
        /// Mean exact score of each tier.
        public var meanScores: [String: Double]
        /// Users per tenth of the exact score: 0 ≤ s < 10, …, 90 ≤ s ≤ 100.
        public var histogram: [Int]
    }

    /// Scores every live user as of `asOf`.
    public func run(_ index: UserIndex, asOf: Int64, settings: WorkspaceSettings = WorkspaceSettings()) -> Result {
        let capacity = index.userCapacity
        let attributes = index.attributes(asOf: asOf, settings: settings)
        let live = index.live.filter { attributes.existed($0, in: index) }
        var total = [Double](repeating: 0, count: capacity)
        let weightSum = factors.reduce(0) { $0 + $1.weight }
        for factor in factors {
            let raw = values(factor.source, index: index, attributes: attributes, asOf: asOf, settings: settings)
            let normalised = Self.normalise(raw, users: live, factor.normalisation, invert: factor.invert)
            for u in live { total[u] += factor.weight * normalised[u] }
        }
        var scores = [Double](repeating: .nan, count: capacity)
        var sets = Dictionary(uniqueKeysWithValues: tiers.map { ($0.name, UserSet(capacity: capacity)) })
        var sums = [String: Double]()
        var histogram = [Int](repeating: 0, count: 10)
        for u in live {
            let score = total[u] / weightSum * 100
            scores[u] = (score * 10).rounded() / 10
            let tier = tiers.first { score >= $0.minScore } ?? tiers[tiers.count - 1]
            sets[tier.name]!.insert(u)
            sums[tier.name, default: 0] += score
            histogram[max(0, min(9, Int(score / 10)))] += 1
        }
        var means = [String: Double]()
        for tier in tiers {
            let n = sets[tier.name]!.count
            means[tier.name] = n == 0 ? 0 : sums[tier.name, default: 0] / Double(n)
        }
        return Result(scores: scores, tiers: sets, meanScores: means, histogram: histogram)
    }

    /// Raw values of a source for every profile id.
    func values(_ source: Source, index: UserIndex, attributes r: AttributesAsOf, asOf: Int64,
                settings: WorkspaceSettings) -> [Double]
    {
        let capacity = index.userCapacity
        switch source {
        case .computed(let field):
            return (0..<capacity).map { u in
                switch field {
                case .eventCount: Double(r.eventCount[u])
                case .activeDays: Double(r.activeDays[u])
                case .purchaseCount: Double(r.purchaseCount[u])
                default: Double(r.revenueMinor[u]) / 100
                }
            }
        case .recency:
            // Never seen counts as the oldest possible: 10 years.
            return (0..<capacity).map { u in
                let last = r.lastSeen[u]
                return last == UserIndex.noTime ? 3650 : max(0, Double(asOf - last) / 86_400_000)
            }
        case .trait(let key):
            // NaN: no number, left out of the normalisation.
            guard let column = index.trait(key) else { return [Double](repeating: .nan, count: capacity) }
            let numbers = column.values.map { SegmentEvaluator.number($0) ?? .nan }
            var raw = column.codes.map { $0 < 0 ? Double.nan : numbers[Int($0)] }
            if raw.count < capacity { raw.append(contentsOf: repeatElement(.nan, count: capacity - raw.count)) }
            return raw
        case .behaviour(let event, let days):
            let evaluator = SegmentEvaluator(index: index, asOf: asOf, settings: settings)
            let counts = evaluator.counts(BehaviourCondition(event: event, window: days.map { .lastDays($0) } ?? .ever))
            return counts.map(Double.init)
        }
    }

    /// Values mapped to 0…1 over the given users (1 − that when inverted). A factor that is the
    /// same for everyone tells nothing and maps to 0 either way, so it shifts no one's score.
    /// Users whose value is NaN (no value) take no part and get 0.
    static func normalise(_ values: [Double], users: [Int], _ normalisation: Normalisation, invert: Bool = false)
        -> [Double]
    {
        let users = users.filter { !values[$0].isNaN }
        var result = normalised(values, users: users, normalisation)
        guard invert, let first = users.first, users.contains(where: { values[$0] != values[first] }) else {
            return result
        }
        for u in users { result[u] = 1 - result[u] }
        return result
    }

    private static func normalised(_ values: [Double], users: [Int], _ normalisation: Normalisation) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        guard !users.isEmpty else { return result }
        switch normalisation {
        case .minMax:
            var low = Double.infinity, high = -Double.infinity
            for u in users {
                low = min(low, values[u])
                high = max(high, values[u])
            }
            let span = high - low
            for u in users { result[u] = span > 0 ? (values[u] - low) / span : 0 }
        case .rank:
            // Share of the other users strictly below each value: one sort, ties share a rank.
            let order = users.sorted { values[$0] < values[$1] }
            let n = Double(order.count)
            var below = 0
            for (i, u) in order.enumerated() {
                if i > 0 && values[u] > values[order[i - 1]] { below = i }
                result[u] = n > 1 ? Double(below) / (n - 1) : 0
            }
        }
        return result
    }
}
