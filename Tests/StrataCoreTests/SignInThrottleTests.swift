import StrataCore
import Testing

@Suite struct SignInThrottleTests {
    @Test func waitsDoubleAfterTheFreeFailuresOfAnAccountFromOneAddress() {
        var throttle = SignInThrottle()
        var now: Int64 = 1_000_000
        for _ in 0..<3 {
            #expect(throttle.admit(email: "ops@example.com", address: "a", now: now) == nil)
            throttle.failed(email: "ops@example.com", address: "a", now: now)
        }
        // 1 s after the third failure, then 2 s, 4 s …
        for expected: Int64 in [1_000, 2_000, 4_000, 8_000] {
            #expect(throttle.admit(email: "OPS@example.com", address: "a", now: now) == expected)
            now += expected
            #expect(throttle.admit(email: "ops@example.com", address: "a", now: now) == nil)
            throttle.failed(email: "ops@example.com", address: "a", now: now)
        }
        // Another address, or another account from this address (below its own threshold), goes ahead.
        #expect(throttle.admit(email: "ops@example.com", address: "b", now: now) == nil)
        #expect(throttle.admit(email: "other@example.com", address: "a", now: now) == nil)
        // A success from the address starts it afresh.
        throttle.succeeded(email: "ops@example.com", address: "a")
        #expect(throttle.admit(email: "ops@example.com", address: "a", now: now) == nil)
    }

    @Test func anAddressFailingOverManyAccountsWaitsAndWaitsAreCapped() {
        var throttle = SignInThrottle()
        let now: Int64 = 5_000_000
        for i in 0..<10 { throttle.failed(email: "user\(i)@example.com", address: "sprayer", now: now) }
        #expect(throttle.admit(email: "new@example.com", address: "sprayer", now: now) == 1_000)
        for i in 0..<40 { throttle.failed(email: "user\(i)@example.com", address: "sprayer", now: now) }
        let capped = throttle.admit(email: "new@example.com", address: "sprayer", now: now)
        #expect(capped == 900_000, "\(String(describing: capped))")
        #expect(throttle.admit(email: "new@example.com", address: "colleague", now: now) == nil)
    }

    @Test func theGlobalLimitOnlyBindsAFlood() {
        var policy = SignInThrottle.Policy()
        policy.globalPerSecond = 20
        policy.globalBurst = 100
        var throttle = SignInThrottle(policy: policy)
        let now: Int64 = 9_000_000
        for i in 0..<100 { #expect(throttle.admit(email: "u@x", address: "addr\(i)", now: now) == nil) }
        #expect(throttle.admit(email: "u@x", address: "another", now: now) == 50)
        #expect(throttle.admit(email: "u@x", address: "another", now: now + 50) == nil)
    }
}
