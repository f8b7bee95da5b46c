/// Break points suggested from a metric's distribution curve (share of users vs. value), for
/// scoring RFM and other metrics by thresholds that fit the data rather than by fixed quantiles:
/// Jenks natural breaks (Fisher's exact one-dimensional k-means) over a histogram of the values,
/// which puts the cuts where the curve has gaps and bends.
public enum NaturalBreaks {
    /// One point of the distribution curve: the share of users whose value is at most `value`.
    public struct CurvePoint: Sendable, Equatable {
        /// The metric's value.
        public var value: Double
        /// Share of users (0…1) at or below it.
        public var share: Double
    }

    /// The cumulative distribution at `points` evenly spaced shares (nearest rank).
    public static func curve(_ values: [Double], points: Int = 20) -> [CurvePoint] {
        guard !values.isEmpty, points > 0 else { return [] }
        let sorted = values.sorted()
        return (1...points).map { i in
            let share = Double(i) / Double(points)
            let rank = min(sorted.count - 1, max(0, Int((Double(sorted.count) * share).rounded(.up)) - 1))
            return CurvePoint(value: sorted[rank], share: share)
        }
    }

    /// `classes − 1` ascending break points: a value above the k-th break point is in class k+1.
    /// Fewer come back when the data has fewer distinct values.
    public static func suggest(_ values: [Double], classes: Int = 5, bins: Int = 256) -> [Double] {
        guard classes > 1, !values.isEmpty else { return [] }
        // Histogram: every distinct value when there are few, else equal-count bins.
        let sorted = values.sorted()
        var centers: [Double] = [], weights: [Double] = [], uppers: [Double] = []
        var i = 0
        let binSize = max(1, sorted.count / bins)
        while i < sorted.count {
            var j = min(sorted.count, i + binSize)
            while j < sorted.count && sorted[j] == sorted[j - 1] { j += 1 }
            let slice = sorted[i..<j]
            centers.append(slice.reduce(0, +) / Double(slice.count))
            weights.append(Double(slice.count))
            uppers.append(sorted[j - 1])
            i = j
        }
        let n = centers.count
        let k = min(classes, n)
        guard k > 1 else { return [] }
        // Prefix sums for the weighted within-class variance of centers[a...b].
        var w = [0.0], wx = [0.0], wxx = [0.0]
        for t in 0..<n {
            w.append(w[t] + weights[t])
            wx.append(wx[t] + weights[t] * centers[t])
            wxx.append(wxx[t] + weights[t] * centers[t] * centers[t])
        }
        func cost(_ a: Int, _ b: Int) -> Double {
            let sw = w[b + 1] - w[a], sx = wx[b + 1] - wx[a]
            return (wxx[b + 1] - wxx[a]) - sx * sx / sw
        }
        // best[c][b]: least cost of splitting 0...b into c+1 classes; split[c][b]: where the last starts.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: k)
        var split = [[Int]](repeating: [Int](repeating: 0, count: n), count: k)
        for b in 0..<n { best[0][b] = cost(0, b) }
        for c in 1..<k {
            for b in c..<n {
                for a in c...b {
                    let value = best[c - 1][a - 1] + cost(a, b)
                    if value < best[c][b] {
                        best[c][b] = value
                        split[c][b] = a
                    }
                }
            }
        }
        var breaks: [Double] = []
        var b = n - 1
        for c in stride(from: k - 1, through: 1, by: -1) {
            let a = split[c][b]
            breaks.append(uppers[a - 1])
            b = a - 1
        }
        return breaks.reversed()
    }
}
