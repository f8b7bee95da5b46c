import Foundation

/// The 复盘 report of a campaign, generated from its data: 背景 (background), 目标 (target vs
/// actual), 效果 (core numbers), 详细分析 (by variant, channel, layer and send hour), 经验总结 (lessons)
/// and 后续计划 (next steps). Lessons and next steps are editable text; until someone writes
/// them they are seeded with findings read off the data — the best variant against the
/// holdout, the best channel and send hour, failures, skips and unsubscribes.
///
/// One document renders as Markdown and as a self-contained HTML page that prints cleanly.
public struct CampaignReview: Sendable {
    public var outcome: CampaignOutcome
    /// 经验总结 and 后续计划 as written by the team (`nil`: the seeded findings).
    public var lessons: String?
    public var nextSteps: String?

    /// A review of an outcome.
    public init(outcome: CampaignOutcome, lessons: String? = nil, nextSteps: String? = nil) {
        self.outcome = outcome
        self.lessons = lessons
        self.nextSteps = nextSteps
    }

    /// A part of the document.
    enum Block {
        case heading(Int, String)
        case paragraph(String)
        case list([String])
        case table([String], [[String]])
    }

    // MARK: - Findings

    private var variants: [CampaignResults.Arm] { outcome.results.arms.filter { $0.name != "holdout" } }

    private static func percent(_ value: Double?) -> String { ReportFormat.percent(value) }
    private static func money(_ minor: Double?) -> String { ReportFormat.money(minor) }
    private static func pValue(_ p: Double) -> String { p < 0.001 ? "< 0.001" : String(format: "%.3f", p) }

    /// What the data says, one sentence each, most important first.
    public var findings: [String] {
        var notes: [String] = []
        let r = outcome.results
        if r.sampleRatioMismatch {
            notes.append("样本比例失衡 (sample-ratio mismatch, p = \(Self.pValue(r.sampleRatioP ?? 1))): the groups' sizes do "
                + "not match the configured split, so comparisons below cannot be trusted; check the audience and holdout.")
        }
        let significant = r.comparisons.filter { $0.test.pValue < 0.05 && $0.uplift > 0 }.max { $0.uplift < $1.uplift }
        if let best = significant, let arm = r.arms.first(where: { $0.name == best.variant }),
           let holdout = r.arms.first(where: { $0.name == "holdout" })
        {
            notes.append("最佳版本 Variant \(best.variant) converted \(Self.percent(arm.conversionRate)) against the holdout's "
                + "\(Self.percent(holdout.conversionRate)) (+\(String(format: "%.1f", best.uplift * 100)) points, p = "
                + "\(Self.pValue(best.test.pValue)), \(Self.percent(best.chanceToBeatControl)) chance to beat it): "
                + "about \(Int(best.incrementalConversions.rounded())) conversions the campaign caused.")
        } else if let top = r.comparisons.max(by: { $0.uplift < $1.uplift }) {
            notes.append("No variant beat the holdout significantly (best: \(top.variant), "
                + "\(String(format: "%+.1f", top.uplift * 100)) points, p = \(Self.pValue(top.test.pValue))); "
                + "run longer or test a bolder change.")
        } else if r.arms.first(where: { $0.name == "holdout" }) == nil {
            notes.append("There was no holdout group, so the campaign's own effect cannot be told apart from what users "
                + "would have done anyway; keep 5–10% back next time.")
        }
        if let channel = outcome.byChannel.best(), outcome.byChannel.rows.count > 1 {
            notes.append("最佳渠道 \(channel.key) converted best (\(Self.percent(channel.rate)) of \(channel.reached) reached).")
        }
        for layers in outcome.byLayer where layers.rows.filter({ $0.reached >= 30 }).count > 1 {
            if let best = layers.best() {
                notes.append("最佳分层 Among \(layers.dimension) layers, \(best.key) converted best "
                    + "(\(Self.percent(best.rate)) of \(best.reached) reached).")
            }
        }
        if let hour = outcome.byHour.best(), outcome.byHour.rows.count > 1 {
            notes.append("最佳时段 Sends at \(hour.key) converted best (\(Self.percent(hour.rate)) of \(hour.reached)).")
        }
        let sent = variants.reduce(0) { $0 + $1.sent }
        var failures: [String: Int] = [:]
        var skips: [String: Int] = [:]
        for arm in variants {
            failures.merge(arm.failed, uniquingKeysWith: +)
            skips.merge(arm.skipped, uniquingKeysWith: +)
        }
        let failed = failures.values.reduce(0, +)
        if sent + failed > 0, Double(failed) / Double(sent + failed) > 0.02, let top = failures.max(by: { $0.value < $1.value }) {
            notes.append("\(Self.percent(Double(failed) / Double(sent + failed))) of messages failed; the most common reason: "
                + "\(top.key) (\(top.value)).")
        }
        let targeted = variants.reduce(0) { $0 + $1.targeted }
        if let top = skips.max(by: { $0.value < $1.value }), targeted > 0, Double(top.value) / Double(targeted) > 0.05 {
            notes.append("\(Self.percent(Double(top.value) / Double(targeted))) of the targeted users were skipped for "
                + "\(top.key); grow consent or addresses before the next send.")
        }
        let unsubscribed = variants.reduce(0) { $0 + $1.unsubscribed }
        if sent > 0, Double(unsubscribed) / Double(sent) > 0.005 {
            notes.append("\(Self.percent(Double(unsubscribed) / Double(sent))) of the reached users unsubscribed: the audience "
                + "or frequency may be too wide.")
        }
        if let goal = outcome.campaign.goal, let actual = outcome.goalActual {
            notes.append(actual >= goal.target
                ? "目标达成 The goal (\(goal.summary)) was reached."
                : "目标未达成 The goal (\(goal.summary)) was not reached: \(goalText(actual)) against \(goalText(goal.target)).")
        }
        return notes
    }

