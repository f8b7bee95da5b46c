import Foundation
import StrataCore
import StrataTestSupport
import Testing

// Tests of the attribute lift report (Sources/StrataCore/Analysis/LiftReport.swift) and the
// two-proportion test it uses: hand-built indexes with counts worked out by hand, folding,
// quantile ranges, validation, and seeded random populations checked against a direct count.

/// One profile of a hand-built lift index.
struct LiftUser {
    var uid: Int64
    var traits: [String: JSONValue] = [:]
    var channel: String? = nil
    var city: String? = nil
    var revenueMinor: Int64 = 0
    var eventCount: Int64 = 1
}

enum LiftFixture {
    static let asOf = Fixtures.referenceTime

    /// Profiles without events: the rollups are what the report reads.
    static func index(_ users: [LiftUser]) -> UserIndex {
        var index = UserIndex()
        for user in users {
            var c = ComputedAttributes()
            c.firstSeen = asOf - 10 * AnalysisFixture.day
            c.lastSeen = asOf - AnalysisFixture.day
            c.eventCount = user.eventCount
            c.revenueMinor = user.revenueMinor
            c.firstTouchChannel = user.channel
            c.firstTouchAt = user.channel == nil ? nil : c.firstSeen
            c.lastCity = user.city
            c.lastCityAt = user.city == nil ? nil : c.lastSeen
            index.setUser(uid: user.uid, computed: c, traits: user.traits)
        }
        return index
    }

    static func run(_ report: LiftReport, _ index: UserIndex, target: [Int], base: UserSet? = nil) -> LiftReport.Result {
        report.run(index, base: base ?? index.live, target: UserSet(target), asOf: asOf, settings: WorkspaceSettings())
    }

    /// Ten users: 1–4 in Beijing, 5–7 Shanghai, 8–9 Wuhan, 10 without a city; the target is 1, 2, 3 and 5.
    static let cities: [LiftUser] = (1...10).map { uid in
        let city: String? = switch uid {
        case 1...4: "Beijing"
        case 5...7: "Shanghai"
        case 8...9: "Wuhan"
        default: nil
        }
        return LiftUser(uid: Int64(uid), traits: city.map { ["city": .string($0)] } ?? [:])
    }
    static let citiesTarget = [1, 2, 3, 5]

    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }
}

@Suite struct ProportionTestTests {
    @Test func zAndPValueOfHandWorkedTables() {
        // 30 of 100 against 20 of 100: pooled 0.25, SE = √(0.25·0.75·0.02) = √0.00375, z = 0.1 / SE = √(8/3).
        let test = ProportionTest(successesA: 30, sizeA: 100, successesB: 20, sizeB: 100)
        #expect(abs(test.z - (8.0 / 3).squareRoot()) < 1e-12)
        #expect(abs(test.z - 1.632993) < 1e-6)
        // Two-sided: 2·(1 − Φ(1.633)) ≈ 0.10247.
        #expect(abs(test.pValue - 0.1024704) < 1e-6)
        // Swapping the groups flips the sign, not the p-value.
        let swapped = ProportionTest(successesA: 20, sizeA: 100, successesB: 30, sizeB: 100)
        #expect(abs(swapped.z + test.z) < 1e-12 && abs(swapped.pValue - test.pValue) < 1e-12)
        // 3 of 4 against 1 of 6: pooled 0.4, SE = √(0.24·(1/4 + 1/6)) = √0.1, z = (7/12)·√10.
        let small = ProportionTest(successesA: 3, sizeA: 4, successesB: 1, sizeB: 6)
        #expect(abs(small.z - 7.0 / 12 * 10.0.squareRoot()) < 1e-12)
        #expect(abs(small.pValue - 0.0650867) < 1e-6)
        // 40 of 50 against 10 of 50: pooled 0.5, SE = 0.1, z = 6.
        let strong = ProportionTest(successesA: 40, sizeA: 50, successesB: 10, sizeB: 50)
        #expect(abs(strong.z - 6) < 1e-9)
        #expect(strong.pValue > 1.9e-9 && strong.pValue < 2.0e-9)
    }

