/// Slows password guessing without letting a guesser lock anyone else out (登录限流).
///
/// Failures are counted per pair of account and client address, and per client address over
/// all accounts. Past a few free failures each further one doubles the wait before the next
/// attempt from that address (1 s, 2 s, 4 s … up to 15 minutes). An address that has not failed
/// is never held back by another address's failures, so a stranger sending wrong passwords for
/// a staff member's e-mail slows only themselves: the staff member still signs in from their own
/// address. A global limit far above normal use bounds the password hashing a flood can cause.
public struct SignInThrottle: Sendable {
    /// The limits.
    public struct Policy: Sendable, Equatable {
        /// Wrong passwords for one account from one address before waits start.
        public var freePerAccount = 3
        /// Wrong passwords from one address, over all accounts, before waits start.
        public var freePerAddress = 10
        /// The first wait (ms); each further failure doubles it.
        public var firstDelay: Int64 = 1_000
        /// The longest wait (ms).
        public var maxDelay: Int64 = 15 * 60_000
        /// Attempts per second over all addresses (a flood of slow hashes), and the burst.
        public var globalPerSecond = 20.0, globalBurst = 100.0
        /// Failures are forgotten after this long without another (ms).
        public var forgetAfter: Int64 = 24 * 3_600_000
        /// The most counters kept; the oldest go first.
        public var maxEntries = 100_000

        /// The defaults above.
        public init() {}
    }

    private struct Failures {
        var count: Int
        var last: Int64
    }

    /// The limits in force.
    public let policy: Policy
    private var pairs: [String: Failures] = [:]
    private var addresses: [String: Failures] = [:]
    private var tokens: Double
    private var refilled: Int64?

    /// A throttle with no failures recorded.
    public init(policy: Policy = Policy()) {
        self.policy = policy
        tokens = policy.globalBurst
    }

    /// Whether an attempt may go ahead now: `nil` when it may (and it is counted against the
    /// global limit), else how long to wait in ms.
    public mutating func admit(email: String, address: String, now: Int64) -> Int64? {
        let email = email.lowercased()
        var wait: Int64 = 0
        if let pair = pairs[Self.key(email, address)] {
            wait = max(wait, delay(pair, free: policy.freePerAccount, now: now))
        }
        if let failures = addresses[address] {
            wait = max(wait, delay(failures, free: policy.freePerAddress, now: now))
        }
        if wait > 0 { return wait }
        let elapsed = Double(max(0, now - (refilled ?? now))) / 1000
        tokens = min(policy.globalBurst, tokens + elapsed * policy.globalPerSecond)
        refilled = now
        guard tokens >= 1 else { return Int64(((1 - tokens) / policy.globalPerSecond * 1000).rounded(.up)) }
        tokens -= 1
        return nil
    }

    /// Records a wrong e-mail or password from an address.
    public mutating func failed(email: String, address: String, now: Int64) {
        forgetOld(now: now)
        let email = email.lowercased()
        pairs[Self.key(email, address), default: Failures(count: 0, last: now)].count += 1
        pairs[Self.key(email, address)]!.last = now
        addresses[address, default: Failures(count: 0, last: now)].count += 1
        addresses[address]!.last = now
    }

    /// Records a successful sign-in: the address and the pair start afresh.
    public mutating func succeeded(email: String, address: String) {
        pairs[Self.key(email.lowercased(), address)] = nil
        addresses[address] = nil
    }

    /// The wait still due for `failures` with `free` of them allowed.
    private func delay(_ failures: Failures, free: Int, now: Int64) -> Int64 {
        guard failures.count >= free else { return 0 }
        let doublings = min(failures.count - free, 30)
        let wait = min(policy.maxDelay, policy.firstDelay << Int64(doublings))
        return max(0, failures.last + wait - now)
    }

    /// Drops counters idle for `forgetAfter`, and the oldest past `maxEntries`.
    private mutating func forgetOld(now: Int64) {
        guard pairs.count + addresses.count >= policy.maxEntries else { return }
        let cutoff = now - policy.forgetAfter
        pairs = pairs.filter { $0.value.last > cutoff }
        addresses = addresses.filter { $0.value.last > cutoff }
        for table in [\SignInThrottle.pairs, \SignInThrottle.addresses] where self[keyPath: table].count > policy.maxEntries / 2 {
            let keep = self[keyPath: table].sorted { $0.value.last > $1.value.last }.prefix(policy.maxEntries / 2)
            self[keyPath: table] = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }

    private static func key(_ email: String, _ address: String) -> String { address + "\u{0}" + email }
}
