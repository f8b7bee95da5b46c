/// A bar chart of one value per label — users per channel, revenue per product — with the value printed on
/// each bar where it fits. Vertical by default; `horizontal` suits many or long (Chinese) labels.
///
///     BarChart(labels: ["微信", "短信", "邮件"], values: [1200, 830, 95], title: "触达人数",
///              horizontal: true).svg()
///
/// Bars are `<rect class="bar">` with a `<title>` "label: value". Negative values hang below (or left of) a
/// zero line in `negativeColor`. A horizontal chart gives each row 16–32 pixels, so its drawing is as tall as
/// its rows need rather than exactly `height`.
public struct BarChart: Sendable, Equatable {
    /// One label per bar.
    public var labels: [String]
    /// One value per label; a missing or non-finite value draws no bar.
    public var values: [Double]
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// Bars grow rightwards from labels on the left instead of upwards from labels below.
    public var horizontal: Bool
    /// The viewBox width.
    public var width: Double
    /// The viewBox height (a target for horizontal charts, see the type's note).
    public var height: Double
    /// How values are printed.
    public var valueStyle: ChartValueStyle
    /// The colour of bars at or above zero.
    public var color: String
    /// The colour of bars below zero.
    public var negativeColor: String
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A bar chart of `values` labelled by `labels`.
    public init(labels: [String], values: [Double], title: String? = nil, horizontal: Bool = false,
                width: Double = 720, height: Double = 280, valueStyle: ChartValueStyle = .number,
                color: String = ChartPalette.color(0), negativeColor: String = ChartPalette.color(3),
                emptyText: String = "No data") {
        self.labels = labels
        self.values = values
        self.title = title
        self.horizontal = horizontal
        self.width = width
        self.height = height
        self.valueStyle = valueStyle
        self.color = color
        self.negativeColor = negativeColor
        self.emptyText = emptyText
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Bar chart")
        guard labels.indices.contains(where: { value($0) != nil }) else { return writer.empty(emptyText) }
        return horizontal ? drawHorizontal(&writer) : drawVertical(&writer)
    }

    private func value(_ index: Int) -> Double? {
        index < values.count && values[index].isFinite ? values[index] : nil
    }

    private func bar(x: Double, y: Double, width: Double, height: Double, label: String, value: Double) -> String {
        "<rect class=\"bar\" x=\"\(SVGWriter.n(x))\" y=\"\(SVGWriter.n(y))\" width=\"\(SVGWriter.n(width))\""
            + " height=\"\(SVGWriter.n(height))\"\(value < 0 ? " fill=\"\(negativeColor)\"" : "")>"
            + SVGWriter.title("\(label): \(valueStyle.full(value))") + "</rect>"
    }

    private func drawVertical(_ writer: inout SVGWriter) -> String {
        let finite = labels.indices.compactMap(value)
        let lowest = min(0, finite.min() ?? 0)
        let frame = ChartFrame(width: writer.width, height: writer.height, top: 18, minimum: lowest,
                               maximum: max(0, finite.max() ?? 0), style: valueStyle, roomBelow: lowest < 0 ? 12 : 0)
        let count = labels.count
        let slot = frame.plotWidth / Double(count)
        // Every bar's value or none, so a crowded chart does not label a random few.
        let widestValue = finite.map { ChartTextMetrics.width(valueStyle.label($0), size: 10) }.max() ?? 0
        let showValues = widestValue + 2 <= slot
        let barWidth = min(slot * 0.72, 56)
        func center(_ index: Int) -> Double { frame.left + slot * (Double(index) + 0.5) }

        frame.drawGrid(into: &writer)
        frame.drawXLabels(labels, spacing: slot, maxShown: count <= 16 ? count : 8, into: &writer, x: center)
        var rects = ""
        var valueLabels = SVGWriter(width: writer.width, height: writer.height, label: "")
        let zero = frame.y(0)
        for index in 0..<count {
            guard let v = value(index) else { continue }
            let top = min(frame.y(v), zero)
            rects += bar(x: center(index) - barWidth / 2, y: top, width: barWidth, height: abs(frame.y(v) - zero),
                         label: labels[index], value: v)
            if showValues {
                let y = v < 0 ? frame.y(v) + 11 : top - 4
                valueLabels.text(valueStyle.label(v), x: center(index), y: y, anchor: .middle, size: 10)
            }
        }
        writer.add("<g fill=\"\(color)\">" + rects + "</g>")
        // Zero line over the bars' feet, values over everything.
        writer.add("<path d=\"M\(SVGWriter.n(frame.left)) \(SVGWriter.n(zero))H\(SVGWriter.n(frame.right))\""
            + " stroke=\"currentColor\" stroke-opacity=\".45\"/>")
        writer.add("<g class=\"values\">" + valueLabels.body + "</g>")
        return writer.document()
    }

    private func drawHorizontal(_ writer: inout SVGWriter) -> String {
        let count = labels.count
        let finite = labels.indices.compactMap(value)
        let lowest = min(0, finite.min() ?? 0)
        let highest = max(0, finite.max() ?? 0)
        let rowHeight = min(max((writer.height - 8) / Double(count), 16), 32)
        writer.height = rowHeight * Double(count) + 8
        let labelWidth = min((labels.map { ChartTextMetrics.width($0, size: 11) }.max() ?? 0) + 12,
                             (writer.width * 0.35).rounded())
        let valueRoom = (finite.map { ChartTextMetrics.width(valueStyle.label($0), size: 10) }.max() ?? 0) + 8
        let plotLeft = labelWidth + (lowest < 0 ? valueRoom : 0)
        let plotRight = writer.width - (highest > 0 ? valueRoom : 8)
        let span = highest - lowest
        func x(_ v: Double) -> Double {
            span > 0 ? plotLeft + (v - lowest) / span * (plotRight - plotLeft) : plotLeft
        }
        let zero = x(0)
        let thickness = rowHeight * 0.7

        writer.add("<g class=\"y-labels\" fill-opacity=\".8\">")
        for index in 0..<count {
            writer.text(labels[index], x: labelWidth - 6, y: 4 + rowHeight * (Double(index) + 0.5) + 4, anchor: .end,
                        maxWidth: labelWidth - 10)
        }
        writer.add("</g>")
        var rects = ""
        var valueLabels = SVGWriter(width: writer.width, height: writer.height, label: "")
        for index in 0..<count {
            guard let v = value(index) else { continue }
            let middle = 4 + rowHeight * (Double(index) + 0.5)
            rects += bar(x: min(x(v), zero), y: middle - thickness / 2, width: abs(x(v) - zero), height: thickness,
                         label: labels[index], value: v)
            valueLabels.text(valueStyle.label(v), x: v < 0 ? x(v) - 4 : x(v) + 4, y: middle + 3.5,
                             anchor: v < 0 ? .end : .start, size: 10)
        }
        writer.add("<g fill=\"\(color)\">" + rects + "</g>")
        writer.add("<path d=\"M\(SVGWriter.n(zero)) 2V\(SVGWriter.n(writer.height - 2))\" stroke=\"currentColor\""
            + " stroke-opacity=\".45\"/>")
        writer.add("<g class=\"values\">" + valueLabels.body + "</g>")
        return writer.document()
    }
}
