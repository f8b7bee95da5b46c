import Foundation

/// The RFM model (RFM 价值分层): recency, frequency and monetary value of each buyer over a
/// window, scored 1–5 by quintiles, and the classic eight value layers from whether each of R, F
/// and M is above or below its mean.
public struct RFMModel: Sendable, Equatable {
    /// The eight layers, with their Chinese and English names.
    public enum Layer: String, Sendable, CaseIterable {
        case importantValue = "重要价值"
        case importantDevelopment = "重要发展"
        case importantKeep = "重要保持"
        case importantRetain = "重要挽留"
        case generalValue = "一般价值"
        case generalDevelopment = "一般发展"
        case generalKeep = "一般保持"
        case generalRetain = "一般挽留"

        /// English name.
        public var englishName: String {
            switch self {
            case .importantValue: "important value"
            case .importantDevelopment: "important development"
            case .importantKeep: "important keep"
            case .importantRetain: "important retain"
            case .generalValue: "general value"
            case .generalDevelopment: "general development"
            case .generalKeep: "general keep"
            case .generalRetain: "general retain"
            }
        }

        /// A layer by its Chinese name or its English name (spaces or underscores).
        public init?(name: String) {
            let english = name.replacingOccurrences(of: "_", with: " ").lowercased()
            guard let match = Layer.allCases.first(where: { $0.rawValue == name || $0.englishName == english }) else {
                return nil
            }
            self = match
        }

        /// The layer for recent / frequent / monetary being high (above the cut) or low.
        public init(recent: Bool, frequent: Bool, monetary: Bool) {
            switch (recent, frequent, monetary) {
            case (true, true, true): self = .importantValue
            case (true, false, true): self = .importantDevelopment
            case (false, true, true): self = .importantKeep
            case (false, false, true): self = .importantRetain
            case (true, true, false): self = .generalValue
            case (true, false, false): self = .generalDevelopment
            case (false, true, false): self = .generalKeep
            case (false, false, false): self = .generalRetain
            }
        }
    }

    /// Where "high" starts for each metric.
    public enum Cut: Sendable, Equatable {
        /// Above the mean of the buyers (recency: more recent than the mean).
        case mean
        /// Fixed thresholds: recent when at most `recencyDays` days, frequent when at least
        /// `frequency` purchases, monetary when at least `monetary` (currency units).
        case thresholds(recencyDays: Double, frequency: Double, monetary: Double)
    }

    /// How the 1–5 scores are cut.
    public enum Scoring: Sendable, Equatable {
        /// At the 20/40/60/80 % quantiles of the buyers.
        case quintiles
        /// At the natural breaks of each metric's distribution curve (`NaturalBreaks`).
        case natural
        /// At chosen break points: four ascending values per metric (recency in days).
        case breakPoints(recency: [Double], frequency: [Double], monetary: [Double])
    }

    /// The value event (default `purchase`).
    public var event: String
    /// The property holding the value (default `revenue`).
    public var valueProperty: String
    /// The window: the last N days, or `nil` for all history.
    public var windowDays: Int?
    /// How high and low are cut for the eight layers.
    public var cut: Cut
    /// How the 1–5 scores are cut.
    public var scoring: Scoring

    /// Creates a model.
    public init(event: String = "purchase", valueProperty: String = "revenue", windowDays: Int? = nil, cut: Cut = .mean,
                scoring: Scoring = .quintiles)
    {
        self.event = event
        self.valueProperty = valueProperty
        self.windowDays = windowDays
        self.cut = cut
        self.scoring = scoring
    }

