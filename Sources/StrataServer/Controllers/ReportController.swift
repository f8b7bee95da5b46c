import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// Analysis reports under `/api/v1/reports` (secret key): `GET` with query parameters or `POST`
/// with a JSON object of the same names; `format=csv` returns the table as CSV. A funnel step's
/// converted or dropped users can be saved as a segment.
struct ReportController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    func addRoutes(to router: Router<Context>) {
        let group = router.group("api/v1/reports").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        // Each report by its own path (so `funnel/segment` can sit beside `funnel`), and any other
        // name answered with the list of reports.
        for kind in ReportRequest.Kind.allCases {
            group.get(RouterPath(stringLiteral: kind.rawValue)) { request, context in try await report(kind.rawValue, Self.query(request), context.requirePrincipal()) }
            group.post(RouterPath(stringLiteral: kind.rawValue)) { request, context in
                try await report(kind.rawValue, try await Self.body(request), context.requirePrincipal())
            }
        }
        group.get("{report}") { request, context in
            try await report(try context.parameters.require("report"), Self.query(request), context.requirePrincipal())
        }
        group.post("funnel/segment") { request, context in try await saveFunnelStep(try await Self.body(request), context.requirePrincipal()) }
    }

    static func query(_ request: Request) -> [String: String] {
        Dictionary(QueryParameters(request).all, uniquingKeysWith: { a, _ in a })
    }

    /// A JSON object's fields as parameter texts (lists joined with commas).
    static func body(_ request: Request) async throws -> [String: String] {
        let body = try await RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB").read(request)
        guard let fields = body.objectValue else {
            throw StrataError(.invalidField, "Send a JSON object of report parameters.", field: "body")
        }
        func text(_ value: JSONValue) -> String {
            switch value {
            case .string(let s): s
            case .number: value.jsonText
            case .bool(let b): String(b)
            case .array(let items): items.map(text).joined(separator: ",")
            default: value.jsonText
            }
        }
        return fields.mapValues(text)
    }

    private func report(_ name: String, _ parameters: [String: String], _ principal: Principal) async throws -> Response {
        let (request, output) = try await app.reports(principal).run(name, parameters: parameters)
        switch parameters["format"] ?? "json" {
        case "json": return output.json.response()
        case "csv":
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"\(request.kind.rawValue).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: output.table.csv)))
        case let other:
            throw StrataError(.invalidParameter, "format is json or csv, not \"\(other)\".", field: "format")
        }
    }

    /// The funnel's parameters plus `step` (2…), `which` (dropped | converted) and `name`.
    private func saveFunnelStep(_ parameters: [String: String], _ principal: Principal) async throws -> Response {
        let (segment, size) = try await app.reports(principal).saveFunnelStep(parameters)
        return SegmentController<Context>.json(segment, size: size).response(status: .created)
    }
}
