import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// The built-in layering models under `/api/v1/models` (secret key): RFM and lifecycle, each
/// as of an instant and with its settings as query parameters.
struct ModelController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/models").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        group.get("rfm") { request, _ in try await rfm(QueryParameters(request)) }
        group.get("lifecycle") { request, _ in try await lifecycle(QueryParameters(request)) }
        group.get("scores") { _, _ in
            JSONValue.object(["models": .array(try app.models.scoringModels().map(\.json))]).response()
        }
        group.post("scores") { request, _ in try await saveScoring(request) }
        group.post("scores/preview") { request, _ in
            let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
            let model = try ScoringModel(json: body["model"] ?? body)
            let asOf = try body["as_of"]?.stringValue.map { try QueryParameters.asOf($0, app.settings) }
            return try await score(model, asOf: asOf).response()
        }
        group.get("scores/{name}") { request, context in
            let model = try app.models.scoringModel(named: try context.decodedParameter("name"))
            return try await score(model, asOf: try QueryParameters(request).asOf(app.settings)).response()
        }
        group.delete("scores/{name}") { _, context in
            try await app.models.deleteScoring(named: try context.decodedParameter("name"))
            return Response(status: .noContent)
        }
    }

    /// Saves (or replaces) a scoring model and answers with its tiers now.
    private func saveScoring(_ request: Request) async throws -> Response {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        let model = try ScoringModel(json: body)
        try await app.models.saveScoring(model)
        return try await score(model, asOf: nil).response(status: .created)
    }

    /// A scoring model's tiers with sizes and mean scores, and a histogram of scores in tenths.
    private func score(_ model: ScoringModel, asOf: Int64?) async throws -> JSONValue {
        let (result, asOf) = try await app.models.score(model, asOf: asOf)
        return .object([
            "model": model.json,
            "as_of": .string(Timestamp.format(asOf)),
            "tiers": .array(model.tiers.map { tier in
                .object(["name": .string(tier.name), "min_score": .number(tier.minScore),
                         "size": .number(Double(result.tiers[tier.name]?.count ?? 0)),
                         "mean_score": .number(((result.meanScores[tier.name] ?? 0) * 10).rounded() / 10)])
            }),
            "histogram": .array(result.histogram.enumerated().map { i, n in
                .object(["from": .number(Double(i * 10)), "to": .number(Double(i * 10 + 10)), "users": .number(Double(n))])
            }),
        ])
    }

    private func rfm(_ params: QueryParameters) async throws -> Response {
        let model = try Self.rfmModel(params)
        let (result, asOf) = try await app.models.rfm(model, asOf: try params.asOf(app.settings))
        let (r, f, m) = result.breakPoints
        var curves: JSONValue = .null
        if params["curve"] == "true" {
            func curve(_ values: [Double]) -> JSONValue {
                .object([
                    "points": .array(NaturalBreaks.curve(values).map {
                        .object(["value": .number($0.value), "share": .number($0.share)])
                    }),
                    "suggested_break_points": .array(NaturalBreaks.suggest(values).map { .number($0) }),
                ])
            }
            curves = .object(["recency_days": curve(result.metrics.recency), "frequency": curve(result.metrics.frequency),
                              "monetary": curve(result.metrics.monetary)])
        }
        let breakPoints: JSONValue = .object([
            "recency_days": .array(r.map { .number($0) }), "frequency": .array(f.map { .number($0) }),
            "monetary": .array(m.map { .number($0) }),
        ])
        return JSONValue.object([
            "curves": curves,
            "scoring": .string(params["scoring"] ?? "quintiles"),
            "as_of": .string(Timestamp.format(asOf)),
            "event": .string(model.event), "value_property": .string(model.valueProperty),
            "window_days": model.windowDays.map { .number(Double($0)) } ?? .null,
            "buyers": .number(Double(result.scores.count)),
            "layers": .array(RFMModel.Layer.allCases.map { layer in
                .object(["name": .string(layer.rawValue), "name_en": .string(layer.englishName),
                         "size": .number(Double(result.layers[layer]?.count ?? 0))])
            }),
            "break_points": breakPoints,
            "cuts": .object(["recency_days": .number(result.cuts.recencyDays), "frequency": .number(result.cuts.frequency),
                             "monetary": .number(result.cuts.monetary)]),
        ]).response()
    }

    private func lifecycle(_ params: QueryParameters) async throws -> Response {
        let model = try Self.lifecycleModel(params)
        let (stages, asOf) = try await app.models.lifecycle(model, asOf: try params.asOf(app.settings))
        return JSONValue.object([
            "as_of": .string(Timestamp.format(asOf)),
            "thresholds": .object(["new_days": .number(Double(model.newDays)), "active_days": .number(Double(model.activeDays)),
                                   "silent_days": .number(Double(model.silentDays)),
                                   "churn_days": .number(Double(model.churnDays))]),
            "layers": .array(LifecycleModel.Stage.allCases.map { stage in
                .object(["name": .string(stage.rawValue), "name_zh": .string(stage.chineseName),
                         "size": .number(Double(stages[stage]?.count ?? 0))])
            }),
        ]).response()
    }

    static func days(_ params: QueryParameters, _ name: String) throws -> Int? {
        guard let value = try params.int64(name) else { return nil }
        guard (1...3650).contains(value) else {
            throw StrataError(.invalidParameter, "\(name) must be 1…3650 days.", field: name)
        }
        return Int(value)
    }

    static func rfmModel(_ params: QueryParameters) throws -> RFMModel {
        let scoring = try RFMModel.scoring(named: params["scoring"], recencyBreaks: params["recency_breaks"],
                                           frequencyBreaks: params["frequency_breaks"],
                                           monetaryBreaks: params["monetary_breaks"])
        let model = RFMModel(event: params["event"] ?? "purchase", valueProperty: params["value"] ?? "revenue",
                             windowDays: try days(params, "window_days"), scoring: scoring)
        try model.validate()
        return model
    }

    static func lifecycleModel(_ params: QueryParameters) throws -> LifecycleModel {
        var model: LifecycleModel
        switch params["preset"] ?? "daily" {
        case "daily": model = .daily
        case "low_frequency": model = .lowFrequency
        case let other:
            throw StrataError(.invalidParameter, "preset must be daily or low_frequency, got \(other).", field: "preset")
        }
        model.newDays = try days(params, "new_days") ?? model.newDays
        model.activeDays = try days(params, "active_days") ?? model.activeDays
        model.silentDays = try days(params, "silent_days") ?? model.silentDays
        model.churnDays = try days(params, "churn_days") ?? model.churnDays
        try model.validate()
        return model
    }
}
