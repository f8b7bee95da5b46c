/// How users moved between layers from one date to another, as a Sankey diagram: the start layers as nodes on
/// the left, the end layers on the right, node heights proportional to their users, and a curved band for each
/// non-zero flow with thickness proportional to its users.
///
///     FlowChart(fromLayers: ["Active", "Silent"], toLayers: ["Active", "Silent"],
///               counts: [[700, 120], [80, 400]], fromTitle: "07-01", toTitle: "09-30").svg()
///
/// Bands are `<path class="band">` stroked (`stroke-width` is the thickness, as in d3-sankey) with a `<title>`
/// "A → B: n"; nodes are `<rect class="node">`. A layer has the same colour on both sides, and bands take the
/// colour of the layer they leave. Flows of zero (or less) draw nothing.
public struct FlowChart: Sendable, Equatable {
    /// The layers at the start date, top to bottom.
    public var fromLayers: [String]
    /// The layers at the end date, top to bottom.
    public var toLayers: [String]
    /// `counts[from][to]`: users in `fromLayers[from]` at the start and `toLayers[to]` at the end.
    public var counts: [[Int]]
    /// A heading over the left column (the start date).
    public var fromTitle: String?
    /// A heading over the right column (the end date).
    public var toTitle: String?
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// The viewBox width.
    public var width: Double
    /// The viewBox height.
    public var height: Double
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A flow diagram of `counts` from `fromLayers` to `toLayers`.
    public init(fromLayers: [String], toLayers: [String], counts: [[Int]], fromTitle: String? = nil,
                toTitle: String? = nil, title: String? = nil, width: Double = 720, height: Double = 320,
                emptyText: String = "No data") {
        self.fromLayers = fromLayers
        self.toLayers = toLayers
        self.counts = counts
        self.fromTitle = fromTitle
        self.toTitle = toTitle
        self.title = title
        self.width = width
        self.height = height
        self.emptyText = emptyText
    }

    private func count(_ from: Int, _ to: Int) -> Int {
        from < counts.count && to < counts[from].count ? max(counts[from][to], 0) : 0
    }

    /// A column of nodes: each visible layer's index, top and height.
    private struct Node {
        let layer: Int
        let top: Double
        let height: Double
    }

    /// Stacks the layers with users down a column of `available` height, centred, `gap` apart.
    private static func column(_ totals: [Int], scale: Double, top: Double, available: Double,
                               gap: Double) -> [Node] {
        let visible = totals.indices.filter { totals[$0] > 0 }
        let used = visible.reduce(0) { $0 + Double(totals[$1]) * scale } + gap * Double(max(visible.count - 1, 0))
        var cursor = top + (available - used) / 2
        return visible.map { layer in
            defer { cursor += Double(totals[layer]) * scale + gap }
            return Node(layer: layer, top: cursor, height: Double(totals[layer]) * scale)
        }
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "Layer flow")
        let outgoing = fromLayers.indices.map { from in toLayers.indices.reduce(0) { $0 + count(from, $1) } }
        let incoming = toLayers.indices.map { to in fromLayers.indices.reduce(0) { $0 + count($1, to) } }
        let total = outgoing.reduce(0, +)
        guard total > 0 else { return writer.empty(emptyText) }

        // One colour per layer name, in order of first appearance, so "Active" matches on both sides.
        var names: [String] = []
        for name in fromLayers + toLayers where !names.contains(name) { names.append(name) }
        func color(_ name: String) -> String { ChartPalette.color(names.firstIndex(of: name) ?? 0) }

