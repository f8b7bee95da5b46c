/// How a chart prints its values: counts as compact numbers, or fractions (0…1) as percentages — the same
/// drawing code serves "daily active users" and "conversion rate".
public enum ChartValueStyle: Sendable, Equatable {
    /// Counts and amounts: `ChartFormat.compact` on the chart, every digit in tooltips.
    case number
    /// Fractions shown as percentages: `0.123` is labelled `12.3%`.
    case percent

    /// An axis tick label, with just enough decimals to tell ticks `step` apart.
    func axis(_ value: Double, step: Double) -> String {
        switch self {
        case .number:
            return ChartFormat.compact(value)
        case .percent:
            let stepPercent = abs(step * 100)
            let digits = stepPercent >= 1 || stepPercent == 0 ? 0 : stepPercent >= 0.1 ? 1 : 2
            return ChartFormat.percent(value, digits: digits)
        }
    }

    /// A label drawn on the chart next to a bar or in a cell.
    func label(_ value: Double) -> String {
        switch self {
        case .number: ChartFormat.compact(value)
        case .percent: ChartFormat.percent(value)
        }
    }

    /// The value in a tooltip, where there is room for every digit.
    func full(_ value: Double) -> String {
        switch self {
        case .number: ChartFormat.grouped(value)
        case .percent: ChartFormat.percent(value, digits: 2)
        }
    }
}
