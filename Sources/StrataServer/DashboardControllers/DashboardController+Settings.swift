import Foundation
import Hummingbird
import StrataChannels
import StrataApp
import StrataCore
import StrataPages

extension DashboardController {
    /// 设置 (admins only): API keys (a new key is shown once), channels (secrets are never
    /// shown again) and staff accounts with their roles.
    func addSettingsRoutes(to router: Router<Context>) {
        page(router, "app/settings", .manageSettings) { staff, _ in try keysPage(staff, created: nil) }
        page(router, "app/settings/keys", .manageSettings) { staff, _ in try keysPage(staff, created: nil) }
        action(router, "app/settings/keys", .manageSettings) { staff, _ in
            guard let kind = APIKey.Kind(rawValue: staff.field("kind") ?? "") else {
                throw StrataError(.invalidField, "A key is a write key or a secret key.", field: "kind")
            }
            let name = String((staff.field("name") ?? "\(kind.rawValue) key").prefix(100))
            let role = kind == .secret ? try StaffRole(name: staff.field("role") ?? "admin") : nil
            let (key, _) = try app.access.createKey(kind: kind, name: name, role: role)
            keys.reload()
            return html(try keysPage(staff, created: key), staff)
        }
        action(router, "app/settings/keys/{id}/revoke", .manageSettings) { _, context in
            guard let id = Int64(try Self.parameter(context, "id")) else {
                throw StrataError(.notFound, "No key with that number.", field: "id")
            }
            try app.access.revokeKey(id: id)
            keys.reload()
            return Self.redirect("/app/settings/keys", notice: "updated")
        }
        page(router, "app/settings/channels", .manageSettings) { staff, _ in try channelsPage(staff, secret: nil) }
        action(router, "app/settings/channels/{kind}", .manageSettings) { staff, context in
            try saveChannel(staff, kind: try Self.parameter(context, "kind"))
        }
        action(router, "app/settings/channels/{kind}/delete", .manageSettings) { _, context in
            guard let kind = ChannelKind(rawValue: try Self.parameter(context, "kind")) else {
                throw StrataError(.notFound, "No such channel.", field: "kind")
            }
            try app.channels.delete(kind)
            return Self.redirect("/app/settings/channels", notice: "deleted")
        }
        page(router, "app/settings/staff", .manageSettings) { staff, _ in try staffPage(staff) }
        page(router, "app/settings/audit", .manageSettings) { staff, _ in try auditPage(staff) }
        page(router, "app/settings/privacy", .manageSettings) { staff, _ in try privacyPage(staff) }
        action(router, "app/settings/staff", .manageSettings) { staff, _ in
            let l = staff.l
            _ = try app.access.createStaff(email: try staff.required("email", l["login.email"]), name: staff.field("name") ?? "",
                                           role: try StaffRole(name: staff.field("role") ?? "viewer"),
                                           password: try staff.required("password", l["login.password"]))
            return Self.redirect("/app/settings/staff", notice: "created")
        }
        action(router, "app/settings/staff/{id}/role", .manageSettings) { staff, context in
            guard let id = Int64(try Self.parameter(context, "id")) else {
                throw StrataError(.notFound, "No such account.", field: "id")
            }
            try app.access.setRole(id: id, to: try StaffRole(name: staff.field("role") ?? ""))
            return Self.redirect("/app/settings/staff", notice: "updated")
        }
        action(router, "app/settings/staff/{id}/delete", .manageSettings) { staff, context in
            guard let id = Int64(try Self.parameter(context, "id")) else {
                throw StrataError(.notFound, "No such account.", field: "id")
            }
            guard id != staff.session.account.id else {
                throw StrataError(.conflict, "You cannot delete your own account; ask another admin.", field: "id")
            }
            try app.access.deleteStaff(id: id)
            return Self.redirect("/app/settings/staff", notice: "deleted")
        }
    }

    private func settingsTabs(_ l: Localizer, current: String) -> Page.TabBar {
        Page.TabBar([("/app/settings/keys", "settings.keys"), ("/app/settings/channels", "settings.channels"),
                     ("/app/settings/staff", "settings.staff"), ("/app/settings/audit", "settings.audit"),
                     ("/app/settings/privacy", "settings.privacy")].map {
            Page.Link(href: $0.0, label: l[$0.1], current: $0.0 == current)
        })
    }

