import Foundation
import Testing

@testable import StrataPages

@Suite struct ChartTests {
    // MARK: - Helpers

    /// How many times `needle` occurs in `text`.
    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The numeric `attribute` of every element with `class="cls"`, in document order.
    static func values(of attribute: String, class cls: String, in svg: String) -> [Double] {
        var result: [Double] = []
        var rest = svg[...]
        while let match = rest.range(of: "class=\"\(cls)\"") {
            let tail = rest[match.upperBound...]
            let tag = tail[..<(tail.firstIndex(of: ">") ?? tail.endIndex)]
            if let start = tag.range(of: " \(attribute)=\""),
               let value = Double(tag[start.upperBound...].prefix { $0 != "\"" }) {
                result.append(value)
            }
            rest = tail
        }
        return result
    }

    static let days = (1...90).map { "2026-07-\($0)" }

    static func wave(_ index: Int, base: Double, amplitude: Double) -> Double {
        base + amplitude * sin(Double(index) / 7)
    }

    // MARK: - Formats, ticks, colours, escaping

    @Test func niceTicksLandOnRoundNumbersCoveringTheMaximum() {
        #expect(ChartScale.niceTicks(max: 87, count: 5) == [0, 20, 40, 60, 80, 100])
        #expect(ChartScale.niceTicks(max: 100, count: 5) == [0, 20, 40, 60, 80, 100])
        #expect(ChartScale.niceTicks(max: 1, count: 4) == [0, 0.25, 0.5, 0.75, 1])
        #expect(ChartScale.niceTicks(max: 0.0007) == [0, 0.0002, 0.0004, 0.0006, 0.0008])
        #expect(ChartScale.niceTicks(min: -30, max: 87) == [-50, -25, 0, 25, 50, 75, 100])
    }

    @Test func niceTicksOfAllZerosStillMakeAnAxis() {
        #expect(ChartScale.niceTicks(max: 0) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ChartScale.niceTicks(max: .nan).last == 1)
    }

    @Test func compactNumbersUseGroupingAndSuffixes() {
        #expect(ChartFormat.compact(0) == "0")
        #expect(ChartFormat.compact(0.25) == "0.25")
        #expect(ChartFormat.compact(1234) == "1,234")
        #expect(ChartFormat.compact(12_345) == "12.3K")
        #expect(ChartFormat.compact(999_999) == "1M")
        #expect(ChartFormat.compact(1_250_000) == "1.25M")
        #expect(ChartFormat.compact(3_400_000_000) == "3.4B")
        #expect(ChartFormat.compact(-1500) == "-1,500")
        #expect(ChartFormat.compact(0.000_01) == "0")
    }

    @Test func percentagesKeepAFixedNumberOfDigits() {
        #expect(ChartFormat.percent(0.1234) == "12.3%")
        #expect(ChartFormat.percent(1) == "100.0%")
        #expect(ChartFormat.percent(0.5, digits: 0) == "50%")
        #expect(ChartFormat.percent(1.0 / 3, digits: 2) == "33.33%")
        #expect(ChartFormat.grouped(1_234_567.891) == "1,234,567.89")
        #expect(ChartFormat.grouped(-0.001) == "0")
    }

    @Test func escapingCoversTextAndAttributes() {
        #expect(SVGText.escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;")
        #expect(SVGText.escape("a\u{0}b\u{7}c") == "abc")
        #expect(SVGText.escape("用户运营") == "用户运营")
    }

    @Test func heatScaleRunsFromLightToDeepBlue() {
        #expect(ChartPalette.heat(0) == "#f7fbff")
        #expect(ChartPalette.heat(1) == "#08306b")
        #expect(ChartPalette.heat(-3) == ChartPalette.heat(0))
        #expect(ChartPalette.heat(7) == ChartPalette.heat(1))
        #expect(ChartPalette.textColor(onHeat: 0) != ChartPalette.textColor(onHeat: 1))
        #expect(ChartPalette.categorical.count == 10)
        #expect(Set(ChartPalette.categorical).count == 10)
        #expect(ChartPalette.color(10) == ChartPalette.color(0))
    }

    // MARK: - Every chart

