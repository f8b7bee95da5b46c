import StrataCore
import StrataTestSupport
import Testing

@Suite struct SegmentEvaluatorTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T12:00:00Z")!

    /// Five users: 1 Shanghai heavy viewer, 2 Beijing viewer who bought, 3 Shanghai light viewer,
    /// 4 Chengdu with no events, 5 anonymous merged into 1.
    static func index() -> UserIndex {
        var index = UserIndex()
        func computed(_ lastSeen: Int64?, revenue: Int64 = 0, purchases: Int64 = 0) -> ComputedAttributes {
            var c = ComputedAttributes()
            c.lastSeen = lastSeen
            c.firstSeen = lastSeen
            c.revenueMinor = revenue
            c.purchaseCount = purchases
            return c
        }
        index.setUser(uid: 1, computed: computed(asOf - day), traits: ["city": "Shanghai", "age": 30])
        index.setUser(uid: 2, computed: computed(asOf - 2 * day, revenue: 12_000, purchases: 1), traits: ["city": "Beijing"])
        index.setUser(uid: 3, computed: computed(asOf - 40 * day), traits: ["city": "Shanghai", "age": 52])
        index.setUser(uid: 4, computed: computed(nil), traits: ["city": "Chengdu"])
        index.setUser(uid: 5, computed: computed(asOf - 3 * day), traits: [:])
        func event(_ uid: Int64, _ name: String, daysAgo: Int64, category: String = "books") {
            index.appendEvent(uid: uid, name: name, time: asOf - daysAgo * day, propertiesText: "{\"category\":\"\(category)\"}",
                              properties: { ["category": .string(category)] })
        }
        event(1, "view_item", daysAgo: 1)
        event(1, "view_item", daysAgo: 2)
        event(5, "view_item", daysAgo: 3)       // anonymous, merged into 1 below
        event(1, "view_item", daysAgo: 20)      // outside 14 days
        event(2, "view_item", daysAgo: 1, category: "toys")
        event(2, "view_item", daysAgo: 5, category: "toys")
        event(2, "view_item", daysAgo: 6, category: "toys")
        event(2, "purchase", daysAgo: 2)
        event(3, "view_item", daysAgo: 13)
        index.appendEvent(uid: 1, name: "view_item", time: asOf + day, propertiesText: nil, properties: { [:] })  // after asOf
        index.merge(source: 5, into: 1)
        return index
    }

    func users(_ text: String, asOf: Int64 = asOf) throws -> [Int] {
        Array(try SegmentEvaluator(index: Self.index(), asOf: asOf).evaluate(SegmentRule(text: text)))
    }

    @Test func theDesignExampleSelectsTheRightUsers() throws {
        #expect(try users("city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d") == [1])
        #expect(try users("city in (Shanghai, Beijing) and did view_item >= 3 times in 14d") == [1, 2])
    }

    @Test func countsWindowsAndMergedProfiles() throws {
        #expect(try users("did view_item >= 4 times") == [1])                       // 2 + merged 1 + 1 old; future excluded
        #expect(try users("did view_item = 3 times in 14d") == [1, 2])
        #expect(try users("did view_item between 1 and 1 times in 14d") == [3])
        #expect(try users("did view_item < 1 times in 14d") == [4])
        #expect(try users("did not view_item in 7d") == [3, 4])
        #expect(try users("did view_item in 1d") == [])      // today only: calendar days
        #expect(try users("did view_item in 2d") == [1, 2])
        #expect(try users("did view_item between 2026-09-17 and 2026-09-17") == [3])
        #expect(try users("did view_item(category = toys) >= 2 times") == [2])
        #expect(try users("did view_item(category in (books)) in 14d") == [1, 3])
        #expect(try users("did unknown_event") == [])
        // Another asOf sees another window.
        #expect(try users("did view_item in 14d", asOf: Self.asOf - 10 * Self.day) == [1, 3])
    }

    @Test func computedAttributesAreRecountedAsOfAnEarlierInstant() throws {
        // As of 3 days ago: user 2's purchase (2 days ago) had not happened; user 1 was last seen
        // 3 days ago through the merged profile 5, and had viewed twice (20 and 3 days ago).
        // Only events strictly before asOf count, so "as of" is 1 ms after that view.
        let earlier = Self.asOf - 3 * Self.day + 1
        #expect(try users("last_seen >= 2026-09-27", asOf: earlier - 1) == [])    // the view at T itself is left out
        #expect(try users("purchase_count >= 1", asOf: earlier) == [])
        #expect(try users("purchase_count >= 1", asOf: Self.asOf) == [2])
        #expect(try users("event_count = 2", asOf: earlier) == [1, 2])
        #expect(try users("last_seen >= 2026-09-27", asOf: earlier) == [1])
        #expect(try users("first_seen not exists", asOf: earlier) == [4])
        #expect(try users("active_days >= 2", asOf: earlier) == [1, 2])
    }

    @Test func comparesTraitsAndComputedAttributes() throws {
        // The profiles' own attributes hold when nothing in the index is later than asOf.
        let asOf = Self.asOf + 2 * Self.day
        func users(_ text: String) throws -> [Int] { try self.users(text, asOf: asOf) }
        #expect(try users("age >= 40") == [3])
        #expect(try users("age exists") == [1, 3])
        #expect(try users("city != Shanghai") == [2, 4])
        #expect(try users("city contains hai") == [1, 3])
        #expect(try users("plan not exists") == [1, 2, 3, 4])
        #expect(try users("last_seen < 30d") == [3])
        #expect(try users("last_seen >= 2026-09-28") == [1, 2])
        #expect(try users("last_seen not exists") == [4])
        #expect(try users("revenue > 100 or purchase_count >= 2") == [2])
        #expect(try users("not (city = Shanghai or city = Beijing)") == [4])
    }

    @Test func membershipIsResolvedByTheCaller() throws {
        let evaluator = SegmentEvaluator(index: Self.index(), asOf: Self.asOf) { membership in
            membership == .tag("vip") ? UserSet([2, 3, 5]) : UserSet()
        }
        #expect(Array(try evaluator.evaluate(SegmentRule(text: "has tag vip"))) == [2, 3])
        #expect(Array(try evaluator.evaluate(SegmentRule(text: "has tag vip and city = Beijing"))) == [2])
    }
}