    /// Reads how scores are cut from its names in the API and CLI: `quintiles` (default),
    /// `natural`, or `breaks` with comma-separated break points per metric (`7,30,90,180`).
    ///
    /// - Throws: `StrataError.invalidParameter` naming the parameter to fix.
    public static func scoring(named name: String?, recencyBreaks: String?, frequencyBreaks: String?,
                               monetaryBreaks: String?) throws -> Scoring
    {
        switch name ?? "quintiles" {
        case "quintiles": return .quintiles
        case "natural": return .natural
        case "breaks":
            func numbers(_ text: String?, _ field: String) throws -> [Double] {
                guard let text else {
                    throw StrataError(.invalidParameter, "scoring=breaks needs \(field), such as 7,30,90,180.", field: field)
                }
                return try text.split(separator: ",").map {
                    guard let value = Double($0.trimmingCharacters(in: .whitespaces)) else {
                        throw StrataError(.invalidParameter, "\(field) holds numbers separated by commas.", field: field)
                    }
                    return value
                }
            }
            return .breakPoints(recency: try numbers(recencyBreaks, "recency_breaks"),
                                frequency: try numbers(frequencyBreaks, "frequency_breaks"),
                                monetary: try numbers(monetaryBreaks, "monetary_breaks"))
        case let other:
            throw StrataError(.invalidParameter, "scoring is quintiles, natural or breaks, not \"\(other)\".",
                              field: "scoring")
        }
    }

    /// Checks chosen break points: up to four ascending finite values per metric.
    ///
    /// - Throws: `StrataError.invalidParameter` naming the metric whose break points to fix.
    public func validate() throws {
        guard case .breakPoints(let r, let f, let m) = scoring else { return }
        for (name, breaks) in [("recency_breaks", r), ("frequency_breaks", f), ("monetary_breaks", m)] {
            guard (1...4).contains(breaks.count), breaks.allSatisfy(\.isFinite),
                  zip(breaks, breaks.dropFirst()).allSatisfy({ $0 < $1 })
            else {
                throw StrataError(.invalidParameter, "\(name) needs 1 to 4 ascending numbers (a value above the k-th "
                    + "break point scores k+1), such as 7,30,90,180.", field: name)
            }
        }
    }

    /// One buyer's metrics and scores.
    public struct Score: Sendable, Equatable {
        /// Days from the last purchase to `asOf`.
        public var recencyDays: Double
        /// Purchases in the window.
        public var frequency: Int
        /// Sum of the value property.
        public var monetary: Double
        /// Scores 1–5 (5 best: most recent, most frequent, most valuable).
        public var r: Int, f: Int, m: Int
        /// The value layer.
        public var layer: Layer
    }

    /// Buyers' scores, looked up by user id (arrays rather than a dictionary: a million
    /// buyers are scored in milliseconds).
    public struct ScoreTable: Sendable {
        /// The buyers, in increasing user id.
        public let keys: [Int]
        let scores: [Score]
        let position: [Int32]

        /// How many buyers.
        public var count: Int { keys.count }

        /// The score of a user, or `nil` when the user bought nothing in the window.
        public subscript(user: Int) -> Score? {
            guard user >= 0, user < position.count, position[user] >= 0 else { return nil }
            return scores[Int(position[user])]
        }
    }

    /// The result of a run: each buyer's score, the quintile break points and the layers.
    public struct Result: Sendable {
        /// Buyers' recency days, frequencies and monetary values, for distribution curves.
        public var metrics: (recency: [Double], frequency: [Double], monetary: [Double])
        /// Scores by user id (buyers in the window only).
        public var scores: ScoreTable
        /// Break points the scores were cut at (quintiles by default) of recency days, frequency and monetary.
        public var breakPoints: (recency: [Double], frequency: [Double], monetary: [Double])
        /// Means used for the cut (or the thresholds).
        public var cuts: (recencyDays: Double, frequency: Double, monetary: Double)
        /// Users of each layer.
        public var layers: [Layer: UserSet]
    }

