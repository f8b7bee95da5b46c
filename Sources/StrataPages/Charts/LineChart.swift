/// A line chart of one or more series over shared x labels — daily active users, events per day — drawn as
/// inline SVG with a nice-number y axis, thinned x labels, a legend for several series, and tooltips.
///
///     let chart = LineChart(labels: days, series: [("DAU", dau), ("New users", newUsers)], title: "Active users")
///     html += chart.svg()
///
/// Points are small circles (`class="point"`) with a `<title>` "label: value" while they are at least 12
/// pixels apart; denser charts (90 days) draw no dots and give each day an invisible column (a `<path>` in
/// `<g class="hover">`) whose tooltip lists every series, which keeps a 90-day, 3-series chart near 14 KB.
public struct LineChart: Sendable, Equatable {
    /// The x labels, one per value (dates, usually).
    public var labels: [String]
    /// The lines; values beyond `labels.count` are ignored, missing or non-finite values leave a gap.
    public var series: [ChartSeries]
    /// The chart's accessible name (`<title>` and `aria-label`); the page draws any visible heading.
    public var title: String?
    /// The viewBox width; the SVG itself scales to its container.
    public var width: Double
    /// The viewBox height.
    public var height: Double
    /// How values are printed on the axis and in tooltips.
    public var valueStyle: ChartValueStyle
    /// What to show when there is nothing to draw ("No data", "暂无数据").
    public var emptyText: String

    /// A line chart of `series` over `labels`.
    public init(labels: [String], series: [(name: String, values: [Double])], title: String? = nil,
                width: Double = 720, height: Double = 280, valueStyle: ChartValueStyle = .number,
                emptyText: String = "No data") {
        self.labels = labels
        self.series = series.map { ChartSeries(name: $0.name, values: $0.values) }
        self.title = title
        self.width = width
        self.height = height
        self.valueStyle = valueStyle
        self.emptyText = emptyText
    }

    /// The chart as one `<svg>` element, ready to place in a page.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Line chart")
        let count = labels.count
        let values = series.flatMap { $0.values.prefix(count) }.filter(\.isFinite)
        guard count > 0, let lowest = values.min(), let highest = values.max() else {
            return writer.empty(emptyText)
        }
        let several = series.count > 1
        let legend = ChartLegend(items: several ? series.enumerated().map { ($1.name, ChartPalette.color($0)) } : [],
                                 x: 8, y: 6, width: writer.width - 16)
        let frame = ChartFrame(width: writer.width, height: writer.height, top: 14 + legend.height,
                               minimum: min(0, lowest), maximum: max(0, highest), style: valueStyle)
        let spacing = count > 1 ? frame.plotWidth / Double(count - 1) : frame.plotWidth
        func x(_ index: Int) -> Double {
            count > 1 ? frame.left + Double(index) * spacing : frame.left + frame.plotWidth / 2
        }
        func value(_ line: ChartSeries, _ index: Int) -> Double? {
            index >= 0 && index < line.values.count && line.values[index].isFinite ? line.values[index] : nil
        }

        frame.drawGrid(into: &writer)
        frame.drawXLabels(labels, spacing: spacing, maxShown: 8, into: &writer, x: x)
        legend.draw(into: &writer)

        let dots = count == 1 || spacing >= 12
        writer.add("<g fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\">")
        for (seriesIndex, line) in series.enumerated() {
            var runs: [[String]] = [[]]
            for index in 0..<count {
                if let v = value(line, index) {
                    runs[runs.count - 1].append(SVGWriter.n(x(index)) + "," + SVGWriter.n(frame.y(v)))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            for run in runs where run.count > 1 {
                writer.add("<polyline class=\"line\" points=\"\(run.joined(separator: " "))\""
                    + " stroke=\"\(ChartPalette.color(seriesIndex))\"/>")
            }
        }
        writer.add("</g>")

        for (seriesIndex, line) in series.enumerated() {
            // Dots with tooltips; in a dense chart only the points with no neighbour, which no line shows.
            var markup = ""
            for index in 0..<count {
                guard let v = value(line, index) else { continue }
                let isolated = value(line, index - 1) == nil && value(line, index + 1) == nil
                guard dots || isolated else { continue }
                let tip = several ? "\(labels[index]) · \(line.name): \(valueStyle.full(v))"
                    : "\(labels[index]): \(valueStyle.full(v))"
                markup += "<circle class=\"point\" cx=\"\(SVGWriter.n(x(index)))\" cy=\"\(SVGWriter.n(frame.y(v)))\""
                    + " r=\"\(dots ? "2.5" : "1.5")\">" + SVGWriter.title(tip) + "</circle>"
            }
            if !markup.isEmpty {
                writer.add("<g fill=\"\(ChartPalette.color(seriesIndex))\">" + markup + "</g>")
            }
        }

        if !dots {
            // Invisible vertical strokes one column wide: the cheapest hover target per day.
            writer.add("<g class=\"hover\" opacity=\"0\" stroke=\"#000\" stroke-width=\"\(SVGWriter.n(spacing))\">")
            let column = "\(SVGWriter.n(frame.top))v\(SVGWriter.n(frame.plotHeight))"
            for index in 0..<count {
                var tip = labels[index]
                if several {
                    for line in series {
                        tip += "\n\(line.name): " + (value(line, index).map(valueStyle.full) ?? "–")
                    }
                } else {
                    tip += ": " + (value(series[0], index).map(valueStyle.full) ?? "–")
                }
                writer.add("<path d=\"M\(SVGWriter.n(x(index))) \(column)\">" + SVGWriter.title(tip) + "</path>")
            }
            writer.add("</g>")
        }
        return writer.document()
    }
}
