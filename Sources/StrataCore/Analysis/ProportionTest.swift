import Foundation

/// The two-proportion z-test: whether the share of "successes" in one group differs from the
/// share in another by more than chance would explain. Attribute lift compares a trait value's
/// users with everyone else; campaign results compare a variant with its holdout.
public struct ProportionTest: Sendable, Equatable {
    /// The z statistic (positive when group A's share is the larger; 0 when undefined).
    public var z: Double
    /// The two-sided p-value (1 when the test is undefined, such as an empty group).
    public var pValue: Double

    /// Tests `successesA` of `sizeA` against `successesB` of `sizeB`, with the pooled share's
    /// standard error.
    public init(successesA: Int, sizeA: Int, successesB: Int, sizeB: Int) {
        guard sizeA > 0, sizeB > 0 else {
            self.init(z: 0, pValue: 1)
            return
        }
        let a = Double(successesA) / Double(sizeA), b = Double(successesB) / Double(sizeB)
        let pooled = Double(successesA + successesB) / Double(sizeA + sizeB)
        let error = (pooled * (1 - pooled) * (1 / Double(sizeA) + 1 / Double(sizeB))).squareRoot()
        guard error > 0 else {
            self.init(z: 0, pValue: 1)
            return
        }
        let z = (a - b) / error
        self.init(z: z, pValue: Self.twoSidedP(z))
    }

    init(z: Double, pValue: Double) {
        self.z = z
        self.pValue = pValue
    }

    /// The two-sided p-value of a standard normal statistic.
    public static func twoSidedP(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }

    /// The upper-tail p-value of a chi-square statistic with `degrees` degrees of freedom:
    /// Q(k/2, x/2), the regularised upper incomplete gamma function, exact to about 1e-14
    /// relative and down to the smallest doubles (a p-value of 1e-48 is 1e-48, not 0).
    public static func chiSquareP(_ statistic: Double, degrees: Int) -> Double {
        guard degrees > 0, statistic > 0 else { return 1 }
        return upperGamma(Double(degrees) / 2, statistic / 2)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a): by its power series when x < a + 1 (where it converges fast),
    /// otherwise by its continued fraction (modified Lentz).
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefix = -x + a * log(x) - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h
    }
}
