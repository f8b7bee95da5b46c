import Foundation
import Hummingbird
import StrataApp
import StrataCore
import StrataPages

extension DashboardController {
    /// 用户: search by id, trait or tag, and a profile with traits (personal ones masked for
    /// analysts and viewers), computed attributes, layers, tags, a paged event timeline and the
    /// messages the user received.
    func addUserRoutes(to router: Router<Context>) {
        page(router, "app/users") { staff, _ in try await userSearch(staff) }
        page(router, "app/users/{id}") { staff, context in try await profilePage(staff, try Self.parameter(context, "id")) }
        action(router, "app/users/{id}/erase", .erasePersonalData) { staff, context in
            let mode = ErasureJob.Mode(rawValue: staff.field("mode") ?? "") ?? .suppress
            let (job, _) = try app.erasures(staff.principal).erase(try Self.parameter(context, "id"), mode: mode)
            return Self.redirect("/app/deletions/\(job.id)")
        }
        page(router, "app/deletions/{job}", .erasePersonalData) { staff, context in
            try deletionPage(staff, app.erasures(staff.principal).job(try Self.parameter(context, "job")))
        }
    }

    private func userSearch(_ staff: StaffRequest) async throws -> Page {
        let l = staff.l
        let tags = try await app.tags(staff.principal).list(asOf: dataNow()).map(\.tag.tag.name)
        let form = FormView(action: "/app/users", post: false, submit: l["users.search"], fields: [
            .init("q", l["users.id"], value: staff.query("q") ?? "", placeholder: "user_1"),
            .init("trait", l["users.trait"], value: staff.query("trait") ?? "", placeholder: "city"),
            .init("value", l["value"], value: staff.query("value") ?? "", placeholder: "Shanghai"),
            .init("tag", l["users.tag"], kind: .select, value: staff.query("tag") ?? "", options: [("", "—")] + tags.map { ($0, $0) }),
        ], inline: true)
        let profiles: [UserProfile]
        if let tag = staff.query("tag") {
            guard tags.contains(tag) else { throw StrataError(.notFound, "No tag named \"\(tag)\".", field: "tag") }
            let (_, users) = try await app.tags(staff.principal).members(tag, asOf: dataNow())
            profiles = try app.profiles(staff.principal).profiles(uids: users.prefix(50).map(Int64.init))
        } else {
            var query = UserQuery()
            query.limit = 50
            query.idContains = staff.query("q")
            if let trait = staff.query("trait") {
                guard let value = staff.query("value") else {
                    throw StrataError(.invalidParameter, "Give the value the trait should have.", field: "value")
                }
                query.traitEquals[trait] = value
            }
            profiles = try app.profiles(staff.principal).search(query)
        }
        return Page(title: l["nav.users"], lead: l["users.lead"], sections: [
            PageSection(wide: true, form: form),
            PageSection(wide: true, table: DataTable(
                headers: [l["users.id"], l["login.email"], l["users.city"], l["users.seen"], l["users.purchases"], l["users.revenue"]],
                rows: profiles.map { p in
                    DataTable.Row([
                        DataTable.Cell(p.displayId, href: Self.profilePath(p)),
                        DataTable.Cell(p.traits["email"]?.stringValue ?? ""),
                        DataTable.Cell(p.traits["city"]?.stringValue ?? p.computed.lastCity ?? ""),
                        DataTable.Cell(p.computed.lastSeen.map { Self.minute($0) } ?? ""),
                        DataTable.Cell(String(p.computed.purchaseCount), numeric: true),
                        DataTable.Cell(ChartFormat.grouped(Double(p.computed.revenueMinor) / 100), numeric: true),
                    ])
                }, empty: l["users.none"])),
        ])
    }

    /// A profile's page: by the id shown, or by the dense id (`#12`) when the id is shown masked,
    /// so a masked id still links to its profile and the address never ends up in a URL, a log
    /// or a browser's history.
    static func profilePath(_ profile: UserProfile) -> String {
        let id = profile.displayId
        return "/app/users/" + path(id.contains("*") ? "#\(profile.uid)" : id)
    }

