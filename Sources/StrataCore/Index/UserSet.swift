/// A set of users as a bitset over dense user ids: one bit per user, so a million users take
/// 125 KB and union, intersection and difference run a word (64 users) at a time.
public struct UserSet: Sendable, Equatable, Sequence {
    /// The bits, 64 users per word; user `u` is bit `u % 64` of word `u / 64`.
    public private(set) var words: [UInt64]

    /// An empty set that can hold users `0..<capacity` without growing.
    public init(capacity: Int = 0) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    /// The set whose bits are these words.
    public init(words: [UInt64]) {
        self.words = words
    }

    /// The set of the given users.
    public init<S: Sequence>(_ users: S) where S.Element == Int {
        self.init()
        for user in users { insert(user) }
    }

    /// Every user in `0..<count`.
    public static func all(_ count: Int) -> UserSet {
        var set = UserSet(capacity: count)
        for i in 0..<set.words.count { set.words[i] = ~0 }
        let extra = set.words.count * 64 - count
        if extra > 0 { set.words[set.words.count - 1] >>= UInt64(extra) }
        return set
    }

    /// Whether `user` is in the set.
    public func contains(_ user: Int) -> Bool {
        let w = user >> 6
        return w < words.count && words[w] & (1 << UInt64(user & 63)) != 0
    }

    /// Adds `user`, growing as needed.
    public mutating func insert(_ user: Int) {
        precondition(user >= 0, "user ids are non-negative")
        let w = user >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(user & 63)
    }

    /// Removes `user`.
    public mutating func remove(_ user: Int) {
        let w = user >> 6
        if w < words.count { words[w] &= ~(1 << UInt64(user & 63)) }
    }

    /// How many users are in the set.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Whether the set is empty.
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Users in both sets.
    public func intersection(_ other: UserSet) -> UserSet {
        var result = UserSet()
        let n = Swift.min(words.count, other.words.count)
        result.words = (0..<n).map { words[$0] & other.words[$0] }
        return result
    }

    /// How many users are in both sets, without building the intersection.
    public func intersectionCount(_ other: UserSet) -> Int {
        var count = 0
        for i in 0..<Swift.min(words.count, other.words.count) { count += (words[i] & other.words[i]).nonzeroBitCount }
        return count
    }

    /// Users in either set.
    public func union(_ other: UserSet) -> UserSet {
        var result = self
        result.formUnion(other)
        return result
    }

    /// Adds every user of `other`.
    public mutating func formUnion(_ other: UserSet) {
        if other.words.count > words.count {
            words.append(contentsOf: repeatElement(0, count: other.words.count - words.count))
        }
        for i in 0..<other.words.count { words[i] |= other.words[i] }
    }

    /// Users in this set and not in `other`.
    public func subtracting(_ other: UserSet) -> UserSet {
        var result = self
        for i in 0..<Swift.min(words.count, other.words.count) { result.words[i] &= ~other.words[i] }
        return result
    }

    /// Users of `universe` not in this set.
    public func complement(in universe: UserSet) -> UserSet {
        universe.subtracting(self)
    }

    /// The users in increasing id order.
    public func makeIterator() -> Iterator { Iterator(words: words) }

    /// Walks the set bits word by word.
    public struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var index = 0
        var current: UInt64 = 0

        init(words: [UInt64]) {
            self.words = words
            current = words.first ?? 0
        }

        public mutating func next() -> Int? {
            while current == 0 {
                index += 1
                guard index < words.count else { return nil }
                current = words[index]
            }
            let bit = current.trailingZeroBitCount
            current &= current - 1
            return index * 64 + bit
        }
    }

    public static func == (lhs: UserSet, rhs: UserSet) -> Bool {
        let n = Swift.max(lhs.words.count, rhs.words.count)
        for i in 0..<n where (i < lhs.words.count ? lhs.words[i] : 0) != (i < rhs.words.count ? rhs.words[i] : 0) {
            return false
        }
        return true
    }
}
