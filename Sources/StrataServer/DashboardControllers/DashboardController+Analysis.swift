import Foundation
import Hummingbird
import StrataApp
import StrataCore
import StrataPages

extension DashboardController {
    /// 分析: one page per report (activity, trend, retention, funnel, lift, channels, LTV), each
    /// with its controls (a `GET` form whose fields are the report API's parameters), a chart,
    /// the table and its CSV; a funnel step's drop-offs can be saved as a segment.
    func addAnalysisRoutes(to router: Router<Context>) {
        router.get("app/analysis") { _, _ in Response.redirect(to: "/app/analysis/activity", type: .found) }
        page(router, "app/analysis/{kind}") { staff, context in try await report(staff, kind: try Self.parameter(context, "kind")) }
        data(router, "app/analysis/{kind}/csv") { staff, context in
            let kind = try Self.parameter(context, "kind")
            let (_, output) = try await app.reports(staff.principal).run(kind, parameters: staff.queryParameters, now: dataNow())
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"\(kind).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: output.table.csv)))
        }
        action(router, "app/analysis/{kind}/segment", .editSegments) { staff, context in
            guard try Self.parameter(context, "kind") == "funnel" else {
                throw StrataError(.notFound, "Only a funnel's steps can be saved as a segment.", field: "report")
            }
            var parameters = staff.form
            parameters["_csrf"] = nil
            parameters["owner"] = staff.session.account.email
            let (segment, _) = try await app.reports(staff.principal).saveFunnelStep(parameters)
            return Self.redirect("/app/segments/" + Self.path(segment.name), notice: "saved")
        }
    }

    /// The report's controls: its parameters with their current values.
    private func controls(_ kind: ReportRequest.Kind, _ p: [String: String], _ l: Localizer, segments: [String]) -> [FormView.Field] {
        func text(_ name: String, _ placeholder: String = "", kind fieldKind: FormView.Field.Kind = .text) -> FormView.Field {
            FormView.Field(name, l["param." + name], kind: fieldKind, value: p[name] ?? "", placeholder: placeholder)
        }
        func choice(_ name: String, _ options: [String], _ fallback: String) -> FormView.Field {
            FormView.Field(name, l["param." + name], kind: .select, value: p[name] ?? fallback,
                           options: options.map { ($0, l["option." + $0]) })
        }
        var fields = [text("from", kind: .date), text("to", kind: .date),
                      FormView.Field("segment", l["param.segment"], kind: .select, value: p["segment"] ?? "",
                                     options: [("", l["option.all_users"])] + segments.map { ($0, $0) })]
        switch kind {
        case .activity: fields += [text("dormant_days", "7", kind: .number)]
        case .trend:
            fields += [text("event", "purchase"), text("measure", "count / users / sum:revenue"),
                       choice("unit", ["hour", "day", "week", "month"], "day"), text("breakdown", "trait:city"),
                       choice("compare", ["false", "true"], "false")]
        case .retention:
            fields += [text("start_event", "app_open"), text("return_event", "app_open"), text("periods", "14", kind: .number),
                       choice("unit", ["day", "week"], "day"), choice("mode", ["on", "on_or_after"], "on")]
        case .funnel:
            fields += [text("steps", "view_item,add_to_cart,purchase"), text("window", "24h"),
                       choice("order", ["loose", "strict"], "loose"), text("breakdown", "channel")]
        case .lift:
            fields += [text("event", "purchase"), text("target_layer", "rfm:重要价值"), text("by", "channel,city,gender"),
                       choice("base", ["all", "active"], "all"), choice("missing", ["hide", "show"], "hide")]
        case .channels:
            fields += [text("channel_trait", "utm_source"), text("conversion_event", "purchase"),
                       text("conversion_days", "30", kind: .number)]
        case .ltv:
            fields += [text("periods", "12", kind: .number), choice("unit", ["week", "day"], "week")]
        }
        return fields
    }

    /// Parameters a report needs before it can run, with examples to start from.
    private static func defaults(_ kind: ReportRequest.Kind, purchase: String) -> [String: String] {
        switch kind {
        case .trend: ["event": purchase, "measure": "count"]
        case .funnel: ["steps": "view_item,add_to_cart,\(purchase)", "window": "24h"]
        case .lift: ["event": purchase]
        default: [:]
        }
    }