    @Test func undefinedTestsGiveZeroAndOne() {
        for test in [ProportionTest(successesA: 0, sizeA: 0, successesB: 3, sizeB: 10),
                     ProportionTest(successesA: 3, sizeA: 10, successesB: 0, sizeB: 0),
                     ProportionTest(successesA: 0, sizeA: 10, successesB: 0, sizeB: 10),  // nobody: no variance
                     ProportionTest(successesA: 10, sizeA: 10, successesB: 5, sizeB: 5)]  // everybody
        {
            #expect(test.z == 0 && test.pValue == 1)
        }
        #expect(ProportionTest.twoSidedP(0) == 1)
        #expect(abs(ProportionTest.twoSidedP(1.959964) - 0.05) < 1e-6)
        #expect(abs(ProportionTest.twoSidedP(-1.959964) - 0.05) < 1e-6)
        #expect(ProportionTest.chiSquareP(0, degrees: 3) == 1)
        #expect(ProportionTest.chiSquareP(5, degrees: 0) == 1)
        // Closed forms: 1 degree: erfc(√(x/2)); 2: e^(−x/2); 4: e^(−x/2)·(1 + x/2); 3: erfc(√(x/2))
        // + √(2x/π)·e^(−x/2). Checked to 1e-12 relative, far into the tail where an
        // approximation fails (e^(−110) ≈ 1.7e-48).
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * b }
        for x in [0.5, 3.84, 7.815, 25, 60, 220] {
            #expect(close(ProportionTest.chiSquareP(x, degrees: 1), erfc((x / 2).squareRoot())), "x = \(x)")
            #expect(close(ProportionTest.chiSquareP(x, degrees: 2), exp(-x / 2)), "x = \(x)")
            #expect(close(ProportionTest.chiSquareP(x, degrees: 4), exp(-x / 2) * (1 + x / 2)), "x = \(x)")
            #expect(close(ProportionTest.chiSquareP(x, degrees: 3),
                          erfc((x / 2).squareRoot()) + (2 * x / Double.pi).squareRoot() * exp(-x / 2)), "x = \(x)")
        }
        // The 5 % points of the tables.
        #expect(abs(ProportionTest.chiSquareP(7.815, degrees: 3) - 0.05) < 1e-4)
        #expect(abs(ProportionTest.chiSquareP(18.307, degrees: 10) - 0.05) < 1e-4)
    }
}

@Suite struct LiftReportTests {
    typealias L = LiftFixture

    @Test func handWorkedCitiesGiveExactCountsSharesRatesAndLift() throws {
        let index = L.index(L.cities)
        let report = LiftReport(dimensions: [.trait("city")])
        try report.validate(traits: index.traitKeys)
        let result = L.run(report, index, target: L.citiesTarget)
        #expect(result.baseUsers == 10 && result.targetUsers == 4)
        // Sorted by |z|: Beijing 1.84, Wuhan −1.29, Shanghai −0.28; "(none)" hidden.
        #expect(result.rows.map(\.value) == ["Beijing", "Wuhan", "Shanghai"])
        #expect(result.rows.allSatisfy { $0.dimension == "city" })
        #expect(result.rows.map(\.users) == [4, 2, 3])
        #expect(result.rows.map(\.targetUsers) == [3, 0, 1])
        let beijing = result.rows[0], wuhan = result.rows[1], shanghai = result.rows[2]
        // Overall rate 4 / 10 = 0.4.
        #expect(beijing.rate == 0.75 && L.close(beijing.lift, 1.875))
        #expect(L.close(beijing.shareOfBase, 0.4) && beijing.shareOfTarget == 0.75)
        #expect(L.close(beijing.excessUsers, 1.4))  // 3 − 4 · 0.4
        #expect(L.close(shanghai.rate, 1.0 / 3) && L.close(shanghai.lift, 5.0 / 6))
        #expect(L.close(shanghai.shareOfBase, 0.3) && shanghai.shareOfTarget == 0.25)
        #expect(L.close(shanghai.excessUsers, -0.2))
        #expect(wuhan.rate == 0 && wuhan.lift == 0 && wuhan.shareOfTarget == 0)
        #expect(L.close(wuhan.shareOfBase, 0.2) && L.close(wuhan.excessUsers, -0.8))
        // Beijing (3 of 4) against everyone else (1 of 6).
        #expect(L.close(beijing.test.z, 7.0 / 12 * 10.0.squareRoot()))
        #expect(abs(beijing.test.pValue - 0.0650867) < 1e-6)
        #expect(abs(wuhan.test.z - -1.2909944) < 1e-6)
        #expect(abs(shanghai.test.z - -0.2817181) < 1e-6)
        // Three rows tested: 0.05 / 3 is not beaten.
        #expect(result.rows.allSatisfy { !$0.significant })
        // χ² over the four values (the hidden "(none)" too): 2.041667 + 0.055556 + 1.333333 + 0.666667.
        let summary = try #require(result.dimensions.first)
        #expect(result.dimensions.count == 1 && summary.name == "city")
        #expect(summary.values == 4)
        #expect(abs(summary.cramersV - (4.097222222 / 10).squareRoot()) < 1e-8)
        // Exact with 3 degrees of freedom: erfc(√(x/2)) + √(2x/π)·e^(−x/2) at x = 4.097222.
        #expect(abs(summary.pValue - 0.2511554529) < 1e-8)
    }