    /// Scores every buyer as of `asOf`.
    public func run(_ index: UserIndex, asOf: Int64, settings: WorkspaceSettings = WorkspaceSettings()) -> Result {
        let window: TimeWindow = windowDays.map { .lastDays($0) } ?? .ever
        let evaluator = SegmentEvaluator(index: index, asOf: asOf, settings: settings)
        let (from, to) = evaluator.interval(window)
        let capacity = index.userCapacity
        var last = [Int64](repeating: .min, count: capacity)
        var count = [Int32](repeating: 0, count: capacity)
        var value = [Double](repeating: 0, count: capacity)
        if let column = index.events(named: event) {
            // The value of each properties object, read once and only for objects this event uses.
            var values = [Double](repeating: .nan, count: index.properties.count)
            let canonical = index.canonical
            for i in column.positions(from: from, to: to) {
                let t = column.times[i]
                guard t >= from, t < to else { continue }
                let u = Int(canonical[Int(column.users[i])])
                let p = Int(column.propertyIds[i])
                if values[p].isNaN { values[p] = SegmentEvaluator.number(index.properties[p][valueProperty] ?? .null) ?? 0 }
                count[u] += 1
                value[u] += values[p]
                if t > last[u] { last[u] = t }
            }
        }
        var buyers: [Int] = []
        for u in index.live where count[u] > 0 { buyers.append(u) }
        let recency = buyers.map { Double(asOf - last[$0]) / 86_400_000 }
        let frequency = buyers.map { Double(count[$0]) }
        let monetary = buyers.map { value[$0] }
        let breaks: ([Double], [Double], [Double])
        switch scoring {
        case .quintiles:
            breaks = (Self.quintiles(recency), Self.quintiles(frequency), Self.quintiles(monetary))
        case .natural:
            breaks = (NaturalBreaks.suggest(recency), NaturalBreaks.suggest(frequency), NaturalBreaks.suggest(monetary))
        case .breakPoints(let r, let f, let m): breaks = (r, f, m)
        }
        let cuts: (Double, Double, Double)
        switch cut {
        case .mean: cuts = (Self.mean(recency), Self.mean(frequency), Self.mean(monetary))
        case .thresholds(let r, let f, let m): cuts = (r, f, m)
        }
        var scores: [Score] = []
        scores.reserveCapacity(buyers.count)
        var position = [Int32](repeating: -1, count: capacity)
        // One set per layer, in `Layer.allCases` order (an array: no hashing per buyer).
        var layerSets = Array(repeating: UserSet(capacity: capacity), count: Layer.allCases.count)
        let allLayers = Layer.allCases
        for (i, u) in buyers.enumerated() {
            let (recent, frequent, valuable): (Bool, Bool, Bool)
            switch cut {
            case .mean: (recent, frequent, valuable) = (recency[i] < cuts.0, frequency[i] > cuts.1, monetary[i] > cuts.2)
            case .thresholds:
                (recent, frequent, valuable) = (recency[i] <= cuts.0, frequency[i] >= cuts.1, monetary[i] >= cuts.2)
            }
            // `Layer.allCases` runs important before general, recent before not, frequent before not.
            let layerIndex = (valuable ? 0 : 4) + (recent ? 0 : 2) + (frequent ? 0 : 1)
            let layer = allLayers[layerIndex]
            position[u] = Int32(scores.count)
            scores.append(Score(recencyDays: recency[i], frequency: Int(frequency[i]), monetary: monetary[i],
                                r: 6 - Self.score(recency[i], breaks.0), f: Self.score(frequency[i], breaks.1),
                                m: Self.score(monetary[i], breaks.2), layer: layer))
            layerSets[layerIndex].insert(u)
        }
        let layers = Dictionary(uniqueKeysWithValues: Layer.allCases.enumerated().map { ($1, layerSets[$0]) })
        return Result(metrics: (recency, frequency, monetary),
                      scores: ScoreTable(keys: buyers, scores: scores, position: position), breakPoints: breaks,
                      cuts: cuts, layers: layers)
    }

    /// The values at 20, 40, 60 and 80 % of the sorted values (nearest rank).
    static func quintiles(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        // Selection instead of a full sort: each rank is found in linear time, and each search
        // only looks right of the previous rank.
        var work = values
        var low = 0
        return [0.2, 0.4, 0.6, 0.8].map { share in
            let rank = min(work.count - 1, max(0, Int((Double(work.count) * share).rounded(.up)) - 1))
            let value = select(&work, rank, from: low)
            low = rank
            return value
        }
    }

    /// The value of rank `k` (0-based) in `values[from...]`, partially ordering the array
    /// (Hoare's quickselect with a middle pivot).
    static func select(_ values: inout [Double], _ k: Int, from: Int) -> Double {
        var low = from, high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { break }
        }
        return values[k]
    }

    /// 1 + the number of break points below the value: 1–5 (fewer with fewer break points),
    /// ties share a score.
    static func score(_ value: Double, _ breaks: [Double]) -> Int {
        var score = 1
        for point in breaks where value > point { score += 1 }
        return score
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
