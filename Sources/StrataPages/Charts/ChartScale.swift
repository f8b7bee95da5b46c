import Foundation

/// Axis ticks at round numbers (multiples of 1, 2, 2.5 or 5 times a power of ten), so readers can interpolate
/// between grid lines at a glance.
public enum ChartScale {
    /// Ticks from 0 up to at least `max`, about `count` intervals apart: `niceTicks(max: 87)` is
    /// `[0, 20, 40, 60, 80, 100]`. A `max` of 0 or less gives ticks up to 1, so empty series still get an axis.
    public static func niceTicks(max: Double, count: Int = 5) -> [Double] {
        niceTicks(min: 0, max: max, count: count)
    }

    /// Ticks covering `min...max`, about `count` intervals apart, starting and ending on a tick; used when
    /// values go below zero (`niceTicks(min: -30, max: 87)` is `[-50, -25, 0, …, 100]`).
    public static func niceTicks(min: Double, max: Double, count: Int = 5) -> [Double] {
        var low = min.isFinite ? min : 0
        var high = max.isFinite ? max : 0
        if low > high { swap(&low, &high) }
        if low == high {
            if high > 0 { low = 0 } else if high < 0 { high = 0 } else { high = 1 }
        }
        let raw = (high - low) / Double(Swift.max(count, 1))
        var exponent = Int(floor(log10(raw)))
        let residual = raw / pow(10, Double(exponent))
        // The step is mantissa × 10^(exponent − 1) with an integer mantissa, so every tick is an integer
        // times an exact power of ten: 0.6, not 0.6000000000000001.
        let mantissa: Double
        switch residual {
        case ...1.000_000_001: mantissa = 10
        case ...2.000_000_001: mantissa = 20
        case ...2.500_000_001: mantissa = 25
        case ...5.000_000_001: mantissa = 50
        default: mantissa = 100
        }
        exponent -= 1
        let power = pow(10, Double(abs(exponent)))
        func tick(_ k: Double) -> Double { exponent >= 0 ? k * mantissa * power : k * mantissa / power }
        let step = tick(1)
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        return stride(from: first, through: last, by: 1).map { tick($0) == 0 ? 0 : tick($0) }
    }
}
