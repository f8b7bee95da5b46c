/// Estimated text widths, so charts can lay out labels and shorten the long ones without a font engine.
/// The page's font is unknown (charts inherit it), so estimates lean wide.
enum ChartTextMetrics {
    /// The estimated width of `text` at `size` pixels.
    static func width(_ text: String, size: Double) -> Double {
        text.reduce(0) { $0 + em($1) } * size
    }

    /// `text` shortened with "…" to fit `maxWidth`, or `text` itself when it fits.
    static func truncate(_ text: String, maxWidth: Double, size: Double) -> String {
        guard width(text, size: size) > maxWidth else { return text }
        let budget = maxWidth / size - em("…")
        var used = 0.0
        var kept = ""
        for character in text {
            used += em(character)
            if used > budget { break }
            kept.append(character)
        }
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return kept + "…"
    }

    /// A character's advance in ems: CJK, fullwidth forms and emoji are square, Latin glyphs about half.
    private static func em(_ character: Character) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1FAFF, 0x20000...0x3FFFD:
            return 1
        default:
            break
        }
        switch character {
        case "i", "j", "l", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", "[", "]", " ": return 0.3
        case "f", "r", "t", "-": return 0.4
        case "m", "w", "M", "W", "@", "%": return 0.88
        case "0"..."9": return 0.58
        default: return character.isUppercase ? 0.68 : 0.57
        }
    }
}
