extension Campaign {
    /// Reads a campaign from its JSON form:
    ///
    /// ```json
    /// {"name": "cart-recovery", "description": "…", "purpose": "conversion",
    ///  "goal": {"metric": "conversion", "event": "purchase", "within_hours": 72, "target": 0.05,
    ///           "deadline": "2026-12-31"},
    ///  "starts_at": "2026-12-01T00:00:00+08:00", "ends_at": "2026-12-31T23:59:59+08:00",
    ///  "audience": {"segment": "高意向未购买"}, "holdout": 0.1,
    ///  "variants": [{"name": "A", "weight": 1, "messages": {"email": {"subject": "…", "body": "…"}}}],
    ///  "schedule": {"type": "once", "at": "2026-12-01T10:00:00+08:00"},
    ///  "rules": {"max_participations": 1, "max_sends_per_day": 50000, "budget": 2000,
    ///            "cost_per_message": {"sms": 0.05}, "blocked_segments": ["投诉用户"],
    ///            "caps": [{"limit": 1, "days": 1, "channel": "sms"}], "priority": 60}}
    /// ```
    ///
    /// Goals: `conversion` (event, within_hours), `segment_size` (segment) or `dau`. Audience:
    /// `segment`, `layer` (`rfm:重要价值`) or `tag`. Schedules: `once` (at), `recurring` (every
    /// day | week, weekday 1–7, time HH:MM) or `triggered` (event, delay_minutes, exit_event).
    /// Money is in major units. Anything missing stays unset on a draft.
    ///
    /// - Throws: `StrataError.invalidField` naming the field to fix.
    public init(json: JSONValue) throws {
        let f = try JSONFields(json, what: "a campaign object")
        let name = try f.requiredString("name", maxLength: 100, hint: "1–100 characters")
        guard !name.contains("/") else {
            throw StrataError(.invalidField, "A campaign name cannot contain \"/\".", field: "name")
        }
        self.init(name: name.trimmingCharacters(in: .whitespaces))
        description = try f.string("description", maxLength: 10_000) ?? ""
        purpose = try f.choice("purpose", Purpose.self) ?? .conversion
        if let g = try f.object("goal") { goal = try Self.goal(g) }
        startsAt = try f.instant("starts_at")
        endsAt = try f.instant("ends_at")
        if let a = try f.object("audience") {
            let given = ["segment", "layer", "tag"].filter { a.value($0) != nil }
            guard given.count == 1 else {
                throw StrataError(.invalidField, "The audience is one of {\"segment\": NAME}, {\"layer\": \"rfm:重要价值\"} "
                    + "or {\"tag\": NAME}.", field: "audience")
            }
            switch given[0] {
            case "segment": audience = .segment(try a.requiredString("segment", maxLength: 200))
            case "tag": audience = .tag(try a.requiredString("tag", maxLength: 200))
            default: audience = try SegmentRule.layer(try a.requiredString("layer", maxLength: 200), path: "audience.layer")
            }
        }
        holdoutShare = try f.number("holdout", 0...0.5) ?? 0
        if let items = try f.array("variants") {
            guard items.count <= 10 else {
                throw StrataError(.invalidField, "A campaign has at most 10 variants.", field: "variants")
            }
            variants = try items.enumerated().map { i, item in try Self.variant(item, path: "variants[\(i)]") }
            var names = Set<String>()
            for (i, variant) in variants.enumerated() where !names.insert(variant.name).inserted {
                throw StrataError(.invalidField, "Two variants are named \"\(variant.name)\".", field: "variants[\(i)].name")
            }
        }
        if let s = try f.object("schedule") { schedule = try Self.schedule(s) }
        if let r = try f.object("rules") { rules = try Self.rules(r) }
        if let reward = f.value("reward") { self.reward = try RewardRule(json: reward, path: "reward") }
    }