    @Test func missingRowsAreHiddenByDefaultAndShownWhenAsked() {
        let index = L.index(L.cities)
        let hidden = L.run(LiftReport(dimensions: [.trait("city")]), index, target: L.citiesTarget)
        #expect(!hidden.rows.contains { $0.value == LiftReport.missing })
        #expect(hidden.rows.reduce(0) { $0 + $1.users } == 9)  // the user without a city stays in the base
        #expect(hidden.baseUsers == 10)
        let shown = L.run(LiftReport(dimensions: [.trait("city")], showMissing: true), index, target: L.citiesTarget)
        #expect(shown.rows.map(\.value) == ["Beijing", "Wuhan", "(none)", "Shanghai"])
        let none = shown.rows[2]
        #expect(none.users == 1 && none.targetUsers == 0 && L.close(none.shareOfBase, 0.1))
        #expect(L.close(none.excessUsers, -0.4))
        #expect(abs(none.test.z - -0.8606630) < 1e-6)
        #expect(shown.rows.reduce(0) { $0 + $1.users } == 10 && shown.rows.reduce(0) { $0 + $1.targetUsers } == 4)
        // The rows other than "(none)" and the dimension's summary are the same either way.
        #expect(Array(shown.rows.filter { $0.value != "(none)" }) == hidden.rows)
        #expect(shown.dimensions == hidden.dimensions)
        // Computed text attributes too: users without a first-touch channel are "(none)".
        var users = L.cities
        for i in users.indices { users[i].channel = i < 6 ? (i % 2 == 0 ? "ads" : "seo") : nil }
        let channels = L.index(users)
        let byChannel = L.run(LiftReport(dimensions: [.computed(.channel)], showMissing: true), channels,
                              target: L.citiesTarget)
        #expect(Set(byChannel.rows.map(\.value)) == ["ads", "seo", "(none)"])
        #expect(byChannel.rows.first { $0.value == "(none)" }?.users == 4)
        #expect(byChannel.rows.first { $0.value == "ads" }.map { [$0.users, $0.targetUsers] } == [3, 3])  // 1, 3, 5
        #expect(byChannel.rows.first { $0.value == "seo" }.map { [$0.users, $0.targetUsers] } == [3, 1])  // 2, 4, 6
    }

    @Test func valuesBeyondMaxValuesFoldIntoOther() {
        let index = L.index(L.cities)
        let two = L.run(LiftReport(dimensions: [.trait("city")], maxValues: 2, showMissing: true), index,
                        target: L.citiesTarget)
        // The two largest values in the base stay; Wuhan folds.
        #expect(Set(two.rows.map(\.value)) == ["Beijing", "Shanghai", "(other)", "(none)"])
        let other = two.rows.first { $0.value == "(other)" }
        #expect(other?.users == 2 && other?.targetUsers == 0)
        #expect(two.dimensions.first?.values == 4)
        let one = L.run(LiftReport(dimensions: [.trait("city")], maxValues: 1), index, target: L.citiesTarget)
        #expect(one.rows.map(\.value) == ["Beijing", "(other)"])
        #expect(one.rows.map(\.users) == [4, 5] && one.rows.map(\.targetUsers) == [3, 1])
        // The most frequent values *in the base* are kept: within users 5…10 Shanghai leads.
        let base = UserSet(5...10)
        let narrowed = L.run(LiftReport(dimensions: [.trait("city")], maxValues: 1, showMissing: true), index,
                             target: L.citiesTarget, base: base)
        #expect(narrowed.baseUsers == 6 && narrowed.targetUsers == 1)
        #expect(Set(narrowed.rows.map(\.value)) == ["Shanghai", "(other)", "(none)"])
        #expect(narrowed.rows.first { $0.value == "Shanghai" }.map { [$0.users, $0.targetUsers] } == [3, 1])
        // Channel, city and device share one table of texts: a channel dimension only lists channels.
        var users = L.cities
        for i in users.indices {
            users[i].city = ["Hangzhou", "Chengdu"][i % 2]
            users[i].channel = i < 3 ? "ads" : nil
        }
        let shared = L.index(users)
        let channel = L.run(LiftReport(dimensions: [.computed(.channel)], maxValues: 5, showMissing: true), shared,
                            target: L.citiesTarget)
        #expect(Set(channel.rows.map(\.value)) == ["ads", "(none)"])
        let city = L.run(LiftReport(dimensions: [.computed(.lastCity)], showMissing: true), shared, target: L.citiesTarget)
        #expect(Set(city.rows.map(\.value)) == ["Hangzhou", "Chengdu"])
        #expect(city.rows.allSatisfy { $0.dimension == "last_city" && $0.users == 5 })
    }