    static func everyChart(emptyText: String = "No data") -> [(name: String, svg: String)] {
        [
            ("line", LineChart(labels: ["a", "b"], series: [("x", [1, 2])], title: "Line").svg()),
            ("bar", BarChart(labels: ["a", "b"], values: [1, 2], title: "Bar").svg()),
            ("stacked", StackedBarChart(labels: ["a"], stacks: [("x", [1]), ("y", [2])], title: "Stacked").svg()),
            ("funnel", FunnelChart(steps: [("a", 10), ("b", 5)], title: "Funnel").svg()),
            ("heat", HeatMap(rowLabels: ["a"], columnLabels: ["D0"], cells: [[0.5]], title: "Heat").svg()),
            ("rfm", RFMGrid(cells: [.init(name: "a", users: 1, share: 1)], title: "RFM").svg()),
            ("flow", FlowChart(fromLayers: ["a"], toLayers: ["b"], counts: [[3]], title: "Flow").svg()),
        ]
    }

    @Test func everyChartIsAResponsiveAccessibleSVG() {
        for (name, svg) in Self.everyChart() {
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "), "\(name)")
            #expect(svg.contains(" width=\"100%\" role=\"img\" aria-label=\""), "\(name)")
            #expect(svg.contains("font-family=\"inherit\""), "\(name)")
            #expect(!svg.prefix { $0 != ">" }.contains(" height="), "\(name)")
            #expect(svg.contains("<title>"), "\(name)")
            #expect(svg.hasSuffix("</svg>"), "\(name)")
        }
    }

    @Test func emptyDataShowsTheConfiguredText() {
        let charts = [
            LineChart(labels: [], series: [], emptyText: "暂无数据").svg(),
            LineChart(labels: ["a"], series: [("x", [.nan])], emptyText: "暂无数据").svg(),
            BarChart(labels: [], values: [], emptyText: "暂无数据").svg(),
            BarChart(labels: ["a"], values: [], horizontal: true, emptyText: "暂无数据").svg(),
            StackedBarChart(labels: [], stacks: [], emptyText: "暂无数据").svg(),
            FunnelChart(steps: [], emptyText: "暂无数据").svg(),
            HeatMap(rowLabels: [], columnLabels: [], cells: [], emptyText: "暂无数据").svg(),
            RFMGrid(cells: [], emptyText: "暂无数据").svg(),
            FlowChart(fromLayers: ["a"], toLayers: ["b"], counts: [[0]], emptyText: "暂无数据").svg(),
        ]
        for svg in charts {
            #expect(svg.contains("class=\"empty\""))
            #expect(svg.contains(">暂无数据</text>"))
        }
        #expect(BarChart(labels: [], values: []).svg().contains(">No data</text>"))
    }

    @Test func theSameInputGivesTheSameBytes() {
        #expect(Self.everyChart().map(\.svg) == Self.everyChart().map(\.svg))
        let series = [("a", (0..<90).map { Self.wave($0, base: 100, amplitude: 40) })]
        let first = LineChart(labels: Self.days, series: series).svg()
        #expect(first == LineChart(labels: Self.days, series: series).svg())
    }

    // MARK: - Line chart

    @Test func lineChartDrawsAPointWithATooltipForEveryValue() {
        let svg = LineChart(labels: ["Mon", "Tue", "Wed"], series: [("DAU", [120, 80, 1234.5])], title: "DAU").svg()
        #expect(Self.occurrences(of: "class=\"point\"", in: svg) == 3)
        #expect(Self.occurrences(of: "<polyline", in: svg) == 1)
        #expect(svg.contains("<title>Mon: 120</title>"))
        #expect(svg.contains("<title>Wed: 1,234.5</title>"))
        #expect(!svg.contains("class=\"legend\""))
    }

    @Test func lineChartWithSeveralSeriesHasALegendAndALinePerSeries() {
        let svg = LineChart(labels: ["a", "b", "c"], series: [("iOS", [1, 2, 3]), ("Web", [3, 2, 1])]).svg()
        #expect(svg.contains("class=\"legend\""))
        #expect(Self.occurrences(of: "<polyline", in: svg) == 2)
        #expect(svg.contains(">iOS</text>") && svg.contains(">Web</text>"))
        #expect(svg.contains("<title>b · Web: 2</title>"))
    }

