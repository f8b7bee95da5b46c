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

    /// The upper-tail p-value of a chi-square statistic with `degrees` degrees of freedom, by
    /// the Wilson–Hilferty normal approximation (good to about three digits from 3 degrees on).
    public static func chiSquareP(_ statistic: Double, degrees: Int) -> Double {
        guard degrees > 0, statistic > 0 else { return 1 }
        let k = Double(degrees)
        let z = (pow(statistic / k, 1.0 / 3) - (1 - 2 / (9 * k))) / (2 / (9 * k)).squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }
}