    private func report(_ staff: StaffRequest, kind name: String) async throws -> Page {
        let l = staff.l
        guard let kind = ReportRequest.Kind(rawValue: name) else {
            throw StrataError(.notFound, "No report \"\(name)\".", field: "report")
        }
        let purchase = Self.ruleWord(try await index.purchaseEvent())
        var parameters = Self.defaults(kind, purchase: purchase)
        parameters.merge(staff.queryParameters.filter { $0.key != "notice" }) { $1 }
        let tabs = Page.TabBar(ReportRequest.Kind.allCases.map {
            Page.Link(href: "/app/analysis/\($0.rawValue)", label: l["report." + $0.rawValue], current: $0 == kind)
        })
        let segments = try app.segments(staff.principal).names()
        func form(_ values: [String: String]) -> FormView {
            FormView(action: "/app/analysis/\(kind.rawValue)", post: false, submit: l["run"],
                     fields: controls(kind, values, l, segments: segments), inline: true)
        }
        let query = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.queryValue($0.value))" }.joined(separator: "&")
        let output: ReportRequest.Output
        do {
            output = try await app.reports(staff.principal).run(kind.rawValue, parameters: parameters, now: dataNow()).output
        } catch let error as StrataError {
            let form = form(parameters)
            // The controls stay, with what to fix.
            return Page(title: l["report." + kind.rawValue], lead: l["report." + kind.rawValue + ".lead"], tabs: tabs,
                        notice: Page.Notice(l["error.invalid"], detail: error.message + " " + l["error.invalid.next"], isError: true),
                        sections: [PageSection(wide: true, form: form)])
        }
        // The From and To fields show the days the report ran on, defaults included.
        var shown = parameters
        for key in ["from", "to"] where (shown[key] ?? "").isEmpty {
            shown[key] = output.json[key]?.stringValue
        }
        var sections = [PageSection(wide: true, form: form(shown))]
        sections += charts(kind, output.json, l)
        if kind == .funnel, staff.role.may(.editSegments) {
            sections.append(funnelSaveSection(output.json, parameters: parameters, l))
        }
        sections.append(PageSection(
            title: l["report.table"], wide: true,
            table: DataTable(headers: output.table.headers.map(l.column), rows: output.table.rows.map { DataTable.Row(texts: $0) },
                             empty: l["no_data"]),
            links: [Page.Link(href: "/app/analysis/\(kind.rawValue)/csv?\(query)", label: l["download_csv"])]))
        return Page(title: l["report." + kind.rawValue], lead: l["report." + kind.rawValue + ".lead"], tabs: tabs,
                    notice: Self.notice(staff), sections: sections)
    }

    /// The report's chart(s), drawn from its JSON.
    private func charts(_ kind: ReportRequest.Kind, _ json: JSONValue, _ l: Localizer) -> [PageSection] {
        let wide = 1100.0
        func numbers(_ value: JSONValue?) -> [Double] { value?.arrayValue?.map { $0.numberValue ?? 0 } ?? [] }
        switch kind {
        case .activity:
            let days = json["days"]?.arrayValue ?? []
            let labels = days.map { String(($0["day"]?.stringValue ?? "").dropFirst(5)) }
            func series(_ key: String) -> [Double] { days.map { $0[key]?.numberValue ?? 0 } }
            return [
                PageSection(title: l["report.activity.active"], wide: true, svg: LineChart(
                    labels: labels, series: [("DAU", series("dau")), ("WAU", series("wau")), ("MAU", series("mau"))],
                    title: l["report.activity.active"], width: wide, emptyText: l["no_data"]).svg()),
                PageSection(title: l["report.activity.mix"], wide: true, svg: StackedBarChart(
                    labels: labels, stacks: [(l["stage.new"], series("new")), (l["stage.returning"], series("returning")),
                                             (l["stage.resurrected"], series("resurrected"))],
                    title: l["report.activity.mix"], width: wide, emptyText: l["no_data"]).svg()),
            ]
        case .trend:
            let labels = json["buckets"]?.arrayValue?.map { $0.stringValue ?? "" } ?? []
            var series = (json["series"]?.arrayValue ?? []).map { ($0["key"]?.stringValue ?? "", numbers($0["values"])) }
            if series.isEmpty { series = [(l["report.trend.total"], numbers(json["total"]?["values"]))] }
            if let previous = json["previous"], !previous.isNull {
                series.append((l["report.trend.previous"], numbers(previous["values"])))
            }
            return [PageSection(title: l["report.trend"], wide: true, svg: LineChart(
                labels: labels, series: series, title: l["report.trend"], width: wide, emptyText: l["no_data"]).svg())]
        case .retention:
            let cohorts = json["cohorts"]?.arrayValue ?? []
            let periods = cohorts.map { $0["rates"]?.arrayValue?.count ?? 0 }.max() ?? 0
            return [PageSection(title: l["report.retention"], wide: true, svg: HeatMap(
                rowLabels: cohorts.map { $0["start"]?.stringValue ?? "" },
                columnLabels: (0..<periods).map { String($0) },
                cells: cohorts.map { c in (c["rates"]?.arrayValue ?? []).map { $0.numberValue } },
                sizes: cohorts.map { Int($0["size"]?.numberValue ?? 0) }, sizeHeader: l["size"],
                rowHeader: l["report.retention.cohort"], title: l["report.retention"], width: wide,
                emptyText: l["no_data"]).svg())]
        case .funnel:
            let steps = json["steps"]?.arrayValue ?? []
            return [PageSection(title: l["report.funnel"], wide: true, svg: FunnelChart(
                steps: steps.map { ($0["event"]?.stringValue ?? "", Int($0["users"]?.numberValue ?? 0)) },
                title: l["report.funnel"], width: wide, wording: l.language == .zh ? .chinese : .english,
                emptyText: l["no_data"]).svg())]
        case .lift:
            let rows = (json["rows"]?.arrayValue ?? []).prefix(15)
            return [PageSection(title: l["report.lift.chart"], wide: true, svg: BarChart(
                labels: rows.map { "\($0["dimension"]?.stringValue ?? "") = \($0["value"]?.stringValue ?? "")" },
                values: rows.map { ($0["lift"]?.numberValue ?? 1) - 1 }, title: l["report.lift.chart"], horizontal: true,
                width: wide, valueStyle: .percent, emptyText: l["no_data"]).svg())]
        case .channels:
            let channels = json["channels"]?.arrayValue ?? []
            let names = channels.map { $0["channel"]?.stringValue ?? "" }
            return [
                PageSection(title: l["report.channels.new"], svg: BarChart(
                    labels: names, values: channels.map { $0["new_users"]?.numberValue ?? 0 }, title: l["report.channels.new"],
                    horizontal: true, width: 540, emptyText: l["no_data"]).svg()),
                PageSection(title: l["report.channels.roi"], svg: BarChart(
                    labels: names, values: channels.map { $0["roi"]?.numberValue ?? 0 }, title: l["report.channels.roi"],
                    horizontal: true, width: 540, valueStyle: .percent, emptyText: l["no_data"]).svg()),
            ]
        case .ltv:
            let cohorts = json["cohorts"]?.arrayValue ?? []
            let periods = cohorts.map { $0["revenue_per_user"]?.arrayValue?.count ?? 0 }.max() ?? 0
            // Lines stop where a cohort has not reached the period yet.
            let series = cohorts.prefix(8).map { c -> (name: String, values: [Double]) in
                (c["start"]?.stringValue ?? "", (c["revenue_per_user"]?.arrayValue ?? []).compactMap { $0.numberValue })
            }
            return [PageSection(title: l["report.ltv.chart"], wide: true, svg: LineChart(
                labels: (1...max(periods, 1)).map { String($0) }, series: series, title: l["report.ltv.chart"], width: wide,
                emptyText: l["no_data"]).svg())]
        }
    }

    /// For each step after the first: a form that saves its drop-offs as a segment.
    private func funnelSaveSection(_ json: JSONValue, parameters: [String: String], _ l: Localizer) -> PageSection {
        let steps = json["steps"]?.arrayValue ?? []
        let hidden = parameters.filter { ["from", "to", "steps", "window", "order", "segment", "layer", "as_of"].contains($0.key) }
            .sorted { $0.key < $1.key }.map { FormView.Field.hidden($0.key, $0.value) }
        let options = steps.dropFirst().map { step -> (String, String) in
            let n = Int(step["step"]?.numberValue ?? 0)
            return (String(n), l.format("report.funnel.dropped_at", String(n), step["event"]?.stringValue ?? "",
                                        ChartFormat.grouped(step["dropped"]?.numberValue ?? 0)))
        }
        return PageSection(
            title: l["report.funnel.save"], note: l["report.funnel.save.note"], wide: true,
            form: FormView(action: "/app/analysis/funnel/segment", submit: l["report.funnel.save.submit"], fields: hidden + [
                .init("step", l["report.funnel.step"], kind: .select, value: options.first?.0 ?? "2", options: options),
                .hidden("which", "dropped"),
                .init("name", l["name"], required: true, placeholder: l["report.funnel.save.placeholder"]),
            ], inline: true, id: "funnel-save"))
    }
}
