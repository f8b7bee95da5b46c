/// One named row of values over a chart's x labels: a line of a `LineChart`, a layer of a `StackedBarChart`.
public struct ChartSeries: Sendable, Equatable {
    /// The name shown in the legend and tooltips.
    public var name: String
    /// One value per x label; a missing or non-finite value leaves a gap.
    public var values: [Double]

    /// A series named `name` with `values` in x-label order.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}