    private static func goal(_ g: JSONFields) throws -> CampaignGoal {
        let metric: CampaignGoal.Metric
        switch try g.requiredString("metric", maxLength: 40, hint: "conversion, segment_size or dau") {
        case "conversion":
            metric = .conversion(event: try g.requiredString("event", maxLength: 200),
                                 withinHours: try g.integer("within_hours", 1...2160) ?? 72)
        case "segment_size": metric = .segmentSize(try g.requiredString("segment", maxLength: 200))
        case "dau": metric = .dau
        case let other:
            throw StrataError(.invalidField, "goal.metric is conversion, segment_size or dau; got \"\(other)\".",
                              field: "goal.metric")
        }
        let limits: ClosedRange<Double>
        if case .conversion = metric { limits = 0...1 } else { limits = 0...1e12 }
        guard let target = try g.number("target", limits) else {
            throw StrataError(.invalidField, "Give goal.target" + (limits.upperBound == 1 ? " as a rate from 0 to 1." : "."),
                              field: "goal.target")
        }
        guard let deadline = try g.instant("deadline") else {
            throw StrataError(.invalidField, "Give goal.deadline, a date or time.", field: "goal.deadline")
        }
        return CampaignGoal(metric: metric, target: target, deadline: deadline)
    }

    private static func variant(_ item: JSONValue, path: String) throws -> CampaignVariant {
        let v = try JSONFields(item, path: path, what: "a variant object (name, weight, messages)")
        let name = try v.requiredString("name", maxLength: 50)
        let weight = try v.integer("weight", 1...1000) ?? 1
        var messages: [(ChannelKind, CampaignMessage)] = []
        if let m = try v.object("messages", what: "an object of messages by channel") {
            for (key, value) in m.fields {
                guard let channel = ChannelKind(rawValue: key) else {
                    throw StrataError(.invalidField, "Unknown channel \"\(key)\"; channels are "
                        + ChannelKind.allCases.map(\.rawValue).joined(separator: ", ") + ".", field: m.at(key))
                }
                messages.append((channel, try CampaignMessage(json: value, path: m.at(key))))
            }
        }
        return CampaignVariant(name: name, weight: weight, messages: messages.sorted { $0.0 < $1.0 })
    }

    private static func schedule(_ s: JSONFields) throws -> CampaignSchedule {
        switch try s.requiredString("type", maxLength: 20, hint: "once, recurring or triggered") {
        case "once":
            guard let at = try s.instant("at") else {
                throw StrataError(.invalidField, "A one-off send needs schedule.at.", field: "schedule.at")
            }
            return .once(at: at)
        case "recurring":
            let every = try s.string("every", maxLength: 10) ?? "day"
            guard every == "day" || every == "week" else {
                throw StrataError(.invalidField, "schedule.every is day or week.", field: "schedule.every")
            }
            let time = try s.requiredString("time", maxLength: 5, hint: "HH:MM in the workspace time zone")
            guard let minute = QuietHours.minute(time) else {
                throw StrataError(.invalidField, "schedule.time is HH:MM, such as 09:30.", field: "schedule.time")
            }
            var weekday: Int?
            if every == "week" {
                guard let day = try s.integer("weekday", 1...7) else {
                    throw StrataError(.invalidField, "A weekly schedule needs weekday (1 = Monday … 7 = Sunday).",
                                      field: "schedule.weekday")
                }
                weekday = day
            }
            return .recurring(weekday: weekday, minuteOfDay: minute)
        case "triggered":
            return .triggered(event: try s.requiredString("event", maxLength: 200),
                              delayMinutes: try s.integer("delay_minutes", 0...43_200) ?? 0,
                              exitEvent: try s.string("exit_event", maxLength: 200))
        case let other:
            throw StrataError(.invalidField, "schedule.type is once, recurring or triggered; got \"\(other)\".",
                              field: "schedule.type")
        }
    }

