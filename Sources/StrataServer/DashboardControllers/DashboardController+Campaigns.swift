import Foundation
import Hummingbird
import StrataCore
import StrataPages

extension DashboardController {
    /// 活动: the list with status and goal progress, the create and edit form, the campaign's
    /// page (life-cycle buttons, live monitor, results with uplift, per-user preview) and the
    /// 复盘 review with its editable lessons and next steps.
    func addCampaignRoutes(to router: Router<Context>) {
        page(router, "app/campaigns") { staff, _ in try await campaignList(staff) }
        page(router, "app/campaigns/new", .editCampaigns) { staff, _ in try campaignEditor(staff, stored: nil) }
        action(router, "app/campaigns", .editCampaigns) { staff, _ in
            let campaign = try Campaign(json: try campaignJSON(staff))
            _ = try await campaigns.create(campaign, by: staff.principal)
            return Self.redirect("/app/campaigns/" + Self.path(campaign.name), notice: "created")
        }
        page(router, "app/campaigns/{name}") { staff, context in try await campaignPage(staff, try Self.parameter(context, "name")) }
        page(router, "app/campaigns/{name}/edit", .editCampaigns) { staff, context in
            try campaignEditor(staff, stored: try await storedCampaign(try Self.parameter(context, "name")))
        }
        action(router, "app/campaigns/{name}/edit", .editCampaigns) { staff, context in
            let name = try Self.parameter(context, "name")
            let stored = try await storedCampaign(name)
            var campaign = try Campaign(json: try campaignJSON(staff, base: stored.campaign.json))
            guard campaign.name == name else {
                throw StrataError(.invalidField, "A campaign keeps its name; create a new one to rename it.", field: "name")
            }
            campaign.status = stored.campaign.status
            _ = try await campaigns.update(campaign, by: staff.principal)
            return Self.redirect("/app/campaigns/" + Self.path(name), notice: "saved")
        }
        action(router, "app/campaigns/{name}/status", .editCampaigns) { staff, context in
            let name = try Self.parameter(context, "name")
            switch staff.field("to") {
            case "launch":
                _ = try await campaigns.launch(name, by: staff.principal)
                return Self.redirect("/app/campaigns/" + Self.path(name), notice: "launched")
            case let target?:
                guard let status = CampaignStatus(rawValue: target) else {
                    throw StrataError(.invalidField, "No status \"\(target)\".", field: "to")
                }
                _ = try await campaigns.setStatus(name, to: status, by: staff.principal)
            case nil: throw StrataError(.invalidField, "Say which status to move to.", field: "to")
            }
            return Self.redirect("/app/campaigns/" + Self.path(name), notice: "updated")
        }
        page(router, "app/campaigns/{name}/review") { staff, context in try await reviewPage(staff, try Self.parameter(context, "name")) }
        action(router, "app/campaigns/{name}/review", .editCampaigns) { staff, context in
            let name = try await storedCampaign(try Self.parameter(context, "name")).campaign.name
            try await campaigns.saveReviewTexts(name, lessons: staff.field("lessons"), nextSteps: staff.field("next_steps"))
            return Self.redirect("/app/campaigns/\(Self.path(name))/review", notice: "saved")
        }
    }

    private func storedCampaign(_ name: String) async throws -> StoredCampaign {
        try await campaigns.named(name)
    }

    private func campaignList(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let list = try await campaigns.list()
        var rows: [DataTable.Row] = []
        for stored in list {
            let c = stored.campaign
            var progress = "—"
            if let goal = c.goal, [.running, .paused, .completed].contains(c.status) {
                let outcome = try await campaigns.outcome(c.name, for: staff.principal)
                if let actual = outcome.goalActual {
                    let isRate = { if case .conversion = goal.metric { return true } else { return false } }()
                    let shown = { (v: Double) in isRate ? ChartFormat.percent(v) : ChartFormat.grouped(v) }
                    progress = "\(shown(actual)) / \(shown(goal.target))" + (actual >= goal.target ? " ✓" : "")
                }
            }
            rows.append(DataTable.Row([
                DataTable.Cell(c.name, href: "/app/campaigns/" + Self.path(c.name)),
                DataTable.Cell(l["status." + c.status.rawValue]), DataTable.Cell(l["purpose." + c.purpose.rawValue]),
                DataTable.Cell(c.goal?.summary ?? "—"), DataTable.Cell(progress, numeric: true),
                DataTable.Cell(Timestamp.format(stored.updatedAt).prefix(16).replacingOccurrences(of: "T", with: " ")),
            ]))
        }
        return Page(
            title: l["nav.campaigns"], lead: l["campaigns.lead"], notice: Self.notice(staff),
            sections: [PageSection(wide: true, table: DataTable(
                headers: [l["name"], l["status"], l["campaigns.purpose"], l["campaigns.goal"], l["campaigns.progress"], l["updated"]],
                rows: rows, empty: l["campaigns.none"]),
                links: staff.role.may(.editCampaigns) ? [Page.Link(href: "/app/campaigns/new", label: l["campaigns.new"])] : [])])
    }

