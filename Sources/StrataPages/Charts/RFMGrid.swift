/// The eight RFM layers (recency × frequency × monetary, high or low each) as a 4×2 grid of tiles whose colour
/// deepens with the layer's share of users, each showing the layer's name, an optional subtitle, its users
/// and share.
///
///     RFMGrid(cells: [.init(name: "重要价值客户", users: 812, share: 0.162, subtitle: "Champions"), …]).svg()
///
/// Tiles are `<rect class="cell">` with a `<title>` "name (subtitle) — users · share".
public struct RFMGrid: Sendable, Equatable {
    /// One RFM layer.
    public struct Cell: Sendable, Equatable {
        /// The layer's name ("重要价值客户").
        public var name: String
        /// Users in the layer.
        public var users: Int
        /// The layer's share of all users, 0…1.
        public var share: Double
        /// A second line under the name, such as the English name.
        public var subtitle: String?

        /// A tile for layer `name` with `users`, their `share` of all users, and an optional `subtitle`.
        public init(name: String, users: Int, share: Double, subtitle: String? = nil) {
            self.name = name
            self.users = users
            self.share = share
            self.subtitle = subtitle
        }
    }

    /// The layers, laid out left to right, top to bottom.
    public var cells: [Cell]
    /// Tiles per row.
    public var columns: Int
    /// The chart's accessible name (`<title>` and `aria-label`).
    public var title: String?
    /// The viewBox width.
    public var width: Double
    /// The viewBox height.
    public var height: Double
    /// What to show when there is nothing to draw.
    public var emptyText: String

    /// A grid of `cells`, `columns` to a row.
    public init(cells: [Cell], columns: Int = 4, title: String? = nil, width: Double = 720, height: Double = 280,
                emptyText: String = "No data") {
        self.cells = cells
        self.columns = columns
        self.title = title
        self.width = width
        self.height = height
        self.emptyText = emptyText
    }

    /// The chart as one `<svg>` element.
    public func svg() -> String {
        var writer = SVGWriter(width: width, height: height, label: title ?? "RFM layers")
        guard !cells.isEmpty else { return writer.empty(emptyText) }
        let perRow = max(1, min(columns, cells.count))
        let rows = (cells.count + perRow - 1) / perRow
        let gap = 6.0
        let tileWidth = (writer.width - 4 - gap * Double(perRow - 1)) / Double(perRow)
        let tileHeight = (writer.height - 4 - gap * Double(rows - 1)) / Double(rows)
        let largest = cells.map { $0.share.isFinite ? $0.share : 0 }.max() ?? 0
        let room = tileWidth - 20

        for (index, cell) in cells.enumerated() {
            let x = 2 + (tileWidth + gap) * Double(index % perRow)
            let y = 2 + (tileHeight + gap) * Double(index / perRow)
            let share = cell.share.isFinite ? max(cell.share, 0) : 0
            let intensity = 0.08 + 0.82 * (largest > 0 ? share / largest : 0)
            let users = ChartFormat.grouped(Double(cell.users))
            let percent = ChartFormat.percent(share)
            let name = cell.subtitle.map { "\(cell.name) (\($0))" } ?? cell.name
            writer.add("<g fill=\"\(ChartPalette.textColor(onHeat: intensity))\">")
            writer.add("<rect class=\"cell\" x=\"\(SVGWriter.n(x))\" y=\"\(SVGWriter.n(y))\""
                + " width=\"\(SVGWriter.n(tileWidth))\" height=\"\(SVGWriter.n(tileHeight))\" rx=\"4\""
                + " fill=\"\(ChartPalette.heat(intensity))\">" + SVGWriter.title("\(name) — \(users) · \(percent)")
                + "</rect>")
            writer.text(cell.name, x: x + 10, y: y + 20, size: 13, maxWidth: room,
                        attributes: " font-weight=\"600\"")
            if let subtitle = cell.subtitle {
                writer.text(subtitle, x: x + 10, y: y + 35, size: 10, maxWidth: room,
                            attributes: " fill-opacity=\".8\"")
            }
            writer.text(users, x: x + 10, y: y + tileHeight - 12, size: 16, maxWidth: room * 0.62,
                        attributes: " font-weight=\"600\"")
            writer.text(percent, x: x + tileWidth - 10, y: y + tileHeight - 12, anchor: .end, size: 12)
            writer.add("</g>")
        }
        return writer.document()
    }
}