        let hasHeadings = fromTitle != nil || toTitle != nil
        let top = hasHeadings ? 24.0 : 6.0
        let available = writer.height - top - 6
        let gap = 8.0
        let nodeWidth = 12.0
        let leftLabels = fromLayers.indices.filter { outgoing[$0] > 0 }
            .map { "\(fromLayers[$0]) \(ChartFormat.compact(Double(outgoing[$0])))" }
        let rightLabels = toLayers.indices.filter { incoming[$0] > 0 }
            .map { "\(toLayers[$0]) \(ChartFormat.compact(Double(incoming[$0])))" }
        func labelRoom(_ labels: [String]) -> Double {
            min((labels.map { ChartTextMetrics.width($0, size: 11) }.max() ?? 0) + 10, (writer.width * 0.28).rounded())
        }
        let leftX = labelRoom(leftLabels)
        let rightX = writer.width - labelRoom(rightLabels) - nodeWidth
        let busiest = max(leftLabels.count, rightLabels.count)
        let scale = max(available - gap * Double(busiest - 1), available * 0.5) / Double(total)
        let left = Self.column(outgoing, scale: scale, top: top, available: available, gap: gap)
        let right = Self.column(incoming, scale: scale, top: top, available: available, gap: gap)

        if hasHeadings {
            writer.add("<g font-weight=\"600\">")
            if let fromTitle { writer.text(fromTitle, x: leftX, y: 14, maxWidth: writer.width / 2 - leftX - 4) }
            if let toTitle {
                writer.text(toTitle, x: rightX + nodeWidth, y: 14, anchor: .end,
                            maxWidth: rightX + nodeWidth - writer.width / 2 - 4)
            }
            writer.add("</g>")
        }

        // Bands leave each left node in the order of the right nodes and enter each right node in the order of
        // the left nodes, so they cross as little as the layer order allows.
        var outOffset = [Int: Double]()
        var inOffset = [Int: Double]()
        let middle = SVGWriter.n((leftX + nodeWidth + rightX) / 2)
        var bands = ""
        for source in left {
            for target in right {
                let users = count(source.layer, target.layer)
                guard users > 0 else { continue }
                let thickness = Double(users) * scale
                let y0 = source.top + outOffset[source.layer, default: 0] + thickness / 2
                let y1 = target.top + inOffset[target.layer, default: 0] + thickness / 2
                outOffset[source.layer, default: 0] += thickness
                inOffset[target.layer, default: 0] += thickness
                let (from, to) = (SVGWriter.n(y0), SVGWriter.n(y1))
                bands += "<path class=\"band\" d=\"M\(SVGWriter.n(leftX + nodeWidth)) \(from)C\(middle) \(from)"
                    + " \(middle) \(to) \(SVGWriter.n(rightX)) \(to)\" stroke=\"\(color(fromLayers[source.layer]))\""
                    + " stroke-width=\"\(SVGWriter.n(max(thickness, 1)))\">"
                    + SVGWriter.title("\(fromLayers[source.layer]) → \(toLayers[target.layer]): "
                        + ChartFormat.grouped(Double(users)))
                    + "</path>"
            }
        }
        writer.add("<g fill=\"none\" stroke-opacity=\".4\">" + bands + "</g>")

        for (isLeft, nodes, layers, totals, x, labels) in [(true, left, fromLayers, outgoing, leftX, leftLabels),
                                                           (false, right, toLayers, incoming, rightX, rightLabels)] {
            for (node, label) in zip(nodes, labels) {
                let name = layers[node.layer]
                writer.add("<rect class=\"node\" x=\"\(SVGWriter.n(x))\" y=\"\(SVGWriter.n(node.top))\""
                    + " width=\"\(SVGWriter.n(nodeWidth))\" height=\"\(SVGWriter.n(max(node.height, 1)))\""
                    + " fill=\"\(color(name))\">"
                    + SVGWriter.title("\(name): \(ChartFormat.grouped(Double(totals[node.layer])))") + "</rect>")
                writer.text(label, x: isLeft ? x - 5 : x + nodeWidth + 5, y: node.top + node.height / 2 + 4,
                            anchor: isLeft ? .end : .start, maxWidth: isLeft ? x - 8 : writer.width - x - nodeWidth - 8)
            }
        }
        return writer.document()
    }
}
