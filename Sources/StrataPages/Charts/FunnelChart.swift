/// A conversion funnel: one horizontal bar per step with width proportional to its users, each labelled
/// "name — users (xx.x% of first, yy.y% of previous)", and the users lost since the previous step shown as a
/// pale extension of the bar with the drop-off count and rate at the right.
///
///     FunnelChart(steps: [("Visit", 5000), ("Sign up", 1200), ("Pay", 300)], title: "Signup funnel").svg()
///
/// Step bars are `<rect class="step">`, drop-offs `<rect class="drop">`. Rows are 36–56 pixels high, so the
/// drawing is as tall as its steps need rather than exactly `height`.
public struct FunnelChart: Sendable, Equatable {
    /// One step of the funnel.
    public struct Step: Sendable, Equatable {
        /// The step's name ("注册", "Sign up").
        public var name: String
        /// Users who reached the step.
        public var users: Int

        /// A step `name` reached by `users`.
        public init(name: String, users: Int) {
            self.name = name
            self.users = users
        }
    }

    /// The words around the percentages, so a Chinese page can say 占首步 instead of "of first".
    public struct Wording: Sendable, Equatable {
        /// Appended to a step's users, for every step but the first (so it carries its own leading space or
        /// full-width bracket); `{first}` and `{previous}` become percentages.
        public var detail: String
        /// Beside a drop-off; `{users}` becomes the users lost, `{percent}` their share of the previous step.
        public var dropped: String

        /// Wording with the given templates.
        public init(detail: String, dropped: String) {
            self.detail = detail
            self.dropped = dropped
        }

        /// " (45.6% of first, 78.9% of previous)" and "−1,234 (21.1%) dropped".
        public static let english = Wording(detail: " ({first} of first, {previous} of previous)",
                                            dropped: "−{users} ({percent}) dropped")
        /// "（占首步 45.6%，占上一步 78.9%）" and "流失 1,234（21.1%）".
        public static let chinese = Wording(detail: "（占首步 {first}，占上一步 {previous}）",
                                            dropped: "流失 {users}（{percent}）")
    }

    /// The steps in order.
    public var steps: [Step]
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// The viewBox width.
    public var width: Double
    /// The viewBox height (a target, see the type's note).
    public var height: Double
    /// The words around the numbers.
    public var wording: Wording
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A funnel of `steps`, first to last.
    public init(steps: [(name: String, users: Int)], title: String? = nil, width: Double = 720,
                height: Double = 280, wording: Wording = .english, emptyText: String = "No data") {
        self.steps = steps.map { Step(name: $0.name, users: $0.users) }
        self.title = title
        self.width = width
        self.height = height
        self.wording = wording
        self.emptyText = emptyText
    }

    /// The label of step `index`: "name — users (xx.x% of first, yy.y% of previous)"; the first step has no
    /// percentages.
    public func label(ofStep index: Int) -> String {
        let step = steps[index]
        var text = "\(step.name) — \(ChartFormat.grouped(Double(step.users)))"
        if index > 0 {
            text += wording.detail
                .replacingOccurrences(of: "{first}", with: ChartFormat.percent(Self.ratio(step.users, steps[0].users)))
                .replacingOccurrences(of: "{previous}",
                                      with: ChartFormat.percent(Self.ratio(step.users, steps[index - 1].users)))
        }
        return text
    }

    private static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Funnel")
        guard !steps.isEmpty else { return writer.empty(emptyText) }
        let count = Double(steps.count)
        let rowHeight = min(max((writer.height - 8) / count, 36), 56)
        writer.height = rowHeight * count + 8
        let barHeight = min(max(rowHeight - 24, 10), 28)
        let dropRoom = 150.0
        let barLeft = 8.0
        let barSpan = writer.width - barLeft - 8 - dropRoom
        let most = steps.map { max($0.users, 0) }.max() ?? 0
        func barWidth(_ users: Int) -> Double { most > 0 ? Double(max(users, 0)) / Double(most) * barSpan : 0 }

        var bars = ""
        var drops = ""
        var texts = SVGWriter(width: writer.width, height: writer.height, label: "")
        for (index, step) in steps.enumerated() {
            let top = 4 + rowHeight * Double(index)
            let barTop = top + 20
            let label = label(ofStep: index)
            texts.text(label, x: barLeft, y: top + 14, size: 12, maxWidth: writer.width - 16)
            bars += "<rect class=\"step\" x=\"\(SVGWriter.n(barLeft))\" y=\"\(SVGWriter.n(barTop))\""
                + " width=\"\(SVGWriter.n(barWidth(step.users)))\" height=\"\(SVGWriter.n(barHeight))\">"
                + SVGWriter.title(label) + "</rect>"
            guard index > 0 else { continue }
            let previous = steps[index - 1].users
            let lost = previous - step.users
            guard lost > 0 else { continue }
            let dropText = wording.dropped
                .replacingOccurrences(of: "{users}", with: ChartFormat.grouped(Double(lost)))
                .replacingOccurrences(of: "{percent}", with: ChartFormat.percent(Self.ratio(lost, previous)))
            let start = barLeft + barWidth(step.users)
            drops += "<rect class=\"drop\" x=\"\(SVGWriter.n(start))\" y=\"\(SVGWriter.n(barTop))\""
                + " width=\"\(SVGWriter.n(barLeft + barWidth(previous) - start))\""
                + " height=\"\(SVGWriter.n(barHeight))\">"
                + SVGWriter.title("\(steps[index - 1].name) → \(step.name): \(dropText)") + "</rect>"
            texts.text(dropText, x: writer.width - 8, y: barTop + barHeight / 2 + 4, anchor: .end,
                       maxWidth: dropRoom - 8, attributes: " fill=\"\(ChartPalette.color(3))\"")
        }
        writer.add("<g fill=\"currentColor\" fill-opacity=\".1\">" + drops + "</g>")
        writer.add("<g fill=\"\(ChartPalette.color(0))\">" + bars + "</g>")
        writer.add(texts.body)
        return writer.document()
    }
}
