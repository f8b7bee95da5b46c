/// Generates realistic Segment messages for the demo: users acquired over a period through
/// several channels, shopping sessions that walk a funnel, purchases with revenue, users who go
/// silent, a few who come back, and anonymous visitors who identify on a later visit.
///
/// Deterministic for a seed, so the demo looks the same every time it is created.
public struct DemoDataGenerator: Sendable {
    /// How many users to create.
    public var users: Int
    /// How many days of history, ending at `end`.
    public var days: Int
    /// The end of the period (ms), normally now.
    public var end: Int64
    /// Random seed.
    public var seed: UInt64

    static let cities = ["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu", "Wuhan", "Nanjing",
                         "Xian", "Chongqing", "Suzhou", "Tianjin"]
    static let channels = ["organic", "wechat", "douyin", "app_store", "xiaohongshu", "baidu_sem", "referral",
                           "bilibili", "email"]
    static let categories = ["clothing", "electronics", "beauty", "food", "home", "books", "sports", "toys"]
    static let devices = ["iPhone", "Android", "WeChat Mini Program", "Web"]
    static let surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]

    /// Creates a generator.
    public init(users: Int = 5_000, days: Int = 90, end: Int64, seed: UInt64 = 2026) {
        self.users = users
        self.days = days
        self.end = end
        self.seed = seed
    }

    /// Calls `emit` with each message in time order per user (users interleaved in chunks).
    public func generate(_ emit: (JSONValue) throws -> Void) rethrows {
        var rng = SplitMix64(seed: seed)
        let dayMs: Int64 = 86_400_000
        let start = end - Int64(days) * dayMs
        var counter = 0
        for u in 0..<users {
            // Signups grow over the period.
            let signupDay = min(days - 1, Int(Double(days) * rng.nextDouble().squareRoot()))
            let channel = Self.channels[rng.weightedIndex([30, 22, 16, 10, 8, 6, 4, 2, 2])]
            let city = Self.cities[rng.weightedIndex([18, 16, 12, 10, 8, 8, 6, 6, 5, 5, 3, 3])]
            let device = Self.devices[rng.weightedIndex([40, 35, 15, 10])]
            let anonymous = rng.nextDouble() < 0.3
            let highValue = rng.nextDouble() < 0.12
            // Lifetime: many leave after the first days; some stay; a few return later.
            let lifetime = rng.nextDouble() < 0.45 ? 1 + Int(rng.next() % 3) : 7 + Int(rng.next() % 80)
            let returning = rng.nextDouble() < 0.06
            let activity = highValue ? 0.5 : 0.08 + rng.nextDouble() * 0.25
            var sessionDays: [Int] = [signupDay]
            for d in (signupDay + 1)..<min(days, signupDay + lifetime) where rng.nextDouble() < activity {
                sessionDays.append(d)
            }
            if returning, signupDay + lifetime + 20 < days {
                sessionDays.append(signupDay + lifetime + 20 + Int(rng.next() % UInt64(days - signupDay - lifetime - 20)))
            }
            let userId = "user_\(u + 1)"
            let anonymousId = "anon_\(u + 1)"
            var identified = false
            for (sessionIndex, day) in sessionDays.enumerated() {
                var t = start + Int64(day) * dayMs + Int64(8 + Int(rng.next() % 15)) * 3_600_000
                    + Int64(rng.next() % 3_600_000)
                if t >= end { t = end - Int64(rng.next() % 3_600_000) - 1 }
                func message(_ fields: [String: JSONValue]) -> JSONValue {
                    counter += 1
                    var body = fields
                    body["messageId"] = .string("demo-\(seed)-\(counter)")
                    body["timestamp"] = .string(Timestamp.format(t))
                    if identified { body["userId"] = .string(userId) }
                    if anonymous || !identified { body["anonymousId"] = .string(anonymousId) }
                    var context: [String: JSONValue] = [
                        "device": .object(["type": .string(device)]), "location": .object(["city": .string(city)]),
                        "library": .object(["name": "strata-demo", "version": "1.0"]),
                    ]
                    if sessionIndex == 0 { context["campaign"] = .object(["source": .string(channel)]) }
                    body["context"] = .object(context)
                    t += 5_000 + Int64(rng.next() % 60_000)
                    return .object(body)
                }
                if !identified && (!anonymous || sessionIndex >= 1) {
                    identified = true
                    let name = Self.surnames[Int(rng.next() % UInt64(Self.surnames.count))] + " \(u + 1)"
                    try emit(message([
                        "type": "identify",
                        "traits": .object([
                            "name": .string(name), "email": .string("\(userId)@example.com"),
                            "phone": .string("+86138\(String(10_000_000 + u).suffix(8))"),
                            "gender": .string(["female", "male", "unknown"][rng.weightedIndex([48, 44, 8])]),
                            "birth_year": .number(Double(1965 + Int(rng.next() % 42))), "city": .string(city),
                            "channel": .string(channel), "vip": .bool(highValue),
                            "email_opt_in": .bool(rng.nextDouble() < 0.7),
                        ]),
                    ]))
                }
                try emit(message(["type": "track", "event": "app_open"]))
                if device == "Web" {
                    try emit(message(["type": "page", "name": "Home", "properties": .object(["path": "/"])]))
                }
                if rng.nextDouble() < 0.3 {
                    try emit(message(["type": "track", "event": "search",
                                      "properties": .object(["query": .string(Self.categories[Int(rng.next() % 8)])])]))
                }
                let category = Self.categories[rng.weightedIndex([20, 16, 14, 12, 10, 10, 10, 8])]
                let views = 1 + Int(rng.next() % (highValue ? 8 : 5))
                for _ in 0..<views {
                    try emit(message(["type": "track", "event": "view_item",
                                      "properties": .object(["category": .string(category),
                                                             "item_id": .string("sku_\(rng.next() % 500)")])]))
                }
                let buyBias = highValue ? 0.5 : 0.15
                guard rng.nextDouble() < min(0.1 * Double(views), 0.6) + buyBias * 0.3 else { continue }
                try emit(message(["type": "track", "event": "add_to_cart",
                                  "properties": .object(["category": .string(category)])]))
                guard rng.nextDouble() < 0.6 else { continue }
                try emit(message(["type": "track", "event": "checkout",
                                  "properties": .object(["category": .string(category)])]))
                guard rng.nextDouble() < 0.7 + buyBias * 0.4 else { continue }
                let revenue = (Double(20 + rng.next() % (highValue ? 900 : 300)) + Double(rng.next() % 100) / 100)
                try emit(message(["type": "track", "event": "purchase",
                                  "properties": .object(["category": .string(category), "revenue": .number(revenue),
                                                         "currency": "CNY"])]))
                if rng.nextDouble() < 0.15 {
                    try emit(message(["type": "track", "event": "share",
                                      "properties": .object(["channel": "wechat"])]))
                }
            }
        }
    }
}

/// A small, fast, seedable random generator (SplitMix64), so generated data is reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }

    /// An index drawn with the given relative weights.
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var r = nextDouble() * total
        for (i, w) in weights.enumerated() {
            r -= w
            if r < 0 { return i }
        }
        return weights.count - 1
    }
}
