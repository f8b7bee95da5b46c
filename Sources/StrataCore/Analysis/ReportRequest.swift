/// A report asked for by name and text parameters — the same for the REST API (query or JSON
/// body) and the CLI (flags) — checked, run on the index and rendered as JSON or a table.
///
/// Shared parameters: `from`, `to` (inclusive days), `as_of`, `segment` (a saved segment) or
/// `layer` (`rfm:重要价值`) to narrow the users. Activity: `dormant_days`. Retention:
/// `start_event`, `return_event`, `periods`, `unit` (day | week), `mode` (on | on_or_after).
/// Funnel: `steps` (`view_item(category = books),add_to_cart,purchase`), `window` (`24h`),
/// `order` (loose | strict), `breakdown` (a user attribute: `channel`, `trait:city`) with `top`
/// values (10). Trend: `event` (with optional filters), `measure` (count | users |
/// sum:PROP | average:PROP), `unit` (hour | day | week | month), `breakdown` (`property:category`
/// or `trait:city`), `top` (10), `compare` (true to add the previous period). Lift: the target
/// as `event` (done within the range, with optional filters), `target_segment`, `target_layer`
/// or `target` (a rule in text); `by` (dimensions, `channel,last_city,gender`), `top` (values
/// per dimension, 30), `bins` (5), `base` (all | active), `missing` (hide | show "(none)" rows). Channels: `channel_trait` (default:
/// the first-touch source), `conversion_event` (default: the first purchase event),
/// `conversion_days` (30). LTV: `periods` (12), `unit` (week | day).
public struct ReportRequest: Sendable {
    /// The reports there are.
    public enum Kind: String, Sendable, CaseIterable {
        case activity, trend, retention, funnel, lift, channels, ltv
    }

    /// What a report needs beyond the index, looked up by the caller (which owns the store and
    /// the evaluator): the users of `segment` / `layer`, lift's target users, channel spend.
    public struct Inputs: Sendable {
        public var audience: UserSet?
        public var target: UserSet?
        public var spend: [ChannelSpend]

        /// Creates inputs.
        public init(audience: UserSet? = nil, target: UserSet? = nil, spend: [ChannelSpend] = []) {
            self.audience = audience
            self.target = target
            self.spend = spend
        }
    }

    /// Which report.
    public var kind: Kind
    /// The parameters as given.
    public var parameters: [String: String]
    /// When the request was made (the default `as_of`).
    public var now: Int64

    /// Creates a request.
    ///
    /// - Throws: `StrataError.notFound` for an unknown report name.
    public init(kind name: String, parameters: [String: String], now: Int64) throws {
        guard let kind = Kind(rawValue: name) else {
            throw StrataError(.notFound, "No report \"\(name)\"; reports are "
                + Kind.allCases.map(\.rawValue).joined(separator: ", ") + ".", field: "report")
        }
        self.kind = kind
        self.parameters = parameters.filter { !$0.value.isEmpty }
        self.now = now
    }

    /// The users the request narrows to, as a rule (`segment` or `layer`), if any.
    public func audience() throws -> SegmentRule? {
        if let segment = parameters["segment"] { return .member(.segment(segment)) }
        if let layer = parameters["layer"] { return .member(try SegmentRule.layer(layer, path: "layer")) }
        return nil
    }

    /// Lift's target as a rule: `event` (done within the range), `target_segment`, `target_layer`
    /// or `target` (rule text); `nil` for other reports.
    ///
    /// - Throws: `StrataError.invalidParameter` when a lift report has none or several targets.
    public func target(settings: WorkspaceSettings) throws -> SegmentRule? {
        guard kind == .lift else { return nil }
        let given = ["event", "target_segment", "target_layer", "target"].filter { parameters[$0] != nil }
        guard given.count == 1 else {
            throw StrataError(.invalidParameter, "Give the target as one of event, target_segment, target_layer or "
                + "target (a rule)" + (given.isEmpty ? "." : ", not \(given.joined(separator: " and ")).") , field: "target")
        }
        switch given[0] {
        case "event":
            guard case .behaviour(var condition) = try SegmentRule(text: "did \(parameters["event"]!)") else {
                throw StrataError(.invalidParameter, "event is an event name with optional filters.", field: "event")
            }
            let range = try self.range(settings: settings, users: nil)
            condition.window = .between(WorkspaceSettings.dayText(dayNumber: range.fromDay),
                                        WorkspaceSettings.dayText(dayNumber: range.toDay))
            return .behaviour(condition)
        case "target_segment": return .member(.segment(parameters["target_segment"]!))
        case "target_layer": return .member(try SegmentRule.layer(parameters["target_layer"]!, path: "target_layer"))
        default:
            do {
                return try SegmentRule(text: parameters["target"]!)
            } catch let error as StrataError {
                throw StrataError(error.code, "target: \(error.message)", field: "target")
            }
        }
    }

