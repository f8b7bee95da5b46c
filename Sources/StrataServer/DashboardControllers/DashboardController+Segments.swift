import Foundation
import Hummingbird
import StrataCore
import StrataApp
import StrataPages

extension DashboardController {
    /// 分层: saved segments with live sizes, the rule builder with a live size preview, a
    /// segment's size history, members and export, the layer models and the flow between two
    /// dates, and tags.
    func addSegmentRoutes(to router: Router<Context>) {
        page(router, "app/segments") { staff, _ in try await segmentList(staff) }
        page(router, "app/segments/new", .editSegments) { staff, _ in segmentEditor(staff, segment: nil) }
        data(router, "app/segments/preview") { staff, _ in try await segmentPreview(staff) }
        action(router, "app/segments", .editSegments) { staff, _ in try await saveSegment(staff) }
        page(router, "app/segments/models") { staff, _ in try await models(staff) }
        page(router, "app/segments/tags") { staff, _ in try await tagList(staff) }
        action(router, "app/segments/tags", .editSegments) { staff, _ in try await saveTag(staff) }
        action(router, "app/segments/tags/{name}/delete", .editSegments) { staff, context in
            try await app.tags(staff.principal).delete(try Self.parameter(context, "name"))
            return Self.redirect("/app/segments/tags", notice: "deleted")
        }
        page(router, "app/segments/settings") { staff, _ in try await modelSettings(staff) }
        action(router, "app/segments/scores", .editSegments) { staff, _ in
            guard let text = staff.field("model"), let json = try? JSONValue.parse(Data(text.utf8)) else {
                throw StrataError(.invalidField, "Give the scoring model as a JSON object.", field: "model")
            }
            let model = try ScoringModel(json: json)
            try await app.models.saveScoring(model)
            return Self.redirect("/app/segments/settings?score=" + Self.queryValue(model.name) + "#scoring", notice: "saved")
        }
        action(router, "app/segments/scores/{name}/delete", .editSegments) { _, context in
            try await app.models.deleteScoring(named: try Self.parameter(context, "name"))
            return Self.redirect("/app/segments/settings", notice: "deleted")
        }
        page(router, "app/segments/{name}") { staff, context in try await segmentDetail(staff, try Self.parameter(context, "name")) }
        page(router, "app/segments/{name}/edit", .editSegments) { staff, context in
            segmentEditor(staff, segment: try app.segments(staff.principal).named(try Self.parameter(context, "name")))
        }
        data(router, "app/segments/{name}/export", .exportMembers) { staff, context in
            let layout = try MemberExport(columns: staff.query("traits"))
            let (segment, users) = try await app.segments(staff.principal).members(try Self.parameter(context, "name"), asOf: dataNow())
            return MemberCSV.response(app.memberExport(users, layout: layout, for: staff.principal), filename: "segment-\(segment.name)")
        }
        action(router, "app/segments/{name}/delete", .editSegments) { staff, context in
            try await app.segments(staff.principal).delete(try Self.parameter(context, "name"))
            return Self.redirect("/app/segments", notice: "deleted")
        }
    }

    func segmentTabs(_ l: Localizer, current: String) -> Page.TabBar {
        Page.TabBar([("/app/segments", "segments.list"), ("/app/segments/new", "segments.new"),
                     ("/app/segments/models", "segments.models"), ("/app/segments/settings", "segments.settings"),
                     ("/app/segments/tags", "segments.tags")].map {
            Page.Link(href: $0.0, label: l[$0.1], current: $0.0 == current)
        })
    }

    private func segmentList(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let segments = try await app.segments(staff.principal).list(asOf: dataNow())
        let language: DisplayLanguage = l.language == .zh ? .chinese : .english
        return Page(
            title: l["nav.segments"], lead: l["segments.lead"], tabs: segmentTabs(l, current: "/app/segments"),
            notice: Self.notice(staff),
            sections: [PageSection(wide: true, table: DataTable(
                headers: [l["name"], l["size"], l["segments.rule"], l["description"], l["updated"]],
                rows: segments.map { segment, size in
                    DataTable.Row([
                        DataTable.Cell(segment.name, href: "/app/segments/" + Self.path(segment.name)),
                        DataTable.Cell(ChartFormat.grouped(Double(size)), numeric: true),
                        DataTable.Cell(segment.rule.describe(in: language)), DataTable.Cell(segment.description),
                        DataTable.Cell(Timestamp.format(segment.updatedAt).prefix(16).replacingOccurrences(of: "T", with: " ")),
                    ])
                }, empty: l["segments.none"]),
                links: staff.role.may(.editSegments) ? [Page.Link(href: "/app/segments/new", label: l["segments.new"])] : [])])
    }

