/// Stacked vertical bars over x labels — a trend broken down by a property (active users per day by
/// channel, orders per week by city) — with a legend and each stack's total above it where it fits.
///
///     StackedBarChart(labels: weeks, stacks: [("iOS", ios), ("Android", android), ("Web", web)]).svg()
///
/// Each non-zero segment is a `<rect class="bar">` with a `<title>` "label · stack: value"; zero segments draw
/// nothing. Positive values stack upwards from zero, negative ones downwards.
public struct StackedBarChart: Sendable, Equatable {
    /// The x labels, one per stack of bars.
    public var labels: [String]
    /// The layers, bottom first; each has one value per label.
    public var stacks: [ChartSeries]
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// The viewBox width.
    public var width: Double
    /// The viewBox height.
    public var height: Double
    /// How values are printed.
    public var valueStyle: ChartValueStyle
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A stacked bar chart of `stacks` over `labels`.
    public init(labels: [String], stacks: [(name: String, values: [Double])], title: String? = nil,
                width: Double = 720, height: Double = 280, valueStyle: ChartValueStyle = .number,
                emptyText: String = "No data") {
        self.labels = labels
        self.stacks = stacks.map { ChartSeries(name: $0.name, values: $0.values) }
        self.title = title
        self.width = width
        self.height = height
        self.valueStyle = valueStyle
        self.emptyText = emptyText
    }

    private func value(_ stack: ChartSeries, _ index: Int) -> Double {
        index < stack.values.count && stack.values[index].isFinite ? stack.values[index] : 0
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Stacked bar chart")
        let count = labels.count
        guard count > 0, !stacks.isEmpty else { return writer.empty(emptyText) }
        let positive = (0..<count).map { index in stacks.reduce(0) { $0 + max(value($1, index), 0) } }
        let negative = (0..<count).map { index in stacks.reduce(0) { $0 + min(value($1, index), 0) } }
        let legend = ChartLegend(items: stacks.enumerated().map { ($1.name, ChartPalette.color($0)) },
                                 x: 8, y: 6, width: writer.width - 16)
        let frame = ChartFrame(width: writer.width, height: writer.height, top: 18 + legend.height,
                               minimum: negative.min() ?? 0, maximum: positive.max() ?? 0, style: valueStyle)
        let slot = frame.plotWidth / Double(count)
        let barWidth = min(slot * (slot >= 8 ? 0.72 : 0.9), 56)
        func center(_ index: Int) -> Double { frame.left + slot * (Double(index) + 0.5) }

        frame.drawGrid(into: &writer)
        frame.drawXLabels(labels, spacing: slot, maxShown: count <= 16 ? count : 8, into: &writer, x: center)
        legend.draw(into: &writer)
        var above = positive.map { _ in 0.0 }
        var below = negative.map { _ in 0.0 }
        for (stackIndex, stack) in stacks.enumerated() {
            var rects = ""
            for index in 0..<count {
                let v = value(stack, index)
                guard v != 0 else { continue }
                let start = v > 0 ? above[index] : below[index]
                let end = start + v
                if v > 0 { above[index] = end } else { below[index] = end }
                let top = min(frame.y(start), frame.y(end))
                rects += "<rect class=\"bar\" x=\"\(SVGWriter.n(center(index) - barWidth / 2))\""
                    + " y=\"\(SVGWriter.n(top))\" width=\"\(SVGWriter.n(barWidth))\""
                    + " height=\"\(SVGWriter.n(abs(frame.y(end) - frame.y(start))))\">"
                    + SVGWriter.title("\(labels[index]) · \(stack.name): \(valueStyle.full(v))") + "</rect>"
            }
            if !rects.isEmpty {
                writer.add("<g fill=\"\(ChartPalette.color(stackIndex))\">" + rects + "</g>")
            }
        }
        // Every stack's total or none, so a crowded chart does not label a random few.
        let totals = (0..<count).map { valueStyle.label(positive[$0] + negative[$0]) }
        if totals.allSatisfy({ ChartTextMetrics.width($0, size: 10) + 2 <= slot }) {
            writer.add("<g class=\"values\">")
            for index in 0..<count where positive[index] != 0 || negative[index] != 0 {
                writer.text(totals[index], x: center(index), y: frame.y(positive[index]) - 4, anchor: .middle,
                            size: 10)
            }
            writer.add("</g>")
        }
        return writer.document()
    }
}