    @Test func ninetyDaysOfThreeSeriesStaySmallAndPlain() {
        let series = [
            ("DAU", (0..<90).map { Self.wave($0, base: 1000, amplitude: 400) + 0.123_456_7 }),
            ("New", (0..<90).map { Self.wave($0, base: 200, amplitude: 50) }),
            ("Returning", (0..<90).map { Double($0) * 3.333_333_3 + 0.000_001 }),
        ]
        let svg = LineChart(labels: Self.days, series: series, title: "Active users").svg()
        #expect(svg.utf8.count < 16_000)
        #expect(svg.range(of: "[0-9]e[-+][0-9]", options: .regularExpression) == nil)
        #expect(svg.range(of: "[0-9]\\.[0-9]{3}", options: .regularExpression) == nil)
        // At most about eight x labels.
        let xLabels = svg.components(separatedBy: "class=\"x-labels\"")[1].components(separatedBy: "</g>")[0]
        #expect(Self.occurrences(of: "<text", in: xLabels) <= 9)
        #expect(svg.contains("2026-07-90"))
        // Dense: one hover column per day whose tooltip lists every series.
        #expect(svg.contains("<title>2026-07-1\nDAU: 1,000.12\nNew: 200\nReturning: 0</title>"))
    }

    @Test func aSinglePointAndAllZerosStillRender() {
        let single = LineChart(labels: ["Today"], series: [("DAU", [42])]).svg()
        #expect(Self.occurrences(of: "class=\"point\"", in: single) == 1)
        let zeros = LineChart(labels: ["a", "b"], series: [("x", [0, 0])]).svg()
        #expect(Self.occurrences(of: "class=\"point\"", in: zeros) == 2)
        #expect(!zeros.contains("nan") && !zeros.contains("inf"))
    }

    @Test func gapsBreakTheLine() {
        let svg = LineChart(labels: ["a", "b", "c", "d", "e"], series: [("x", [1, 2, .nan, 4, 5])]).svg()
        #expect(Self.occurrences(of: "<polyline", in: svg) == 2)
        #expect(Self.occurrences(of: "class=\"point\"", in: svg) == 4)
    }

    // MARK: - Bar charts

    @Test func barHeightsAreProportionalToValues() {
        let svg = BarChart(labels: ["A", "B", "C", "D"], values: [10, 20, 40, 0]).svg()
        #expect(Self.occurrences(of: "class=\"bar\"", in: svg) == 4)
        let heights = Self.values(of: "height", class: "bar", in: svg)
        #expect(heights.count == 4)
        #expect(abs(heights[1] / heights[0] - 2) < 0.02)
        #expect(abs(heights[2] / heights[0] - 4) < 0.02)
        #expect(heights[3] == 0)
        #expect(svg.contains(">40</text>"))
    }