    /// Next steps seeded from the findings.
    public var suggestedNextSteps: [String] {
        var steps: [String] = []
        let r = outcome.results
        if let best = r.comparisons.filter({ $0.test.pValue < 0.05 && $0.uplift > 0 }).max(by: { $0.uplift < $1.uplift }) {
            steps.append("Roll variant \(best.variant) out to the whole audience and keep a small holdout to watch it.")
        } else if !r.comparisons.isEmpty {
            steps.append("Test a bolder message or offer against the holdout; the current variants do not differ from it.")
        }
        if let hour = outcome.byHour.best(), outcome.byHour.rows.count > 1 { steps.append("Schedule the next send at \(hour.key).") }
        if let channel = outcome.byChannel.best(), outcome.byChannel.rows.count > 1 {
            steps.append("Lead with \(channel.key) for this audience.")
        }
        if steps.isEmpty { steps.append("Repeat the campaign on the next cohort of the audience and compare.") }
        return steps
    }

    private func goalText(_ value: Double) -> String {
        if case .conversion? = outcome.campaign.goal?.metric { return Self.percent(value) }
        return JSONFields.text(value.rounded())
    }

    // MARK: - Document

    var blocks: [Block] {
        let c = outcome.campaign, r = outcome.results
        var blocks: [Block] = [.heading(1, "复盘 Review: \(c.name)")]
        blocks.append(.paragraph("As of \(Timestamp.format(outcome.asOf)). Conversion: \(outcome.conversionEvent) within "
            + "\(outcome.windowHours) h of being reached (the holdout over the same window)."))
        blocks.append(.heading(2, "背景 Background"))
        var audience = "—"
        switch c.audience {
        case .segment(let s)?: audience = "segment \(s)"
        case .tag(let t)?: audience = "tag \(t)"
        case .layer(let m, let l)?: audience = "layer \(m):\(l)"
        case nil: break
        }
        blocks.append(.paragraph(c.description.isEmpty ? "(no background written)" : c.description))
        blocks.append(.list([
            "Purpose 目的: \(c.purpose.rawValue)", "Audience 人群: \(audience)",
            "Holdout 对照组: \(Self.percent(c.holdoutShare))",
            "Window 时间: \(c.startsAt.map(Timestamp.format) ?? "—") → \(c.endsAt.map(Timestamp.format) ?? "—")",
            "Channels 渠道: \(c.channels.map(\.rawValue).joined(separator: ", "))",
            "Variants 版本: " + c.variants.map { "\($0.name) (weight \($0.weight))" }.joined(separator: ", "),
        ]))
        blocks.append(.heading(2, "目标 Goal"))
        if let goal = c.goal {
            let actual = outcome.goalActual.map(goalText) ?? "—"
            let reached = outcome.goalActual.map { $0 >= goal.target ? "yes 达成" : "no 未达成" } ?? "—"
            blocks.append(.table(["goal", "target", "actual", "reached", "deadline"],
                                 [[goal.summary, goalText(goal.target), actual, reached, Timestamp.format(goal.deadline)]]))
        } else {
            blocks.append(.paragraph("No goal was set."))
        }
        blocks.append(.heading(2, "效果 Results"))
        let v = variants
        let sent = v.reduce(0) { $0 + $1.sent }, measured = v.reduce(0) { $0 + $1.measured }
        let converted = v.reduce(0) { $0 + $1.converted }
        blocks.append(.list([
            "Targeted 目标人数: \(r.arms.reduce(0) { $0 + $1.targeted })",
            "Sent 触达: \(sent); failed 失败: \(v.reduce(0) { $0 + $1.failed.values.reduce(0, +) }); skipped 跳过: "
                + "\(v.reduce(0) { $0 + $1.skipped.values.reduce(0, +) })",
            "Opened 打开: \(v.reduce(0) { $0 + $1.opened }); clicked 点击: \(v.reduce(0) { $0 + $1.clicked }); "
                + "unsubscribed 退订: \(v.reduce(0) { $0 + $1.unsubscribed })",
            "Converted 转化: \(converted) (\(Self.percent(measured == 0 ? nil : Double(converted) / Double(measured))))",
            "Cost 成本: \(Self.money(Double(r.costMinor))); incremental revenue 增量收入: \(Self.money(r.incrementalRevenueMinor)); "
                + "ROI: \(Self.percent(r.roi))",
        ]))
        blocks.append(.heading(2, "详细分析 Detailed analysis"))
        blocks.append(.heading(3, "按版本 By variant"))
        blocks.append(.table(
            ["group", "targeted", "sent", "converted", "rate", "95% interval", "uplift", "p-value", "chance to beat",
             "revenue/user"],
            r.arms.map { arm in
                let comparison = r.comparisons.first { $0.variant == arm.name }
                let interval = arm.interval.map { "\(Self.percent($0.low)) – \(Self.percent($0.high))" } ?? ""
                return [arm.name, String(arm.targeted), String(arm.sent), String(arm.converted),
                        Self.percent(arm.conversionRate), interval,
                        comparison.map { String(format: "%+.1f pts", $0.uplift * 100) } ?? "",
                        comparison.map { Self.pValue($0.test.pValue) } ?? "",
                        comparison.map { Self.percent($0.chanceToBeatControl) } ?? "", Self.money(arm.revenuePerUser)]
            }))
        let sections = [(outcome.byChannel, "按渠道 By channel")]
            + outcome.byLayer.map { ($0, "按分层 By \($0.dimension) layer") }
            + [(outcome.byHour, "按发送时段 By send hour")]
        for breakdown in sections
        where !breakdown.0.rows.isEmpty {
            blocks.append(.heading(3, breakdown.1))
            blocks.append(.table([breakdown.0.dimension, "reached", "converted", "rate", "revenue"], breakdown.0.rows.map {
                [$0.key, String($0.reached), String($0.converted), Self.percent($0.rate), Self.money(Double($0.revenueMinor))]
            }))
        }
        blocks.append(.heading(2, "经验总结 Lessons"))
        if let lessons, !lessons.isEmpty { blocks.append(.paragraph(lessons)) } else { blocks.append(.list(findings)) }
        blocks.append(.heading(2, "后续计划 Next steps"))
        if let nextSteps, !nextSteps.isEmpty { blocks.append(.paragraph(nextSteps)) } else {
            blocks.append(.list(suggestedNextSteps))
        }
        return blocks
    }

