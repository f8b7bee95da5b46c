/// The revenue (minor units) each distinct properties object of an index carries, read the
/// first time it is asked for: a scan over millions of events reads each object once.
struct PropertyRevenue {
    private static let unread = Int64.min, none = Int64.min + 1
    private var minor: [Int64]

    /// An empty cache for an index's properties.
    init(_ index: UserIndex) {
        minor = [Int64](repeating: Self.unread, count: index.properties.count)
    }

    /// The `revenue` property of properties object `p` in minor units, or `nil`.
    mutating func revenue(_ p: Int, in index: UserIndex) -> Int64? {
        if minor[p] == Self.unread {
            let value = index.properties[p]["revenue"].flatMap(SegmentEvaluator.number)
            // Ingestion refuses revenue outside ±1e13; anything else read here counts as none.
            minor[p] = value.flatMap { $0.isFinite && abs($0) < 1e13 ? Int64(($0 * 100).rounded()) : nil } ?? Self.none
        }
        return minor[p] == Self.none ? nil : minor[p]
    }
}
