import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct UserSetEncodingTests {
    func roundTrip(_ set: UserSet) throws -> UserSet {
        try UserSet(encoded: set.encoded)
    }

    @Test func anEmptySetIsTheSparseKindByteAlone() throws {
        #expect(UserSet().encoded == [1])
        // Capacity does not matter: no member, no bytes.
        #expect(UserSet(capacity: 10_000).encoded == [1])
        #expect(try roundTrip(UserSet()).isEmpty)
        #expect(try UserSet(encoded: [1]) == UserSet())
        #expect(try UserSet(encoded: [0]) == UserSet())
    }

    @Test func aSparseSetIsVarintGapsBetweenIds() throws {
        let set = UserSet([3, 1000, 70_000])
        // Gaps 4 (from −1), 997, 69 000 as little-endian base-128 varints.
        #expect(set.encoded == [1, 4, 0xE5, 0x07, 0x88, 0x9B, 0x04])
        #expect(try roundTrip(set) == set)
        #expect(Array(try roundTrip(set)) == [3, 1000, 70_000])
        #expect(UserSet([0]).encoded == [1, 1])
        #expect(UserSet([0, 1, 2, 130]).encoded == [1, 1, 1, 1, 0x80, 0x01])
    }

    @Test func aDenseSetIsTheBitsetsWordsLittleEndian() throws {
        let all = UserSet(0..<10_000)
        let bytes = all.encoded
        #expect(bytes.first == 0)
        // 157 words of 8 bytes: 156 full words and 16 bits of the last.
        #expect(bytes.count == 1 + 157 * 8)
        #expect(bytes[1..<(1 + 156 * 8)].allSatisfy { $0 == 0xFF })
        #expect(Array(bytes.suffix(8)) == [0xFF, 0xFF, 0, 0, 0, 0, 0, 0])
        let back = try UserSet(encoded: bytes)
        #expect(back == all)
        #expect(back.count == 10_000)
        #expect(Array(back) == Array(0..<10_000))
        // One full word: 64 varint bytes would be longer than 8 bitset bytes.
        #expect(UserSet(0..<64).encoded == [0] + Array(repeating: 0xFF, count: 8))
        #expect(UserSet([1, 8]).encoded == [1, 2, 7])
    }

    @Test func theSmallerFormIsChosen() throws {
        // Every other id of 0..<128: 64 one-byte gaps… plus the kind byte; the bitset is 2 words.
        let everyOther = UserSet(stride(from: 0, to: 128, by: 2))
        #expect(everyOther.encoded.first == 0)
        #expect(everyOther.encoded.count == 17)
        #expect(try roundTrip(everyOther) == everyOther)
        // Every 100th id of 0..<10 000: 100 gaps of 1 byte against 157 words.
        let sparse = UserSet(stride(from: 0, to: 10_000, by: 100))
        #expect(sparse.encoded.first == 1)
        #expect(sparse.encoded.count == 101)
        #expect(try roundTrip(sparse) == sparse)
    }

    @Test func hugeIdsRoundTripAsVarints() throws {
        let set = UserSet([0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 30_000_000])
        let bytes = set.encoded
        #expect(bytes.first == 1)
        #expect(bytes.count < 30)
        #expect(try roundTrip(set) == set)
        #expect(Array(try roundTrip(set)) == [0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 30_000_000])
        // 2^21 = gap 2^21 + 1 from −1: three continuation bytes.
        #expect(Array(try UserSet(encoded: [1, 0x81, 0x80, 0x80, 0x01])) == [2_097_152])
    }

    @Test func randomSetsRoundTripWhateverTheirDensity() throws {
        var rng = SplitMix64(seed: 17)
        for size in [1, 10, 100, 1000, 5000] {
            for _ in 0..<5 {
                let set = UserSet((0..<size).map { _ in Int(rng.next() % 20_000) })
                let bytes = set.encoded
                #expect(try UserSet(encoded: bytes) == set, "size \(size)")
                // Never more than the bitset plus the kind byte.
                #expect(bytes.count <= 1 + set.words.count * 8)
            }
        }
    }

    @Test func damagedBytesThrow() {
        for bytes: [UInt8] in [
            [],                                        // nothing at all
            [2, 1, 2],                                 // unknown kind
            [0xFF],                                    // unknown kind
            [0, 1, 2, 3],                              // bitset not whole words
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],            // 9 bytes
            [1, 0x80],                                 // a varint cut short
            [1, 4, 0xE5],                              // a varint cut short after a whole one
            [1] + Array(repeating: 0xFF, count: 10),   // a varint longer than 63 bits
            [1, 0x00],                                 // a zero gap (an id below 0)
            [1] + Array(repeating: 0xFF, count: 8) + [0x7F],  // an id near 2^63
        ] {
            do {
                let set = try UserSet(encoded: bytes)
                Issue.record("read \(bytes) as \(Array(set))")
            } catch let error as StrataError {
                #expect(error.code == .unavailable, "\(bytes)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func encodingReadsFromAnyCollectionOfBytes() throws {
        let set = UserSet([5, 6, 700])
        let data = Data(set.encoded)
        #expect(try UserSet(encoded: data) == set)
        // A slice that does not start at index 0.
        let padded: [UInt8] = [9, 9] + set.encoded
        #expect(try UserSet(encoded: padded[2...]) == set)
    }
}