    /// The review as Markdown.
    public var markdown: String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        return blocks.map { block -> String in
            switch block {
            case .heading(let level, let text): return String(repeating: "#", count: level) + " " + text
            case .paragraph(let text): return text
            case .list(let items): return items.map { "- " + $0 }.joined(separator: "\n")
            case .table(let headers, let rows):
                return (["| " + headers.map(cell).joined(separator: " | ") + " |",
                         "|" + headers.map { _ in "---" }.joined(separator: "|") + "|"]
                    + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }).joined(separator: "\n")
            }
        }.joined(separator: "\n\n") + "\n"
    }

    /// The review's body as HTML fragments, for embedding in a page (the dashboard).
    public var htmlBody: String {
        let escape = HTMLText.escape
        return blocks.map { block -> String in
            switch block {
            case .heading(let level, let text): return "<h\(level)>\(escape(text))</h\(level)>"
            case .paragraph(let text):
                return text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "<p>\(escape(String($0)))</p>" }.joined()
            case .list(let items): return "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
            case .table(let headers, let rows):
                return "<table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                    + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined()
                    + "</tbody></table>"
            }
        }.joined(separator: "\n")
    }

    /// The review as a self-contained HTML page (no scripts, nothing from other hosts).
    public var html: String {
        let escape = HTMLText.escape
        return """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>复盘 \(escape(outcome.campaign.name))</title>
            <style>
            body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;
            padding:0 1rem;color:#1f2328;line-height:1.5}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
            th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}th{background:#f6f8fa}
            h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #d0d7de;margin-top:2rem}
            @media print{body{margin:0;max-width:none}h2{break-after:avoid}table{break-inside:avoid}}
            </style></head><body>
            \(htmlBody)
            </body></html>
            """
    }
}
