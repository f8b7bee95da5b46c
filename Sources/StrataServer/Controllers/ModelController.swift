import Foundation
import Hummingbird
import StrataCore
import StrataStore

/// The built-in layering models under `/api/v1/models` (secret key): RFM and lifecycle, each
/// as of an instant and with its settings as query parameters.
struct ModelController<Context: RequestContext>: Sendable {
    let index: IndexService
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/models").add(middleware: SecretKeyMiddleware(credentials: credentials))
        group.get("rfm") { request, _ in try await rfm(QueryParameters(request)) }
        group.get("lifecycle") { request, _ in try await lifecycle(QueryParameters(request)) }
    }

    private func rfm(_ params: QueryParameters) async throws -> Response {
        let model = try Self.rfmModel(params)
        let asOf = try Self.asOf(params)
        let result = try await index.rfm(model, asOf: asOf)
        let (r, f, m) = result.breakPoints
        return JSONValue.object([
            "as_of": .string(Timestamp.format(asOf)),
            "event": .string(model.event), "value_property": .string(model.valueProperty),
            "window_days": model.windowDays.map { .number(Double($0)) } ?? .null,
            "buyers": .number(Double(result.scores.count)),
            "layers": .array(RFMModel.Layer.allCases.map { layer in
                .object(["name": .string(layer.rawValue), "name_en": .string(layer.englishName),
                         "size": .number(Double(result.layers[layer]?.count ?? 0))])
            }),
            "break_points": .object(["recency_days": .array(r.map { .number($0) }),
                                     "frequency": .array(f.map { .number($0) }),
                                     "monetary": .array(m.map { .number($0) })]),
            "cuts": .object(["recency_days": .number(result.cuts.recencyDays), "frequency": .number(result.cuts.frequency),
                             "monetary": .number(result.cuts.monetary)]),
        ]).response()
    }

    private func lifecycle(_ params: QueryParameters) async throws -> Response {
        let model = try Self.lifecycleModel(params)
        let asOf = try Self.asOf(params)
        let stages = try await index.lifecycle(model, asOf: asOf)
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

    static func asOf(_ params: QueryParameters) throws -> Int64 {
        guard let text = params["as_of"] else { return Int64(Date().timeIntervalSince1970 * 1000) }
        guard let ms = Timestamp.parseAsOf(text) else {
            throw StrataError(.invalidParameter, "as_of must be a date (2026-09-30) or an ISO 8601 time.", field: "as_of")
        }
        return ms
    }

    static func days(_ params: QueryParameters, _ name: String) throws -> Int? {
        guard let value = try params.int64(name) else { return nil }
        guard (1...3650).contains(value) else {
            throw StrataError(.invalidParameter, "\(name) must be 1…3650 days.", field: name)
        }
        return Int(value)
    }

    static func rfmModel(_ params: QueryParameters) throws -> RFMModel {
        RFMModel(event: params["event"] ?? "purchase", valueProperty: params["value"] ?? "revenue",
                 windowDays: try days(params, "window_days"))
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
