import Foundation

/// Number labels for charts: short enough for an axis, with no exponents and no locale surprises, so the same
/// data always prints the same text.
public enum ChartFormat {
    /// A count as a short label: `1234` → `"1,234"`, `12_345` → `"12.3K"`, `1_250_000` → `"1.25M"`, then `B`
    /// and `T`; below 10,000 the number is printed in full with grouping and at most two decimals.
    public static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude < 10_000 {
            return decimal(value, maxDigits: magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0, grouping: true)
        }
        let units: [(scale: Double, suffix: String)] = [(1e3, "K"), (1e6, "M"), (1e9, "B"), (1e12, "T")]
        var index = units.lastIndex { magnitude >= $0.scale } ?? 0
        var scaled = magnitude / units[index].scale
        var digits = significantDigits(scaled)
        let factor = pow(10, Double(digits))
        if (scaled * factor).rounded() / factor >= 1000, index < units.count - 1 {
            // 999,999 rounds to "1000K": say "1M" instead.
            index += 1
            scaled = magnitude / units[index].scale
            digits = significantDigits(scaled)
        }
        let sign = value < 0 ? "-" : ""
        return sign + decimal(scaled, maxDigits: digits, grouping: true) + units[index].suffix
    }

    /// A number in full with thousands separators and at most `maxDigits` decimals (trailing zeros dropped):
    /// `1234567.891` → `"1,234,567.89"`; for tooltips, where there is room for every digit.
    public static func grouped(_ value: Double, maxDigits: Int = 2) -> String {
        guard value.isFinite else { return "–" }
        return decimal(value, maxDigits: maxDigits, grouping: true)
    }

    /// A fraction as a percentage with a fixed number of decimals: `0.1234` → `"12.3%"`, `1` → `"100.0%"`.
    public static func percent(_ fraction: Double, digits: Int = 1) -> String {
        guard fraction.isFinite else { return "–" }
        return decimal(fraction * 100, maxDigits: digits, fixed: true) + "%"
    }

    /// Decimals that keep about three significant digits: 1.25, 12.5, 125.
    private static func significantDigits(_ value: Double) -> Int {
        value < 10 ? 2 : value < 100 ? 1 : 0
    }

    /// `value` rounded to `maxDigits` decimals in plain notation (never `1e-05`), `-0` printed as `0`; trailing
    /// zeros are dropped unless `fixed`.
    static func decimal(_ value: Double, maxDigits: Int, grouping: Bool = false, fixed: Bool = false) -> String {
        guard value.isFinite else { return "0" }
        let digits = min(max(maxDigits, 0), 6)
        let factor = pow(10, Double(digits))
        let scaled = (abs(value) * factor).rounded()
        var whole: String
        var fraction: String
        if scaled < 9e15 {
            let units = UInt64(scaled)
            let base = UInt64(factor)
            whole = String(units / base)
            fraction = digits > 0 ? String(units % base) : ""
            if digits > 0 { fraction = String(repeating: "0", count: digits - fraction.count) + fraction }
        } else {
            // Beyond 2^53 there are no decimals left to print.
            whole = String(format: "%.0f", abs(value).rounded())
            fraction = fixed && digits > 0 ? String(repeating: "0", count: digits) : ""
        }
        if !fixed {
            while fraction.last == "0" { fraction.removeLast() }
        }
        if grouping, whole.count > 3 {
            var groupedWhole = ""
            for (offset, character) in whole.enumerated() {
                if offset > 0, (whole.count - offset) % 3 == 0 { groupedWhole.append(",") }
                groupedWhole.append(character)
            }
            whole = groupedWhole
        }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}
