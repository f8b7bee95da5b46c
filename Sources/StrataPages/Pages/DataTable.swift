/// A table of text cells, some of them links or numbers (right-aligned), with a text for when
/// there are no rows.
public struct DataTable: Sendable {
    public var headers: [String]
    public var rows: [Row]
    public var empty: String?
    /// Shown under the table (paging, totals).
    public var footer: [Page.Link]

    /// Creates a table; `empty` is shown when there are no rows.
    public init(headers: [String], rows: [Row], empty: String? = nil, footer: [Page.Link] = []) {
        self.headers = headers
        self.rows = rows
        self.empty = rows.isEmpty ? empty : nil
        self.footer = footer
    }

    /// One row.
    public struct Row: Sendable {
        public var cells: [Cell]
        /// Creates a row.
        public init(_ cells: [Cell]) { self.cells = cells }
        /// A row of plain texts; texts that read as numbers are right-aligned.
        public init(texts: [String]) { self.cells = texts.map { Cell($0) } }
    }

    /// One cell.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var href: String?
        public var numeric: Bool
        /// Creates a cell; numbers (and percentages) are right-aligned unless `numeric` says otherwise.
        public init(_ text: String, href: String? = nil, numeric: Bool? = nil) {
            self.text = text
            self.href = href
            self.numeric = numeric ?? Self.looksNumeric(text)
        }

        /// A cell from a literal.
        public init(stringLiteral value: String) { self.init(value) }

        static func looksNumeric(_ text: String) -> Bool {
            guard let first = text.first, first.isNumber || first == "-" || first == "+" else { return false }
            return text.allSatisfy { $0.isNumber || ".,%-+ ×".contains($0) } && text.contains(where: \.isNumber)
        }
    }
}