    @Test func labelsAreEscaped() {
        let svg = BarChart(labels: ["<b>&\"", "ok"], values: [1, 2], title: "<script>").svg()
        #expect(svg.contains("&lt;b&gt;&amp;&quot;"))
        #expect(!svg.contains("<b>"))
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("aria-label=\"&lt;script&gt;\""))
    }

    @Test func negativeBarsHangBelowTheZeroLine() {
        let svg = BarChart(labels: ["up", "down"], values: [30, -15]).svg()
        let ys = Self.values(of: "y", class: "bar", in: svg)
        let heights = Self.values(of: "height", class: "bar", in: svg)
        #expect(ys.count == 2 && heights.count == 2)
        // The positive bar ends where the negative one starts: at the zero line.
        #expect(abs(ys[0] + heights[0] - ys[1]) < 0.15)
        #expect(abs(heights[0] / heights[1] - 2) < 0.02)
        #expect(svg.contains("fill=\"\(ChartPalette.color(3))\""))
    }

    @Test func horizontalBarsShortenLongLabelsAndKeepThemInATitle() {
        let long = String(repeating: "非常长的渠道名称", count: 6)
        let svg = BarChart(labels: ["短信", long], values: [100, 50], horizontal: true).svg()
        #expect(svg.contains("…<title>\(long)</title>"))
        let widths = Self.values(of: "width", class: "bar", in: svg)
        #expect(widths.count == 2)
        #expect(abs(widths[0] / widths[1] - 2) < 0.02)
    }

    @Test func stackedBarsDrawOneSegmentPerNonZeroValue() {
        let svg = StackedBarChart(labels: ["W1", "W2", "W3"],
                                  stacks: [("iOS", [10, 20, 30]), ("Android", [5, 0, 15]), ("Web", [1, 1, 1])]).svg()
        #expect(Self.occurrences(of: "class=\"bar\"", in: svg) == 8)
        #expect(svg.contains("class=\"legend\""))
        #expect(svg.contains("<title>W3 · Android: 15</title>"))
        let heights = Self.values(of: "height", class: "bar", in: svg)
        #expect(abs(heights[2] / heights[0] - 3) < 0.02)
        #expect(svg.contains(">46</text>"))
    }

    // MARK: - Funnel

    @Test func funnelStepsShowTheirShareOfFirstAndPrevious() {
        let svg = FunnelChart(steps: [("Visit", 5000), ("Sign up", 1200), ("Pay", 300)]).svg()
        #expect(Self.occurrences(of: "class=\"step\"", in: svg) == 3)
        #expect(svg.contains(">Visit — 5,000</text>"))
        #expect(svg.contains("Sign up — 1,200 (24.0% of first, 24.0% of previous)"))
        #expect(svg.contains("Pay — 300 (6.0% of first, 25.0% of previous)"))
        #expect(svg.contains("−3,800 (76.0%) dropped"))
        #expect(Self.occurrences(of: "class=\"drop\"", in: svg) == 2)
        let widths = Self.values(of: "width", class: "step", in: svg)
        #expect(abs(widths[1] / widths[0] - 0.24) < 0.005)
    }

    @Test func funnelWordingCanBeChineseAndZeroStepsDoNotDivideByZero() {
        let svg = FunnelChart(steps: [("访问", 100), ("注册", 0), ("支付", 0)], wording: .chinese).svg()
        #expect(svg.contains("注册 — 0（占首步 0.0%，占上一步 0.0%）"))
        #expect(svg.contains("支付 — 0（占首步 0.0%，占上一步 0.0%）"))
        #expect(svg.contains("流失 100（100.0%）"))
        #expect(!svg.contains("nan"))
    }

    // MARK: - Heat map

    @Test func heatMapColoursCellsAndLeavesUnreachedOnesEmpty() {
        let svg = HeatMap(rowLabels: ["07-01", "07-02"], columnLabels: ["Day 0", "Day 1", "Day 2"],
                          cells: [[1, 0.4, 0], [1, nil, nil]], sizes: [812, 1500]).svg()
        #expect(Self.occurrences(of: "class=\"cell\"", in: svg) == 4)
        #expect(svg.contains("fill=\"#08306b\""))
        #expect(svg.contains("fill=\"#f7fbff\""))
        #expect(svg.contains("<title>07-01 · Day 1: 40.0%</title>"))
        #expect(!svg.contains("07-02 · Day 1"))
        #expect(svg.contains(">1,500</text>"))
        #expect(svg.contains(">Users</text>"))
        #expect(svg.contains(">40.0%</text>"))
    }

    // MARK: - RFM grid

    @Test func rfmGridDrawsATilePerLayerWithUsersAndShare() {
        let cells = (0..<8).map { RFMGrid.Cell(name: "Layer \($0)", users: 100 * ($0 + 1), share: Double($0 + 1) / 36) }
        var withSubtitle = cells
        withSubtitle[0].subtitle = "Champions"
        let svg = RFMGrid(cells: withSubtitle).svg()
        #expect(Self.occurrences(of: "class=\"cell\"", in: svg) == 8)
        #expect(svg.contains(">Champions</text>"))
        #expect(svg.contains(">800</text>"))
        #expect(svg.contains(">22.2%</text>"))
        #expect(svg.contains("fill=\"\(ChartPalette.heat(0.9))\""))
    }

    // MARK: - Flow

    @Test func flowDrawsBandsOnlyForNonZeroCountsWithProportionalWidths() {
        let svg = FlowChart(fromLayers: ["Active", "Silent"], toLayers: ["Active", "Silent", "Lost"],
                            counts: [[600, 200, 0], [100, 0, 300]], fromTitle: "07-01", toTitle: "09-30").svg()
        #expect(Self.occurrences(of: "class=\"band\"", in: svg) == 4)
        #expect(svg.contains("<title>Active → Silent: 200</title>"))
        #expect(!svg.contains("Active → Lost"))
        let widths = Self.values(of: "stroke-width", class: "band", in: svg)
        #expect(widths.count == 4)
        #expect(abs(widths[0] / widths[1] - 3) < 0.03)
        #expect(abs(widths[3] / widths[2] - 3) < 0.03)
        #expect(Self.occurrences(of: "class=\"node\"", in: svg) == 5)
        #expect(svg.contains(">07-01</text>"))
    }
}
