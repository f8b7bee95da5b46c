/// A row (wrapping to more rows) of colour swatches and series names above a chart.
struct ChartLegend {
    static let rowHeight = 16.0
    static let maxNameWidth = 160.0

    let items: [(name: String, color: String)]
    private var positions: [(x: Double, y: Double)] = []
    /// The vertical space the legend takes, 0 when it has no items.
    private(set) var height = 0.0

    /// Lays the items out left to right from (`x`, `y`), wrapping before `x + width`.
    init(items: [(name: String, color: String)], x: Double, y: Double, width: Double) {
        self.items = items
        var cursor = x
        var row = 0.0
        for item in items {
            let itemWidth = 14 + Swift.min(ChartTextMetrics.width(item.name, size: 11), Self.maxNameWidth) + 14
            if cursor > x, cursor + itemWidth > x + width {
                cursor = x
                row += 1
            }
            positions.append((cursor, y + row * Self.rowHeight))
            cursor += itemWidth
        }
        height = items.isEmpty ? 0 : (row + 1) * Self.rowHeight + 4
    }

    func draw(into writer: inout SVGWriter) {
        guard !items.isEmpty else { return }
        writer.add("<g class=\"legend\">")
        for (item, position) in zip(items, positions) {
            writer.add("<rect x=\"\(SVGWriter.n(position.x))\" y=\"\(SVGWriter.n(position.y + 1))\" width=\"10\""
                + " height=\"10\" rx=\"2\" fill=\"\(item.color)\"/>")
            writer.text(item.name, x: position.x + 14, y: position.y + 10, maxWidth: Self.maxNameWidth)
        }
        writer.add("</g>")
    }
}
