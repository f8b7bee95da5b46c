import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct ScoringModelTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T00:00:00Z")!

    /// A profile with the given active days, last seen `lastSeenDaysAgo` days before `asOf` (nil: never).
    static func user(_ index: inout UserIndex, _ uid: Int64, activeDays: Int64 = 0, lastSeenDaysAgo: Int64? = nil,
                     traits: [String: JSONValue] = [:])
    {
        var computed = ComputedAttributes()
        computed.activeDays = activeDays
        computed.lastSeen = lastSeenDaysAgo.map { asOf - $0 * day }
        computed.firstSeen = computed.lastSeen
        index.setUser(uid: uid, computed: computed, traits: traits)
    }

    /// Users 1–3: active days 8, 0, 2; last seen 8, 0 and 2 days ago.
    static func threeUsers() -> UserIndex {
        var index = UserIndex()
        user(&index, 1, activeDays: 8, lastSeenDaysAgo: 8)
        user(&index, 2, activeDays: 0, lastSeenDaysAgo: 0)
        user(&index, 3, activeDays: 2, lastSeenDaysAgo: 2)
        return index
    }

    static func model(_ factors: [ScoringModel.Factor], tiers: [ScoringModel.Tier] = [.init(name: "all", minScore: 0)])
        -> ScoringModel
    {
        ScoringModel(name: "m", factors: factors, tiers: tiers)
    }

    func scores(_ model: ScoringModel, _ index: UserIndex, asOf: Int64 = asOf) -> [Int: Double] {
        let result = model.run(index, asOf: asOf)
        return Dictionary(uniqueKeysWithValues: index.live.map { ($0, result.scores[$0]) })
    }

    // MARK: - Normalisation

    @Test func computedFactorsAndRecencyAreAsOfAsOfAndLaterProfilesAreLeftOut() {
        var index = UserIndex()
        // 1 active 20 and 1 days ago; 2 active 15 days ago; 3 first seen 2 days ago.
        for (uid, days) in [(Int64(1), [Int64(20), 1]), (2, [15]), (3, [2])] {
            var computed = ComputedAttributes()
            computed.firstSeen = Self.asOf - days.max()! * Self.day
            computed.lastSeen = Self.asOf - days.min()! * Self.day
            index.setUser(uid: uid, computed: computed, traits: [:])
            for d in days {
                index.appendEvent(uid: uid, name: "app_open", time: Self.asOf - d * Self.day, propertiesText: nil,
                                  properties: { [:] })
            }
        }
        // As of 10 days ago: 1 was last seen 10 days before (20 ago), 2 five days before, 3 did not exist.
        let earlier = Self.asOf - 10 * Self.day
        let result = Self.model([.init(.recency, weight: 1)]).run(index, asOf: earlier)
        #expect(result.scores[2] == 100)
        #expect(result.scores[1] == 0)
        #expect(result.scores[3].isNaN)
        #expect(result.tiers["all"]?.count == 2)
    }

    @Test func aFactorEveryoneSharesShiftsNoScoreEvenInverted() {
        var index = UserIndex()
        Self.user(&index, 1, activeDays: 3, lastSeenDaysAgo: 1)
        Self.user(&index, 2, activeDays: 1, lastSeenDaysAgo: 1)
        let scores = scores(Self.model([.init(.computed(.activeDays), weight: 1), .init(.recency, weight: 1)]), index)
        #expect(scores == [1: 50, 2: 0])
    }

    @Test func minMaxMapsTheSmallestValueTo0AndTheLargestTo100() {
        var index = UserIndex()
        for (uid, days) in [(1, 10), (2, 5), (3, 0), (4, 20)] as [(Int64, Int64)] {
            Self.user(&index, uid, activeDays: days, lastSeenDaysAgo: 1)
        }
        let result = Self.model([.init(.computed(.activeDays), weight: 1)]).run(index, asOf: Self.asOf)
        #expect(result.scores[1] == 50)
        #expect(result.scores[2] == 25)
        #expect(result.scores[3] == 0)
        #expect(result.scores[4] == 100)
        // Slot 0 is no user.
        #expect(result.scores[0].isNaN)
    }

    @Test func rankIsTheShareOfOtherUsersStrictlyBelowAndTiesShareARank() {
        var index = UserIndex()
        // Active days 10, 5, 0, 20, 5, plus a whale that min_max would squash everyone under.
        for (uid, days) in [(1, 10), (2, 5), (3, 0), (4, 20), (5, 5)] as [(Int64, Int64)] {
            Self.user(&index, uid, activeDays: days)
        }
        let rank = Self.model([.init(.computed(.activeDays), weight: 1, normalisation: .rank)])
        // Sorted: 0 (u3), 5 (u2, u5), 10 (u1), 20 (u4): below = 0, 1, 1, 3, 4 of n − 1 = 4.
        #expect(scores(rank, index) == [3: 0, 2: 25, 5: 25, 1: 75, 4: 100])

        Self.user(&index, 6, activeDays: 1000)
        // min_max: the whale takes 100 and everybody else is squashed near 0.
        let minMax = Self.model([.init(.computed(.activeDays), weight: 1)])
        #expect(scores(minMax, index) == [1: 1, 2: 0.5, 3: 0, 4: 2, 5: 0.5, 6: 100])
        // rank: n − 1 = 5; the whale only moves up the shares evenly.
        #expect(scores(rank, index) == [3: 0, 2: 20, 5: 20, 1: 60, 4: 80, 6: 100])
    }

    @Test func rankOfOneUserAndOfAllEqualValuesIsZero() {
        var index = UserIndex()
        Self.user(&index, 1, activeDays: 7)
        let rank = Self.model([.init(.computed(.activeDays), weight: 1, normalisation: .rank)])
        #expect(scores(rank, index) == [1: 0])
        Self.user(&index, 2, activeDays: 7)
        #expect(scores(rank, index) == [1: 0, 2: 0])
        #expect(scores(Self.model([.init(.computed(.activeDays), weight: 1)]), index) == [1: 0, 2: 0])
    }

    @Test func scoresAreRoundedToATenth() {
        var index = UserIndex()
        for (uid, days) in [(1, 0), (2, 1), (3, 2), (4, 3)] as [(Int64, Int64)] {
            Self.user(&index, uid, activeDays: days)
        }
        // 1/3 and 2/3 of the way: 33.3 and 66.7.
        #expect(scores(Self.model([.init(.computed(.activeDays), weight: 1)]), index)
            == [1: 0, 2: 33.3, 3: 66.7, 4: 100])
    }

    // MARK: - Recency and inversion

    @Test func recencyIsInvertedByDefaultSoTheMostRecentScores100() {
        #expect(ScoringModel.Factor(.recency, weight: 1).invert)
        #expect(!ScoringModel.Factor(.computed(.activeDays), weight: 1).invert)
        #expect(!ScoringModel.Factor(.recency, weight: 1, invert: false).invert)
        #expect(ScoringModel.Factor(.computed(.revenue), weight: 1, invert: true).invert)

        var index = UserIndex()
        Self.user(&index, 1, lastSeenDaysAgo: 0)
        Self.user(&index, 2, lastSeenDaysAgo: 2)
        Self.user(&index, 3, lastSeenDaysAgo: 10)
        // Days since last seen 0, 2, 10 → 0, 0.2, 1 → inverted.
        #expect(scores(Self.model([.init(.recency, weight: 1)]), index) == [1: 100, 2: 80, 3: 0])
        #expect(scores(Self.model([.init(.recency, weight: 1, invert: false)]), index) == [1: 0, 2: 20, 3: 100])
        // Any factor can be inverted: fewer active days scoring higher.
        var days = UserIndex()
        Self.user(&days, 1, activeDays: 0)
        Self.user(&days, 2, activeDays: 4)
        #expect(scores(Self.model([.init(.computed(.activeDays), weight: 1, invert: true)]), days) == [1: 100, 2: 0])
    }

    @Test func aUserNeverSeenHasTheWorstRecency() {
        var index = UserIndex()
        Self.user(&index, 1, lastSeenDaysAgo: 0)
        Self.user(&index, 2, lastSeenDaysAgo: nil)
        Self.user(&index, 3, lastSeenDaysAgo: 3649)
        // Never seen counts as 3650 days: min 0, max 3650.
        let result = Self.model([.init(.recency, weight: 1)]).run(index, asOf: Self.asOf)
        #expect(result.scores[1] == 100)
        #expect(result.scores[2] == 0)
        #expect(result.scores[3] == 0)  // 1 − 3649/3650 = 0.027 % → 0.0 after rounding
    }

    // MARK: - Weighted sum

    @Test func theScoreIsTheWeightedMeanOfTheNormalisedFactors() {
        let index = Self.threeUsers()
        // active days 8, 0, 2 → 1, 0, 0.25; recency 8, 0, 2 days → 1, 0, 0.25 → inverted 0, 1, 0.75.
        let model = Self.model([.init(.computed(.activeDays), weight: 3), .init(.recency, weight: 1)])
        // (3·1 + 0)/4 = 75, (0 + 1)/4 = 25, (3·0.25 + 0.75)/4 = 37.5
        #expect(scores(model, index) == [1: 75, 2: 25, 3: 37.5])
        // Only the ratio of the weights matters.
        let scaled = Self.model([.init(.computed(.activeDays), weight: 0.75), .init(.recency, weight: 0.25)])
        #expect(scores(scaled, index) == [1: 75, 2: 25, 3: 37.5])
    }

    @Test func aNumericTraitFactorScalesOverTheUsersWithANumberAndGivesTheRest0() {
        var index = UserIndex()
        Self.user(&index, 1, traits: ["points": 10])
        Self.user(&index, 2, traits: ["points": "5"])
        Self.user(&index, 3, traits: ["points": "lots"])
        Self.user(&index, 4)
        Self.user(&index, 5, traits: ["points": 15])
        // 5…15 is the range: users without a number neither stretch it nor score in it.
        #expect(scores(Self.model([.init(.trait("points"), weight: 1)]), index) == [1: 50, 2: 0, 3: 0, 4: 0, 5: 100])
        #expect(scores(Self.model([.init(.trait("points"), weight: 1, invert: true)]), index)
            == [1: 50, 2: 100, 3: 0, 4: 0, 5: 0])
        #expect(scores(Self.model([.init(.trait("points"), weight: 1, normalisation: .rank)]), index)
            == [1: 50, 2: 0, 3: 0, 4: 0, 5: 100])
        // A trait nobody has scores everyone 0.
        #expect(scores(Self.model([.init(.trait("missing"), weight: 1)]), index) == [1: 0, 2: 0, 3: 0, 4: 0, 5: 0])
    }

    @Test func mergedProfilesAreNotScoredAndTheirEventsCountForTheTarget() {
        var index = UserIndex()
        for uid: Int64 in 1...3 { Self.user(&index, uid) }
        func purchase(_ uid: Int64, daysAgo: Int64) {
            index.appendEvent(uid: uid, name: "purchase", time: Self.asOf - daysAgo * Self.day, propertiesText: nil,
                              properties: { [:] })
        }
        purchase(1, daysAgo: 1)
        purchase(3, daysAgo: 1)
        purchase(3, daysAgo: 2)
        index.merge(source: 3, into: 2)
        let result = Self.model([.init(.behaviour(event: "purchase", withinDays: nil), weight: 1)])
            .run(index, asOf: Self.asOf)
        #expect(result.scores[1] == 0)
        #expect(result.scores[2] == 100)
        #expect(result.scores[3].isNaN)
        #expect(result.tiers["all"].map(Array.init) == [1, 2])
    }

    // MARK: - Behaviour factors

    /// Purchases (days before `asOf`): user 1 at 1, 3 and 10; user 2 at 40 and 2; user 3 one day after `asOf`.
    static func buyers() -> UserIndex {
        var index = UserIndex()
        for uid: Int64 in 1...3 { user(&index, uid) }
        for (uid, daysAgo) in [(2, 40), (1, 10), (1, 3), (2, 2), (1, 1), (3, -1)] as [(Int64, Int64)] {
            index.appendEvent(uid: uid, name: "purchase", time: asOf - daysAgo * day, propertiesText: nil,
                              properties: { [:] })
        }
        index.appendEvent(uid: 2, name: "view_item", time: asOf - day, propertiesText: nil, properties: { [:] })
        return index
    }

    @Test func aBehaviourFactorCountsOnlyTheEventsInItsWindowAsOfAsOf() throws {
        let index = Self.buyers()
        let week = try ScoringModel(json: Fixtures.json("""
            {"name": "buyers", "factors": [{"did": "purchase", "within_days": 7, "weight": 1}],
             "tiers": [{"name": "all", "min_score": 0}]}
            """))
        #expect(week.factors[0].source == .behaviour(event: "purchase", withinDays: 7))
        // In the last 7 days: user 1 twice (3 and 1 days ago), user 2 once, user 3's is after asOf.
        #expect(scores(week, index) == [1: 100, 2: 50, 3: 0])
        // Ever (no within_days): 3, 2, 0 → 100, 66.7, 0.
        let ever = try ScoringModel(json: Fixtures.json("""
            {"name": "buyers", "factors": [{"did": "purchase", "weight": 1}], "tiers": [{"name": "all", "min_score": 0}]}
            """))
        #expect(ever.factors[0].source == .behaviour(event: "purchase", withinDays: nil))
        #expect(scores(ever, index) == [1: 100, 2: 66.7, 3: 0])
        // Five days earlier the week holds only user 1's purchase of 10 days ago; later ones have not happened.
        #expect(scores(week, index, asOf: Self.asOf - 5 * Self.day) == [1: 100, 2: 0, 3: 0])
        // Calendar days: "within 1 day" is the day holding the last instant before asOf. As of a
        // midnight that is the whole day just ended (user 1's purchase at its first instant counts);
        // at noon it is that morning only.
        let today = Self.model([.init(.behaviour(event: "purchase", withinDays: 1), weight: 1)])
        #expect(scores(today, index, asOf: Self.asOf - Self.day + 3_600_000) == [1: 100, 2: 0, 3: 0])
        #expect(scores(today, index) == [1: 100, 2: 0, 3: 0])
        #expect(scores(today, index, asOf: Self.asOf + 12 * 3_600_000) == [1: 0, 2: 0, 3: 0])
        // An event nobody did scores everyone 0.
        #expect(scores(Self.model([.init(.behaviour(event: "refund", withinDays: 30), weight: 1)]), index)
            == [1: 0, 2: 0, 3: 0])
    }

    // MARK: - Tiers

    @Test func tiersAreStoredHighestFirstAndAScoreEqualToAMinScoreIsInThatTier() {
        var index = UserIndex()
        // Active days out of 1000 give scores 0, 30, 59.9, 60, 100.
        for (uid, days) in [(1, 0), (2, 300), (3, 599), (4, 600), (5, 1000)] as [(Int64, Int64)] {
            Self.user(&index, uid, activeDays: days)
        }
        let model = ScoringModel(name: "engagement", factors: [.init(.computed(.activeDays), weight: 1)],
                                 tiers: [.init(name: "低", minScore: 0), .init(name: "高", minScore: 60),
                                         .init(name: "中", minScore: 30)])
        #expect(model.tiers.map(\.name) == ["高", "中", "低"])
        #expect(LayerModel.scoring(model).layerNames == ["高", "中", "低"])
        let result = model.run(index, asOf: Self.asOf)
        #expect([1, 2, 3, 4, 5].map { result.scores[$0] } == [0, 30, 59.9, 60, 100])
        #expect(result.tiers["高"].map(Array.init) == [4, 5])
        #expect(result.tiers["中"].map(Array.init) == [2, 3])
        #expect(result.tiers["低"].map(Array.init) == [1])
        #expect(result.meanScores["高"] == 80)
        #expect(abs(result.meanScores["中"]! - 44.95) < 1e-9)
        #expect(result.meanScores["低"] == 0)
        // An empty tier is present with mean 0.
        let withTop = ScoringModel(name: "e", factors: model.factors,
                                   tiers: model.tiers + [.init(name: "top", minScore: 100.5)])
        let top = withTop.run(index, asOf: Self.asOf)
        #expect(top.tiers["top"]?.isEmpty == true)
        #expect(top.meanScores["top"] == 0)
    }

    @Test func layerModelListsTheTiersUsersInDisplayOrder() {
        let index = Self.threeUsers()
        let model = ScoringModel(name: "mix", factors: [.init(.computed(.activeDays), weight: 3),
                                                        .init(.recency, weight: 1)],
                                 tiers: [.init(name: "low", minScore: 0), .init(name: "high", minScore: 50),
                                         .init(name: "mid", minScore: 30)])
        // Scores 75, 25, 37.5.
        let layers = LayerModel.scoring(model).layers(index, asOf: Self.asOf, settings: WorkspaceSettings())
        #expect(layers.map(\.name) == ["high", "mid", "low"])
        #expect(layers.map { Array($0.users) } == [[1], [3], [2]])
        #expect(LayerModel.scoring(model).name == "mix")
    }

    // MARK: - Validation

    func validationField(_ model: ScoringModel) -> String? {
        do {
            try model.validate()
            return nil
        } catch let error as StrataError {
            #expect(error.code == .invalidField)
            return error.field
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    @Test func validateAcceptsAWellFormedModel() throws {
        let factors: [ScoringModel.Factor] = [.init(.computed(.activeDays), weight: 2), .init(.recency, weight: 1),
                                              .init(.behaviour(event: "purchase", withinDays: 30), weight: 3)]
        try ScoringModel(name: "engagement", factors: factors,
                         tiers: [.init(name: "高", minScore: 60), .init(name: "低", minScore: 0)]).validate()
        try ScoringModel(name: "one", factors: [factors[0]], tiers: [.init(name: "all", minScore: 0)]).validate()
    }

    @Test func validateNamesThePartToFix() {
        let factor = ScoringModel.Factor(.computed(.activeDays), weight: 1)
        let tiers: [ScoringModel.Tier] = [.init(name: "high", minScore: 50), .init(name: "low", minScore: 0)]
        func model(name: String = "m", factors: [ScoringModel.Factor]? = nil, tiers: [ScoringModel.Tier]? = nil)
            -> ScoringModel
        {
            ScoringModel(name: name, factors: factors ?? [factor], tiers: tiers ?? [.init(name: "all", minScore: 0)])
        }
        // Names: reserved (any case), with ":" or a space, empty, too long.
        for name in ["rfm", "RFM", "lifecycle", "a:b", "a b", "", String(repeating: "x", count: 51)] {
            #expect(validationField(model(name: name)) == "name", "\(name)")
        }
        #expect(validationField(model(name: String(repeating: "x", count: 50))) == nil)
        // Weights must be above 0 and finite.
        for weight in [0, -1, Double.infinity, Double.nan] {
            #expect(validationField(model(factors: [factor, .init(.recency, weight: weight)])) == "factors[1].weight",
                    "\(weight)")
        }
        // 1–20 factors, numeric computed attributes only, within_days 1…3650.
        #expect(validationField(model(factors: [])) == "factors")
        #expect(validationField(model(factors: Array(repeating: factor, count: 21))) == "factors")
        #expect(validationField(model(factors: Array(repeating: factor, count: 20))) == nil)
        #expect(validationField(model(factors: [.init(.computed(.lastCity), weight: 1)])) == "factors[0]")
        #expect(validationField(model(factors: [.init(.computed(.lastSeen), weight: 1)])) == "factors[0]")
        #expect(validationField(model(factors: [.init(.behaviour(event: "e", withinDays: 0), weight: 1)]))
            == "factors[0].within_days")
        #expect(validationField(model(factors: [.init(.behaviour(event: "e", withinDays: 3651), weight: 1)]))
            == "factors[0].within_days")
        // Tiers: the lowest must start at 0, names differ, scores differ and lie within 0…100.
        #expect(validationField(model(tiers: [.init(name: "a", minScore: 10)])) == "tiers")
        #expect(validationField(model(tiers: [.init(name: "a", minScore: 50), .init(name: "b", minScore: 20)]))
            == "tiers")
        #expect(validationField(model(tiers: [.init(name: "a", minScore: 50), .init(name: "a", minScore: 0)]))
            == "tiers")
        #expect(validationField(model(tiers: [.init(name: "a", minScore: 0), .init(name: "b", minScore: 0)]))
            == "tiers")
        #expect(validationField(model(tiers: [])) == "tiers")
        #expect(validationField(model(tiers: (0..<11).map { .init(name: "t\($0)", minScore: Double($0)) })) == "tiers")
        // Stored highest first, so the index is of the sorted tiers.
        #expect(validationField(model(tiers: [.init(name: "a", minScore: 0), .init(name: "b", minScore: 101)]))
            == "tiers[0].min_score")
        #expect(validationField(model(tiers: [.init(name: "a:b", minScore: 0)])) == "tiers[0].name")
        #expect(validationField(model(tiers: [.init(name: "", minScore: 0)])) == "tiers[0].name")
        #expect(validationField(model(tiers: tiers)) == nil)
    }

    @Test func validateAgainstACatalogRefusesUnknownEventsAndTraits() throws {
        let catalog = RuleCatalog(events: ["purchase"], traits: ["points"])
        try Self.model([.init(.behaviour(event: "purchase", withinDays: 7), weight: 1), .init(.trait("points"), weight: 1),
                        .init(.recency, weight: 1)]).validate(against: catalog)
        do {
            try Self.model([.init(.recency, weight: 1), .init(.behaviour(event: "purchse", withinDays: nil), weight: 1)])
                .validate(against: catalog)
            Issue.record("accepted an unknown event")
        } catch let error as StrataError {
            #expect(error.field == "factors[1].did")
        }
        do {
            try Self.model([.init(.trait("pionts"), weight: 1)]).validate(against: catalog)
            Issue.record("accepted an unknown trait")
        } catch let error as StrataError {
            #expect(error.field == "factors[0].attribute")
        }
    }

    // MARK: - JSON

    @Test func jsonReadsEveryFactorFormWithItsDefaults() throws {
        let model = try ScoringModel(json: Fixtures.json("""
            {"name": "engagement", "description": "how engaged",
             "factors": [{"attribute": "active_days", "weight": 2},
                         {"did": "purchase", "within_days": 30, "weight": 3, "normalise": "rank"},
                         {"attribute": "recency", "weight": 1},
                         {"attribute": "points", "weight": 1, "invert": true},
                         {"attribute": "trait.revenue", "weight": 1},
                         {"did": "login", "within_days": null, "weight": 0.5}],
             "tiers": [{"name": "低", "min_score": 0}, {"name": "高", "min_score": 60}, {"name": "中", "min_score": 30}]}
            """))
        #expect(model.name == "engagement")
        #expect(model.description == "how engaged")
        #expect(model.factors == [
            .init(.computed(.activeDays), weight: 2, normalisation: .minMax, invert: false),
            .init(.behaviour(event: "purchase", withinDays: 30), weight: 3, normalisation: .rank, invert: false),
            .init(.recency, weight: 1, normalisation: .minMax, invert: true),
            .init(.trait("points"), weight: 1, normalisation: .minMax, invert: true),
            .init(.trait("revenue"), weight: 1),
            .init(.behaviour(event: "login", withinDays: nil), weight: 0.5),
        ])
        #expect(model.tiers == [.init(name: "高", minScore: 60), .init(name: "中", minScore: 30),
                                .init(name: "低", minScore: 0)])
    }

    @Test func jsonRoundTripsToTheSameModel() throws {
        let model = ScoringModel(
            name: "rt", description: "round trip",
            factors: [.init(.computed(.revenue), weight: 2, normalisation: .rank),
                      .init(.recency, weight: 1),
                      .init(.recency, weight: 1, invert: false),
                      .init(.trait("age"), weight: 1.5, invert: true),
                      .init(.trait("revenue"), weight: 1),   // a trait named like a computed attribute
                      .init(.trait("recency"), weight: 1),   // and one named like recency
                      .init(.behaviour(event: "purchase", withinDays: 14), weight: 4),
                      .init(.behaviour(event: "login", withinDays: nil), weight: 1)],
            tiers: [.init(name: "a", minScore: 0), .init(name: "b", minScore: 42.5)])
        let json = model.json
        #expect(try ScoringModel(json: json) == model)
        // Also through the JSON text, as it is stored.
        #expect(try ScoringModel(json: JSONValue.parse(Data(json.jsonText.utf8))) == model)
        // The written form names every default.
        let factors = try #require(json["factors"]?.arrayValue)
        #expect(factors[0] == Fixtures.json(#"{"attribute":"revenue","weight":2,"normalise":"rank","invert":false}"#))
        #expect(factors[1] == Fixtures.json(#"{"attribute":"recency","weight":1,"normalise":"min_max","invert":true}"#))
        #expect(factors[4]["attribute"] == "trait.revenue")
        #expect(factors[5]["attribute"] == "trait.recency")
        #expect(factors[6] == Fixtures.json(
            #"{"did":"purchase","within_days":14,"weight":4,"normalise":"min_max","invert":false}"#))
        #expect(factors[7]["within_days"] == .null)
        #expect(json["tiers"] == Fixtures.json(#"[{"name":"b","min_score":42.5},{"name":"a","min_score":0}]"#))
    }

    @Test func jsonErrorsNameTheField() {
        for (text, field) in [
            (#"[]"#, "model"),
            (#"{"factors": [], "tiers": []}"#, "name"),
            (#"{"name": "m", "tiers": []}"#, "factors"),
            (#"{"name": "m", "factors": []}"#, "tiers"),
            (#"{"name": "m", "factors": [{"attribute": "active_days"}], "tiers": []}"#, "factors[0].weight"),
            (#"{"name": "m", "factors": [{"weight": 1}], "tiers": []}"#, "factors[0]"),
            (#"{"name": "m", "factors": [{"did": "e", "within_days": 1.5, "weight": 1}], "tiers": []}"#,
             "factors[0].within_days"),
            (#"{"name": "m", "factors": [{"attribute": "x", "weight": 1, "normalise": "zscore"}], "tiers": []}"#,
             "factors[0].normalise"),
            (#"{"name": "m", "factors": [{"attribute": "x", "weight": 1}], "tiers": [{"name": "a"}]}"#, "tiers[0]"),
            // Then validate()'s errors.
            (#"{"name": "m", "factors": [{"attribute": "x", "weight": 0}], "tiers": [{"name": "a", "min_score": 0}]}"#,
             "factors[0].weight"),
            (#"{"name": "rfm", "factors": [{"attribute": "x", "weight": 1}], "tiers": [{"name": "a", "min_score": 0}]}"#,
             "name"),
            (#"{"name": "m", "factors": [{"attribute": "x", "weight": 1}], "tiers": [{"name": "a", "min_score": 5}]}"#,
             "tiers"),
        ] {
            do {
                _ = try ScoringModel(json: Fixtures.json(text))
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.field == field, "\(text): \(error)")
                #expect(error.code == .invalidField)
            } catch { Issue.record("\(error)") }
        }
    }
}
