/// Puts each user of a campaign's audience in the holdout control group or one of its variants,
/// by a hash of the campaign's name and the user's id: the same user always lands in the same
/// group, in every process and after every restart, and the groups' shares follow the holdout
/// share and the variants' weights.
public struct AudienceSplit: Sendable {
    /// Where a user lands.
    public enum Arm: Sendable, Equatable, Hashable {
        /// The control group: not reached, measured over the same window.
        case holdout
        /// The variant at this position.
        case variant(Int)
    }

    public let campaign: String
    public let holdoutShare: Double
    private let cumulativeWeights: [Int]

    /// A split for a campaign's holdout share and variant weights.
    public init(campaign: String, holdoutShare: Double, weights: [Int]) {
        self.campaign = campaign
        self.holdoutShare = holdoutShare
        var total = 0
        cumulativeWeights = weights.map { total += max(0, $0); return total }
    }

    /// A split for a campaign.
    public init(_ campaign: Campaign) {
        self.init(campaign: campaign.name, holdoutShare: campaign.holdoutShare, weights: campaign.variants.map(\.weight))
    }

    /// The group of a user, by their stable id (the known user id, else the anonymous id).
    public func arm(forUser key: String) -> Arm {
        if holdoutShare > 0 && Self.unit([campaign, "\u{1}holdout\u{1}", key]) < holdoutShare { return .holdout }
        return .variant(variant(forUser: key))
    }

    /// The variant a user gets when not held out (its own hash, independent of the holdout's).
    public func variant(forUser key: String) -> Int {
        guard let total = cumulativeWeights.last, total > 0 else { return 0 }
        let point = Int(Self.unit([campaign, "\u{1}variant\u{1}", key]) * Double(total))
        return cumulativeWeights.firstIndex { point < $0 } ?? cumulativeWeights.count - 1
    }

    /// A number in [0, 1) from a text: FNV-1a over its UTF-8 bytes, then the SplitMix64
    /// finaliser so that similar texts spread evenly.
    static func unit(_ text: String) -> Double { unit([text]) }

    /// The same number for texts written one after the other, without joining them.
    static func unit(_ parts: [String]) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
        }
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(1 << 53)
    }
}
