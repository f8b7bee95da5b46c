import StrataCore
import StrataTestSupport
import Testing

@Suite struct ComputedAttributesTests {
    func message(_ event: String, at t: Int64, revenue: Int64? = nil, source: String? = nil, city: String? = nil)
        -> Message
    {
        Message(messageId: "\(event)-\(t)", type: .track, event: event, userId: "u", timestamp: t, receivedAt: t,
                revenueMinor: revenue, campaignSource: source, city: city)
    }

    @Test func foldsMessagesInAnyOrder() {
        let settings = WorkspaceSettings()
        let messages = [
            message("app_open", at: 3_000, source: "douyin", city: "Wuhan"),
            message("purchase", at: 5_000, revenue: 1999, city: "Beijing"),
            message("app_open", at: 1_000, source: "wechat"),
            message("purchase", at: 4_000, revenue: 500),
        ]
        var forward = ComputedAttributes()
        var backward = ComputedAttributes()
        for m in messages { forward.apply(m, isPurchase: settings.isPurchase(m)) }
        for m in messages.reversed() { backward.apply(m, isPurchase: settings.isPurchase(m)) }
        #expect(forward == backward)
        #expect(forward.firstSeen == 1_000)
        #expect(forward.lastSeen == 5_000)
        #expect(forward.eventCount == 4)
        #expect(forward.purchaseCount == 2)
        #expect(forward.revenueMinor == 2499)
        #expect(forward.lastPurchaseAt == 5_000)
        #expect(forward.firstTouchChannel == "wechat")
        #expect(forward.lastCity == "Beijing")
    }

    @Test func absorbingAProfileEqualsFoldingAllItsMessages() {
        let settings = WorkspaceSettings()
        let a = [message("app_open", at: 2_000, source: "email"), message("purchase", at: 9_000, revenue: 100)]
        let b = [message("app_open", at: 1_000, source: "wechat", city: "Xian"), message("view_item", at: 3_000)]
        var all = ComputedAttributes()
        for m in a + b { all.apply(m, isPurchase: settings.isPurchase(m)) }
        var left = ComputedAttributes()
        var right = ComputedAttributes()
        for m in a { left.apply(m, isPurchase: settings.isPurchase(m)) }
        for m in b { right.apply(m, isPurchase: settings.isPurchase(m)) }
        left.absorb(right)
        #expect(left == all)
    }

    @Test func countsDaysInTheWorkspaceTimeZone() {
        let shanghai = WorkspaceSettings(timeZone: .init(identifier: "Asia/Shanghai")!)
        let utc = WorkspaceSettings()
        let lateEvening = Timestamp.parse("2026-09-30T17:00:00Z")!  // 01:00 next day in Shanghai
        #expect(utc.dayNumber(lateEvening) + 1 == shanghai.dayNumber(lateEvening))
    }
}