    private func segmentEditor(_ staff: StaffRequest, segment: SavedSegment?) -> Page {
        let l = staff.l
        let ops: [(String, String)] = [("=", "="), ("!=", "≠"), (">", ">"), (">=", "≥"), ("<", "<"), ("<=", "≤"),
                                       ("contains", l["op.contains"]), ("exists", l["op.exists"]), ("did", l["op.did"]),
                                       ("didnot", l["op.didnot"]), ("segment", l["op.segment"]), ("tag", l["op.tag"]),
                                       ("layer", l["op.layer"])]
        let form = FormView(
            action: "/app/segments", submit: l["save"],
            fields: [
                .init("name", l["name"], value: segment?.name ?? "", hint: l["segments.name.hint"], required: true),
                .init("description", l["description"], value: segment?.description ?? ""),
                .init("rule", l["segments.rule"], kind: .textarea, value: segment.map { $0.rule.json.jsonText } ?? "",
                      hint: l["segments.rule.hint"], required: true,
                      placeholder: "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"),
            ],
            id: "segment-form",
            builder: FormView.RuleBuilder(
                previewURL: "/app/segments/preview", fieldLabel: l["builder.field"], operatorLabel: l["builder.op"],
                valueLabel: l["builder.value"], addLabel: l["builder.add"], fieldPlaceholder: "city / purchase_count / view_item",
                valuePlaceholder: "Shanghai / 3 / 30d", operators: ops, previewHint: l["builder.hint"]))
        return Page(title: segment == nil ? l["segments.new"] : l.format("segments.edit", segment!.name),
                    lead: l["segments.builder.lead"], tabs: segmentTabs(l, current: segment == nil ? "/app/segments/new" : ""),
                    sections: [PageSection(wide: true, form: form)])
    }

    /// A rule from the form: its text form, or the JSON tree when it starts with `{`.
    private static func rule(_ text: String) throws -> SegmentRule {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") else { return try SegmentRule(text: trimmed) }
        guard let json = try? JSONValue.parse(Data(trimmed.utf8)) else {
            throw StrataError(.invalidField, "The rule starts with { but is not valid JSON.", field: "rule")
        }
        return try SegmentRule(json: json)
    }

    /// The live size and description of a rule (JSON for the builder's script).
    private func segmentPreview(_ staff: StaffRequest) async throws -> Response {
        let l = staff.l
        do {
            guard let text = staff.query("rule") else {
                throw StrataError(.invalidField, l["builder.hint"], field: "rule")
            }
            let rule = try Self.rule(text)
            let preview = try await app.segments(staff.principal).preview(rule, asOf: dataNow(), sample: 0)
            return JSONValue.object([
                "size": .number(Double(preview.size)),
                "size_text": .string(l.format("users_count", ChartFormat.grouped(Double(preview.size)))),
                "description": .string(rule.describe(in: l.language == .zh ? .chinese : .english)),
            ]).response()
        } catch let error as StrataError {
            return JSONValue.object(["error": .string(error.message)]).response(status: .ok)
        }
    }

    private func saveSegment(_ staff: StaffRequest) async throws -> Response {
        let l = staff.l
        let name = try staff.required("name", l["name"])
        let rule = try Self.rule(try staff.required("rule", l["segments.rule"]))
        _ = try await app.segments(staff.principal).save(name: name, description: staff.field("description") ?? "", owner: nil,
                                        defaultOwner: staff.session.account.email, rule: rule)
        return Self.redirect("/app/segments/" + Self.path(name), notice: "saved")
    }

    private func segmentDetail(_ staff: StaffRequest, _ name: String) async throws -> Page {
        let l = staff.l
        let (segment, evaluation) = try await app.segments(staff.principal).show(name, asOf: dataNow(), sample: 20)
        let users = evaluation.users, sample = evaluation.sample
        let history = try app.segments(staff.principal).history(name).sizes
        let language: DisplayLanguage = l.language == .zh ? .chinese : .english
        var actions: [PageAction] = []
        if staff.role.may(.editSegments) {
            actions.append(PageAction(action: "/app/segments/\(Self.path(name))/delete", label: l["delete"], danger: true,
                                      confirm: l["confirm.delete"]))
        }
        var links: [Page.Link] = []
        if staff.role.may(.editSegments) { links.append(Page.Link(href: "/app/segments/\(Self.path(name))/edit", label: l["edit"])) }
        if staff.role.may(.exportMembers) {
            links.append(Page.Link(href: "/app/segments/\(Self.path(name))/export", label: l["segments.export"]))
        }
        return Page(
            title: segment.name, lead: segment.description.isEmpty ? nil : segment.description,
            tabs: segmentTabs(l, current: ""), notice: Self.notice(staff),
            sections: [
                PageSection(note: segment.rule.describe(in: language),
                            stats: [.init(l["size"], ChartFormat.grouped(Double(users.count))),
                                    .init(l["owner"], segment.owner.isEmpty ? "—" : segment.owner)],
                            actions: actions, links: links),
                PageSection(title: l["segments.history"], svg: LineChart(
                    labels: history.map { String($0.day.dropFirst(5)) }, series: [(l["size"], history.map { Double($0.size) })],
                    title: l["segments.history"], emptyText: l["segments.history.none"]).svg()),
                PageSection(title: l["segments.sample"], wide: true, table: DataTable(
                    headers: [l["users.id"], l["users.city"], l["users.seen"]],
                    rows: sample.map { p in
                        DataTable.Row([
                            DataTable.Cell(p.displayId, href: Self.profilePath(p)),
                            DataTable.Cell(p.traits["city"]?.stringValue ?? ""),
                            DataTable.Cell(p.computed.lastSeen.map { Timestamp.format($0).prefix(10).description } ?? ""),
                        ])
                    }, empty: l["segments.empty"])),
            ])
    }