    /// Looks up what the report needs: `evaluate` gives a rule's users as of the request's
    /// `as_of` (checking the rule), `spend` the stored channel spend.
    public func inputs(settings: WorkspaceSettings, evaluate: (SegmentRule) throws -> UserSet,
                       spend: () throws -> [ChannelSpend]) throws -> Inputs
    {
        Inputs(audience: try audience().map(evaluate), target: try target(settings: settings).map(evaluate),
               spend: kind == .channels ? try spend() : [])
    }

    /// The range of days the parameters give.
    func range(settings: WorkspaceSettings, users: UserSet?) throws -> AnalysisRange {
        try AnalysisRange(from: parameters["from"], to: parameters["to"], asOf: try asOf(settings), settings: settings,
                          defaultDays: 30, users: users)
    }

    /// The `as_of` instant: an ISO 8601 time, or a date meaning the end of that local day.
    public func asOf(_ settings: WorkspaceSettings) throws -> Int64 {
        guard let text = parameters["as_of"] else { return now }
        guard let ms = AsOf.parse(text, timeZone: settings.timeZone) else {
            throw StrataError(.invalidParameter, "as_of must be a date or an ISO 8601 time.", field: "as_of")
        }
        return ms
    }

    func integer(_ name: String, default fallback: Int, _ limits: ClosedRange<Int>) throws -> Int {
        guard let text = parameters[name] else { return fallback }
        guard let value = Int(text), limits.contains(value) else {
            throw StrataError(.invalidParameter, "\(name) must be a whole number from \(limits.lowerBound) to "
                + "\(limits.upperBound).", field: name)
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = parameters[name] else { return fallback }
        guard let value = T(rawValue: text) else {
            throw StrataError(.invalidParameter, "\(name) is " + T.allCases.map(\.rawValue).joined(separator: " or ")
                + ", not \"\(text)\".", field: name)
        }
        return value
    }

    /// The funnel's steps from `steps`: events separated by commas outside parentheses, each
    /// with optional filters written as in rules (`view_item(category = books)`).
    public func funnelSteps() throws -> [FunnelReport.Step] {
        guard let text = parameters["steps"] else {
            throw StrataError(.invalidParameter, "Give steps, such as view_item,add_to_cart,checkout,purchase.",
                              field: "steps")
        }
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        parts.append(current)
        return try parts.enumerated().map { i, part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, case .behaviour(let condition) = try SegmentRule(text: "did \(trimmed)") else {
                throw StrataError(.invalidParameter, "Step \(i + 1) \"\(trimmed)\" is not an event with optional filters.",
                                  field: "steps[\(i)]")
            }
            return FunnelReport.Step(condition.event, filters: condition.filters)
        }
    }

    /// The funnel this request describes.
    public func funnel(events: Set<String>) throws -> FunnelReport {
        let strict: Bool
        switch parameters["order"] ?? "loose" {
        case "loose": strict = false
        case "strict": strict = true
        case let other:
            throw StrataError(.invalidParameter, "order is loose or strict, not \"\(other)\".", field: "order")
        }
        let funnel = FunnelReport(steps: try funnelSteps(), window: try FunnelReport.window(parameters["window"] ?? "24h"),
                                  strict: strict)
        try funnel.validate(events: events)
        return funnel
    }

    /// The user attribute a funnel is broken down by (`breakdown`: `channel`, `last_city`,
    /// `trait:city` or a trait's key), if any.
    func funnelBreakdown(_ index: UserIndex) throws -> AttributeRef? {
        guard let text = parameters["breakdown"] else { return nil }
        let dimension = text.hasPrefix("trait:") ? .trait(String(text.dropFirst(6))) : RuleTextParser.attribute(text)
        try UserBreakdown.validate(dimension, traits: index.traitKeys, field: "breakdown")
        return dimension
    }

    /// The trend this request describes.
    public func trend(events: Set<String>) throws -> TrendReport {
        guard let text = parameters["event"] else {
            throw StrataError(.invalidParameter, "Give event, such as view_item or 'view_item(category = books)'.",
                              field: "event")
        }
        guard case .behaviour(let condition) = try SegmentRule(text: "did \(text)") else {
            throw StrataError(.invalidParameter, "event is an event name with optional filters.", field: "event")
        }
        var breakdown = TrendReport.Breakdown.none
        if let by = parameters["breakdown"] {
            let parts = by.split(separator: ":", maxSplits: 1).map(String.init)
            switch (parts.first, parts.count) {
            case ("trait", 2): breakdown = .trait(parts[1])
            case ("property", 2): breakdown = .property(parts[1])
            case (_, 1): breakdown = .property(by)
            default:
                throw StrataError(.invalidParameter, "breakdown is property:NAME or trait:NAME.", field: "breakdown")
            }
        }
        let report = TrendReport(event: condition.event, filters: condition.filters,
                                 measure: try TrendReport.Measure(parameters["measure"] ?? "count"),
                                 unit: try choice("unit", default: TrendReport.Unit.day), breakdown: breakdown,
                                 top: try integer("top", default: 10, 1...50),
                                 comparePrevious: parameters["compare"] == "true")
        try report.validate(events: events)
        return report
    }

    /// The retention report this request describes.
    public func retention(events: Set<String>) throws -> RetentionReport {
        let report = RetentionReport(startEvent: parameters["start_event"], returnEvent: parameters["return_event"],
                                     periods: try integer("periods", default: 30, 1...120),
                                     unit: try choice("unit", default: RetentionReport.Unit.day),
                                     mode: try choice("mode", default: RetentionReport.Mode.on))
        try report.validate(events: events)
        return report
    }

    /// Whether lift shows rows for users without a value.
    enum MissingRows: String, CaseIterable { case show, hide }

    /// The lift report this request describes.
    public func lift(_ index: UserIndex) throws -> LiftReport {
        let report = LiftReport(dimensions: parameters["by"].map(LiftReport.dimensions) ?? LiftReport.defaultDimensions(index),
                                maxValues: try integer("top", default: 30, 1...100), bins: try integer("bins", default: 5, 2...10),
                                showMissing: try choice("missing", default: MissingRows.hide) == .show)
        try report.validate(traits: index.traitKeys)
        return report
    }

    /// The channel report this request describes.
    public func channels(_ index: UserIndex, settings: WorkspaceSettings) throws -> ChannelReport {
        let conversion = parameters["conversion_event"]
            ?? settings.purchaseEvent(in: index)
        let report = ChannelReport(source: parameters["channel_trait"].map { .trait($0) } ?? .firstTouch,
                                   conversionEvent: conversion,
                                   conversionDays: try integer("conversion_days", default: 30, 1...365))
        try report.validate(events: index.eventNames, traits: index.traitKeys)
        return report
    }

    /// A finished report.
    public struct Output: Sendable {
        /// The whole report as one JSON document.
        public var json: JSONValue
        /// The report as a table.
        public var table: ReportTable
        /// For funnels: the users who reached each step.
        public var stepUsers: [UserSet]
    }

    /// Runs the report on the index.
    ///
    /// - Parameter inputs: what `inputs(settings:evaluate:spend:)` looked up.
    public func run(_ index: UserIndex, inputs: Inputs, settings: WorkspaceSettings) throws -> Output {
        let asOf = try asOf(settings)
        let range = try range(settings: settings, users: inputs.audience)
        var json: [String: JSONValue] = [
            "report": .string(kind.rawValue), "as_of": .string(Timestamp.format(asOf)),
            "from": .string(WorkspaceSettings.dayText(dayNumber: range.fromDay)),
            "to": .string(WorkspaceSettings.dayText(dayNumber: range.toDay)),
            "time_zone": .string(settings.timeZone.identifier),
        ]
        if let segment = parameters["segment"] { json["segment"] = .string(segment) }
        if let layer = parameters["layer"] { json["layer"] = .string(layer) }
        switch kind {
        case .activity:
            let report = ActivityReport(dormantDays: try integer("dormant_days", default: 7, 1...90))
            let days = report.run(index, range: range, settings: settings)
            json["dormant_days"] = .number(Double(report.dormantDays))
            json["days"] = .array(days.map { d in
                .object([
                    "day": .string(d.day), "dau": .number(Double(d.dau)), "wau": .number(Double(d.wau)),
                    "mau": .number(Double(d.mau)), "total_users": .number(Double(d.totalUsers)),
                    "active_rate": ReportFormat.rate(d.activeRate), "stickiness": ReportFormat.rate(d.stickiness),
                    "new": .number(Double(d.new)), "returning": .number(Double(d.returning)),
                    "resurrected": .number(Double(d.resurrected)),
                ])
            })
            let table = ReportTable(
                headers: ["day", "DAU", "WAU", "MAU", "users", "active rate", "DAU/MAU", "new", "returning", "resurrected"],
                rows: days.map { d in
                    [d.day, String(d.dau), String(d.wau), String(d.mau), String(d.totalUsers),
                     ReportFormat.percent(d.activeRate), ReportFormat.percent(d.stickiness), String(d.new),
                     String(d.returning), String(d.resurrected)]
                })
            return Output(json: .object(json), table: table, stepUsers: [])
        case .trend:
            let report = try trend(events: index.eventNames)
            let result = report.run(index, range: range, settings: settings)
            func series(_ s: TrendReport.Series) -> JSONValue {
                .object(["key": .string(s.key), "values": .array(s.values.map { .number($0) }), "total": .number(s.total)])
            }
            json["event"] = .string(report.event)
            json["measure"] = .string(parameters["measure"] ?? "count")
            json["unit"] = .string(report.unit.rawValue)
            json["buckets"] = .array(result.buckets.map { .string($0) })
            json["total"] = series(result.total)
            json["series"] = .array(result.series.map(series))
            json["previous"] = result.previous.map(series) ?? .null
            let shown = result.series.isEmpty ? [result.total] : result.series + [result.total]
            func number(_ value: Double) -> String {
                value == value.rounded() && abs(value) < 9e15 ? String(Int64(value)) : String((value * 100).rounded() / 100)
            }
            var rows = result.buckets.indices.map { b in [result.buckets[b]] + shown.map { number($0.values[b]) } }
            if let previous = result.previous {
                rows.append(["previous period"] + (result.series.isEmpty ? [] : result.series.map { _ in "" })
                    + [number(previous.total)])
            }
            rows.append(["total"] + shown.map { number($0.total) })
            return Output(json: .object(json), table: ReportTable(headers: ["bucket"] + shown.map(\.key), rows: rows),
                          stepUsers: [])
        case .retention:
            let report = try retention(events: index.eventNames)
            let cohorts = report.run(index, range: range, settings: settings)
            let curve = RetentionReport.averageCurve(cohorts, periods: report.periods)
            json["unit"] = .string(report.unit.rawValue)
            json["mode"] = .string(report.mode.rawValue)
            json["start_event"] = report.startEvent.map { .string($0) } ?? .null
            json["return_event"] = report.returnEvent.map { .string($0) } ?? .null
            json["cohorts"] = .array(cohorts.map { c in
                .object([
                    "start": .string(c.start), "size": .number(Double(c.size)),
                    "retained": .array(c.retained.map { $0.map { .number(Double($0)) } ?? .null }),
                    "rates": .array(c.retained.map { r in
                        r.map { c.size == 0 ? .null : ReportFormat.rate(Double($0) / Double(c.size)) } ?? .null
                    }),
                ])
            })
            json["average"] = .array(curve.map { $0.map(ReportFormat.rate) ?? .null })
            let headers = ["cohort", "users"] + (0..<report.periods).map { "\(report.unit == .day ? "D" : "W")\($0)" }
            var rows = cohorts.map { c in
                [c.start, String(c.size)] + c.retained.map { r in
                    r.map { c.size == 0 ? "" : ReportFormat.percent(Double($0) / Double(c.size)) } ?? ""
                }
            }
            let total = cohorts.reduce(0) { $0 + $1.size }
            let averages: [String] = curve.map { rate in rate.map(ReportFormat.percent) ?? "" }
            rows.append(["average", String(total)] + averages)
            return Output(json: .object(json), table: ReportTable(headers: headers, rows: rows), stepUsers: [])
        case .funnel:
            let funnel = try funnel(events: index.eventNames)
            let steps = funnel.run(index, range: range, settings: settings)
            json["window_ms"] = .number(Double(funnel.window))
            json["order"] = .string(funnel.strict ? "strict" : "loose")
            var stepsJSON: [JSONValue] = []
            for (i, s) in steps.enumerated() {
                let filters: [JSONValue] = funnel.steps[i].filters.map { filter in
                    let values = filter.values.map { $0.stringValue ?? $0.jsonText }.joined(separator: ", ")
                    return .string("\(filter.property) \(filter.op.rawValue) \(values)")
                }
                var percentiles: [String: JSONValue] = [:]
                for p in [25, 50, 75, 90] {
                    let position = min(s.times.count - 1, (s.times.count - 1) * p / 100)
                    percentiles["p\(p)"] = s.times.isEmpty ? .null : .number(Double(s.times[position]))
                }
                let median: JSONValue = s.medianTime.map { .number(Double($0)) } ?? .null
                stepsJSON.append(.object([
                    "step": .number(Double(i + 1)), "event": .string(s.event), "filters": .array(filters),
                    "users": .number(Double(s.count)), "conversion": ReportFormat.rate(s.conversion),
                    "step_conversion": ReportFormat.rate(s.stepConversion), "dropped": .number(Double(s.dropped)),
                    "median_time_ms": median, "time_percentiles_ms": .object(percentiles),
                ]))
            }
            json["steps"] = .array(stepsJSON)
            var table = ReportTable(
                headers: ["step", "event", "users", "conversion", "from previous", "dropped", "median time"],
                rows: steps.enumerated().map { i, s in
                    [String(i + 1), s.event, String(s.count), ReportFormat.percent(s.conversion),
                     ReportFormat.percent(s.stepConversion), String(s.dropped), ReportFormat.duration(s.medianTime)]
                })
            if let dimension = try funnelBreakdown(index) {
                // The users of each step per value of a user attribute, values chosen among step 1's users.
                let attributes = { if case .computed(let f) = dimension, f.isNumber { true } else { false } }()
                    ? index.attributes(asOf: asOf, settings: settings) : nil
                let breakdown = UserBreakdown(dimension, index, base: steps[0].users, attributes: attributes,
                                              maxValues: try integer("top", default: 10, 1...50), bins: 5)
                let counts = steps.map { breakdown.counts($0.users) }
                let k = steps.count
                let shown = breakdown.labels.indices.filter { counts[0][$0] > 0 }
                func conversion(_ first: Int, _ last: Int) -> Double? { first == 0 ? nil : Double(last) / Double(first) }
                json["breakdown"] = .object([
                    "by": .string(LiftReport.name(dimension)),
                    "values": .array(shown.map { v in
                        .object(["value": .string(breakdown.labels[v]),
                                 "users": .array(counts.map { .number(Double($0[v])) }),
                                 "conversion": ReportFormat.rate(conversion(counts[0][v], counts[k - 1][v]))])
                    }),
                ])
                table = ReportTable(
                    headers: [LiftReport.name(dimension)] + steps.enumerated().map { "\($0 + 1) \($1.event)" } + ["conversion"],
                    rows: [["all"] + steps.map { String($0.count) } + [ReportFormat.percent(steps[k - 1].conversion)]]
                        + shown.map { v in
                            [breakdown.labels[v]] + counts.map { String($0[v]) }
                                + [ReportFormat.percent(conversion(counts[0][v], counts[k - 1][v]))]
                        })
            }
            return Output(json: .object(json), table: table, stepUsers: steps.map(\.users))
        case .lift:
            return try liftOutput(index, range: range, target: inputs.target, settings: settings, json: json)
        case .channels:
            return try channelsOutput(index, range: range, spend: inputs.spend, settings: settings, json: json)
        case .ltv:
            return try ltvOutput(index, range: range, settings: settings, json: json)
        }
    }
}