    private func keysPage(_ staff: StaffRequest, created: String?) throws -> Page {
        let l = staff.l
        let list = try app.access.keys()
        return Page(
            title: l["settings.keys"], lead: l["settings.keys.lead"], tabs: settingsTabs(l, current: "/app/settings/keys"),
            notice: created.map { Page.Notice(l["settings.keys.created"], detail: $0) } ?? Self.notice(staff),
            sections: [
                PageSection(wide: true, table: DataTable(
                    headers: ["#", l["settings.keys.kind"], l["settings.staff.role"], l["name"], l["settings.keys.prefix"],
                              l["settings.keys.created_at"], l["status"]],
                    rows: list.map { key in
                        DataTable.Row(texts: [String(key.id), l["settings.keys." + key.kind.rawValue],
                                              key.role.map { l["role." + $0.rawValue] } ?? "—", key.name, key.prefix + "…",
                                              Timestamp.format(key.createdAt),
                                              key.revokedAt.map { l.format("settings.keys.revoked", Timestamp.format($0)) }
                                                  ?? l["settings.keys.active"]])
                    }, empty: l["settings.keys.none"]),
                    actions: list.filter { $0.revokedAt == nil }.map { key in
                        PageAction(action: "/app/settings/keys/\(key.id)/revoke", label: l.format("settings.keys.revoke", String(key.id)),
                                   danger: true, confirm: l["settings.keys.revoke.confirm"])
                    }),
                PageSection(title: l["settings.keys.new"], form: FormView(action: "/app/settings/keys", submit: l["settings.keys.create"], fields: [
                    .init("kind", l["settings.keys.kind"], kind: .select, value: "write",
                          options: [("write", l["settings.keys.write"]), ("secret", l["settings.keys.secret"])]),
                    .init("role", l["settings.staff.role"], kind: .select, value: "admin",
                          options: StaffRole.allCases.map { ($0.rawValue, l["role." + $0.rawValue]) }),
                    .init("name", l["name"], placeholder: "ios-app"),
                ])),
            ])
    }

