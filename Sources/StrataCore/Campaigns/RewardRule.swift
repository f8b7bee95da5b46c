/// How a reward campaign ranks the users it reached, for a transparent winners list (中奖名单):
/// by how many times they did an event, or by how much they paid, within the campaign's
/// window. Ties go to whoever reached the score first.
public struct RewardRule: Sendable, Equatable {
    /// What earns points.
    public enum Score: Sendable, Equatable {
        /// Times the user did the event.
        case event(String)
        /// Revenue the user brought (minor units).
        case revenue
    }

    public var score: Score
    /// How many winners (1…10,000).
    public var winners: Int
    /// The least score that can win.
    public var minimumScore: Double

    /// Creates a rule.
    public init(score: Score, winners: Int, minimumScore: Double = 1) {
        self.score = score
        self.winners = winners
        self.minimumScore = minimumScore
    }

    /// Reads `{"score": "event:purchase" | "revenue", "winners": 100, "minimum_score": 1}`.
    public init(json: JSONValue, path: String) throws {
        let f = try JSONFields(json, path: path, what: "a reward object (score, winners, minimum_score)")
        let text = try f.requiredString("score", maxLength: 200, hint: "event:NAME or revenue")
        let score: Score
        if text == "revenue" {
            score = .revenue
        } else if text.hasPrefix("event:"), text.count > 6 {
            score = .event(String(text.dropFirst(6)))
        } else {
            throw StrataError(.invalidField, "reward.score is event:NAME or revenue, got \"\(text)\".", field: f.at("score"))
        }
        guard let winners = try f.integer("winners", 1...10_000) else {
            throw StrataError(.invalidField, "Give reward.winners, 1…10000.", field: f.at("winners"))
        }
        self.init(score: score, winners: winners, minimumScore: try f.number("minimum_score", 0...1e12) ?? 1)
    }

    /// The rule's JSON form.
    public var json: JSONValue {
        let score: String
        switch self.score {
        case .event(let name): score = "event:\(name)"
        case .revenue: score = "revenue"
        }
        return .object(["score": .string(score), "winners": .number(Double(winners)), "minimum_score": .number(minimumScore)])
    }
}
