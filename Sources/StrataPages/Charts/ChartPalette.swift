import Foundation

/// The dashboard's chart colours: a categorical palette that stays distinguishable for colour-blind readers,
/// and a light-to-deep-blue scale for heat maps.
public enum ChartPalette {
    /// Ten categorical colours: Okabe–Ito's colour-blind-safe set (blue, orange, green, vermillion, purple,
    /// sky), then darker hues for series 7–9, with yellow last because it is weakest on white.
    public static let categorical: [String] = [
        "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7",
        "#56b4e9", "#6a3d9a", "#8c6d31", "#5c6b73", "#f0e442",
    ]

    /// The colour of the `index`-th series, cycling through `categorical` when there are more series.
    public static func color(_ index: Int) -> String {
        let count = categorical.count
        return categorical[((index % count) + count) % count]
    }

    /// ColorBrewer's "Blues", light to deep.
    private static let heatStops: [(Double, Double, Double)] = [
        (247, 251, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214),
        (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107),
    ]

    /// The heat-map colour of a fraction (clamped to 0…1): `heat(0)` is `"#f7fbff"`, `heat(1)` is `"#08306b"`.
    public static func heat(_ fraction: Double) -> String {
        let (red, green, blue) = heatRGB(fraction)
        return hex(red, green, blue)
    }

    /// Text colour readable on `heat(fraction)`: near-black on the light end, white on the deep end.
    public static func textColor(onHeat fraction: Double) -> String {
        let (red, green, blue) = heatRGB(fraction)
        let background = luminance(red, green, blue)
        let dark = luminance(26, 26, 26)
        // Contrast ratios against white (luminance 1) and the dark text; pick the larger.
        return (1.05 / (background + 0.05)) >= ((background + 0.05) / (dark + 0.05)) ? "#fff" : "#1a1a1a"
    }

    private static func heatRGB(_ fraction: Double) -> (Double, Double, Double) {
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let position = clamped * Double(heatStops.count - 1)
        let index = min(Int(position), heatStops.count - 2)
        let t = position - Double(index)
        let (a, b) = (heatStops[index], heatStops[index + 1])
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
    }

    private static func hex(_ red: Double, _ green: Double, _ blue: Double) -> String {
        let digits = Array("0123456789abcdef")
        var out = "#"
        for channel in [red, green, blue] {
            let value = Int(min(max(channel.rounded(), 0), 255))
            out.append(digits[value / 16])
            out.append(digits[value % 16])
        }
        return out
    }

    /// WCAG relative luminance of an sRGB colour given as 0…255 channels.
    private static func luminance(_ red: Double, _ green: Double, _ blue: Double) -> Double {
        func linear(_ channel: Double) -> Double {
            let c = channel / 255
            return c <= 0.039_28 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }
}
