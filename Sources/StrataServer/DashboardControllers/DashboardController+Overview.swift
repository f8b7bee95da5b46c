import Foundation
import StrataCore
import StrataPages

extension DashboardController {
    /// 概览: the last 30 days of active, new and paying users and revenue, the lifecycle and
    /// RFM layers today, and the latest campaign alerts.
    func overview(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let now = dataNow()
        let settings = app.settings
        let today = settings.dayNumber(now)
        let from = WorkspaceSettings.dayText(dayNumber: today - 30), to = WorkspaceSettings.dayText(dayNumber: today - 1)
        let totals = try await index.totals()
        let purchase = Self.ruleWord(try await index.purchaseEvent())
        // The two reports side by side; the layers come from the minute's cache.
        let activityRequest = try ReportRequest(kind: "activity", parameters: ["from": from, "to": to], now: now)
        let revenueRequest = try ReportRequest(
            kind: "trend", parameters: ["from": from, "to": to, "event": purchase, "measure": "sum:revenue"], now: now)
        let reports = try await index.concurrently([
            { index, settings in try activityRequest.run(index, inputs: .init(), settings: settings) },
            // A workspace that has not seen a purchase yet has no revenue (the trend refuses unknown events).
            { index, settings in try? revenueRequest.run(index, inputs: .init(), settings: settings) },
        ] as [@Sendable (UserIndex, WorkspaceSettings) throws -> ReportRequest.Output?])
        guard let activity = reports[0] else { throw StrataError(.unavailable, "The activity report did not come back.") }
        let revenue = reports[1]
        let builtIn = try await index.builtInLayers(asOf: now)
        let stages = builtIn.stages, rfm = builtIn.rfm
        let days = activity.json["days"]?.arrayValue ?? []
        let labels = days.map { String(($0["day"]?.stringValue ?? "").dropFirst(5)) }
        func series(_ key: String) -> [Double] { days.map { $0[key]?.numberValue ?? 0 } }
        let revenueValues = revenue?.json["total"]?["values"]?.arrayValue?.map { $0.numberValue ?? 0 }
            ?? Array(repeating: 0, count: labels.count)
        let last = days.last

        let buyers = rfm.layers.values.reduce(0) { $0 + $1.count }
        let alerts = try await campaigns.alerts(limit: 8)

        let chartWidth = 440.0
        return Page(
            title: l["nav.overview"], lead: l.format("overview.lead", from, to), notice: Self.notice(staff),
            sections: [
                PageSection(wide: true, stats: [
                    .init(l["overview.users"], ChartFormat.grouped(Double(totals.users))),
                    .init(l["overview.dau"], ChartFormat.grouped(last?["dau"]?.numberValue ?? 0), hint: to),
                    .init(l["overview.new"], ChartFormat.grouped(last?["new"]?.numberValue ?? 0), hint: to),
                    .init(l["overview.mau"], ChartFormat.grouped(last?["mau"]?.numberValue ?? 0), hint: to),
                    .init(l["overview.revenue30"], ChartFormat.grouped(revenueValues.reduce(0, +)), hint: "\(from) – \(to)"),
                    .init(l["overview.events"], ChartFormat.compact(Double(totals.events))),
                ]),
                PageSection(title: l["overview.dau_trend"], svg: LineChart(
                    labels: labels, series: [(l["overview.dau"], series("dau")), (l["overview.new"], series("new"))],
                    title: l["overview.dau_trend"], width: chartWidth, emptyText: l["no_data"]).svg()),
                PageSection(title: l["overview.revenue_trend"], svg: BarChart(
                    labels: labels, values: revenueValues, title: l["overview.revenue_trend"], width: chartWidth,
                    emptyText: l["no_data"]).svg()),
                PageSection(title: l["overview.lifecycle"], note: l["overview.lifecycle.note"], svg: BarChart(
                    labels: LifecycleModel.Stage.allCases.map { l.language == .zh ? $0.chineseName : $0.rawValue },
                    values: LifecycleModel.Stage.allCases.map { Double(stages[$0]?.count ?? 0) },
                    title: l["overview.lifecycle"], horizontal: true, width: chartWidth, emptyText: l["no_data"]).svg(),
                    links: [Page.Link(href: "/app/segments/models", label: l["segments.models"])]),
                PageSection(title: l["overview.rfm"], note: l.format("overview.rfm.note", ChartFormat.grouped(Double(buyers))),
                            svg: RFMGrid(cells: RFMModel.Layer.allCases.map { layer in
                                let users = rfm.layers[layer]?.count ?? 0
                                return RFMGrid.Cell(name: layer.rawValue, users: users,
                                                    share: buyers == 0 ? 0 : Double(users) / Double(buyers),
                                                    subtitle: l.language == .en ? layer.englishName : nil)
                            }, title: l["overview.rfm"], width: chartWidth, emptyText: l["no_data"]).svg()),
                PageSection(title: l["overview.alerts"], wide: true, table: DataTable(
                    headers: [l["time"], l["campaign"], l["alert.kind"], l["alert.message"]],
                    rows: alerts.map { a in
                        DataTable.Row([DataTable.Cell(Timestamp.format(a.createdAt)),
                                       DataTable.Cell(a.campaign, href: "/app/campaigns/" + Self.path(a.campaign)),
                                       DataTable.Cell(l["alert." + a.alert.kind.rawValue]), DataTable.Cell(a.alert.message)])
                    }, empty: l["overview.no_alerts"])),
            ])
    }

    /// A name as one word of the rule text: quoted when it holds anything but letters, digits and `_$.:-`.
    static func ruleWord(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "_$.:-".unicodeScalars.contains($0)
        }
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