    @Test func revenueWithManyZeroesGetsARangeOfItsOwn() {
        // Six users paid nothing; four paid 10, 20, 30 and 50.
        let revenue: [Int64] = [0, 0, 0, 0, 0, 0, 1000, 2000, 3000, 5000]
        let users = revenue.enumerated().map { LiftUser(uid: Int64($0.offset + 1), revenueMinor: $0.element) }
        let index = L.index(users)
        let result = L.run(LiftReport(dimensions: [.computed(.revenue)], showMissing: true), index, target: [7, 8, 9, 10])
        // Quintile cuts 0, 0, 0, 10, 30 → [0, 10, 30], plus 0.01 as 0 holds more than a bin's worth.
        let rows = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.value, [$0.users, $0.targetUsers]) })
        #expect(rows == ["0": [6, 0], "[10, 30)": [2, 2], "≥ 30": [2, 2]])
        #expect(result.rows.allSatisfy { $0.dimension == "revenue" })
        // The empty range [0.01, 10) is counted as a value of no one.
        #expect(result.dimensions.first?.values == 3)
        #expect(result.dimensions.first.map { abs($0.cramersV - 1) < 1e-12 } == true)  // revenue decides the target
    }

    @Test func wholeNumberAttributesReadAsInclusiveRanges() {
        // event_count 1…10: quintile cuts 1, 3, 5, 7, 9.
        let users = (1...10).map { LiftUser(uid: Int64($0), eventCount: Int64($0)) }
        let index = L.index(users)
        let result = L.run(LiftReport(dimensions: [.computed(.eventCount)]), index, target: [9, 10])
        let rows = Dictionary(uniqueKeysWithValues: result.rows.map { ($0.value, [$0.users, $0.targetUsers]) })
        #expect(rows == ["≤ 2": [2, 0], "3–4": [2, 0], "5–6": [2, 0], "7–8": [2, 0], "≥ 9": [2, 2]])
        let three = L.run(LiftReport(dimensions: [.computed(.eventCount)], bins: 3), index, target: [9, 10])
        // Cuts at the 0th, 3rd and 6th of ten sorted values: 1, 4, 7.
        #expect(Set(three.rows.map(\.value)) == ["≤ 3", "4–6", "≥ 7"])
        #expect(three.rows.map(\.users).sorted() == [3, 3, 4])
    }

    @Test func numericTraitsAndComputedAttributesShareOneCutRule() {
        // The same numbers as a trait and as an event count give the same ranges and counts,
        // whatever their ties: cuts at ranks ⌊k·n/bins⌋, a value held by n/bins users on its own.
        for seed in 0..<200 {
            var rng = SplitMix64(seed: UInt64(seed))
            let n = 5 + Int(rng.next() % 60)
            let spread = 1 + rng.next() % 12
            let users = (0..<n).map { i -> LiftUser in
                // At least two values (1 and 100), so that the trait reads as numbers.
                let value = i == 0 ? 100 : i == 1 ? 1 : Int64(rng.next() % spread) * (rng.next() % 3 == 0 ? 0 : 1) + 1
                return LiftUser(uid: Int64(i + 1), traits: ["n": .number(Double(value))], eventCount: value)
            }
            let bins = 2 + Int(rng.next() % 9)
            let index = L.index(users)
            let target = (0..<n).filter { _ in rng.next() % 2 == 0 }
            func rows(_ dimension: AttributeRef) -> [String: [Int]] {
                let result = L.run(LiftReport(dimensions: [dimension], maxValues: 1, bins: bins), index, target: target)
                return Dictionary(uniqueKeysWithValues: result.rows.map { ($0.value, [$0.users, $0.targetUsers]) })
            }
            #expect(rows(.trait("n")) == rows(.computed(.eventCount)), "seed \(seed)")
        }
        // 1 1 1 1 2 3 4 5 6 7 in quintiles: ranks 0, 2, 4, 6, 8 hold 1, 1, 2, 4, 6; 1 has four
        // users (≥ 10/5) and its own range.
        let ties = [1, 1, 1, 1, 2, 3, 4, 5, 6, 7].enumerated().map {
            LiftUser(uid: Int64($0.offset + 1), traits: ["n": .number(Double($0.element))])
        }
        let cut = L.run(LiftReport(dimensions: [.trait("n")], maxValues: 1), L.index(ties), target: [1])
        #expect(Dictionary(uniqueKeysWithValues: cut.rows.map { ($0.value, $0.users) }) == ["1": 4, "2–3": 2, "4–5": 2, "≥ 6": 2])
    }

    @Test func numericTraitsWithManyValuesAreCutIntoQuantiles() {
        // Ages 20…29 and one user without an age.
        var users = (0..<10).map { LiftUser(uid: Int64($0 + 1), traits: ["age": .number(Double(20 + $0))]) }
        users.append(LiftUser(uid: 11))
        let index = L.index(users)
        let folded = L.run(LiftReport(dimensions: [.trait("age")], maxValues: 3, showMissing: true), index,
                           target: [1, 2, 11])
        let rows = Dictionary(uniqueKeysWithValues: folded.rows.map { ($0.value, [$0.users, $0.targetUsers]) })
        #expect(rows == ["≤ 21": [2, 2], "22–23": [2, 0], "24–25": [2, 0], "26–27": [2, 0], "≥ 28": [2, 0],
                         "(none)": [1, 1]])
        // With room for every value the trait is read as text.
        let text = L.run(LiftReport(dimensions: [.trait("age")], showMissing: true), index, target: [1, 2, 11])
        #expect(Set(text.rows.map(\.value)) == Set((20...29).map(String.init) + ["(none)"]))
        #expect(text.rows.allSatisfy { $0.users == 1 })
        // Fractions give half-open ranges with two decimals.
        let scores = (0..<10).map { LiftUser(uid: Int64($0 + 1), traits: ["score": .number(Double($0) + 0.5)]) }
        let fractional = L.run(LiftReport(dimensions: [.trait("score")], maxValues: 3), L.index(scores), target: [10])
        let ranges = Dictionary(uniqueKeysWithValues: fractional.rows.map { ($0.value, $0.users) })
        #expect(ranges == ["< 2.50": 2, "[2.50, 4.50)": 2, "[4.50, 6.50)": 2, "[6.50, 8.50)": 2, "≥ 8.50": 2])
    }

    @Test func aTraitNamedLikeAComputedAttributeIsWrittenWithItsPrefix() {
        #expect(LiftReport.dimensions("trait.channel, channel,,revenue , trait.revenue, gender")
            == [.trait("channel"), .computed(.channel), .computed(.revenue), .trait("revenue"), .trait("gender")])
        let users = (1...6).map { uid in
            LiftUser(uid: Int64(uid), traits: ["channel": .string(uid <= 3 ? "wechat" : "douyin")],
                     channel: uid % 2 == 0 ? "ads" : "seo")
        }
        let index = L.index(users)
        let result = L.run(LiftReport(dimensions: LiftReport.dimensions("trait.channel,channel")), index, target: [1, 2])
        #expect(Set(result.dimensions.map(\.name)) == ["trait.channel", "channel"])
        let traitRows = result.rows.filter { $0.dimension == "trait.channel" }
        #expect(Set(traitRows.map(\.value)) == ["wechat", "douyin"])
        #expect(traitRows.first { $0.value == "wechat" }.map { [$0.users, $0.targetUsers] } == [3, 2])
        let computedRows = result.rows.filter { $0.dimension == "channel" }
        #expect(Set(computedRows.map(\.value)) == ["ads", "seo"])
        #expect(computedRows.first { $0.value == "ads" }.map { [$0.users, $0.targetUsers] } == [3, 1])
        // A trait whose name is not a computed attribute keeps its plain name.
        let plain = L.run(LiftReport(dimensions: [.trait("city")]), L.index(L.cities), target: L.citiesTarget)
        #expect(plain.dimensions.map(\.name) == ["city"])
    }

    @Test func aTextAndANumberWithTheSameTextAreOneValue() {
        // "1" as text for u1, 1 as a number for u2: both read "1" (as the channel report groups them).
        let users = [LiftUser(uid: 1, traits: ["vip": "1"]), LiftUser(uid: 2, traits: ["vip": 1]),
                     LiftUser(uid: 3, traits: ["vip": "0"])]
        let result = L.run(LiftReport(dimensions: [.trait("vip")]), L.index(users), target: [1, 2])
        #expect(result.rows.reduce(0) { $0 + $1.users } == 3 && result.rows.reduce(0) { $0 + $1.targetUsers } == 2)
        // "1" and 1 read the same: one category.
        #expect(result.rows.map(\.value).sorted() == ["0", "1"])
        #expect(result.rows.first { $0.value == "1" }.map { [$0.users, $0.targetUsers] } == [2, 2])
        #expect(result.dimensions.first?.values == 2)
    }

    @Test func significanceIsBonferroniCorrected() {
        // plan: pro 30 of 50 in the target, free 19 of 50 → z = 2.20, p = 0.0278: below 0.05 but
        // not below 0.05 / 2 rows.
        let users = (1...100).map { LiftUser(uid: Int64($0), traits: ["plan": .string($0 <= 50 ? "pro" : "free"),
                                                                      "vip": .string($0 % 2 == 0 ? "yes" : "no")]) }
        let index = L.index(users)
        let planTarget = Array(1...30) + Array(51...69)
        let plan = L.run(LiftReport(dimensions: [.trait("plan")]), index, target: planTarget)
        #expect(plan.rows.count == 2)
        for row in plan.rows {
            #expect(abs(abs(row.test.z) - 2.2004401) < 1e-6)
            #expect(abs(row.test.pValue - 0.0277757) < 1e-6)
            #expect(!row.significant)
        }
        // vip: 40 of 50 against 10 of 50 → z = ±6, p ≈ 2e-9, significant; χ² = z² = 36, V = 0.6.
        let evens = (1...100).filter { $0 % 2 == 0 }, odds = (1...100).filter { $0 % 2 == 1 }
        let vipTarget = Array(evens.prefix(40)) + Array(odds.prefix(10))
        let vip = L.run(LiftReport(dimensions: [.trait("vip")]), index, target: vipTarget)
        #expect(vip.rows.map(\.value) == ["no", "yes"])  // |z| ties: by value
        #expect(vip.rows.map { ($0.test.z * 1e6).rounded() / 1e6 } == [-6, 6])
        #expect(vip.rows.map(\.significant) == [true, true])
        #expect(vip.rows.map(\.lift).compactMap { $0 }.map { ($0 * 1e9).rounded() / 1e9 } == [0.4, 1.6])
        #expect(abs(vip.dimensions[0].cramersV - 0.6) < 1e-12)
        #expect(vip.dimensions[0].pValue < 1e-6)
        // Both dimensions: the strong one first, by |z| and by Cramér's V.
        let both = L.run(LiftReport(dimensions: [.trait("plan"), .trait("vip")]), index, target: vipTarget)
        #expect(both.rows.first?.dimension == "vip" && both.dimensions.map(\.name) == ["vip", "plan"])
    }

    @Test func emptyTargetAndEmptyBase() {
        let index = L.index(L.cities)
        let none = L.run(LiftReport(dimensions: [.trait("city")]), index, target: [])
        #expect(none.baseUsers == 10 && none.targetUsers == 0)
        #expect(none.rows.allSatisfy { $0.lift == nil && $0.rate == 0 && $0.shareOfTarget == 0 && !$0.significant })
        #expect(none.dimensions.first?.cramersV == 0 && none.dimensions.first?.pValue == 1)
        // The target outside the base does not count.
        let outside = L.run(LiftReport(dimensions: [.trait("city")]), index, target: [1, 2, 3, 5], base: UserSet(6...10))
        #expect(outside.baseUsers == 5 && outside.targetUsers == 0)
        let empty = L.run(LiftReport(dimensions: [.trait("city"), .computed(.revenue)]), index, target: [1],
                          base: UserSet(capacity: index.userCapacity))
        #expect(empty.baseUsers == 0 && empty.targetUsers == 0 && empty.rows.isEmpty)
    }

    @Test func validateRefusesTimesUnknownTraitsAndLimits() throws {
        let index = L.index(L.cities)
        let traits = index.traitKeys
        func refusal(_ report: LiftReport) throws -> StrataError {
            try #require(throws: StrataError.self) { try report.validate(traits: traits) }
        }
        for time in [ComputedField.firstSeen, .lastSeen, .lastPurchaseAt] {
            let error = try refusal(LiftReport(dimensions: [.trait("city"), .computed(time)]))
            #expect(error.code == .invalidParameter && error.field == "by")
            #expect(error.message.hasPrefix("\(time.rawValue) is a time"))
        }
        let unknown = try refusal(LiftReport(dimensions: [.trait("gender")]))
        #expect(unknown.field == "by" && unknown.message == "No user has the trait \"gender\".")
        let none = try refusal(LiftReport(dimensions: []))
        #expect(none.field == "by" && none.message.contains("got 0"))
        let many = try refusal(LiftReport(dimensions: Array(repeating: .trait("city"), count: 21)))
        #expect(many.field == "by" && many.message == "Give 1 to 20 dimensions in by, got 21.")
        #expect(throws: Never.self) { try LiftReport(dimensions: Array(repeating: .trait("city"), count: 20)).validate(traits: traits) }
        for top in [0, 101] {
            #expect(try refusal(LiftReport(dimensions: [.trait("city")], maxValues: top)).field == "top")
        }
        for bins in [1, 11] {
            #expect(try refusal(LiftReport(dimensions: [.trait("city")], bins: bins)).field == "bins")
        }
        #expect(throws: Never.self) {
            try LiftReport(dimensions: [.computed(.channel), .computed(.revenue), .computed(.eventCount),
                                        .computed(.activeDays), .computed(.purchaseCount), .computed(.lastDevice)],
                           maxValues: 100, bins: 10).validate(traits: traits)
        }
    }

    @Test func defaultDimensionsAreChannelCityDeviceAndSmallOrNumericTraits() {
        var users: [LiftUser] = []
        for uid in 1...150 {
            users.append(LiftUser(uid: Int64(uid), traits: [
                "plan": .string(uid % 2 == 0 ? "pro" : "free"),
                "email": .string("u\(uid)@example.com"),  // 150 texts: left out
                "score": .number(Double(uid)),  // 150 numbers: kept
            ]))
        }
        let index = L.index(users)
        #expect(LiftReport.defaultDimensions(index)
            == [.computed(.channel), .computed(.lastCity), .computed(.lastDevice), .trait("plan"), .trait("score")])
        // Never more than the limit.
        var wide: [String: JSONValue] = [:]
        for k in 0..<30 { wide[String(format: "t%02d", k)] = .string("x") }
        let many = L.index([LiftUser(uid: 1, traits: wide)])
        let dimensions = LiftReport.defaultDimensions(many)
        #expect(dimensions.count == LiftReport.dimensionLimit.upperBound)
        #expect(dimensions.last == .trait("t16"))
    }

    @Test func theRequestRunsLiftForAnEventTargetWithinTheRange() throws {
        typealias F = AnalysisFixture
        // u1–u4 in Beijing, u5–u6 Shanghai; u1, u2 and u5 bought within the range, u3 before it.
        var index = UserIndex()
        let asOf = F.time("2026-09-30T12:00:00Z")
        let buys: [Int64: Int64] = [1: F.time("2026-09-20T10:00:00Z"), 2: F.time("2026-09-21T10:00:00Z"),
                                    5: F.time("2026-09-22T10:00:00Z"), 3: F.time("2026-08-01T10:00:00Z")]
        for uid in Int64(1)...6 {
            var c = ComputedAttributes()
            c.firstSeen = F.time("2026-07-01T00:00:00Z")
            c.lastSeen = buys[uid] ?? c.firstSeen
            c.eventCount = buys[uid] == nil ? 1 : 2
            index.setUser(uid: uid, computed: c, traits: ["city": .string(uid <= 4 ? "Beijing" : "Shanghai")])
        }
        for uid in Int64(1)...6 {
            index.appendEvent(uid: uid, name: "app_open", time: F.time("2026-07-01T00:00:00Z"), propertiesText: nil,
                              properties: { [:] })
        }
        for (uid, time) in buys.sorted(by: { $0.value < $1.value }) {
            index.appendEvent(uid: uid, name: "purchase", time: time, propertiesText: nil, properties: { [:] })
        }
        let settings = WorkspaceSettings()
        let request = try ReportRequest(kind: "lift", parameters: [
            "event": "purchase", "by": "city", "from": "2026-09-01", "to": "2026-09-30", "as_of": "2026-09-30T12:00:00Z",
        ], now: asOf)
        let inputs = try request.inputs(settings: settings,
                                        evaluate: { try SegmentEvaluator(index: index, asOf: asOf, settings: settings).evaluate($0) },
                                        spend: { Issue.record("lift reads no spend"); return [] })
        #expect(inputs.target.map(Array.init) == [1, 2, 5])
        #expect(inputs.spend.isEmpty && inputs.audience == nil)
        let json = try request.run(index, inputs: inputs, settings: settings).json
        #expect(json["report"] == "lift" && json["base"] == "all")
        #expect(json["base_users"] == 6 && json["target_users"] == 3 && json["target_rate"] == 0.5)
        #expect(json["target"]?["kind"] == "event" && json["target"]?["value"] == "purchase")
        let rows = json["rows"]?.arrayValue ?? []
        #expect(rows.compactMap { $0["value"]?.stringValue } == ["Beijing", "Shanghai"])
        #expect(rows.first?["users"] == 4 && rows.first?["target_users"] == 2 && rows.first?["lift"] == 1)
        #expect(rows.first?["share_of_target"] == 0.6667 && rows.last?["rate"] == 0.5)
        #expect(json["dimensions"]?.arrayValue?.first?["name"] == "city")

        // No target, two targets, and a bad base are refused.
        for (parameters, field) in [([String: String](), "target"), (["event": "purchase", "target": "city = Beijing"], "target"),
                                    (["event": "purchase", "base": "everyone"], "base")]
        {
            let error = try #require(throws: StrataError.self, "\(parameters)") {
                let request = try ReportRequest(kind: "lift", parameters: parameters.merging(["by": "city"]) { a, _ in a },
                                                now: asOf)
                let inputs = try request.inputs(settings: settings, evaluate: {
                    try SegmentEvaluator(index: index, asOf: asOf, settings: settings).evaluate($0)
                }, spend: { [] })
                _ = try request.run(index, inputs: inputs, settings: settings)
            }
            #expect(error.code == .invalidParameter && error.field == field, "\(parameters)")
        }
        // A target rule; the base narrowed to users active in the range.
        let rule = try ReportRequest(kind: "lift", parameters: ["target": "city = Shanghai", "by": "city", "base": "active",
                                                                "from": "2026-09-01", "to": "2026-09-30"], now: asOf)
        let ruleInputs = try rule.inputs(settings: settings, evaluate: {
            try SegmentEvaluator(index: index, asOf: asOf, settings: settings).evaluate($0)
        }, spend: { [] })
        let active = try rule.run(index, inputs: ruleInputs, settings: settings).json
        #expect(active["base"] == "active" && active["base_users"] == 3 && active["target_users"] == 1)
    }
}