    /// The create / edit form: the common fields, and the whole definition as JSON for what the
    /// fields do not cover (it wins when filled in).
    private func campaignEditor(_ staff: StaffRequest, stored: StoredCampaign?) throws -> Page {
        let l = staff.l
        let json = stored?.campaign.json ?? .object([:])
        func value(_ path: String...) -> String {
            var node: JSONValue? = json
            for key in path { node = node?[key] }
            switch node {
            case .string(let s)?: return s
            case .number(let n)?: return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            default: return ""
            }
        }
        let variants = json["variants"]?.arrayValue ?? []
        let segments = try app.segments(staff.principal).names()
        let channels: [(String, String)] = ChannelKind.allCases.map { ($0.rawValue, l["channel." + $0.rawValue]) }
        var fields: [FormView.Field] = [
            .init("name", l["name"], value: value("name"), hint: stored == nil ? l["campaigns.name.hint"] : l["campaigns.name.fixed"],
                  required: true),
            .init("description", l["campaigns.background"], kind: .textarea, value: value("description")),
            .init("purpose", l["campaigns.purpose"], kind: .select, value: value("purpose").isEmpty ? "conversion" : value("purpose"),
                  options: Campaign.Purpose.allCases.map { ($0.rawValue, l["purpose." + $0.rawValue]) }),
            .init("starts_at", l["campaigns.starts_at"], value: value("starts_at"), placeholder: "2026-12-01T00:00:00+08:00"),
            .init("ends_at", l["campaigns.ends_at"], value: value("ends_at"), placeholder: "2026-12-31T23:59:59+08:00"),
            .init("goal_metric", l["campaigns.goal"], kind: .select, value: value("goal", "metric"),
                  options: [("", l["campaigns.goal.none"]), ("conversion", l["campaigns.goal.conversion"]),
                            ("segment_size", l["campaigns.goal.segment_size"]), ("dau", "DAU")]),
            .init("goal_event", l["campaigns.goal.event"], value: value("goal", "event"), placeholder: "purchase"),
            .init("goal_within_hours", l["campaigns.goal.hours"], kind: .number, value: value("goal", "within_hours"), placeholder: "72"),
            .init("goal_segment", l["campaigns.goal.segment"], kind: .select, value: value("goal", "segment"),
                  options: [("", "—")] + segments.map { ($0, $0) }),
            .init("goal_target", l["campaigns.goal.target"], value: value("goal", "target"), hint: l["campaigns.goal.target.hint"]),
            .init("goal_deadline", l["campaigns.goal.deadline"], kind: .date, value: String(value("goal", "deadline").prefix(10))),
            .init("audience_segment", l["campaigns.audience"], kind: .select, value: value("audience", "segment"),
                  options: [("", "—")] + segments.map { ($0, $0) }),
            .init("audience_layer", l["campaigns.audience.layer"], value: value("audience", "layer"), placeholder: "rfm:重要挽留"),
            .init("holdout", l["campaigns.holdout"], value: value("holdout").isEmpty ? "0.1" : value("holdout"),
                  hint: l["campaigns.holdout.hint"]),
        ]
        for i in 0..<3 {
            let v = i < variants.count ? variants[i] : nil
            let message = v?["messages"]?.objectValue?.first
            func m(_ key: String) -> String { message?.value[key]?.stringValue ?? "" }
            fields += [
                .init("v\(i)_name", l.format("campaigns.variant", String(i + 1)), value: v?["name"]?.stringValue ?? (i == 0 ? "A" : ""),
                      hint: i == 0 ? l["campaigns.variant.hint"] : nil),
                .init("v\(i)_weight", l["campaigns.weight"], kind: .number, value: v?["weight"]?.numberValue.map(JSONFields.text) ?? "1"),
                .init("v\(i)_channel", l["campaigns.channel"], kind: .select, value: message?.key ?? "webhook", options: channels),
                .init("v\(i)_subject", l["campaigns.subject"], value: m("subject").isEmpty ? m("title") : m("subject")),
                .init("v\(i)_body", l["campaigns.body"], kind: .textarea, value: m("body"), hint: i == 0 ? l["campaigns.body.hint"] : nil),
            ]
        }
        let scheduleType = value("schedule", "type").isEmpty ? "once" : value("schedule", "type")
        fields += [
            .init("schedule_type", l["campaigns.schedule"], kind: .select, value: scheduleType,
                  options: ["once", "recurring", "triggered"].map { ($0, l["schedule." + $0]) }),
            .init("schedule_at", l["campaigns.schedule.at"], value: value("schedule", "at"),
                  hint: l["campaigns.schedule.at.hint"], placeholder: Timestamp.format(auth.now())),
            .init("schedule_every", l["campaigns.schedule.every"], kind: .select, value: value("schedule", "every"),
                  options: [("day", l["option.day"]), ("week", l["option.week"])]),
            .init("schedule_time", l["campaigns.schedule.time"], value: value("schedule", "time"), placeholder: "09:30"),
            .init("schedule_weekday", l["campaigns.schedule.weekday"], kind: .number, value: value("schedule", "weekday"),
                  placeholder: "1–7"),
            .init("schedule_event", l["campaigns.schedule.event"], value: value("schedule", "event"), placeholder: "add_to_cart"),
            .init("schedule_delay", l["campaigns.schedule.delay"], kind: .number, value: value("schedule", "delay_minutes"),
                  placeholder: "60"),
            .init("schedule_exit", l["campaigns.schedule.exit"], value: value("schedule", "exit_event"), placeholder: "purchase"),
            .init("max_participations", l["campaigns.rules.participations"], kind: .number,
                  value: value("rules", "max_participations")),
            .init("max_sends_per_day", l["campaigns.rules.per_day"], kind: .number, value: value("rules", "max_sends_per_day")),
            .init("budget", l["campaigns.rules.budget"], value: value("rules", "budget")),
            .init("cost_per_message", l["campaigns.rules.cost"], value: json["rules"]?["cost_per_message"]?.objectValue?.values.first?
                .numberValue.map { String($0) } ?? "", hint: l["campaigns.rules.cost.hint"]),
            .init("blocked_segments", l["campaigns.rules.blocked"],
                  value: json["rules"]?["blocked_segments"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? "",
                  hint: l["campaigns.rules.blocked.hint"]),
            .init("priority", l["campaigns.rules.priority"], kind: .number, value: value("rules", "priority"), placeholder: "50"),
            .init("advanced_json", l["campaigns.json"], kind: .textarea, hint: l["campaigns.json.hint"]),
        ]
        let action = stored.map { "/app/campaigns/\(Self.path($0.campaign.name))/edit" } ?? "/app/campaigns"
        return Page(title: stored.map { l.format("campaigns.edit", $0.campaign.name) } ?? l["campaigns.new"],
                    lead: l["campaigns.editor.lead"],
                    sections: [PageSection(wide: true, form: FormView(action: action, submit: l["save"], fields: fields,
                                                                      id: "campaign-form"))])
    }

    /// The campaign's JSON from the form (or the advanced JSON when given).
    func campaignJSON(_ staff: StaffRequest, base: JSONValue? = nil) throws -> JSONValue {
        if let advanced = staff.field("advanced_json") {
            guard let json = try? JSONValue.parse(Data(advanced.utf8)) else {
                throw StrataError(.invalidField, "The campaign JSON is not valid JSON.", field: "advanced_json")
            }
            return json
        }
        func number(_ name: String) throws -> JSONValue? {
            guard let text = staff.field(name) else { return nil }
            guard let n = Double(text), n.isFinite else {
                throw StrataError(.invalidField, "\(name) must be a number, got \"\(text)\".", field: name)
            }
            return .number(n)
        }
        // Editing starts from the stored definition, so what the form does not show (caps, a
        // message's link, HTML and defaults, the reward) is kept; what it shows, it decides.
        var object = base?.objectValue ?? [:]
        object["status"] = nil
        object["name"] = .string(try staff.required("name", staff.l["name"]))
        object["description"] = .string(staff.field("description") ?? "")
        object["purpose"] = staff.field("purpose").map { .string($0) }
        object["starts_at"] = staff.field("starts_at").map { .string($0) }
        object["ends_at"] = staff.field("ends_at").map { .string($0) }
        object["goal"] = nil
        if let metric = staff.field("goal_metric") {
            var goal: [String: JSONValue] = ["metric": .string(metric)]
            goal["event"] = staff.field("goal_event").map { .string($0) }
            goal["within_hours"] = try number("goal_within_hours")
            goal["segment"] = staff.field("goal_segment").map { .string($0) }
            goal["target"] = try number("goal_target")
            goal["deadline"] = staff.field("goal_deadline").map { .string($0.count == 10 ? $0 + "T23:59:59Z" : $0) }
            object["goal"] = .object(goal)
        }
        object["audience"] = nil
        if let layer = staff.field("audience_layer") {
            object["audience"] = .object(["layer": .string(layer)])
        } else if let segment = staff.field("audience_segment") {
            object["audience"] = .object(["segment": .string(segment)])
        }
        object["holdout"] = try number("holdout")
        let baseVariants = object["variants"]?.arrayValue ?? []
        var variants: [JSONValue] = []
        for i in 0..<3 {
            guard let name = staff.field("v\(i)_name") else { continue }
            let channel = staff.field("v\(i)_channel") ?? "webhook"
            let before = baseVariants.first { $0["name"]?.stringValue == name } ?? (i < baseVariants.count ? baseVariants[i] : nil)
            var messages = before?["messages"]?.objectValue ?? [:]
            var message = messages[channel]?.objectValue ?? [:]
            for key in ["subject", "title"] { message[key] = nil }
            if let subject = staff.field("v\(i)_subject") { message[channel == "email" ? "subject" : "title"] = .string(subject) }
            message["body"] = staff.field("v\(i)_body").map { .string($0) }
            messages[channel] = .object(message)
            variants.append(.object(["name": .string(name), "weight": try number("v\(i)_weight") ?? .number(1),
                                     "messages": .object(messages)]))
        }
        // Variants past the form's three stay as they were.
        variants += baseVariants.dropFirst(3)
        object["variants"] = .array(variants)
        var schedule: [String: JSONValue] = ["type": .string(staff.field("schedule_type") ?? "once")]
        switch staff.field("schedule_type") ?? "once" {
        case "once": schedule["at"] = .string(staff.field("schedule_at") ?? Timestamp.format(auth.now()))
        case "recurring":
            schedule["every"] = staff.field("schedule_every").map { .string($0) }
            schedule["time"] = staff.field("schedule_time").map { .string($0) }
            schedule["weekday"] = try number("schedule_weekday")
        default:
            schedule["event"] = staff.field("schedule_event").map { .string($0) }
            schedule["delay_minutes"] = try number("schedule_delay")
            schedule["exit_event"] = staff.field("schedule_exit").map { .string($0) }
        }
        object["schedule"] = .object(schedule)
        var rules = object["rules"]?.objectValue ?? [:]
        rules["max_participations"] = try number("max_participations")
        rules["max_sends_per_day"] = try number("max_sends_per_day")
        rules["budget"] = try number("budget")
        rules["priority"] = try number("priority")
        rules["cost_per_message"] = nil
        if let cost = try number("cost_per_message") {
            let used = Set((0..<3).compactMap { staff.field("v\($0)_name") != nil ? staff.field("v\($0)_channel") : nil })
            rules["cost_per_message"] = .object(Dictionary(uniqueKeysWithValues: used.map { ($0, cost) }))
        }
        rules["blocked_segments"] = staff.field("blocked_segments").map { blocked in
            .array(blocked.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        }
        object["rules"] = rules.isEmpty ? nil : .object(rules)
        return .object(object)
    }

    private func campaignPage(_ staff: StaffRequest, _ name: String) async throws -> Page {
        let l = staff.l
        let stored = try await storedCampaign(name)
        let c = stored.campaign
        let now = auth.now()
        let path = "/app/campaigns/" + Self.path(c.name)
        var actions: [PageAction] = []
        if staff.role.may(.editCampaigns) {
            if c.status == .draft { actions.append(PageAction(action: path + "/status", label: l["campaigns.launch"],
                                                              fields: [.hidden("to", "launch")])) }
            for target in [CampaignStatus.running, .paused, .completed, .draft, .cancelled] where c.status.next.contains(target)
                && !(c.status == .draft && target == .scheduled) {
                actions.append(PageAction(
                    action: path + "/status", label: l["campaigns.to." + target.rawValue],
                    danger: target == .cancelled, confirm: target == .cancelled ? l["campaigns.cancel.confirm"] : nil,
                    fields: [.hidden("to", target.rawValue)]))
            }
        }
        var links = [Page.Link(href: path + "/review", label: l["campaigns.review"])]
        if staff.role.may(.editCampaigns) && c.status.isEditable { links.insert(Page.Link(href: path + "/edit", label: l["edit"]), at: 0) }
        let audience: String = {
            switch c.audience {
            case .segment(let s)?: return l.format("campaigns.audience.segment", s)
            case .tag(let t)?: return l.format("campaigns.audience.tag", t)
            case .layer(let model, let layer)?: return "\(model):\(layer)"
            case nil: return "—"
            }
        }()
        var sections = [PageSection(
            note: c.description.isEmpty ? nil : c.description, wide: true,
            stats: [.init(l["status"], l["status." + c.status.rawValue]), .init(l["campaigns.purpose"], l["purpose." + c.purpose.rawValue]),
                    .init(l["campaigns.audience"], audience), .init(l["campaigns.holdout"], ChartFormat.percent(c.holdoutShare)),
                    .init(l["campaigns.variants"], c.variants.map { "\($0.name)×\($0.weight)" }.joined(separator: " ")),
                    .init(l["campaigns.goal"], c.goal?.summary ?? "—")],
            actions: actions, links: links)]

        // Results, per group.
        let outcome = try await campaigns.outcome(c.name, now: now, for: staff.principal)
        let r = outcome.results
        sections.append(PageSection(
            title: l["campaigns.results"], note: l.format("campaigns.results.note", outcome.conversionEvent, String(outcome.windowHours))
                + (r.sampleRatioMismatch ? " " + l["campaigns.srm"] : ""),
            wide: true,
            stats: [.init(l["campaigns.cost"], ChartFormat.grouped(Double(r.costMinor) / 100)),
                    .init("ROI", r.roi.map { ChartFormat.percent($0) } ?? "—"),
                    .init(l["campaigns.goal.actual"], outcome.goalActual.map {
                        if case .conversion? = c.goal?.metric { return ChartFormat.percent($0) }
                        return ChartFormat.grouped($0)
                    } ?? "—")],
            table: DataTable(
                headers: [l["campaigns.group"], l["campaigns.targeted"], l["campaigns.sent"], l["campaigns.failed"],
                          l["campaigns.skipped"], l["campaigns.opened"], l["campaigns.clicked"], l["campaigns.converted"],
                          l["campaigns.rate"], "95% CI", l["campaigns.uplift"], "p", l["campaigns.chance"]],
                rows: r.arms.map { arm in
                    let comparison = r.comparisons.first { $0.variant == arm.name }
                    return DataTable.Row(texts: [
                        arm.name == "holdout" ? l["campaigns.holdout"] : arm.name, ChartFormat.grouped(Double(arm.targeted)),
                        ChartFormat.grouped(Double(arm.sent)), ChartFormat.grouped(Double(arm.failed.values.reduce(0, +))),
                        ChartFormat.grouped(Double(arm.skipped.values.reduce(0, +))), ChartFormat.grouped(Double(arm.opened)),
                        ChartFormat.grouped(Double(arm.clicked)), ChartFormat.grouped(Double(arm.converted)),
                        arm.conversionRate.map { ChartFormat.percent($0) } ?? "—",
                        arm.interval.map { "\(ChartFormat.percent($0.low)) – \(ChartFormat.percent($0.high))" } ?? "—",
                        comparison.map { String(format: "%+.1f pts", $0.uplift * 100) } ?? "",
                        comparison.map { $0.test.pValue < 0.001 ? "< 0.001" : String(format: "%.3f", $0.test.pValue) } ?? "",
                        comparison.map { ChartFormat.percent($0.chanceToBeatControl) } ?? "",
                    ])
                }, empty: l["campaigns.results.none"])))

        // The live monitor: the last 24 hours.
        let monitor = try await campaigns.monitor(c, now: now)
        let alerts = try await campaigns.alerts(campaign: c.name, limit: 20)
        sections.append(PageSection(
            title: l["campaigns.monitor"], note: monitor.band.map {
                l.format("campaigns.monitor.band", ChartFormat.grouped($0.low.rounded()), ChartFormat.grouped($0.high.rounded()))
            },
            svg: LineChart(
                labels: monitor.hours.map { String(Timestamp.format($0.hour * 3_600_000).dropFirst(11).prefix(5)) },
                series: [(l["campaigns.sent"], monitor.hours.map { Double($0.sent) }),
                         (l["campaigns.failed"], monitor.hours.map { Double($0.failed) }),
                         (l["campaigns.converted"], monitor.hours.map { Double($0.converted) })],
                title: l["campaigns.monitor"], width: 540, emptyText: l["no_data"]).svg(),
            table: DataTable(headers: [l["time"], l["alert.kind"], l["alert.message"]], rows: alerts.map {
                DataTable.Row(texts: [Timestamp.format($0.createdAt), l["alert." + $0.alert.kind.rawValue], $0.alert.message])
            }, empty: l["overview.no_alerts"])))

        // Preview for one user.
        var preview = PageSection(title: l["campaigns.preview"], note: l["campaigns.preview.note"], form: FormView(
            action: path, post: false, submit: l["show"],
            fields: [.init("preview_user", l["users.id"],
                           value: staff.query("preview_user").map { staff.principal.disclosure(app.settings.masking).show(id: $0) } ?? "",
                           placeholder: "user_1")],
            inline: true))
        if let user = staff.query("preview_user") {
            do {
                let result = try await campaigns.preview(c, user: user, variant: nil, channel: nil, for: staff.principal)
                let decision = result["decision"]
                let parts = result["message"]?.objectValue ?? [:]
                preview.table = DataTable(headers: [l["campaigns.preview.part"], l["value"]], rows: [
                    DataTable.Row(texts: [l["campaigns.group"], "\(result["group"]?.stringValue ?? "") \(result["variant"]?.stringValue ?? "")"]),
                    DataTable.Row(texts: [l["campaigns.preview.decision"], decision?["send"] == .bool(true)
                        ? l.format("campaigns.preview.send", decision?["channel"]?.stringValue ?? "",
                                   decision?["address"]?.stringValue ?? "", decision?["at"]?.stringValue ?? "")
                        : l.format("campaigns.preview.skip", decision?["reason"]?.stringValue ?? "")]),
                ] + parts.sorted { $0.key < $1.key }.map { DataTable.Row(texts: [$0.key, $0.value.stringValue ?? ""]) })
            } catch let error as StrataError {
                preview.note = error.message
            }
        }
        sections.append(preview)
        return Page(title: c.name, lead: l["campaigns.page.lead"], notice: Self.notice(staff), sections: sections)
    }

    private func reviewPage(_ staff: StaffRequest, _ name: String) async throws -> Page {
        let l = staff.l
        let c = try await storedCampaign(name).campaign
        let texts = try await campaigns.reviewTexts(c.name)
        let review = CampaignReview(outcome: try await campaigns.outcome(c.name, for: staff.principal), lessons: texts.lessons, nextSteps: texts.nextSteps)
        var sections = [PageSection(wide: true, html: review.htmlBody,
                                    links: [Page.Link(href: "/app/campaigns/" + Self.path(c.name), label: l["back"])])]
        if staff.role.may(.editCampaigns) {
            sections.append(PageSection(title: l["campaigns.review.edit"], note: l["campaigns.review.edit.note"], wide: true,
                                        form: FormView(action: "/app/campaigns/\(Self.path(c.name))/review", submit: l["save"], fields: [
                .init("lessons", l["campaigns.review.lessons"], kind: .textarea,
                      value: texts.lessons ?? review.findings.map { "- " + $0 }.joined(separator: "\n")),
                .init("next_steps", l["campaigns.review.next"], kind: .textarea,
                      value: texts.nextSteps ?? review.suggestedNextSteps.map { "- " + $0 }.joined(separator: "\n")),
            ])))
        }
        return Page(title: l.format("campaigns.review.title", c.name), lead: l["campaigns.review.lead"],
                    notice: Self.notice(staff), sections: sections)
    }
}