    private func channelsPage(_ staff: StaffRequest, secret: String?) throws -> Page {
        let l = staff.l
        let stored = try app.channels.settings()
        var sections = [PageSection(wide: true, table: DataTable(
            headers: [l["campaigns.channel"], l["settings.channels.settings"]],
            rows: ChannelKind.allCases.map { kind in
                DataTable.Row(texts: [l["channel." + kind.rawValue],
                                      kind == .inbox ? l["settings.channels.inbox"] : stored[kind]?.redactedJSON.jsonText ?? l["settings.channels.unset"]])
            }),
            actions: stored.keys.sorted { $0.rawValue < $1.rawValue }.map { kind in
                PageAction(action: "/app/settings/channels/\(kind.rawValue)/delete",
                           label: l.format("settings.channels.delete", l["channel." + kind.rawValue]), danger: true,
                           confirm: l["confirm.delete"])
            })]
        var webhookURL = "", webhookAllow = ""
        if case .webhook(let h)? = stored[.webhook] { webhookURL = h.url; webhookAllow = h.allow.joined(separator: ",") }
        sections.append(PageSection(title: l["channel.webhook"], note: l["settings.channels.webhook.note"], form: FormView(
            action: "/app/settings/channels/webhook", submit: l["save"], fields: [
                .init("url", "URL", value: webhookURL, required: true, placeholder: "https://hooks.example.com/strata"),
                .init("secret", l["settings.channels.secret"], kind: .password, hint: l["settings.channels.secret.hint"]),
                .init("allow", l["settings.channels.allow"], value: webhookAllow, hint: l["settings.channels.allow.hint"]),
            ], id: "webhook-form")))
        var smtp: ChannelSettings.SMTPSettings?
        if case .smtp(let s)? = stored[.email] { smtp = s }
        sections.append(PageSection(title: l["channel.email"], note: l["settings.channels.email.note"], form: FormView(
            action: "/app/settings/channels/email", submit: l["save"], fields: [
                .init("host", l["settings.channels.host"], value: smtp?.host ?? "", required: true, placeholder: "smtp.example.com"),
                .init("port", l["settings.channels.port"], kind: .number, value: String(smtp?.port ?? 587)),
                .init("username", l["settings.channels.username"], value: smtp?.username ?? ""),
                .init("password", l["login.password"], kind: .password, hint: l["settings.channels.password.hint"]),
                .init("from", l["settings.channels.from"], value: smtp?.from ?? "", required: true, placeholder: "运营团队 <ops@example.com>"),
                .init("starttls", "STARTTLS", kind: .checkbox, value: smtp.map { $0.startTLS ? "true" : "false" } ?? "true"),
                .init("allow_plaintext", l["settings.channels.plaintext"], kind: .checkbox,
                      value: smtp?.allowPlaintext == true ? "true" : "false"),
            ])))
        for kind in [ChannelKind.sms, .push, .wechat] {
            sections.append(PageSection(title: l["channel." + kind.rawValue], note: l["settings.channels.provider.note"], form: FormView(
                action: "/app/settings/channels/\(kind.rawValue)", submit: l["save"], fields: [
                    .init("json", l["settings.channels.json"], kind: .textarea, value: "",
                          placeholder: #"{"url": "https://sms.example.com/send", "method": "POST", "headers": {"Authorization": "Bearer …"}, "body": "{\"to\": \"{{address}}\", \"text\": \"{{body}}\"}"}"#),
                ])))
        }
        return Page(title: l["settings.channels"], lead: l["settings.channels.lead"],
                    tabs: settingsTabs(l, current: "/app/settings/channels"),
                    notice: secret.map { Page.Notice(l["settings.channels.secret.created"], detail: $0) } ?? Self.notice(staff),
                    sections: sections)
    }

    private func saveChannel(_ staff: StaffRequest, kind name: String) throws -> Response {
        guard let kind = ChannelKind(rawValue: name), kind != .inbox else {
            throw StrataError(.notFound, "No configurable channel \"\(name)\".", field: "kind")
        }
        let stored = try app.channels.settings()[kind]
        var newSecret: String?
        let json: JSONValue
        switch kind {
        case .webhook:
            var secrets: [String]
            if let secret = staff.field("secret") {
                secrets = [secret]
            } else if case .webhook(let h)? = stored {
                secrets = h.secrets
            } else {
                newSecret = WebhookSigner.newSecret()
                secrets = [newSecret!]
            }
            let allow = (staff.field("allow") ?? "").split(separator: ",").map { JSONValue.string($0.trimmingCharacters(in: .whitespaces)) }
            json = .object(["url": .string(staff.field("url") ?? ""), "secrets": .array(secrets.map { .string($0) }),
                            "allow": .array(allow)])
        case .email:
            var password = staff.field("password")
            if password == nil, case .smtp(let s)? = stored { password = s.password }
            guard let port = Int(staff.field("port") ?? "587") else {
                throw StrataError(.invalidField, "The port is a number such as 587.", field: "port")
            }
            var object: [String: JSONValue] = [
                "host": .string(staff.field("host") ?? ""), "port": .number(Double(port)), "from": .string(staff.field("from") ?? ""),
                "starttls": .bool(staff.field("starttls") == "true"), "allow_plaintext": .bool(staff.field("allow_plaintext") == "true"),
            ]
            object["username"] = staff.field("username").map { .string($0) }
            object["password"] = password.map { .string($0) }
            json = .object(object)
        default:
            guard let text = staff.field("json"), let parsed = try? JSONValue.parse(Data(text.utf8)) else {
                throw StrataError(.invalidField, "Give the provider's settings as a JSON object.", field: "json")
            }
            json = parsed
        }
        try app.channels.save(try ChannelSettings(json: json, kind: kind), for: kind)
        if let newSecret { return html(try channelsPage(staff, secret: newSecret), staff) }
        return Self.redirect("/app/settings/channels", notice: "saved")
    }

    /// 审计日志: the latest entries, narrowed by actor and action, and whether the chain is intact.
    private func auditPage(_ staff: StaffRequest) throws -> Page {
        let l = staff.l
        let entries = try app.audit.entries(for: staff.principal, actor: staff.query("actor"), action: staff.query("action"),
                                            before: staff.query("before").flatMap { Int64($0) }, limit: 100)
        let (count, broken) = try app.audit.verify()
        let form = FormView(action: "/app/settings/audit", post: false, submit: l["users.search"], fields: [
            .init("actor", l["settings.audit.actor"], value: staff.query("actor") ?? "", placeholder: "staff:1"),
            .init("action", l["settings.audit.action"], value: staff.query("action") ?? "", placeholder: "POST /api/v1/segments"),
        ], inline: true)
        var footer: [Page.Link] = []
        if entries.count == 100, let last = entries.last {
            var query = "before=\(last.id)"
            if let actor = staff.query("actor") { query += "&actor=" + Self.queryValue(actor) }
            if let action = staff.query("action") { query += "&action=" + Self.queryValue(action) }
            footer.append(Page.Link(href: "/app/settings/audit?" + query, label: l["next_page"]))
        }
        return Page(
            title: l["settings.audit"], lead: broken.map { l.format("settings.audit.broken", String($0)) }
                ?? l.format("settings.audit.intact", String(count)),
            tabs: settingsTabs(l, current: "/app/settings/audit"),
            sections: [
                PageSection(wide: true, form: form),
                PageSection(wide: true, table: DataTable(
                    headers: ["#", l["time"], l["settings.audit.actor"], l["settings.staff.role"], l["settings.audit.action"],
                              l["settings.audit.target"], l["settings.audit.address"], l["status"]],
                    rows: entries.map { e in
                        DataTable.Row(texts: [String(e.id), Timestamp.format(e.at), e.actor, e.role, e.action, e.target, e.address,
                                              String(e.status)])
                    }, empty: l["no_data"], footer: footer)),
            ])
    }

    /// How long data is kept and when the policy last ran, and the latest erasure jobs.
    private func privacyPage(_ staff: StaffRequest) throws -> Page {
        let l = staff.l
        let policy = app.settings.retention
        let last = try app.lastRetentionRun()
        let days: (Int?) -> String = { $0.map { l.format("settings.privacy.days", String($0)) } ?? l["settings.privacy.forever"] }
        let jobs = staff.principal.may(.erasePersonalData) ? try app.erasures(staff.principal).recent(limit: 50) : []
        return Page(title: l["settings.privacy"], lead: l["settings.privacy.lead"], tabs: settingsTabs(l, current: "/app/settings/privacy"),
                    sections: [
            PageSection(title: l["settings.privacy.retention"], wide: true, stats: [
                .init(l["settings.privacy.events"], days(policy.eventDays)),
                .init(l["settings.privacy.quarantine"], days(policy.quarantineDays)),
                .init(l["settings.privacy.last_run"], last.map { Self.minute($0.at) } ?? "—"),
                .init(l["settings.privacy.removed"], last.map { "\(ChartFormat.grouped(Double($0.events))) / \(ChartFormat.grouped(Double($0.quarantined)))" } ?? "—"),
            ]),
            PageSection(title: l["settings.privacy.deletions"], wide: true, table: DataTable(
                headers: [l["deletions.requested"], "job", l["deletions.mode"], l["status"], l["settings.audit.actor"]],
                rows: jobs.map { job in
                    DataTable.Row([DataTable.Cell(Self.minute(job.requestedAt)),
                                   DataTable.Cell(job.id, href: "/app/deletions/\(job.id)"),
                                   DataTable.Cell(l["deletions.mode." + job.mode.rawValue]),
                                   DataTable.Cell(l["deletions.state." + job.state.rawValue]), DataTable.Cell(job.requestedBy)])
                }, empty: l["settings.privacy.no_deletions"])),
        ])
    }

    private func staffPage(_ staff: StaffRequest) throws -> Page {
        let l = staff.l
        let accounts = try app.access.staff()
        let roles = StaffRole.allCases.map { ($0.rawValue, l["role." + $0.rawValue]) }
        var sections = [PageSection(wide: true, table: DataTable(
            headers: [l["login.email"], l["name"], l["settings.staff.role"], l["settings.keys.created_at"]],
            rows: accounts.map { a in
                DataTable.Row(texts: [a.email, a.name, l["role." + a.role.rawValue], Timestamp.format(a.createdAt)])
            }))]
        for account in accounts where account.id != staff.session.account.id {
            sections.append(PageSection(
                title: account.email,
                form: FormView(action: "/app/settings/staff/\(account.id)/role", submit: l["settings.staff.change_role"], fields: [
                    .init("role", l["settings.staff.role"], kind: .select, value: account.role.rawValue, options: roles),
                ], inline: true),
                actions: [PageAction(action: "/app/settings/staff/\(account.id)/delete", label: l["delete"], danger: true,
                                     confirm: l["confirm.delete"])]))
        }
        sections.append(PageSection(title: l["settings.staff.new"], note: l["settings.staff.roles"], form: FormView(
            action: "/app/settings/staff", submit: l["save"], fields: [
                .init("email", l["login.email"], kind: .email, required: true),
                .init("name", l["name"]),
                .init("role", l["settings.staff.role"], kind: .select, value: "viewer", options: roles),
                .init("password", l["login.password"], kind: .password, hint: l["settings.staff.password.hint"], required: true),
            ])))
        return Page(title: l["settings.staff"], lead: l["settings.staff.lead"], tabs: settingsTabs(l, current: "/app/settings/staff"),
                    notice: Self.notice(staff), sections: sections)
    }
}