/// Seeded random populations: every dimension's rows (with "(none)") add up to the base and the
/// target, and each row's counts equal a direct count of the users whose value it names.
@Suite struct LiftReportPropertyTests {
    struct Population {
        var users: [LiftUser]
        var base: Set<Int>
        var target: Set<Int>
        var maxValues: Int
        var bins: Int
    }

    static func population(seed: UInt64) -> Population {
        var rng = SplitMix64(seed: seed)
        func int(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        let count = 20 + int(300)
        let colors = ["red", "green", "blue", "black", "white", "grey", "pink", "gold"].prefix(1 + int(8))
        let channels = ["ads", "seo", "wechat", "douyin", "email"].prefix(1 + int(5))
        let cities = ["Beijing", "Shanghai", "ads", "Chengdu"]  // a city spelled like a channel shares its text
        let zeroShare = int(10)
        var users: [LiftUser] = []
        for uid in 1...count {
            var traits: [String: JSONValue] = [:]
            if int(5) > 0 { traits["color"] = .string(colors[int(colors.count)]) }
            if int(4) > 0 { traits["age"] = .number(Double(15 + int(50))) }
            if int(3) == 0 { traits["flag"] = int(2) == 0 ? .bool(true) : .number(2) }
            // Few numbers, mostly 0: heavy ties at the quantile cuts.
            if int(6) > 0 { traits["kids"] = .number(int(3) > 0 ? 0 : Double(1 + int(4))) }
            let revenue: Int64 = int(10) < zeroShare ? 0 : Int64(int(2) == 0 ? int(20) * 100 : 1 + int(100_000))
            users.append(LiftUser(uid: Int64(uid), traits: traits, channel: int(4) == 0 ? nil : channels[int(channels.count)],
                                  city: int(3) == 0 ? nil : cities[int(cities.count)], revenueMinor: revenue,
                                  eventCount: Int64(int(3) == 0 ? 1 : int(40))))
        }
        let base = Set((1...count).filter { _ in int(10) < 8 })
        let targetShare = 1 + int(9)
        let target = Set((1...count).filter { _ in int(10) < targetShare })
        return Population(users: users, base: base, target: target, maxValues: 1 + int(8), bins: 2 + int(9))
    }

    /// A label's test of a number: `all`, `≥ a`, `≤ b`, `< b`, `[a, b)`, `a–b` or a single value.
    static func matches(_ label: String, _ value: Double) -> Bool {
        func number(_ text: Substring) -> Double { Double(text.trimmingCharacters(in: .whitespaces))! }
        if label == "all" { return true }
        if label.hasPrefix("≥ ") { return value >= number(label.dropFirst(2)) }
        if label.hasPrefix("≤ ") { return value <= number(label.dropFirst(2)) }
        if label.hasPrefix("< ") { return value < number(label.dropFirst(2)) }
        if label.hasPrefix("[") {
            let parts = label.dropFirst().dropLast().split(separator: ",")
            return value >= number(parts[0]) && value < number(parts[1])
        }
        if label.dropFirst().contains("–") {
            let parts = label.split(separator: "–")
            return value >= number(parts[0]) && value <= number(parts[1])
        }
        return value == number(Substring(label))
    }

    @Test(arguments: 1...30)
    func rowsEqualADirectCount(seed: Int) {
        let p = Self.population(seed: UInt64(seed))
        let index = LiftFixture.index(p.users)
        let dimensions: [AttributeRef] = [.trait("color"), .trait("age"), .trait("flag"), .trait("kids"), .computed(.channel),
                                          .computed(.lastCity), .computed(.revenue), .computed(.eventCount)]
        let report = LiftReport(dimensions: dimensions, maxValues: p.maxValues, bins: p.bins, showMissing: true)
        let result = report.run(index, base: UserSet(p.base), target: UserSet(p.target), asOf: LiftFixture.asOf,
                                settings: WorkspaceSettings())
        let inTarget = p.base.intersection(p.target)
        #expect(result.baseUsers == p.base.count && result.targetUsers == inTarget.count)
        let overall = Double(inTarget.count) / Double(p.base.count)

        /// Each user's value of a dimension: text, a number, or nil.
        func value(_ user: LiftUser, _ dimension: AttributeRef) -> (text: String?, number: Double?) {
            switch dimension {
            case .trait(let key):
                guard let v = user.traits[key] else { return (nil, nil) }
                return (v.stringValue ?? v.jsonText, v.numberValue)
            case .computed(.channel): return (user.channel, nil)
            case .computed(.lastCity): return (user.city, nil)
            case .computed(.revenue): return (nil, Double(user.revenueMinor) / 100)
            case .computed(.eventCount): return (nil, Double(user.eventCount))
            default: return (nil, nil)
            }
        }
        let byUid = Dictionary(uniqueKeysWithValues: p.users.map { (Int($0.uid), $0) })
        for (d, dimension) in dimensions.enumerated() {
            let name = dimension.name
            let rows = result.rows.filter { $0.dimension == name }
            #expect(rows.reduce(0) { $0 + $1.users } == p.base.count, "seed \(seed) \(name)")
            #expect(rows.reduce(0) { $0 + $1.targetUsers } == inTarget.count, "seed \(seed) \(name)")
            #expect(Set(rows.map(\.value)).count == rows.count, "seed \(seed) \(name): a value twice")
            // Numeric: computed numbers, and traits with more distinct values than maxValues that are all numbers.
            let traitValues = Set(p.users.compactMap { user -> JSONValue? in
                if case .trait(let key) = dimension { return user.traits[key] } else { return nil }
            })
            let numeric: Bool = switch dimension {
            case .computed(let field): field.isNumber
            case .trait: traitValues.count > p.maxValues && traitValues.allSatisfy { $0.numberValue != nil }
            }
            let named = Set(rows.map(\.value)).subtracting(["(other)", "(none)"])
            if !numeric { #expect(named.count <= p.maxValues, "seed \(seed) \(name)") }
            for row in rows {
                let members = p.base.filter { uid in
                    let v = value(byUid[uid]!, dimension)
                    if row.value == "(none)" { return v.text == nil && v.number == nil }
                    if numeric { return v.number.map { Self.matches(row.value, $0) } ?? false }
                    guard let text = v.text else { return false }
                    return row.value == "(other)" ? !named.contains(text) : text == row.value
                }
                let hits = members.filter { p.target.contains($0) }.count
                #expect(row.users == members.count, "seed \(seed) \(name) \(row.value)")
                #expect(row.targetUsers == hits, "seed \(seed) \(name) \(row.value)")
                #expect(abs(row.rate - Double(hits) / Double(members.count)) < 1e-12)
                #expect(abs(row.shareOfBase - Double(members.count) / Double(p.base.count)) < 1e-12)
                if let lift = row.lift { #expect(abs(lift - row.rate / overall) < 1e-9) } else { #expect(inTarget.isEmpty) }
                #expect(abs(row.excessUsers - (Double(hits) - Double(members.count) * overall)) < 1e-9)
                // The pooled two-proportion z of the value against the rest of the base.
                let n = Double(members.count), rest = Double(p.base.count) - n
                if rest > 0 && overall > 0 && overall < 1 {
                    let pooled = overall
                    let z = (Double(hits) / n - Double(inTarget.count - hits) / rest)
                        / (pooled * (1 - pooled) * (1 / n + 1 / rest)).squareRoot()
                    #expect(abs(row.test.z - z) < 1e-9, "seed \(seed) \(name) \(row.value)")
                } else {
                    #expect(row.test.z == 0 && row.test.pValue == 1)
                }
                #expect(row.significant == (row.test.pValue < 0.05 / Double(result.rows.count)))
            }
            #expect(result.dimensions.contains { $0.name == name && $0.values == rows.count }, "seed \(seed) \(name) \(d)")
        }
        // Most important first.
        let z = result.rows.map { abs($0.test.z) }
        #expect(z == z.sorted(by: >))
    }
}
