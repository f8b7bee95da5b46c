import Foundation
import Hummingbird
import StrataApp
import StrataCore
import StrataPages

extension DashboardController {
    /// 模型设置: try the lifecycle thresholds and the RFM window and scoring on today's data
    /// (rules use the daily lifecycle preset and the default RFM), and manage scoring models.
    func modelSettings(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let now = dataNow()
        let parameters = QueryParameters(staff.queryParameters)
        let lifecycle = try ModelController<Context>.lifecycleModel(parameters)
        let rfmModel = try ModelController<Context>.rfmModel(parameters)
        let tried = try await app.models.layers(lifecycle: lifecycle, rfm: rfmModel, asOf: now)
        let stages = tried.stages, rfm = tried.rfm
        let buyers = rfm.layers.values.reduce(0) { $0 + $1.count }
        func value(_ name: String, _ fallback: Int?) -> String { staff.query(name) ?? fallback.map(String.init) ?? "" }

        var sections = [
            PageSection(
                title: l["settings.lifecycle"], note: l["settings.lifecycle.note"],
                svg: BarChart(labels: LifecycleModel.Stage.allCases.map { l.language == .zh ? $0.chineseName : $0.rawValue },
                              values: LifecycleModel.Stage.allCases.map { Double(stages[$0]?.count ?? 0) },
                              title: l["settings.lifecycle"], horizontal: true, width: 540, emptyText: l["no_data"]).svg(),
                form: FormView(action: "/app/segments/settings", post: false, submit: l["run"], fields: [
                    .init("preset", l["settings.preset"], kind: .select, value: staff.query("preset") ?? "daily",
                          options: [("daily", l["settings.preset.daily"]), ("low_frequency", l["settings.preset.low"])]),
                    .init("new_days", l["settings.new_days"], kind: .number, value: value("new_days", lifecycle.newDays)),
                    .init("active_days", l["settings.active_days"], kind: .number, value: value("active_days", lifecycle.activeDays)),
                    .init("silent_days", l["settings.silent_days"], kind: .number, value: value("silent_days", lifecycle.silentDays)),
                    .init("churn_days", l["settings.churn_days"], kind: .number, value: value("churn_days", lifecycle.churnDays)),
                ], inline: true)),
            PageSection(
                title: "RFM", note: l.format("settings.rfm.note", ChartFormat.grouped(Double(buyers))),
                svg: RFMGrid(cells: RFMModel.Layer.allCases.map { layer in
                    let users = rfm.layers[layer]?.count ?? 0
                    return RFMGrid.Cell(name: layer.rawValue, users: users, share: buyers == 0 ? 0 : Double(users) / Double(buyers),
                                        subtitle: l.language == .en ? layer.englishName : nil)
                }, title: "RFM", width: 540, emptyText: l["no_data"]).svg(),
                table: DataTable(headers: [l["settings.rfm.measure"], l["settings.rfm.breaks"]], rows: [
                    (l["settings.rfm.recency"], rfm.breakPoints.recency), (l["settings.rfm.frequency"], rfm.breakPoints.frequency),
                    (l["settings.rfm.monetary"], rfm.breakPoints.monetary),
                ].map { DataTable.Row([DataTable.Cell($0.0), DataTable.Cell($0.1.map { ChartFormat.grouped($0) }.joined(separator: " / "),
                                                                         numeric: false)]) }),
                form: FormView(action: "/app/segments/settings", post: false, submit: l["run"], fields: [
                    .init("window_days", l["settings.rfm.window"], kind: .number, value: value("window_days", rfmModel.windowDays)),
                    .init("scoring", l["settings.rfm.scoring"], kind: .select, value: staff.query("scoring") ?? "quintiles",
                          options: [("quintiles", l["settings.rfm.quintiles"]), ("natural", l["settings.rfm.natural"])]),
                    .init("event", l["event"], value: staff.query("event") ?? "", placeholder: "purchase"),
                    .init("value", l["settings.rfm.value"], value: staff.query("value") ?? "", placeholder: "revenue"),
                ], inline: true)),
        ]

        // Scoring models: the list, one model's tiers on demand, a new one as JSON.
        let models = try app.models.scoringModels()
        var scoring = PageSection(
            title: l["models.scoring"], note: l["settings.scoring.note"], wide: true, id: "scoring",
            table: DataTable(headers: [l["name"], l["description"], l["models.tiers"]], rows: models.map { model in
                DataTable.Row([DataTable.Cell(model.name, href: "/app/segments/settings?score=\(Self.queryValue(model.name))#scoring"),
                               DataTable.Cell(model.description),
                               DataTable.Cell(model.tiers.map(\.name).joined(separator: " / "))])
            }, empty: l["models.scoring.none"]),
            actions: staff.role.may(.editSegments) ? models.map {
                PageAction(action: "/app/segments/scores/\(Self.path($0.name))/delete", label: l.format("settings.scoring.delete", $0.name),
                           danger: true, confirm: l["confirm.delete"])
            } : [])
        if let name = staff.query("score"), let model = models.first(where: { $0.name == name }) {
            let (result, _) = try await app.models.score(model, asOf: now)
            scoring.svg = BarChart(labels: model.tiers.map(\.name), values: model.tiers.map { Double(result.tiers[$0.name]?.count ?? 0) },
                                   title: model.name, horizontal: true, width: 1100, emptyText: l["no_data"]).svg()
        }
        sections.append(scoring)
        if staff.role.may(.editSegments) {
            sections.append(PageSection(title: l["settings.scoring.new"], wide: true, form: FormView(
                action: "/app/segments/scores", submit: l["save"], fields: [
                    .init("model", l["settings.scoring.json"], kind: .textarea, hint: l["settings.scoring.json.hint"], required: true,
                          placeholder: #"{"name": "loyalty", "factors": [{"attribute": "active_days", "weight": 3, "normalise": "rank"}, {"did": "purchase", "within_days": 30, "weight": 4}, {"attribute": "recency", "weight": 3, "normalise": "rank"}], "tiers": [{"name": "high", "min_score": 70}, {"name": "mid", "min_score": 40}, {"name": "low", "min_score": 0}]}"#),
                ])))
        }
        return Page(title: l["segments.settings"], lead: l["settings.models.lead"], tabs: segmentTabs(l, current: "/app/segments/settings"),
                    notice: Self.notice(staff), sections: sections)
    }
}
