/// A reward campaign's winners: participants ranked by their score within the window (ties to
/// whoever reached the score first), each shown with a masked id, so the list can be published
/// without exposing anyone (u12***89, 138****5678, a***@example.com).
public struct WinnersList: Sendable, Equatable {
    /// One winner.
    public struct Winner: Sendable, Equatable {
        public var rank: Int
        public var uid: Int64
        /// The id shown in public.
        public var maskedId: String
        public var score: Double
        /// When the score was reached (ms).
        public var reachedAt: Int64

        /// Creates a winner.
        public init(rank: Int, uid: Int64, maskedId: String, score: Double, reachedAt: Int64) {
            self.rank = rank
            self.uid = uid
            self.maskedId = maskedId
            self.score = score
            self.reachedAt = reachedAt
        }
    }

    public var winners: [Winner]

    /// A list of winners.
    public init(winners: [Winner]) {
        self.winners = winners
    }

    /// Ranks participants by the rule's score over `window` (events after `from` up to `to`).
    ///
    /// - Parameter displayIds: the id to mask for each participant (known id, else phone or email).
    public static func rank(_ index: UserIndex, rule: RewardRule, participants: [Int64], from: Int64, to: Int64,
                            displayIds: [Int64: String] = [:]) -> WinnersList
    {
        var score: [Int: Double] = [:], reached: [Int: Int64] = [:]
        var owner: [Int: Int64] = [:]
        for uid in participants where uid >= 0 && Int(uid) < index.userCapacity {
            owner[Int(index.canonical[Int(uid)])] = uid
        }
        func add(_ u: Int, _ t: Int64, _ amount: Double) {
            guard owner[u] != nil, t > from, t <= to else { return }
            score[u, default: 0] += amount
            reached[u] = max(reached[u] ?? .min, t)
        }
        switch rule.score {
        case .event(let name):
            if let column = index.events(named: name) {
                for i in column.positions(from: from + 1, to: to + 1) {
                    add(Int(index.canonical[Int(column.users[i])]), column.times[i], 1)
                }
            }
        case .revenue:
            index.forEachRevenueEvent(before: to + 1) { u, t, minor in add(u, t, Double(minor)) }
        }
        let ranked = score.filter { $0.value >= rule.minimumScore }.sorted { a, b in
            a.value != b.value ? a.value > b.value : (reached[a.key]!, a.key) < (reached[b.key]!, b.key)
        }.prefix(rule.winners)
        return WinnersList(winners: ranked.enumerated().map { i, entry in
            let uid = owner[entry.key]!
            return Winner(rank: i + 1, uid: uid, maskedId: MaskingPolicy.maskForPublication(displayIds[uid] ?? String(uid)), score: entry.value,
                          reachedAt: reached[entry.key]!)
        })
    }
}
