/// Users put in categories by one attribute, for breakdowns (attribute lift, funnels): text
/// values keep the `maxValues` most frequent in a base set and fold the rest into "(other)";
/// numbers (numeric traits with more than `maxValues` values, counts, revenue) are cut into
/// `bins` quantile ranges of the base; users without a value fall under "(none)".
public struct UserBreakdown {
    /// The label of users without a value.
    public static let missing = "(none)"

    /// Calls `body` with each user of a set and its category.
    typealias CodeWalk = (_ body: (Int, Int) -> Void, _ over: UserSet) -> Void

    /// Category labels, by category number.
    public let labels: [String]
    private let walk: CodeWalk

    /// Categories of `dimension`, chosen from the users of `base`.
    ///
    /// - Parameter attributes: behaviour attributes as of the analysis instant, needed for the
    ///   numeric computed attributes (`nil` reads the current rollups).
    public init(_ dimension: AttributeRef, _ index: UserIndex, base: UserSet, attributes: AttributesAsOf?,
                maxValues: Int, bins: Int)
    {
        (labels, walk) = Builder(maxValues: maxValues, bins: bins)
            .categories(dimension, index, base: base, attributes: attributes)
    }

    /// Checks that users can be broken down by `dimension`.
    ///
    /// - Throws: `StrataError.invalidParameter` naming `field` for a time attribute
    ///   (`first_seen`, …) or a trait no user has.
    public static func validate(_ dimension: AttributeRef, traits: Set<String>, field: String) throws {
        switch dimension {
        case .computed(let computed) where computed.isTime:
            throw StrataError(.invalidParameter, "\(computed.rawValue) is a time; break users down by text or number "
                + "attributes such as channel, last_city or revenue.", field: field)
        case .trait(let key) where !traits.contains(key):
            throw StrataError(.invalidParameter, "No user has the trait \"\(key)\".", field: field)
        default: break
        }
    }

    /// Users of `set` per category.
    public func counts(_ set: UserSet) -> [Int] {
        var counts = [Int](repeating: 0, count: labels.count)
        walk({ _, code in counts[code] += 1 }, set)
        return counts
    }

    /// Chooses the categories.
    struct Builder {
        let maxValues: Int, bins: Int

        /// A dimension's category labels and a walk giving each user's category: text values
        /// (most frequent in the base first, the rest folded), or quantile ranges of numbers.
        func categories(_ dimension: AttributeRef, _ index: UserIndex, base: UserSet,
                                attributes: AttributesAsOf?) -> (labels: [String], walk: CodeWalk)
        {
            switch dimension {
            case .trait(let key):
                let column = index.trait(key) ?? UserIndex.TraitColumn()
                let numbers = column.values.map(\.numberValue)
                if column.values.count > maxValues, numbers.allSatisfy({ $0 != nil }) {
                    return numericTrait(column, numbers: numbers.map { $0! }, base: base)
                }
                return folded(codes: column.codes, count: column.values.count,
                              text: { column.values[$0].stringValue ?? column.values[$0].jsonText }, base: base)
            case .computed(let field):
                let r = index.rollups
                switch field {
                case .channel: return folded(codes: r.channel, count: index.texts.count, text: { index.texts[$0] }, base: base)
                case .lastCity: return folded(codes: r.lastCity, count: index.texts.count, text: { index.texts[$0] }, base: base)
                case .lastDevice:
                    return folded(codes: r.lastDevice, count: index.texts.count, text: { index.texts[$0] }, base: base)
                case .eventCount: return quantiles((attributes?.eventCount ?? r.eventCount).map(Int64.init), base: base, scale: 1)
                case .activeDays: return quantiles((attributes?.activeDays ?? r.activeDays).map(Int64.init), base: base, scale: 1)
                case .purchaseCount:
                    return quantiles((attributes?.purchaseCount ?? r.purchaseCount).map(Int64.init), base: base, scale: 1)
                case .revenue: return quantiles(attributes?.revenueMinor ?? r.revenueMinor, base: base, scale: 100)
                case .firstSeen, .lastSeen, .lastPurchaseAt: return ([UserBreakdown.missing], { body, set in for u in set { body(u, 0) } })
                }
            }
        }

        /// Text codes (-1 absent) folded to the `maxValues` most frequent in the base, "(other)" and "(none)".
        func folded(codes: [Int32], count: Int, text: (Int) -> String, base: UserSet) -> ([String], CodeWalk) {
            var frequency = [Int](repeating: 0, count: count + 1)
            codes.withUnsafeBufferPointer { codes in
                for u in base { frequency[u < codes.count ? Int(codes[u]) + 1 : 0] += 1 }
            }
            // Values that read the same ("1" and 1) are one category.
            var groupOfText: [String: Int] = [:]
            var groupTexts: [String] = [], groupFrequency: [Int] = []
            var groupOfCode = [Int](repeating: -1, count: count)
            for code in 0..<count where frequency[code + 1] > 0 {
                let label = text(code)
                let g = groupOfText[label] ?? {
                    groupOfText[label] = groupTexts.count
                    groupTexts.append(label)
                    groupFrequency.append(0)
                    return groupTexts.count - 1
                }()
                groupOfCode[code] = g
                groupFrequency[g] += frequency[code + 1]
            }
            let kept = groupTexts.indices.sorted { (a: Int, b: Int) -> Bool in
                let fa = groupFrequency[a], fb = groupFrequency[b]
                return fa != fb ? fa > fb : groupTexts[a] < groupTexts[b]
            }.prefix(maxValues)
            var labels = kept.map { groupTexts[$0] }
            let other = labels.count, none = labels.count + 1
            labels += ["(other)", UserBreakdown.missing]
            var position = [Int](repeating: other, count: groupTexts.count)
            for (i, g) in kept.enumerated() { position[g] = i }
            var category = [Int](repeating: other, count: count + 1)
            category[0] = none
            for code in 0..<count where groupOfCode[code] >= 0 { category[code + 1] = position[groupOfCode[code]] }
            return (labels, { body, set in
                codes.withUnsafeBufferPointer { codes in
                    for u in set { body(u, category[u < codes.count ? Int(codes[u]) + 1 : 0]) }
                }
            })
        }

