import StrataCore
import StrataTestSupport
import Testing

@Suite struct SegmentRuleTests {
    static let example = "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"

    static let exampleTree = SegmentRule.all([
        .attribute(AttributeCondition(.trait("city"), .oneOf, ["Shanghai", "Beijing"])),
        .behaviour(BehaviourCondition(event: "view_item", minCount: 3, window: .lastDays(14))),
        .not(.behaviour(BehaviourCondition(event: "purchase", window: .lastDays(30)))),
    ])

    @Test func theTextFormParsesToTheSameTreeAsTheJSON() throws {
        let fromText = try SegmentRule(text: Self.example)
        #expect(fromText == Self.exampleTree)
        let fromJSON = try SegmentRule(json: Fixtures.json("""
            {"all": [{"trait": "city", "op": "in", "value": ["Shanghai", "Beijing"]},
                     {"did": "view_item", "min": 3, "within_days": 14},
                     {"not": {"did": "purchase", "within_days": 30}}]}
            """))
        #expect(fromJSON == Self.exampleTree)
        #expect(try SegmentRule(json: Self.exampleTree.json) == Self.exampleTree)
    }

    @Test func andBindsTighterThanOrAndParenthesesGroup() throws {
        let rule = try SegmentRule(text: "a = 1 or b = 2 and c = 3")
        #expect(rule == .any([
            .attribute(AttributeCondition(.trait("a"), .equals, [1])),
            .all([.attribute(AttributeCondition(.trait("b"), .equals, [2])),
                  .attribute(AttributeCondition(.trait("c"), .equals, [3]))]),
        ]))
        let grouped = try SegmentRule(text: "(a = 1 or b = 2) and not c exists")
        #expect(grouped == .all([
            .any([.attribute(AttributeCondition(.trait("a"), .equals, [1])),
                  .attribute(AttributeCondition(.trait("b"), .equals, [2]))]),
            .not(.attribute(AttributeCondition(.trait("c"), .exists))),
        ]))
    }

    @Test func readsEveryConditionForm() throws {
        #expect(try SegmentRule(text: "last_seen < 30d") == .attribute(AttributeCondition(.computed(.lastSeen), .less, ["30d"])))
        #expect(try SegmentRule(text: "trait.revenue >= 10") == .attribute(AttributeCondition(.trait("revenue"), .greaterOrEqual, [10])))
        #expect(try SegmentRule(text: "revenue >= 10") == .attribute(AttributeCondition(.computed(.revenue), .greaterOrEqual, [10])))
        #expect(try SegmentRule(text: "email contains \"@qq.com\"") == .attribute(AttributeCondition(.trait("email"), .contains, ["@qq.com"])))
        #expect(try SegmentRule(text: "plan not in (free, trial)") == .attribute(AttributeCondition(.trait("plan"), .noneOf, ["free", "trial"])))
        #expect(try SegmentRule(text: "in rfm:重要价值") == .member(.layer(model: "rfm", layer: "重要价值")))
        #expect(try SegmentRule(text: "in segment 'Big spenders'") == .member(.segment("Big spenders")))
        #expect(try SegmentRule(text: "has tag vip") == .member(.tag("vip")))
        #expect(try SegmentRule(text: "did view_item(category = books, price > 100) between 2 and 5 times between 2026-09-01 and 2026-09-30")
            == .behaviour(BehaviourCondition(event: "view_item", filters: [PropertyFilter("category", .equals, ["books"]),
                                                                           PropertyFilter("price", .greater, [100])],
                                             minCount: 2, maxCount: 5, window: .between("2026-09-01", "2026-09-30"))))
        #expect(try SegmentRule(text: "did not share in last 7 days") == .not(.behaviour(BehaviourCondition(event: "share", window: .lastDays(7)))))
        #expect(try SegmentRule(text: "did login < 2 times in 7d") == .behaviour(BehaviourCondition(event: "login", minCount: 0, maxCount: 1, window: .lastDays(7))))
    }

    @Test func textErrorsNameTheTokenAndPosition() {
        for (text, fragment) in [
            ("city in (Shanghai", "at the end"),
            ("did view_item >= many times", "\"many\""),
            ("city = 1 city = 2", "position 10"),
            ("did purchase in soon", "\"soon\""),
            ("", "empty"),
            ("did x between 2026-09-30 and 2026-09-01", "after"),
            // Found by the fuzzer: an empty quoted name read as a trait whose JSON did not read back.
            ("''>t", "Expected a condition"),
            ("trait. = 1", "Expected a condition"),
            ("has tag ''", "Expected a tag name"),
        ] {
            do {
                _ = try SegmentRule(text: text)
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.message.contains(fragment), "\(text): \(error.message)")
                #expect(error.field == "rule")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func jsonErrorsNameThePath() {
        for (text, field) in [
            (#"{"all": [{"did": "x", "min": -1}]}"#, "rule.all[0].min"),
            (#"{"any": []}"#, "rule.any"),
            (#"{"not": {"trait": "city", "op": "≈"}}"#, "rule.not.op"),
            (#"{"attribute": "lifetime", "op": ">", "value": 1}"#, "rule.attribute"),
            (#"{"did": "x", "min": 5, "max": 2}"#, "rule.max"),
            (#"{"layer": "rfm"}"#, "rule.layer"),
            (#"{"whatever": 1}"#, "rule"),
        ] {
            do {
                _ = try SegmentRule(json: Fixtures.json(text))
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.field == field, "\(text): \(error)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func jsonValuesMatchTheirOperatorSoTheJSONReadsBack() throws {
        // Found by the fuzzer: "=" with a list matched like "in" but was written back with its first value only.
        let equals = try SegmentRule(json: Fixtures.json(#"{"trait": "city", "value": ["Shanghai", "Beijing"]}"#))
        #expect(equals == .attribute(AttributeCondition(.trait("city"), .oneOf, ["Shanghai", "Beijing"])))
        #expect(try SegmentRule(json: equals.json) == equals)
        let notEquals = try SegmentRule(json: Fixtures.json(#"{"trait": "city", "op": "!=", "value": ["a", "b"]}"#))
        #expect(notEquals == .attribute(AttributeCondition(.trait("city"), .noneOf, ["a", "b"])))
        #expect(try SegmentRule(json: Fixtures.json(#"{"trait": "city", "value": ["a"]}"#))
            == .attribute(AttributeCondition(.trait("city"), .equals, ["a"])))
        let error = try #require(throws: StrataError.self) {
            try SegmentRule(json: Fixtures.json(#"{"attribute": "revenue", "op": ">", "value": [1, 2]}"#))
        }
        #expect(error.field == "rule.value" && error.message.contains("one value"))
        #expect(try SegmentRule(json: Fixtures.json(#"{"trait": "city", "op": "exists", "value": 3}"#))
            == .attribute(AttributeCondition(.trait("city"), .exists)))
        // And a count the JSON form cannot hold exactly is refused in the text form too.
        #expect(throws: StrataError.self) { try SegmentRule(text: "did x > 109752400471314734 times") }
    }

    @Test func rulesNestAtMost32LevelsInTextAndJSON() throws {
        // 32 levels read; 33 and 15,000 (60 KB, which once overflowed the stack) are refused with
        // a message naming the limit.
        #expect(throws: Never.self) { try SegmentRule(text: String(repeating: "not ", count: 32) + "city = x") }
        #expect(throws: Never.self) {
            try SegmentRule(text: String(repeating: "(", count: 32) + "city = x" + String(repeating: ")", count: 32))
        }
        for text in [String(repeating: "not ", count: 33) + "city = x", String(repeating: "not ", count: 15_000) + "city = x",
                     String(repeating: "(", count: 20_000) + "city = x" + String(repeating: ")", count: 20_000),
                     String(repeating: "not (", count: 17) + "city = x" + String(repeating: ")", count: 17)] {
            let error = try #require(throws: StrataError.self) { try SegmentRule(text: text) }
            #expect(error.message.contains("deeper than 32 levels") && error.field == "rule")
        }
        func nested(_ levels: Int) -> String {
            String(repeating: #"{"not": {"any": ["#, count: levels / 2) + #"{"trait": "city", "value": "x"}"#
                + String(repeating: "]}}", count: levels / 2)
        }
        #expect(throws: Never.self) { try SegmentRule(json: Fixtures.json(nested(32))) }
        let error = try #require(throws: StrataError.self) { try SegmentRule(json: Fixtures.json(nested(34))) }
        #expect(error.message.contains("deeper than 32 levels") && (error.field ?? "").hasPrefix("rule.not.any[0]"))
    }

    @Test func describesRulesInChineseAndEnglish() throws {
        let rule = try SegmentRule(text: Self.example)
        #expect(rule.describe(in: .english)
            == "city is one of Shanghai, Beijing and did view_item at least 3 times in the last 14 days "
            + "and did not do purchase in the last 30 days")
        #expect(rule.describe(in: .chinese) == "city 属于 Shanghai、Beijing 且 近14天 做过 view_item 至少3次 且 近30天 未做过 purchase")
        let nested = try SegmentRule(text: "in rfm:重要价值 or (has tag vip and last_seen < 30d)")
        #expect(nested.describe(in: .english) == "in rfm layer \"重要价值\" or (tagged \"vip\" and last_seen is before/below 30 days ago)")
    }

    @Test func validationNamesTheOffendingPart() throws {
        let catalog = RuleCatalog(
            events: ["view_item", "purchase"], traits: ["city", "plan"],
            segments: ["a": try SegmentRule(text: "in segment b"), "b": try SegmentRule(text: "in segment a"),
                       "ok": try SegmentRule(text: "plan = pro")],
            layers: ["rfm": ["重要价值"], "lifecycle": ["silent"]], tags: ["vip"])
        try SegmentRule(text: Self.example).validate(against: catalog)
        try SegmentRule(text: "in segment ok and in rfm:重要价值 and has tag vip").validate(against: catalog)
        for (text, field, fragment) in [
            ("did view_itme in 14d", "rule.did", "did you mean \"view_item\""),
            ("cty = Beijing", "rule.trait", "did you mean \"city\""),
            ("last_seen = 2026-09-01", "rule.op", "is a time"),
            ("last_seen < yesterday", "rule.value", "30d"),
            ("event_count contains 3", "rule.op", "is a number"),
            ("channel > wechat", "rule.op", "is text"),
            ("plan = pro and in segment a", "segment(b).segment", "a → b → a"),
            ("in rfm:重要发展", "rule.layer", "no layer"),
            ("in churn:high", "rule.layer", "Unknown model"),
            ("has tag gold", "rule.tag", "Unknown tag"),
        ] {
            do {
                try SegmentRule(text: text).validate(against: catalog)
                Issue.record("accepted \(text)")
            } catch let error as StrataError {
                #expect(error.field?.hasSuffix(field) == true, "\(text): \(error)")
                #expect(error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
        try SegmentRule(text: "plan = x").validate(against: catalog, name: "plan-x")
        #expect(throws: StrataError.self) {
            try SegmentRule(text: "in segment ok").validate(against: catalog, name: "ok")
        }
    }
}

@Suite struct UserSetTests {
    @Test func setOperationsMatchSwiftSets() {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20 {
            let a = Set((0..<200).map { _ in Int(rng.next() % 300) })
            let b = Set((0..<200).map { _ in Int(rng.next() % 500) })
            let x = UserSet(a)
            let y = UserSet(b)
            #expect(Array(x.intersection(y)) == a.intersection(b).sorted())
            #expect(Array(x.union(y)) == a.union(b).sorted())
            #expect(Array(x.subtracting(y)) == a.subtracting(b).sorted())
            #expect(x.count == a.count)
            #expect(x.complement(in: .all(300)).count == 300 - a.count)
        }
        #expect(UserSet.all(130).count == 130)
        #expect(UserSet([1, 2]) == UserSet([2, 1]))
        #expect(UserSet().isEmpty && Array(UserSet()) == [])
    }
}
