/// A report as a table of text, for the CLI's `table` and `csv` formats.
public struct ReportTable: Sendable, Equatable {
    /// Column names.
    public var headers: [String]
    /// Rows, each as long as `headers`.
    public var rows: [[String]]

    /// Creates a table.
    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// RFC 4180 CSV with a header line.
    public var csv: String {
        ([headers] + rows).map { $0.map(MemberExport.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// Whether a character takes two terminal columns (CJK, Hangul, full-width forms).
    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || v >= 0x20000
    }

    /// Aligned columns for a terminal (CJK characters count as two columns).
    public var text: String {
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + (Self.isWide($1.value) ? 2 : 1) } }
        let all = [headers] + rows
        let widths = headers.indices.map { c in all.map { width($0[c]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - width(cell)) }
                .joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

/// Number formatting shared by the report tables.
enum ReportFormat {
    static func percent(_ value: Double) -> String {
        let tenths = (value * 1000).rounded() / 10
        return "\(tenths)%"
    }

    static func duration(_ ms: Int64?) -> String {
        guard let ms else { return "" }
        let seconds = ms / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(seconds % 60 > 0 ? " \(seconds % 60)s" : "")" }
        if seconds < 86_400 { return "\(seconds / 3600)h\(seconds % 3600 / 60 > 0 ? " \(seconds % 3600 / 60)m" : "")" }
        return "\(seconds / 86_400)d\(seconds % 86_400 / 3600 > 0 ? " \(seconds % 86_400 / 3600)h" : "")"
    }

    static func rate(_ value: Double) -> JSONValue { .number((value * 10_000).rounded() / 10_000) }

    static func rate(_ value: Double?) -> JSONValue { value.map(rate) ?? .null }

    static func percent(_ value: Double?) -> String { value.map(percent) ?? "" }

    /// Minor units as major units with two decimals (`1234.5` → `12.35`).
    static func money(_ minor: Double?) -> String {
        guard let minor else { return "" }
        return String(format: "%.2f", minor / 100)
    }

    /// Minor units as a JSON number of major units, rounded to cents.
    static func moneyJSON(_ minor: Double?) -> JSONValue {
        minor.map { .number(($0).rounded() / 100) } ?? .null
    }
}
