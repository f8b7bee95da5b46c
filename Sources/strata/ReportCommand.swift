import ArgumentParser
import Foundation
import StrataCore
import StrataApp

/// `strata report activity|trend|retention|funnel|lift|channels|ltv`: the analysis reports, as a
/// table, CSV or one JSON document.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Analysis reports: activity, trend, retention, funnel, lift, channels, ltv (--format table|csv|json).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "activity, trend, retention, funnel, lift, channels or ltv.") var report: String
    @Option(help: "First day (YYYY-MM-DD, inclusive; default 30 days before --to).") var from: String?
    @Option(help: "Last day (YYYY-MM-DD, inclusive; default the day of --as-of).") var to: String?
    @Option(name: .customLong("as-of"), help: "Compute as of this date or ISO time (default: now).") var asOf: String?
    @Option(help: "Only the users of this saved segment.") var segment: String?
    @Option(help: "Only the users of this model layer, e.g. rfm:重要价值.") var layer: String?
    @Option(help: "table, csv or json.") var format: String = "table"
    @Option(name: .customLong("dormant-days"), help: "Activity: days without activity that make a return a resurrection.")
    var dormantDays: Int?
    @Option(name: .customLong("start-event"), help: "Retention: the event that puts a user in a cohort (default: any).")
    var startEvent: String?
    @Option(name: .customLong("return-event"), help: "Retention: the event that counts as a return (default: any).")
    var returnEvent: String?
    @Option(help: "Retention: periods per cohort (1…120); ltv: 1…104.") var periods: Int?
    @Option(help: "Trend, lift: the event, with optional filters, e.g. 'purchase(category = books)'.") var event: String?
    @Option(help: "Trend: count, users, sum:PROPERTY or average:PROPERTY.") var measure: String?
    @Option(help: "Trend: property:NAME or trait:NAME; funnel: a user attribute (channel, last_city, trait:city).")
    var breakdown: String?
    @Option(help: "Trend: breakdown values shown (1…50); lift: values per dimension (1…100).") var top: Int?
    @Flag(help: "Trend: add the previous period of the same length.") var compare = false
    @Option(help: "Trend: hour, day, week or month; retention, ltv: day or week.") var unit: String?
    @Option(help: "Retention: on or on_or_after.") var mode: String?
    @Option(help: "Funnel: steps, e.g. 'view_item(category = books),add_to_cart,checkout,purchase'.") var steps: String?
    @Option(help: "Funnel: conversion window from step 1, e.g. 30m, 24h, 7d.") var window: String?
    @Option(help: "Funnel: loose or strict ordering.") var order: String?
    @Option(name: .customLong("target-segment"), help: "Lift: the target is this segment's members.") var targetSegment: String?
    @Option(name: .customLong("target-layer"), help: "Lift: the target is this model layer, e.g. rfm:重要价值.")
    var targetLayer: String?
    @Option(help: "Lift: the target as a rule, e.g. 'purchase_count >= 3'.") var target: String?
    @Option(help: "Lift: dimensions, e.g. channel,last_city,gender,revenue (default: channel, city, device, traits).")
    var by: String?
    @Option(help: "Lift: quantile ranges per numeric dimension (2…10).") var bins: Int?
    @Option(help: "Lift: all users, or those active in the range.") var base: String?
    @Flag(name: .customLong("show-missing"), help: "Lift: show rows for users without a value, \"(none)\".")
    var showMissing = false
    @Option(name: .customLong("channel-trait"), help: "Channels: take the channel from this trait (default: first touch).")
    var channelTrait: String?
    @Option(name: .customLong("conversion-event"), help: "Channels: the conversion event (default: the purchase event).")
    var conversionEvent: String?
    @Option(name: .customLong("conversion-days"), help: "Channels: days after the first visit a conversion counts (1…365).")
    var conversionDays: Int?

    func validate() throws {
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format is table, csv or json.") }
    }

    func run() async throws {
        var parameters: [String: String] = [:]
        let given: [(String, String?)] = [
            ("from", from), ("to", to), ("as_of", asOf), ("segment", segment), ("layer", layer),
            ("dormant_days", dormantDays.map(String.init)), ("start_event", startEvent), ("return_event", returnEvent),
            ("periods", periods.map(String.init)), ("unit", unit), ("mode", mode), ("steps", steps), ("window", window),
            ("order", order), ("event", event), ("measure", measure), ("breakdown", breakdown),
            ("top", top.map(String.init)), ("compare", compare ? "true" : nil), ("target_segment", targetSegment),
            ("target_layer", targetLayer), ("target", target), ("by", by), ("bins", bins.map(String.init)), ("base", base),
            ("missing", showMissing ? "show" : nil),
            ("channel_trait", channelTrait), ("conversion_event", conversionEvent),
            ("conversion_days", conversionDays.map(String.init)),
        ]
        for case let (name, value?) in given { parameters[name] = value }
        _ = try LoadedStore.usage { try ReportRequest(kind: report, parameters: parameters, now: 0) }
        let loaded = try LoadedStore(store)
        let (_, output) = try await LoadedStore.usage { try await loaded.app.reports(.cli).run(report, parameters: parameters) }
        switch format {
        case "json": print(output.json.jsonText)
        case "csv": FileHandle.standardOutput.write(Data(output.table.csv.utf8))
        default: FileHandle.standardOutput.write(Data(output.table.text.utf8))
        }
    }
}
