/// The plot area of a chart with a value axis on the left and category labels below: nice ticks, grid lines,
/// the zero line, and thinned x labels. Shared by the line, bar and stacked bar charts.
struct ChartFrame {
    let ticks: [Double]
    let tickLabels: [String]
    let left: Double
    let top: Double
    let right: Double
    let bottom: Double
    let chartWidth: Double
    /// Where the x labels' baseline is, below the plot and any `roomBelow`.
    let labelBaseline: Double

    /// A frame whose y axis covers `minimum...maximum` (callers include 0) below `top`, leaving `roomBelow`
    /// between the plot and the x labels (for value labels under negative bars).
    init(width: Double, height: Double, top: Double, minimum: Double, maximum: Double, style: ChartValueStyle,
         tickCount: Int = 4, roomBelow: Double = 0) {
        ticks = ChartScale.niceTicks(min: minimum, max: maximum, count: tickCount)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        tickLabels = ticks.map { style.axis($0, step: step) }
        let labelWidth = tickLabels.map { ChartTextMetrics.width($0, size: 11) }.max() ?? 0
        left = (labelWidth + 12).rounded(.up)
        self.top = top
        right = width - 12
        bottom = Swift.max(height - 22 - roomBelow, top + 20)
        chartWidth = width
        labelBaseline = bottom + roomBelow + 15
    }

    var plotWidth: Double { right - left }
    var plotHeight: Double { bottom - top }
    private var low: Double { ticks.first ?? 0 }
    private var high: Double { ticks.last ?? 1 }

    /// The y coordinate of a value.
    func y(_ value: Double) -> Double {
        let span = high - low
        return span > 0 ? bottom - (value - low) / span * plotHeight : bottom
    }

    /// Horizontal grid lines with their tick labels, and a stronger line at zero.
    func drawGrid(into writer: inout SVGWriter) {
        var grid = ""
        for tick in ticks where tick != 0 {
            grid += "M\(SVGWriter.n(left)) \(SVGWriter.n(y(tick)))H\(SVGWriter.n(right))"
        }
        if !grid.isEmpty {
            writer.add("<path d=\"\(grid)\" stroke=\"currentColor\" stroke-opacity=\".12\"/>")
        }
        let zero = y(0)
        writer.add("<path class=\"zero\" d=\"M\(SVGWriter.n(left)) \(SVGWriter.n(zero))H\(SVGWriter.n(right))\""
            + " stroke=\"currentColor\" stroke-opacity=\".45\"/>")
        writer.add("<g fill-opacity=\".7\">")
        for (tick, label) in zip(ticks, tickLabels) {
            writer.text(label, x: left - 6, y: y(tick) + 4, anchor: .end)
        }
        writer.add("</g>")
    }

    /// Category labels under the plot at `x(index)`, `spacing` apart: at most `maxShown` of them, always
    /// including the last (the most recent day), each shortened to the room it has.
    func drawXLabels(_ labels: [String], spacing: Double, maxShown: Int, into writer: inout SVGWriter,
                     x: (Int) -> Double) {
        let count = labels.count
        guard count > 0 else { return }
        let every = Swift.max(1, Int((Double(count) / Double(Swift.max(maxShown, 1))).rounded(.up)))
        let room = count == 1 ? plotWidth : Swift.min(spacing * Double(every) - 6, plotWidth)
        writer.add("<g class=\"x-labels\" fill-opacity=\".7\">")
        for index in stride(from: count - 1, through: 0, by: -every).reversed() {
            let label = labels[index]
            let halfWidth = Swift.min(ChartTextMetrics.width(label, size: 11), room) / 2
            // Keep the first and last labels inside the drawing.
            let center = Swift.min(Swift.max(x(index), halfWidth + 2), chartWidth - halfWidth - 2)
            writer.text(label, x: center, y: labelBaseline, anchor: .middle, maxWidth: room)
        }
        writer.add("</g>")
    }
}