    private static func rules(_ r: JSONFields) throws -> CampaignRules {
        var rules = CampaignRules()
        rules.maxParticipationsPerUser = try r.integer("max_participations", 1...1000) ?? 1
        rules.maxSendsPerDay = try r.integer("max_sends_per_day", 1...100_000_000)
        rules.budgetMinor = try r.number("budget", 0...1e12).map { Int64(($0 * 100).rounded()) }
        if let costs = try r.object("cost_per_message") {
            for (key, _) in costs.fields {
                guard let channel = ChannelKind(rawValue: key) else {
                    throw StrataError(.invalidField, "Unknown channel \"\(key)\".", field: costs.at(key))
                }
                rules.costPerMessageMinor[channel] = try costs.number(key, 0...1e6).map { Int64(($0 * 100).rounded()) }
            }
        }
        if let blocked = try r.array("blocked_segments") {
            rules.blockedSegments = try blocked.enumerated().map { i, value in
                guard let name = value.stringValue else {
                    throw StrataError(.invalidField, "blocked_segments holds segment names.",
                                      field: "rules.blocked_segments[\(i)]")
                }
                return name
            }
        }
        if let caps = try r.array("caps") {
            guard caps.count <= 10 else { throw StrataError(.invalidField, "At most 10 caps.", field: "rules.caps") }
            rules.caps = try caps.enumerated().map { i, cap in try FrequencyCap(json: cap, path: "rules.caps[\(i)]") }
        }
        rules.priority = try r.integer("priority", 0...100) ?? 50
        return rules
    }

    /// The campaign's JSON form (the same shape `init(json:)` reads, plus `status`).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "name": .string(name), "description": .string(description), "purpose": .string(purpose.rawValue),
            "status": .string(status.rawValue), "holdout": .number(holdoutShare),
            "starts_at": startsAt.map { .string(Timestamp.format($0)) } ?? .null,
            "ends_at": endsAt.map { .string(Timestamp.format($0)) } ?? .null,
        ]
        switch audience {
        case .segment(let s)?: fields["audience"] = .object(["segment": .string(s)])
        case .tag(let t)?: fields["audience"] = .object(["tag": .string(t)])
        case .layer(let model, let layer)?: fields["audience"] = .object(["layer": .string("\(model):\(layer)")])
        case nil: fields["audience"] = .null
        }
        if let goal {
            var g: [String: JSONValue] = ["target": .number(goal.target), "deadline": .string(Timestamp.format(goal.deadline))]
            switch goal.metric {
            case .conversion(let event, let hours):
                g["metric"] = "conversion"
                g["event"] = .string(event)
                g["within_hours"] = .number(Double(hours))
            case .segmentSize(let segment):
                g["metric"] = "segment_size"
                g["segment"] = .string(segment)
            case .dau: g["metric"] = "dau"
            }
            fields["goal"] = .object(g)
        } else {
            fields["goal"] = .null
        }
        fields["variants"] = .array(variants.map { v in
            var messages: [String: JSONValue] = [:]
            for (channel, message) in v.messages { messages[channel.rawValue] = message.json }
            return .object(["name": .string(v.name), "weight": .number(Double(v.weight)), "messages": .object(messages)])
        })
        switch schedule {
        case .once(let at)?: fields["schedule"] = .object(["type": "once", "at": .string(Timestamp.format(at))])
        case .recurring(let weekday, let minute)?:
            var s: [String: JSONValue] = ["type": "recurring", "every": .string(weekday == nil ? "day" : "week"),
                                          "time": .string(QuietHours.clock(minute))]
            if let weekday { s["weekday"] = .number(Double(weekday)) }
            fields["schedule"] = .object(s)
        case .triggered(let event, let delay, let exit)?:
            fields["schedule"] = .object(["type": "triggered", "event": .string(event),
                                          "delay_minutes": .number(Double(delay)),
                                          "exit_event": exit.map { .string($0) } ?? .null])
        case nil: fields["schedule"] = .null
        }
        var costs: [String: JSONValue] = [:]
        for (channel, minor) in rules.costPerMessageMinor { costs[channel.rawValue] = .number(Double(minor) / 100) }
        fields["rules"] = .object([
            "max_participations": .number(Double(rules.maxParticipationsPerUser)),
            "max_sends_per_day": rules.maxSendsPerDay.map { .number(Double($0)) } ?? .null,
            "budget": rules.budgetMinor.map { .number(Double($0) / 100) } ?? .null,
            "cost_per_message": .object(costs),
            "blocked_segments": .array(rules.blockedSegments.map { .string($0) }),
            "caps": .array(rules.caps.map(\.json)), "priority": .number(Double(rules.priority)),
        ])
        fields["reward"] = reward?.json ?? .null
        return .object(fields)
    }
}
