import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct UserIdListTests {
    func failure(_ text: String, limit: Int = 100) -> StrataError? {
        do {
            let list = try UserIdList(text: text, limit: limit)
            Issue.record("read \(list.ids) from \(text.debugDescription)")
            return nil
        } catch let error as StrataError {
            return error
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    @Test func readsTheFirstCSVColumnSkippingAHeaderAndUnquoting() throws {
        let text = "user_id,name\nu1,Alice\n\"u,2\",Bob\r\nu3\r\n\nu1,again\n  u4  ,x\n\"a\"\"b\",y\n\" u5 \"\n"
        #expect(try UserIdList(text: text, limit: 100).ids == ["u1", "u,2", "u3", "u4", "a\"b", "u5"])
    }

    @Test func oneIdPerLineWithoutHeaderOrFinalNewline() throws {
        #expect(try UserIdList(text: "a\nb\nc", limit: 100).ids == ["a", "b", "c"])
        #expect(try UserIdList(text: "only", limit: 1).ids == ["only"])
        // CRLF throughout, as spreadsheets write.
        #expect(try UserIdList(text: "id\r\n1001\r\n1002\r\n", limit: 100).ids == ["1001", "1002"])
    }

    @Test func onlyKnownHeaderNamesOnTheFirstLineAreSkipped() throws {
        for header in ["user_id", "USER_ID", "userid", "ID", "uid", "distinct_id", "anonymous_id", "external_id"] {
            #expect(try UserIdList(text: "\(header),city\nu1,x", limit: 100).ids == ["u1"], "\(header)")
        }
        // Any other first line is an id.
        #expect(try UserIdList(text: "email\nu1", limit: 100).ids == ["email", "u1"])
        // A header name further down is an id too.
        #expect(try UserIdList(text: "u1\nuser_id", limit: 100).ids == ["u1", "user_id"])
        // Quoted header.
        #expect(try UserIdList(text: "\"user_id\",\"name\"\nu1", limit: 100).ids == ["u1"])
    }

    @Test func aByteOrderMarkBeforeTheHeaderOrFirstIdIsIgnored() throws {
        #expect(try UserIdList(text: "\u{FEFF}user_id,name\nu1,x\n", limit: 10).ids == ["u1"])
        #expect(try UserIdList(text: "\u{FEFF}u1\nu2", limit: 10).ids == ["u1", "u2"])
    }

    @Test func duplicatesAreDroppedKeepingTheFirstPlace() throws {
        #expect(try UserIdList(text: "b\na\nb\nc\na", limit: 100).ids == ["b", "a", "c"])
        // The limit counts distinct ids.
        #expect(try UserIdList(text: "a\nb\na\nb\na", limit: 2).ids == ["a", "b"])
    }

    @Test func moreIdsThanTheLimitIsAnError() throws {
        let error = try #require(failure("a\nb\nc", limit: 2))
        #expect(error.code == .invalidField)
        #expect(error.field == "ids")
        #expect(error.message.contains("At most 2"))
        #expect(try UserIdList(text: "a\nb", limit: 2).ids == ["a", "b"])
    }

    @Test func noIdsIsAnError() throws {
        for text in ["", "\n\n", "user_id\n", "user_id,name\n\n  \n", ",x\n,y", "\"\",x"] {
            let error = try #require(failure(text), "\(text.debugDescription)")
            #expect(error.code == .invalidField)
            #expect(error.field == "ids")
            #expect(error.message.contains("No user ids"), "\(error.message)")
        }
    }

    @Test func anIdOver255CharactersIsAnErrorNamingItsLine() throws {
        let long = String(repeating: "x", count: 256)
        let error = try #require(failure("user_id\nu1\n\(long)\n"))
        #expect(error.message.hasPrefix("Line 3:"), "\(error.message)")
        #expect(error.field == "ids")
        let fits = String(repeating: "y", count: 255)
        #expect(try UserIdList(text: "\(fits),z", limit: 10).ids == [fits])
    }

    @Test func idsGivenAsAListAreDedupedAndChecked() throws {
        #expect(try UserIdList(ids: ["b", "a", "b"], limit: 3).ids == ["b", "a"])
        do {
            _ = try UserIdList(ids: [], limit: 3)
            Issue.record("accepted no ids")
        } catch let error as StrataError {
            #expect(error.field == "user_ids")
        }
        do {
            _ = try UserIdList(ids: ["a", "b", "c", "d"], limit: 3)
            Issue.record("accepted 4 ids over a limit of 3")
        } catch let error as StrataError {
            #expect(error.field == "user_ids")
            #expect(error.message.contains("At most 3"))
        }
    }
}

@Suite struct MemberExportTests {
    static func profile(uid: Int64 = 7, userId: String? = "u7", anonymousIds: [String] = ["a1", "a2"],
                        traits: [String: JSONValue] = [:], computed: ComputedAttributes = ComputedAttributes())
        -> UserProfile
    {
        UserProfile(uid: uid, userId: userId, userIds: userId.map { [$0] } ?? [], anonymousIds: anonymousIds,
                    traits: traits, computed: computed, createdAt: 0)
    }

    @Test func theHeaderListsIdsThenTraitsThenComputedColumns() throws {
        let export = try MemberExport(traits: ["city", "plan"], computed: [.revenue, .lastSeen])
        #expect(export.header == "uid,user_id,anonymous_ids,city,plan,revenue,last_seen")
        #expect(try MemberExport(traits: []).header == "uid,user_id,anonymous_ids")
        // A header is itself quoted and guarded like any field.
        #expect(try MemberExport(traits: ["a,b", "=x"]).header == "uid,user_id,anonymous_ids,\"a,b\",'=x")
    }

    @Test func columnNamesSplitIntoComputedAttributesAndTraits() throws {
        let export = try MemberExport(columns: " city, revenue ,trait.revenue,,last_seen, plan ")
        #expect(export.traits == ["city", "revenue", "plan"])
        #expect(export.computed == [.revenue, .lastSeen])
        #expect(try MemberExport(columns: nil).traits.isEmpty)
        #expect(try MemberExport(columns: "").computed.isEmpty)
    }

    @Test func moreThan50ColumnsIsAnError() throws {
        _ = try MemberExport(traits: (0..<48).map { "t\($0)" }, computed: [.revenue, .eventCount])
        do {
            _ = try MemberExport(traits: (0..<50).map { "t\($0)" }, computed: [.revenue])
            Issue.record("accepted 51 columns")
        } catch let error as StrataError {
            #expect(error.code == .invalidParameter)
            #expect(error.field == "traits")
        }
    }

    @Test func aLineHoldsIdsTraitsAsTextOrJSONAndBlanksForMissing() throws {
        let export = try MemberExport(traits: ["city", "age", "vip", "tags", "gone", "nothing"])
        let line = export.line(Self.profile(traits: ["city": "Shanghai", "age": 30, "vip": true,
                                                      "tags": .array(["a", "b"]), "gone": .null]))
        #expect(line == "7,u7,a1 a2,Shanghai,30,true,\"[\"\"a\"\",\"\"b\"\"]\",,")
        // An anonymous profile has no user id.
        #expect(export.line(Self.profile(uid: 12, userId: nil, anonymousIds: ["x"])) == "12,,x,,,,,,")
    }

    @Test func fieldsWithCommasQuotesOrLineBreaksAreQuoted() throws {
        let export = try MemberExport(traits: ["a", "b", "c", "d"])
        let line = export.line(Self.profile(anonymousIds: [], traits: [
            "a": "Shanghai, China", "b": "say \"hi\"", "c": "two\nlines", "d": "cr\rhere",
        ]))
        #expect(line == "7,u7,,\"Shanghai, China\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"")
    }

    @Test func formulaLikeFieldsArePrefixedSoSpreadsheetsDoNotRunThem() throws {
        let export = try MemberExport(traits: ["a", "b", "c", "d", "e", "f", "g"])
        let line = export.line(Self.profile(userId: "=cmd|' /C calc'!A0", anonymousIds: ["@a"], traits: [
            "a": "=SUM(A1:A9)", "b": "+86 138", "c": "-5", "d": "+1.5", "e": "@home", "f": "=1,2", "g": "-",
        ]))
        // Numbers with a sign stay numbers; anything else starting with = + - @ gets a leading '.
        #expect(line == "7,'=cmd|' /C calc'!A0,'@a,'=SUM(A1:A9),'+86 138,-5,+1.5,'@home,\"'=1,2\",'-")
    }

    @Test func computedColumnsAreFormatted() throws {
        var c = ComputedAttributes()
        c.firstSeen = Timestamp.parse("2026-09-01T08:30:00Z")
        c.lastSeen = Timestamp.parse("2026-09-30T12:00:00.250Z")
        c.eventCount = 42
        c.activeDays = 7
        c.purchaseCount = 3
        c.revenueMinor = 123_456
        c.firstTouchChannel = "wechat"
        c.lastCity = "Hangzhou, Zhejiang"
        let export = try MemberExport(traits: [], computed: ComputedField.allCases)
        #expect(export.header == "uid,user_id,anonymous_ids,first_seen,last_seen,event_count,active_days,purchase_count,"
            + "revenue,last_purchase_at,channel,last_city,last_device")
        #expect(export.line(Self.profile(anonymousIds: [], computed: c))
            == "7,u7,,2026-09-01T08:30:00.000Z,2026-09-30T12:00:00.250Z,42,7,3,1234.56,,wechat,\"Hangzhou, Zhejiang\",")
    }

    @Test func revenueIsMinorUnitsWithTwoDecimals() throws {
        let export = try MemberExport(traits: [], computed: [.revenue])
        for (minor, text) in [(0, "0.00"), (5, "0.05"), (10, "0.10"), (100, "1.00"), (123_456, "1234.56"),
                              (-250, "-2.50"), (-5, "-0.05"), (99, "0.99")] as [(Int64, String)] {
            var c = ComputedAttributes()
            c.revenueMinor = minor
            #expect(export.line(Self.profile(anonymousIds: [], computed: c)) == "7,u7,,\(text)", "\(minor)")
        }
    }
}
