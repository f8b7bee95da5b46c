import StrataCore
import Testing

@Suite struct TimestampTests {
    @Test func readsTheFormatsSDKsSend() {
        let expected: Int64 = 1_790_769_600_000  // 2026-09-30T12:00:00Z
        #expect(Timestamp.parse("2026-09-30T12:00:00Z") == expected)
        #expect(Timestamp.parse("2026-09-30T12:00:00+00:00") == expected)
        #expect(Timestamp.parse("2026-09-30T12:00:00.000Z") == expected)
        #expect(Timestamp.parse("2026-09-30T12:00:00.123456+00:00") == expected + 123)
        #expect(Timestamp.parse("2026-09-30T20:00:00.5+08:00") == expected + 500)
        #expect(Timestamp.parse("2026-09-30 12:00:00") == expected)
        #expect(Timestamp.parse("2026-09-30") == expected - 12 * 3_600_000)
    }

    @Test func refusesWhatIsNotATime() {
        for text in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30", "2026-09-30T25:00:00Z",
                     "2026-09-30T12:00:00Q", "2026-09-30T12:00:00.Z", "1790769600000"] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsRoundTrip() {
        for ms: Int64 in [0, 1_790_769_600_123, 951_782_400_000, -86_400_001] {
            #expect(Timestamp.parse(Timestamp.format(ms)) == ms)
        }
        #expect(Timestamp.format(1_790_769_600_123) == "2026-09-30T12:00:00.123Z")
        #expect(Timestamp.formatDay(20_726) == "2026-09-30")
    }

    /// Found by the fuzzer: a zone offset carried 0000-01-01 into year -1, which four digits
    /// cannot write, so the instant formatted to a text that read back differently.
    @Test func instantsOutsideFourDigitYearsAreRefused() {
        #expect(Timestamp.parse("0000-01-01T05:03+0840") == nil)
        #expect(Timestamp.parse("9999-12-31T23:00:00-0200") == nil)
        for text in ["0000-01-01T00:00:00Z", "0000-01-01T08:40+0840", "9999-12-31T23:59:59.999Z", "9999-12-31T21:00:00-0200"] {
            let ms = try? #require(Timestamp.parse(text), "\(text)")
            #expect(ms.map { Timestamp.parse(Timestamp.format($0)) == $0 } == true, "\(text)")
        }
    }
}
