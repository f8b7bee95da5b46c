import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct MembershipTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T12:00:00Z")!

    /// Users 1–4 live; 6 merged into 5, then 5 merged into 1.
    /// Purchases: 1 once, 5 once (so 1 has two after the merge), 2 twice, 3 once.
    /// Active days: 1 → 10, 2 → 4, 3 → 6, 4 → 0, 5 → 1000 (merged away: must not stretch the scale).
    static func index() -> UserIndex {
        var index = UserIndex()
        for (uid, days) in [(1, 10), (2, 4), (3, 6), (4, 0), (5, 1000), (6, 1)] as [(Int64, Int64)] {
            var computed = ComputedAttributes()
            computed.activeDays = days
            index.setUser(uid: uid, computed: computed, traits: ["city": uid == 3 ? "Beijing" : "Shanghai"])
        }
        for (uid, daysAgo) in [(2, 9), (5, 8), (3, 7), (2, 3), (1, 2)] as [(Int64, Int64)] {
            index.appendEvent(uid: uid, name: "purchase", time: asOf - daysAgo * day, propertiesText: nil,
                              properties: { [:] })
        }
        index.merge(source: 6, into: 5)
        index.merge(source: 5, into: 1)
        return index
    }

    static let engagement = ScoringModel(name: "engagement", factors: [.init(.computed(.activeDays), weight: 1)],
                                         tiers: [.init(name: "hi", minScore: 50), .init(name: "lo", minScore: 0)])

    static func directory() -> MembershipDirectory {
        MembershipDirectory(
            segments: ["buyers": try! SegmentRule(text: "did purchase >= 2 times"),
                       "big_buyers": try! SegmentRule(text: "in segment buyers and in engagement:hi")],
            tags: ["vip": .users(UserSet([2, 5])),        // 5 was merged into 1 after it was tagged
                   "early": .users(UserSet([6])),         // 6 → 5 → 1
                   "stale": .users(UserSet([3, 99])),     // 99 is no profile
                   "buyers_tag": .followsSegment("buyers")],
            scoringModels: ["engagement": engagement])
    }

    func users(_ text: String, directory: MembershipDirectory = directory()) throws -> [Int] {
        Array(try SegmentEvaluator.resolving(directory, index: Self.index(), asOf: Self.asOf)
            .evaluate(SegmentRule(text: text)))
    }

    @Test func manualTagsCountMergedProfilesForTheProfileTheyMergedInto() throws {
        #expect(try users("has tag vip") == [1, 2])
        #expect(try users("has tag early") == [1])
        #expect(try users("has tag stale") == [3])
        #expect(try users("has tag vip and not has tag early") == [2])
        #expect(try users("not has tag vip") == [3, 4])
        #expect(try users("has tag vip and city = Shanghai") == [1, 2])
    }

    @Test func ruleTagsFollowTheirSegment() throws {
        // 1 has its own purchase and merged 5's; 2 bought twice; 3 once.
        #expect(try users("in segment buyers") == [1, 2])
        #expect(try users("has tag buyers_tag") == [1, 2])
        // The tag follows the segment's current rule.
        var directory = Self.directory()
        directory.segments["buyers"] = try SegmentRule(text: "did purchase >= 1 times in 5d")
        #expect(try users("has tag buyers_tag", directory: directory) == [1, 2])
        directory.segments["buyers"] = try SegmentRule(text: "did purchase in 2d")
        #expect(try users("has tag buyers_tag", directory: directory) == [])
        directory.segments["buyers"] = try SegmentRule(text: "city = Beijing")
        #expect(try users("has tag buyers_tag", directory: directory) == [3])
    }

    @Test func scoringModelTiersAreLayersRulesCanUse() throws {
        // Live users' active days 10, 4, 6, 0 → scores 100, 40, 60, 0 (merged 5's 1000 is not on the scale).
        let result = Self.engagement.run(Self.index(), asOf: Self.asOf)
        #expect([1, 2, 3, 4].map { result.scores[$0] } == [100, 40, 60, 0])
        #expect(try users("in engagement:hi") == [1, 3])
        #expect(try users("in engagement:lo") == [2, 4])
        #expect(try users("in engagement:lo and has tag vip") == [2])
        #expect(try users("in segment big_buyers") == [1])
        #expect(MembershipDirectory(scoringModels: ["engagement": Self.engagement]).layers["engagement"] == ["hi", "lo"])
    }

    @Test func unknownTagsModelsAndTiersAreErrors() throws {
        for text in ["has tag nope", "in engagement:mid", "in other:hi", "in segment nope"] {
            do {
                _ = try users(text)
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.code == .invalidField, "\(text)")
                #expect(error.field == "rule", "\(text)")
            }
        }
    }

    @Test func theCatalogKnowsTagsTiersSegmentsEventsAndTraits() throws {
        let directory = Self.directory()
        let catalog = directory.catalog(Self.index())
        #expect(catalog.tags == ["vip", "early", "stale", "buyers_tag"])
        #expect(catalog.ruleTags == ["buyers_tag": "buyers"])
        #expect(catalog.events == ["purchase"])
        #expect(catalog.traits == ["city"])
        #expect(catalog.layers["engagement"] == ["hi", "lo"])
        #expect(catalog.layers["rfm"]?.contains("重要价值") == true)
        try SegmentRule(text: "has tag buyers_tag and in engagement:hi and has tag vip").validate(against: catalog,
                                                                                                 name: "new")
        for (text, field) in [("has tag nope", "rule.tag"), ("in engagement:mid", "rule.layer"),
                              ("in other:hi", "rule.layer"), ("not has tag vipp", "rule.not.tag")] {
            do {
                try SegmentRule(text: text).validate(against: catalog, name: "new")
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.field == field, "\(text): \(error)")
            }
        }
    }

    func cycleError(_ text: String, name: String?, directory: MembershipDirectory) throws -> StrataError? {
        do {
            try SegmentRule(text: text).validate(against: directory.catalog(Self.index()), name: name)
            return nil
        } catch let error as StrataError {
            return error
        }
    }

    @Test func validationFindsACycleThroughARuleTag() throws {
        // Segment S is "has tag T"; tag T follows S.
        let directory = MembershipDirectory(segments: ["S": try SegmentRule(text: "has tag T")],
                                            tags: ["T": .followsSegment("S")])
        let saving = try #require(try cycleError("has tag T", name: "S", directory: directory))
        #expect(saving.code == .invalidField)
        #expect(saving.field == "tag(T).segment")
        #expect(saving.message.contains("cycle: S → S"), "\(saving.message)")
        // Another segment that uses S runs into the same cycle.
        let using = try #require(try cycleError("did purchase and in segment S", name: "U", directory: directory))
        #expect(using.field == "tag(T).segment")
        // A longer cycle: A uses B, B has tag T2, T2 follows A.
        let longer = MembershipDirectory(segments: ["A": try SegmentRule(text: "in segment B"),
                                                    "B": try SegmentRule(text: "has tag T2")],
                                         tags: ["T2": .followsSegment("A")])
        let error = try #require(try cycleError("in segment B", name: "A", directory: longer))
        #expect(error.message.contains("A → B → A"), "\(error.message)")
        #expect(error.field == "tag(T2).segment")
        // Without the loop back, the same shape is fine.
        let acyclic = MembershipDirectory(segments: ["A": try SegmentRule(text: "in segment B"),
                                                     "B": try SegmentRule(text: "has tag T2"),
                                                     "C": try SegmentRule(text: "did purchase")],
                                          tags: ["T2": .followsSegment("C")])
        #expect(try cycleError("in segment B", name: "A", directory: acyclic) == nil)
    }

    @Test func dependentsAndUsersOfATagOrModelAreFound() {
        let directory = Self.directory()
        let dependents = directory.dependents(of: "buyers")
        #expect(dependents.segments == ["big_buyers"])
        #expect(dependents.tags == ["buyers_tag"])
        #expect(directory.segments(using: { $0 == .layer(model: "engagement", layer: "hi") }) == ["big_buyers"])
        #expect(directory.segments(using: { if case .tag = $0 { true } else { false } }) == [])
    }
}