    private func models(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let now = dataNow()
        let today = app.settings.dayNumber(now)
        let modelName = staff.query("model") ?? "rfm"
        let from = staff.query("from") ?? WorkspaceSettings.dayText(dayNumber: today - 30)
        let to = staff.query("to") ?? WorkspaceSettings.dayText(dayNumber: today - 1)
        let (model, flow, sources) = try await app.models.flow(modelName, from: from, to: to, now: now)
        let layerNames = flow.layers
        let scoring = try app.models.scoringModels()
        let form = FormView(action: "/app/segments/models", post: false, submit: l["run"], fields: [
            .init("model", l["models.model"], kind: .select, value: modelName,
                  options: [("rfm", "RFM"), ("lifecycle", l["models.lifecycle"])] + scoring.map { ($0.name, $0.name) }),
            .init("from", l["from"], kind: .date, value: from), .init("to", l["to"], kind: .date, value: to),
        ], inline: true)
        return Page(
            title: l["segments.models"], lead: l["models.lead"], tabs: segmentTabs(l, current: "/app/segments/models"),
            sections: [
                PageSection(title: l.format("models.flow", model.name, from, to),
                            note: l.format("models.flow.note", sources.0 ? l["models.snapshot"] : l["models.computed"],
                                           sources.1 ? l["models.snapshot"] : l["models.computed"]), wide: true,
                            svg: FlowChart(fromLayers: layerNames.map { "\($0)" }, toLayers: layerNames, counts: flow.matrix,
                                           fromTitle: from, toTitle: to, title: l["segments.models"], emptyText: l["no_data"]).svg(),
                            form: form),
                PageSection(title: l["models.matrix"], wide: true, table: DataTable(
                    headers: [from + " \\ " + to] + layerNames + [l["models.total"]],
                    rows: zip(layerNames, flow.matrix).map { name, row in
                        DataTable.Row([DataTable.Cell(name)] + row.map { DataTable.Cell(ChartFormat.grouped(Double($0)), numeric: true) }
                            + [DataTable.Cell(ChartFormat.grouped(Double(row.reduce(0, +))), numeric: true)])
                    })),
                PageSection(title: l["models.scoring"], table: DataTable(
                    headers: [l["name"], l["models.tiers"]],
                    rows: scoring.map { DataTable.Row(texts: [$0.name, $0.tiers.map(\.name).joined(separator: " / ")]) },
                    empty: l["models.scoring.none"])),
            ])
    }

    private func tagList(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let tags = try await app.tags(staff.principal).list(asOf: dataNow())
        let segments = try app.segments(staff.principal).names()
        var sections = [PageSection(wide: true, table: DataTable(
            headers: [l["name"], l["size"], l["tags.kind"], l["description"]],
            rows: tags.map { tag, size in
                DataTable.Row([DataTable.Cell(tag.tag.name), DataTable.Cell(ChartFormat.grouped(Double(size)), numeric: true),
                               DataTable.Cell(tag.tag.segment.map { l.format("tags.follows", $0) } ?? l["tags.manual"]),
                               DataTable.Cell(tag.tag.description)])
            }, empty: l["tags.none"]),
            actions: staff.role.may(.editSegments) ? tags.map { tag, _ in
                PageAction(action: "/app/segments/tags/\(Self.path(tag.tag.name))/delete",
                           label: l.format("tags.delete", tag.tag.name), danger: true, confirm: l["confirm.delete"])
            } : [])]
        if staff.role.may(.editSegments) {
            sections.append(PageSection(title: l["tags.new"], form: FormView(action: "/app/segments/tags", submit: l["save"], fields: [
                .init("name", l["name"], required: true), .init("description", l["description"]),
                .init("segment", l["tags.segment"], kind: .select, value: "",
                      hint: l["tags.segment.hint"], options: [("", l["tags.manual"])] + segments.map { ($0, $0) }),
            ])))
        }
        return Page(title: l["segments.tags"], lead: l["tags.lead"], tabs: segmentTabs(l, current: "/app/segments/tags"),
                    notice: Self.notice(staff), sections: sections)
    }

    private func saveTag(_ staff: StaffRequest) async throws -> Response {
        _ = try await app.tags(staff.principal).save(name: try staff.required("name", staff.l["name"]),
                                    description: staff.field("description") ?? "", follows: staff.field("segment"))
        return Self.redirect("/app/segments/tags", notice: "saved")
    }
}
