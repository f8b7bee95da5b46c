import Foundation
import StrataCore
import Testing

/// One masking policy for every output: configurable personal traits, nested JSON, free text,
/// ids, report labels and the records that carry a person's data.
@Suite struct MaskingPolicyTests {
    let masked = Disclosure(policy: MaskingPolicy(), full: false)

    @Test func aWorkspaceDeclaresTraitsPersonalOrNot() {
        let policy = MaskingPolicy(personal: ["Member_No", "plate"], notPersonal: ["ip"])
        #expect(policy.isPersonal("member_no") && policy.isPersonal("plate"))
        #expect(!policy.isPersonal("ip"))
        #expect(policy.isPersonal("email") && !MaskingPolicy().isPersonal("plate"))
        // Prefixed dimension names count as the trait.
        #expect(policy.isPersonal("trait:email") && policy.isPersonal("trait.plate") && policy.isPersonal("property:phone"))
        #expect(!policy.isPersonal("email_opt_in"))
    }

    @Test func nestedValuesAreMaskedByTheirOwnKeysAndFreeTextIsScrubbed() {
        let traits: [String: JSONValue] = [
            "email": "alice@example.com", "phone": .number(13_812_345_678), "city": "Shanghai",
            "contact": .object(["email": "bob@example.com", "wechat": "wx_bob_123", "plan": "pro"]),
            "note": "call 13912345678 or mail carol@example.org on 2026-09-30",
            "emails": .array(["d@example.com", "e@example.com"]),
            "email_opt_in": true,
        ]
        let shown = masked.show(traits)
        #expect(shown["email"] == "a***@example.com")
        #expect(shown["phone"] == "138****5678")
        #expect(shown["city"] == "Shanghai")
        #expect(shown["contact"]?["email"] == "b***@example.com")
        #expect(shown["contact"]?["wechat"]?.stringValue?.hasPrefix("w*") == true)
        #expect(shown["contact"]?["plan"] == "pro")
        #expect(shown["note"] == "call 139****5678 or mail c***@example.org on 2026-09-30")
        #expect(shown["emails"] == .array(["d***@example.com", "e***@example.com"]))
        #expect(shown["email_opt_in"] == true)
        #expect(Disclosure.everything.show(traits) == traits)
    }

    @Test func idsAreMaskedOnlyWhenTheyAreAddressesOrNumbers() {
        #expect(masked.show(id: "u_1001") == "u_1001")
        #expect(masked.show(id: "alice@example.com") == "a***@example.com")
        #expect(masked.show(id: "13812345678") == "138****5678")
        #expect(masked.show(id: "+44 20 7946 0958") != "+44 20 7946 0958")
        // Dates, amounts and timestamps are not phone numbers.
        #expect(masked.show(text: "2026-09-30 paid 12345678 at 1727654400000") == "2026-09-30 paid 12345678 at 1727654400000")
    }

    @Test func labelsOfPersonalDimensionsAreMaskedButReportLabelsStay() {
        #expect(masked.show(label: "alice@example.com", dimension: "trait:email") == "a***@example.com")
        #expect(masked.show(label: "张三", dimension: "name") == "张***")
        for label in ["(other)", "(none)", "all", "other", "total"] {
            #expect(masked.show(label: label, dimension: "trait:email") == label)
        }
        #expect(masked.show(label: "Shanghai", dimension: "city") == "Shanghai")
    }

    @Test func recordsAreMaskedWhole() throws {
        let profile = UserProfile(uid: 7, userId: "alice@example.com", userIds: ["alice@example.com", "u7"],
                                  anonymousIds: ["13812345678", "anon-1"],
                                  traits: ["email": "alice@example.com", "city": "Wuhan"], computed: ComputedAttributes(),
                                  createdAt: 0)
        let shown = profile.masked(by: masked)
        #expect(shown.userId == "a***@example.com" && shown.userIds == ["a***@example.com", "u7"])
        #expect(shown.anonymousIds == ["138****5678", "anon-1"])
        #expect(shown.traits == ["email": "a***@example.com", "city": "Wuhan"])
        #expect(profile.masked(by: .everything) == profile)

        let event = StoredEvent(id: 1, messageId: "m1", uid: 7, userId: "alice@example.com", event: "$page", type: .page,
                                timestamp: 0, receivedAt: 0, originalTimestamp: nil,
                                properties: ["name": "Checkout", "email": "alice@example.com"], revenueMinor: nil,
                                campaignSource: nil, ip: "10.1.2.3", userAgent: "Mozilla/5.0", library: nil, warning: nil)
        let shownEvent = event.masked(by: masked)
        #expect(shownEvent.properties["name"] == "Checkout")  // a page's name is the page's
        #expect(shownEvent.properties["email"] == "a***@example.com")
        #expect(shownEvent.userId == "a***@example.com" && shownEvent.ip != "10.1.2.3")

        let quarantined = QuarantinedMessage(
            id: 1, receivedAt: 0, source: "segment", index: 0, code: "bad", reason: "conflict with bob@example.com",
            field: nil, raw: #"{"type":"identify","userId":"u1","traits":{"email":"carol@example.com","phone":"13812345678"}}"#)
        let shownMessage = quarantined.masked(by: masked)
        #expect(!shownMessage.raw.contains("carol@") && !shownMessage.raw.contains("13812345678"))
        #expect(shownMessage.raw.contains("c***@example.com") && shownMessage.raw.contains("\"u1\""))
        #expect(shownMessage.reason == "conflict with b***@example.com")
        var broken = quarantined
        broken.raw = "{not json carol@example.com"
        #expect(broken.masked(by: masked).raw == "{not json c***@example.com")
    }
}
