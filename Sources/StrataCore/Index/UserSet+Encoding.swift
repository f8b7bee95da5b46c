extension UserSet {
    /// The set as compact bytes for durable snapshots: sparse sets as varint gaps between
    /// ids (about a byte a member), dense sets as the bitset's words, whichever is smaller.
    /// The first byte says which.
    public var encoded: [UInt8] {
        var gaps: [UInt8] = [1]
        var previous = -1
        let bitsetBytes = 1 + words.count * 8
        for u in self {
            var gap = UInt64(u - previous)
            previous = u
            while gap >= 0x80 {
                gaps.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            gaps.append(UInt8(gap))
            if gaps.count > bitsetBytes { break }
        }
        guard gaps.count > bitsetBytes else { return gaps }
        var bytes: [UInt8] = [0]
        bytes.reserveCapacity(bitsetBytes)
        for word in words {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return bytes
    }

    /// Reads bytes written by `encoded`.
    ///
    /// - Throws: `StrataError.unavailable` when the bytes are not such an encoding (a damaged snapshot).
    public init<Bytes: Collection>(encoded bytes: Bytes) throws where Bytes.Element == UInt8 {
        self.init()
        let damaged = StrataError(.unavailable, "A stored member set is damaged; take the snapshot again.")
        guard let kind = bytes.first else { throw damaged }
        let body = bytes.dropFirst()
        switch kind {
        case 0:
            guard body.count % 8 == 0, body.count <= Int(Int32.max) / 8 + 8 else { throw damaged }
            var words = [UInt64]()
            words.reserveCapacity(body.count / 8)
            var word: UInt64 = 0
            for (i, byte) in body.enumerated() {
                word |= UInt64(byte) << UInt64((i % 8) * 8)
                if i % 8 == 7 {
                    words.append(word)
                    word = 0
                }
            }
            self.init(words: words)
        case 1:
            var previous = -1
            var gap: UInt64 = 0
            var shift: UInt64 = 0
            for byte in body {
                guard shift < 63 else { throw damaged }
                gap |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 {
                    // Gaps are at least 1 and ids stay within Int32 (dense profile ids).
                    guard gap >= 1, gap <= UInt64(Int32.max), previous + Int(gap) <= Int(Int32.max) else { throw damaged }
                    previous += Int(gap)
                    insert(previous)
                    gap = 0
                    shift = 0
                } else {
                    shift += 7
                }
            }
            guard shift == 0 else { throw damaged }
        default:
            throw damaged
        }
    }
}
