/// A retention heat map: one row per cohort, one column per day (or week) since the cohort started, each cell
/// coloured by `ChartPalette.heat` from its fraction and labelled with the percentage when it is big enough;
/// an optional leading column gives each cohort's size.
///
///     HeatMap(rowLabels: ["07-01", "07-02"], columnLabels: ["Day 0", "Day 1", "Day 2"],
///             cells: [[1, 0.42, 0.3], [1, 0.39, nil]], sizes: [812, 790]).svg()
///
/// Cells are `<rect class="cell">` with a `<title>` "row · column: 42.0%". A `nil` cell (a day the cohort has
/// not reached yet) draws nothing. Rows are 14–28 pixels high, so the drawing is as tall as its rows need
/// rather than exactly `height`.
public struct HeatMap: Sendable, Equatable {
    /// The cohorts, top to bottom.
    public var rowLabels: [String]
    /// The periods, left to right ("Day 0", "第1天").
    public var columnLabels: [String]
    /// `cells[row][column]` as a fraction of the cohort (0…1), `nil` where not yet reached.
    public var cells: [[Double?]]
    /// Each cohort's size, shown in a leading column when given.
    public var sizes: [Int]?
    /// The heading of the sizes column ("Users", "人数").
    public var sizeHeader: String
    /// The heading over the row labels ("Cohort", "日期"); empty for none.
    public var rowHeader: String
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// The viewBox width.
    public var width: Double
    /// The viewBox height (a target, see the type's note).
    public var height: Double
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A heat map of `cells` with `rowLabels` down the left and `columnLabels` across the top.
    public init(rowLabels: [String], columnLabels: [String], cells: [[Double?]], sizes: [Int]? = nil,
                sizeHeader: String = "Users", rowHeader: String = "", title: String? = nil, width: Double = 720,
                height: Double = 280, emptyText: String = "No data") {
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
        self.sizes = sizes
        self.sizeHeader = sizeHeader
        self.rowHeader = rowHeader
        self.title = title
        self.width = width
        self.height = height
        self.emptyText = emptyText
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Heat map")
        let rows = rowLabels.count
        let columns = max(columnLabels.count, cells.prefix(rows).map(\.count).max() ?? 0)
        guard rows > 0, columns > 0 else { return writer.empty(emptyText) }
        let headerHeight = 20.0
        let rowHeight = min(max((writer.height - headerHeight - 2) / Double(rows), 14), 28)
        writer.height = headerHeight + rowHeight * Double(rows) + 2
        let labelWidth = min(([rowHeader] + rowLabels).map { ChartTextMetrics.width($0, size: 11) }.max()! + 12,
                             (writer.width * 0.25).rounded())
        let sizeLabels = sizes.map { sizes in
            (0..<rows).map { $0 < sizes.count ? ChartFormat.grouped(Double(sizes[$0])) : "" }
        }
        let sizeWidth = sizeLabels.map { labels in
            (([sizeHeader] + labels).map { ChartTextMetrics.width($0, size: 11) }.max() ?? 0) + 14
        } ?? 0
        let gridLeft = labelWidth + sizeWidth
        let cellWidth = (writer.width - gridLeft - 2) / Double(columns)
        func rowTop(_ row: Int) -> Double { headerHeight + rowHeight * Double(row) }

        // Headings: the row header, the sizes header, then column labels thinned to the room they have.
        writer.add("<g class=\"headers\" fill-opacity=\".7\">")
        if !rowHeader.isEmpty { writer.text(rowHeader, x: 2, y: 14, maxWidth: labelWidth - 8) }
        if sizeLabels != nil {
            writer.text(sizeHeader, x: gridLeft - 8, y: 14, anchor: .end, maxWidth: sizeWidth - 8)
        }
        let widest = (0..<columns).map { ChartTextMetrics.width(columnLabel($0), size: 11) }.max() ?? 0
        let every = max(1, Int(((widest + 6) / cellWidth).rounded(.up)))
        for column in stride(from: 0, to: columns, by: every) {
            writer.text(columnLabel(column), x: gridLeft + cellWidth * (Double(column) + 0.5), y: 14, anchor: .middle,
                        maxWidth: cellWidth * Double(every) - 4)
        }
        writer.add("</g>")
        writer.add("<g class=\"rows\">")
        for row in 0..<rows {
            writer.text(rowLabels[row], x: 2, y: rowTop(row) + rowHeight / 2 + 4, maxWidth: labelWidth - 8)
            if let sizeLabels {
                writer.text(sizeLabels[row], x: gridLeft - 8, y: rowTop(row) + rowHeight / 2 + 4, anchor: .end,
                            attributes: " fill-opacity=\".7\"")
            }
        }
        writer.add("</g>")

        let digits = cellWidth >= 40 ? 1 : 0
        let fontSize = min(11, rowHeight - 3)
        let showValues = rowHeight >= 14 && cellWidth >= ChartTextMetrics.width(digits == 1 ? "100.0%" : "100%",
                                                                               size: fontSize) + 4
        var rects = ""
        var values = SVGWriter(width: writer.width, height: writer.height, label: "")
        for row in 0..<rows {
            let cellsOfRow = row < cells.count ? cells[row] : []
            for column in 0..<min(columns, cellsOfRow.count) {
                guard let fraction = cellsOfRow[column], fraction.isFinite else { continue }
                let x = gridLeft + cellWidth * Double(column)
                rects += "<rect class=\"cell\" x=\"\(SVGWriter.n(x + 1))\" y=\"\(SVGWriter.n(rowTop(row) + 1))\""
                    + " width=\"\(SVGWriter.n(cellWidth - 2))\" height=\"\(SVGWriter.n(rowHeight - 2))\""
                    + " fill=\"\(ChartPalette.heat(fraction))\">"
                    + SVGWriter.title("\(rowLabels[row]) · \(columnLabel(column)): \(ChartFormat.percent(fraction))")
                    + "</rect>"
                if showValues {
                    values.text(ChartFormat.percent(fraction, digits: digits), x: x + cellWidth / 2,
                                y: rowTop(row) + rowHeight / 2 + fontSize * 0.35, anchor: .middle, size: fontSize,
                                attributes: " fill=\"\(ChartPalette.textColor(onHeat: fraction))\"")
                }
            }
        }
        writer.add("<g>" + rects + "</g>")
        if showValues { writer.add("<g class=\"values\">" + values.body + "</g>") }
        return writer.document()
    }

    private func columnLabel(_ column: Int) -> String {
        column < columnLabels.count ? columnLabels[column] : String(column)
    }
}