        /// A numeric trait cut into quantile ranges weighted by the base's users per value.
        func numericTrait(_ column: UserIndex.TraitColumn, numbers: [Double], base: UserSet) -> ([String], CodeWalk) {
            var frequency = [Int](repeating: 0, count: numbers.count)
            for u in base where u < column.codes.count && column.codes[u] >= 0 { frequency[Int(column.codes[u])] += 1 }
            // The base's users per distinct number (two codes can hold the same number: 5 and "5").
            var usersPerNumber: [Double: Int] = [:]
            for code in numbers.indices where frequency[code] > 0 { usersPerNumber[numbers[code], default: 0] += frequency[code] }
            let held = usersPerNumber.keys.sorted()
            let integral = numbers.allSatisfy { $0 == $0.rounded() }
            let cuts = UserBreakdown.Builder.quantileCuts(held, users: held.map { usersPerNumber[$0]! }, bins: bins,
                                                          integral: integral)
            let labels = UserBreakdown.Builder.rangeLabels(cuts, scale: 1, integral: integral)
            let none = labels.count
            let category = numbers.map { UserBreakdown.Builder.bin($0, cuts) }
            return (labels + [UserBreakdown.missing], { body, set in
                column.codes.withUnsafeBufferPointer { codes in
                    for u in set {
                        let code = u < codes.count ? Int(codes[u]) : -1
                        body(u, code < 0 ? none : category[code])
                    }
                }
            })
        }

        /// Whole-number attributes cut into quantile ranges of the base (cut points from up to
        /// 65,536 evenly spaced base users; counts are exact for the ranges chosen).
        func quantiles(_ values: [Int64], base: UserSet, scale: Double) -> ([String], CodeWalk) {
            let total = base.count
            let stride = max(1, total / 65_536)
            var sample: [Int64] = []
            sample.reserveCapacity(total / stride + 1)
            var i = 0
            for u in base {
                if i % stride == 0 { sample.append(values[u]) }
                i += 1
            }
            sample.sort()
            var held: [Double] = [], users: [Int] = []
            for value in sample {
                if held.last == Double(value) { users[users.count - 1] += 1 } else {
                    held.append(Double(value))
                    users.append(1)
                }
            }
            let cuts = UserBreakdown.Builder.quantileCuts(held, users: users, bins: bins, integral: true)
            let labels = UserBreakdown.Builder.rangeLabels(cuts, scale: scale, integral: true)
            return (labels.isEmpty ? [UserBreakdown.missing] : labels, { body, set in
                values.withUnsafeBufferPointer { values in
                    for u in set { body(u, UserBreakdown.Builder.bin(Double(values[u]), cuts)) }
                }
            })
        }

        /// Where `bins` quantile ranges start, over ascending distinct `values` held by `users[i]`
        /// users each (n in all): the values at the 0-based ranks ⌊k·n / bins⌋, k = 0 ..< bins, so
        /// a range is [cut, next cut) and equal values never split. A value held by n / bins users
        /// or more (no revenue: 0) gets a range of its own, ending at value + 1 for whole numbers
        /// or at the next value held. Numeric traits and computed attributes share this rule.
        static func quantileCuts(_ values: [Double], users: [Int], bins: Int, integral: Bool) -> [Double] {
            let total = users.reduce(0, +)
            guard total > 0, bins > 0 else { return [] }
            var cuts: [Double] = []
            var index = 0, below = 0   // values[index] holds ranks below ..< below + users[index]
            for k in 0..<bins {
                let rank = k * total / bins
                while below + users[index] <= rank {
                    below += users[index]
                    index += 1
                }
                if cuts.last != values[index] { cuts.append(values[index]) }
            }
            for (i, value) in values.enumerated() where users[i] * bins >= total && cuts.contains(value) {
                let end = integral ? value + 1 : (i + 1 < values.count ? values[i + 1] : nil)
                if let end, !cuts.contains(end) { cuts.append(end) }
            }
            return cuts.sorted()
        }

        /// The range a value falls in: the last cut at or below it (the first range takes anything lower).
        static func bin(_ value: Double, _ cuts: [Double]) -> Int {
            var b = 0
            while b + 1 < cuts.count && value >= cuts[b + 1] { b += 1 }
            return b
        }

        /// Labels of ranges starting at each cut: `< b` first, `[a, b)` between, `≥ a` last; for
        /// whole numbers a range of one value is that value, and at scale 1 ranges read `a–b`
        /// (inclusive) and the first `≤ b`.
        static func rangeLabels(_ cuts: [Double], scale: Double, integral: Bool) -> [String] {
            func text(_ v: Double) -> String {
                let x = v / scale
                return x == x.rounded() ? String(Int64(x)) : String(format: "%.2f", x)
            }
            return cuts.indices.map { i in
                if cuts.count == 1 { return "all" }
                if i == cuts.count - 1 { return "≥ " + text(cuts[i]) }
                let next = cuts[i + 1]
                if integral && next == cuts[i] + 1 { return text(cuts[i]) }
                if integral && scale == 1 { return i == 0 ? "≤ " + text(next - 1) : text(cuts[i]) + "–" + text(next - 1) }
                return i == 0 ? "< " + text(next) : "[" + text(cuts[i]) + ", " + text(next) + ")"
            }
        }
    }
}
