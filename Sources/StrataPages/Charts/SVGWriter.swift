/// Accumulates one chart's SVG markup with compact numbers and escaped text, and wraps it in the `<svg>`
/// element every chart shares (responsive viewBox, accessible name, inherited font).
struct SVGWriter {
    /// Where a text element's x coordinate sits on the text.
    enum Anchor: String {
        case start, middle, end
    }

    var width: Double
    var height: Double
    let label: String
    private(set) var body = ""

    init(width: Double, height: Double, label: String) {
        self.width = width.isFinite && width > 0 ? width : 720
        self.height = height.isFinite && height > 0 ? height : 280
        self.label = label
    }

    /// A coordinate or length: at most one decimal, never an exponent.
    static func n(_ value: Double) -> String {
        ChartFormat.decimal(value, maxDigits: 1)
    }

    /// Appends markup the caller built (already escaped).
    mutating func add(_ markup: String) {
        body += markup
    }

    /// Appends a `<text>` element; text wider than `maxWidth` is shortened with "…" and keeps its full
    /// wording in a `<title>` tooltip.
    mutating func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 11,
                       maxWidth: Double? = nil, attributes: String = "") {
        var shown = string
        if let maxWidth { shown = ChartTextMetrics.truncate(string, maxWidth: Swift.max(maxWidth, 0), size: size) }
        body += "<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if size != 11 { body += " font-size=\"\(Self.n(size))\"" }
        body += attributes + ">" + SVGText.escape(shown)
        if shown != string { body += "<title>" + SVGText.escape(string) + "</title>" }
        body += "</text>"
    }

    /// A `<title>` child giving an element its tooltip.
    static func title(_ text: String) -> String {
        "<title>" + SVGText.escape(text) + "</title>"
    }

    /// The complete `<svg>` element.
    func document() -> String {
        let name = SVGText.escape(label)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\""
            + " width=\"100%\" role=\"img\" aria-label=\"\(name)\" font-family=\"inherit\" font-size=\"11\""
            + " fill=\"currentColor\"><title>\(name)</title>" + body + "</svg>"
    }

    /// The document of a chart with nothing to draw: only `message` ("No data", "暂无数据") in the middle.
    func empty(_ message: String) -> String {
        var writer = SVGWriter(width: width, height: height, label: label)
        writer.text(message, x: width / 2, y: height / 2 + 4, anchor: .middle, size: 13, maxWidth: width - 16,
                    attributes: " class=\"empty\" fill-opacity=\".6\"")
        return writer.document()
    }
}
