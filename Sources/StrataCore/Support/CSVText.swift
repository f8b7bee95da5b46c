/// Reading the CSV files operations staff export from spreadsheets: a byte-order mark first,
/// `\r\n` or `\n` line ends, fields quoted with `"` when they hold commas (`""` inside quotes
/// is one quote). A quoted field does not span lines.
public enum CSVText {
    /// The longest line read, in characters; uploads are lists and small tables.
    public static let maxLineLength = 65_536
    /// The most fields a line may have.
    public static let maxFields = 1_000

    /// The text's lines with their 1-based numbers, without the byte-order mark, line ends and
    /// blank lines; each line checked against `maxLineLength` and `maxFields`.
    ///
    /// - Throws: `StrataError.invalidField` (field `csv`) naming the first line past a limit.
    public static func checkedLines(_ text: String) throws -> [(number: Int, line: Substring)] {
        let result = lines(text)
        for (number, line) in result {
            guard line.utf8.count <= maxLineLength else {
                throw StrataError(.invalidField, "Line \(number) is longer than \(maxLineLength) bytes; "
                    + "a line holds one row of the file.", field: "csv")
            }
            guard line.utf8.lazy.filter({ $0 == UInt8(ascii: ",") }).count < maxFields else {
                throw StrataError(.invalidField, "Line \(number) has more than \(maxFields) fields.", field: "csv")
            }
        }
        return result
    }

    /// The text's lines with their 1-based numbers, without the byte-order mark, line ends and
    /// blank lines.
    public static func lines(_ text: String) -> [(number: Int, line: Substring)] {
        let text = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var result: [(Int, Substring)] = []
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated()
        {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if !line.allSatisfy(\.isWhitespace) { result.append((i + 1, line)) }
        }
        return result
    }

    /// The fields of one line, unquoted (`"a,b"` → `a,b`, `""` inside quotes → `"`).
    public static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false, atStart = true
        var rest = line[...]
        while let c = rest.first {
            rest = rest.dropFirst()
            if quoted {
                if c == "\"" {
                    if rest.first == "\"" {
                        field.append("\"")
                        rest = rest.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" && atStart {
                quoted = true
                atStart = false
            } else if c == "," {
                fields.append(field)
                field = ""
                atStart = true
            } else {
                field.append(c)
                atStart = false
            }
        }
        fields.append(field)
        return fields
    }
}
