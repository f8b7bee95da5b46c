import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// How users flow between layers (secret key): the transition matrix of a model between two
/// days, a cell saved as a segment, and the daily snapshots behind them.
///
/// - `GET /api/v1/flow/{model}?from=D1&to=D2` — `model` is `rfm`, `lifecycle` or a scoring model.
/// - `POST /api/v1/flow/{model}/segment` with `{"from", "to", "from_layer", "to_layer", "name"}`.
/// - `POST /api/v1/snapshots` with `{"day"?}`; `GET /api/v1/snapshots`.
struct FlowController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let flows = router.group("api/v1/flow").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        flows.get("{model}") { request, context in
            let params = QueryParameters(request)
            guard let from = params["from"], let to = params["to"] else {
                throw StrataError(.invalidParameter, "Give from and to days, such as ?from=2026-09-01&to=2026-09-30.",
                                  field: params["from"] == nil ? "from" : "to")
            }
            return try await flow(try context.parameters.require("model"), from: from, to: to)
        }
        flows.post("{model}/segment") { request, context in
            try await saveCell(request, model: try context.parameters.require("model"))
        }
        let snapshots = router.group("api/v1/snapshots").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        snapshots.get { _, _ in
            JSONValue.object(["days": .array(try app.models.snapshotDays().map { .string($0) })]).response()
        }
        snapshots.post { request, _ in
            let body = request.headers[.contentLength] == "0" ? JSONValue.object([:])
                : try await RequestBodyReader(limit: 4096, limitDescription: "4 KB").read(request)
            let (day, count) = try await app.models.takeSnapshots(day: body["day"]?.stringValue)
            return JSONValue.object(["day": .string(day), "snapshots": .number(Double(count))]).response(status: .created)
        }
    }

    private func flow(_ modelName: String, from: String, to: String) async throws -> Response {
        let (model, flow, sources) = try await app.models.flow(modelName.removingPercentEncoding ?? modelName,
                                                               from: from, to: to)
        return JSONValue.object([
            "model": .string(model.name), "from": .string(from), "to": .string(to),
            "layers": .array(flow.layers.map { .string($0) }),
            "matrix": .array(flow.matrix.map { row in .array(row.map { .number(Double($0)) }) }),
            "from_sizes": .array(flow.startSizes.map { .number(Double($0)) }),
            "to_sizes": .array(flow.endSizes.map { .number(Double($0)) }),
            "sources": .object(["from": .string(sources.0 ? "snapshot" : "computed"),
                                "to": .string(sources.1 ? "snapshot" : "computed")]),
        ]).response()
    }

    /// Saves the users of one cell as a manual tag and a segment of that tag, both named `name`.
    private func saveCell(_ request: Request, model modelName: String) async throws -> Response {
        let body = try await RequestBodyReader(limit: 16 * 1024, limitDescription: "16 KB").read(request)
        func text(_ key: String) throws -> String {
            guard let value = body[key]?.stringValue, !value.isEmpty else {
                throw StrataError(.invalidField, "Give \"\(key)\"; the body is {\"from\", \"to\", \"from_layer\", "
                    + "\"to_layer\", \"name\"}.", field: key)
            }
            return value
        }
        let name = try text("name")
        let (from, to) = (try text("from"), try text("to"))
        let (fromLayer, toLayer) = (try text("from_layer"), try text("to_layer"))
        let (segment, size) = try await app.models.saveFlowCell(
            modelName.removingPercentEncoding ?? modelName, from: from, to: to, fromLayer: fromLayer, toLayer: toLayer,
            name: name, description: body["description"]?.stringValue, owner: body["owner"]?.stringValue ?? "")
        return SegmentController<Context>.json(segment, size: size).response(status: .created)
    }
}
