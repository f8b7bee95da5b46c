extension CampaignOutcome {
    /// The results as JSON, as the API, the CLI and the review show them: groups, comparisons
    /// with the holdout, the sample-ratio check, breakdowns and the goal. Money in major units.
    public var json: JSONValue {
        let outcome = self
        let r = outcome.results
        func counts(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .number(Double($0)) }) }
        func money(_ minor: Double?) -> JSONValue { minor.map { .number(($0).rounded() / 100) } ?? .null }
        func rate(_ value: Double?) -> JSONValue { value.map { .number(($0 * 10_000).rounded() / 10_000) } ?? .null }
        func breakdown(_ b: CampaignBreakdown, key: String? = nil) -> JSONValue {
            .array(b.rows.map { row in
                .object([key ?? b.dimension: .string(row.key), "reached": .number(Double(row.reached)),
                         "converted": .number(Double(row.converted)), "rate": rate(row.rate),
                         "revenue": money(Double(row.revenueMinor))])
            })
        }
        var goal: JSONValue = .null
        if let g = outcome.campaign.goal {
            goal = .object(["summary": .string(g.summary), "target": .number(g.target), "actual": outcome.goalActual.map { .number($0) } ?? .null,
                            "reached": outcome.goalActual.map { .bool($0 >= g.target) } ?? .null,
                            "deadline": .string(Timestamp.format(g.deadline))])
        }
        return .object([
            "campaign": .string(outcome.campaign.name), "status": .string(outcome.campaign.status.rawValue),
            "as_of": .string(Timestamp.format(outcome.asOf)), "conversion_event": .string(outcome.conversionEvent),
            "window_hours": .number(Double(outcome.windowHours)), "goal": goal,
            "groups": .array(r.arms.map { arm in
                .object([
                    "name": .string(arm.name), "expected_share": rate(arm.expectedShare),
                    "targeted": .number(Double(arm.targeted)), "sent": .number(Double(arm.sent)),
                    "pending": .number(Double(arm.pending)), "failed": counts(arm.failed), "skipped": counts(arm.skipped),
                    "opened": .number(Double(arm.opened)), "clicked": .number(Double(arm.clicked)),
                    "unsubscribed": .number(Double(arm.unsubscribed)), "measured": .number(Double(arm.measured)),
                    "converted": .number(Double(arm.converted)), "conversion_rate": rate(arm.conversionRate),
                    "interval": arm.interval.map { .array([rate($0.low), rate($0.high)]) } ?? .null,
                    "revenue": money(Double(arm.revenueMinor)), "revenue_per_user": money(arm.revenuePerUser),
                    "cost": money(Double(arm.costMinor)),
                ])
            }),
            "comparisons": .array(r.comparisons.map { c in
                .object([
                    "variant": .string(c.variant), "uplift": rate(c.uplift), "relative_uplift": rate(c.relativeUplift),
                    "z": .number((c.test.z * 100).rounded() / 100), "p_value": .number(c.test.pValue),
                    "chance_to_beat_control": rate(c.chanceToBeatControl),
                    "incremental_conversions": .number((c.incrementalConversions * 10).rounded() / 10),
                ])
            }),
            "sample_ratio": .object(["p_value": r.sampleRatioP.map { .number($0) } ?? .null,
                                     "mismatch": .bool(r.sampleRatioMismatch)]),
            "cost": money(Double(r.costMinor)), "incremental_revenue": money(r.incrementalRevenueMinor), "roi": rate(r.roi),
            "by_channel": breakdown(outcome.byChannel), "by_hour": breakdown(outcome.byHour),
            "by_layer": .object(Dictionary(uniqueKeysWithValues: outcome.byLayer.map { ($0.dimension, breakdown($0, key: "layer")) })),
        ])
    }
}