    static func minute(_ ms: Int64) -> String {
        String(Timestamp.format(ms).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    private func profilePage(_ staff: StaffRequest, _ id: String) async throws -> Page {
        let l = staff.l
        let profile = try app.profiles(staff.principal).named(id, field: "id")
        let now = dataNow()
        let uid = try await index.canonical([profile.uid]).first ?? profile.uid
        let userTags = try await app.profiles(staff.principal).tags(of: uid, asOf: now)
        // The user's lifecycle stage and RFM layer, from the minute's layers.
        let (stage, rfmLayer) = try await app.profiles(staff.principal).layers(of: uid, asOf: now)
        let layerNames: [String: String?] = ["lifecycle": stage?.rawValue, "rfm": rfmLayer?.rawValue]
        // The timeline, newest first, 50 a page; `before` is the cursor of the next page.
        var query = EventQuery()
        query.uid = profile.uid
        query.limit = 51  // one more than shown, to know whether there is a next page
        if let cursor = staff.query("before") {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let ts = Int64(parts[0]), let eventId = Int64(parts[1]) else {
                throw StrataError(.invalidParameter, "The page link is not valid; start from the first page.", field: "before")
            }
            query.before = (ts, eventId)
        }
        let fetched = try app.events(staff.principal).events(query)
        let events = Array(fetched.prefix(50))
        let messages = try app.profiles(staff.principal).receivedMessages(uid: uid)
        let inbox = try app.profiles(staff.principal).inbox(uid: uid, limit: 20)
        let consent = try app.profiles(staff.principal).consent(uid: uid)
        let standing = try app.points(staff.principal).standing(uid: uid)
        let transfers = try app.points(staff.principal).history(of: "#\(uid)", currency: .points, before: nil, limit: 10)
        let c = profile.computed
        let path = Self.profilePath(profile)
        var footer: [Page.Link] = []
        if staff.query("before") != nil { footer.append(Page.Link(href: path, label: l["users.first_page"])) }
        if fetched.count > events.count, let last = events.last {
            footer.append(Page.Link(href: "\(path)?before=\(last.timestamp).\(last.id)", label: l["next_page"]))
        }
        return Page(title: profile.displayId, lead: profile.userIds.count + profile.anonymousIds.count > 1
                        ? l.format("users.ids", (profile.userIds + profile.anonymousIds).joined(separator: ", ")) : nil,
                    sections: [
            PageSection(wide: true, stats: [
                .init(l["users.lifecycle"], layerNames["lifecycle"].flatMap { $0 }.map { name in
                    l.language == .zh ? (LifecycleModel.Stage(rawValue: name)?.chineseName ?? name) : name } ?? "—"),
                .init("RFM", layerNames["rfm"].flatMap { $0 } ?? "—"),
                .init(l["users.purchases"], String(c.purchaseCount)),
                .init(l["users.revenue"], ChartFormat.grouped(Double(c.revenueMinor) / 100)),
            ], links: userTags.map { Page.Link(href: "/app/users?tag=\(Self.queryValue($0))", label: "#" + $0) }),
            PageSection(title: l["users.traits"], table: DataTable(
                headers: [l["name"], l["value"]],
                rows: profile.traits.sorted { $0.key < $1.key }.map { key, value in
                    DataTable.Row([DataTable.Cell(key),
                                   DataTable.Cell(value.stringValue ?? value.jsonText, numeric: false)])
                }, empty: l["no_data"])),
            PageSection(title: l["users.computed"], table: DataTable(headers: [l["name"], l["value"]], rows: [
                ("first_seen", c.firstSeen.map { Self.minute($0) }), ("last_seen", c.lastSeen.map { Self.minute($0) }),
                ("event_count", String(c.eventCount)), ("active_days", String(c.activeDays)),
                ("purchase_count", String(c.purchaseCount)), ("revenue", ChartFormat.grouped(Double(c.revenueMinor) / 100)),
                ("last_purchase_at", c.lastPurchaseAt.map { Self.minute($0) }), ("first_touch_channel", c.firstTouchChannel),
                ("last_city", c.lastCity), ("last_device", c.lastDevice),
            ].map { DataTable.Row([DataTable.Cell($0.0), DataTable.Cell($0.1 ?? "—", numeric: false)]) })),
            PageSection(title: l["users.messages"], table: DataTable(
                headers: [l["time"], l["campaign"], l["campaigns.variants"], l["campaigns.channel"], l["status"]],
                rows: messages.map { m in
                    DataTable.Row([DataTable.Cell(m.sentAt.map { Self.minute($0) } ?? ""),
                                   DataTable.Cell(m.campaign, href: "/app/campaigns/" + Self.path(m.campaign)),
                                   DataTable.Cell(m.variant), DataTable.Cell(l["channel." + m.channel]),
                                   DataTable.Cell(l["status.message." + m.status])])
                } + inbox.map { item in
                    DataTable.Row([DataTable.Cell(Self.minute(item.createdAt)),
                                   DataTable.Cell(item.campaign, href: "/app/campaigns/" + Self.path(item.campaign)),
                                   DataTable.Cell(item.title), DataTable.Cell(l["channel.inbox"]),
                                   DataTable.Cell(item.clickedAt != nil ? l["users.inbox.clicked"]
                                       : item.readAt != nil ? l["users.inbox.read"] : l["users.inbox.unread"])])
                }, empty: l["users.messages.none"])),
            PageSection(title: l["points.member"], stats: [
                .init(l["points.balance"], ChartFormat.grouped(Double(standing.points?.balance ?? 0))),
                .init(l["points.available"], ChartFormat.grouped(Double(standing.points?.available ?? 0))),
                .init(l["points.held"], ChartFormat.grouped(Double(standing.points?.held ?? 0))),
                .init(l["points.growth"], ChartFormat.grouped(Double(standing.growth?.balance ?? 0))),
            ], table: DataTable(
                headers: [l["time"], l["points.reason"], l["points.amount"], l["status"]],
                rows: transfers.map { entry in
                    let t = entry.transfer, credit = t.creditAccount == standing.points?.id
                    return DataTable.Row([DataTable.Cell(Self.minute(t.createdAt)), DataTable.Cell(t.reason),
                                          DataTable.Cell((credit ? "+" : "−") + ChartFormat.grouped(Double(t.amount))),
                                          DataTable.Cell(l["points.state." + t.state.rawValue])])
                } + standing.lots.prefix(5).map { lot in
                    DataTable.Row([DataTable.Cell(Self.minute(lot.earnedAt)), DataTable.Cell(l["points.lot"]),
                                   DataTable.Cell(ChartFormat.grouped(Double(lot.remaining))),
                                   DataTable.Cell(lot.expiresAt.map { l.format("points.expires", Self.minute($0)) } ?? l["points.never"])])
                }, empty: l["points.none"])),
            PageSection(title: l["users.consent"], table: DataTable(
                headers: [l["time"], l["users.consent.subject"], l["value"], l["users.consent.source"]],
                rows: consent.prefix(20).map { c in
                    DataTable.Row([DataTable.Cell(Self.minute(c.at)), DataTable.Cell(c.subject + (c.address.map { " (\($0))" } ?? "")),
                                   DataTable.Cell(c.value, numeric: false),
                                   DataTable.Cell(l["users.consent.source." + c.source.rawValue] + " · " + c.reference)])
                }, empty: l["users.consent.none"])),
            PageSection(title: l["users.timeline"], wide: true, table: DataTable(
                headers: [l["time"], l["event"], l["properties"]],
                rows: events.map { e in
                    DataTable.Row([DataTable.Cell(Self.minute(e.timestamp)), DataTable.Cell(e.event),
                                   DataTable.Cell(e.properties.sorted { $0.key < $1.key }.prefix(6).map {
                                       "\($0.key)=\($0.value.stringValue ?? $0.value.jsonText)"
                                   }.joined(separator: "  "), numeric: false)])
                }, empty: l["users.timeline.none"], footer: footer)),
        ] + erasureSection(staff, uid: profile.uid))
    }

    /// For admins: erasing the person, with or without keeping their ids and addresses
    /// suppressed. Posts to the dense id, so the person's id never sits in a URL or the audit log.
    private func erasureSection(_ staff: StaffRequest, uid: Int64) -> [PageSection] {
        guard staff.principal.may(.erasePersonalData) else { return [] }
        let l = staff.l, action = "/app/users/" + Self.path("#\(uid)") + "/erase"
        return [PageSection(title: l["users.erase"], note: l["users.erase.note"], actions: [
            PageAction(action: action, label: l["users.erase.suppress"], danger: true, confirm: l["users.erase.confirm"],
                       fields: [.init("mode", "", kind: .hidden, value: ErasureJob.Mode.suppress.rawValue)]),
            PageAction(action: action, label: l["users.erase.delete_only"], danger: true, confirm: l["users.erase.confirm"],
                       fields: [.init("mode", "", kind: .hidden, value: ErasureJob.Mode.deleteOnly.rawValue)]),
        ])]
    }

    /// An erasure job's progress: its state, step, and what was removed so far.
    private func deletionPage(_ staff: StaffRequest, _ job: ErasureJob) throws -> Page {
        let l = staff.l
        return Page(title: l.format("deletions.title", job.id), lead: l["deletions.lead"], sections: [
            PageSection(wide: true, stats: [
                .init(l["status"], l["deletions.state." + job.state.rawValue]),
                .init(l["deletions.mode"], l["deletions.mode." + job.mode.rawValue]),
                .init(l["deletions.requested"], Self.minute(job.requestedAt)),
                .init(l["deletions.finished"], job.finishedAt.map { Self.minute($0) } ?? "—"),
            ]),
            PageSection(title: l["deletions.removed"], table: DataTable(
                headers: [l["name"], l["value"]],
                rows: job.removed.sorted { $0.key < $1.key }.map {
                    DataTable.Row([DataTable.Cell($0.key), DataTable.Cell(ChartFormat.grouped(Double($0.value)))])
                }, empty: l["no_data"])),
        ])
    }
}
