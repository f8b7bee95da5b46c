import Foundation
import Hummingbird
import StrataApp
import StrataCore

/// The points ledger under `/api/v1/points` and `/api/v1/users/{userId}/points` (secret key):
/// a member's balances, lots and history; awards, spends, holds that complete or void, refunds;
/// the ledger's verification. Every write needs an `Idempotency-Key` header: the first answer is
/// replayed for 24 hours, and the key names the transfer, so a retry never moves points twice.
struct PointsController<Context: PrincipalRequestContext>: Sendable {
    let app: AppServices
    let credentials: Credentials

    /// Largest body of a ledger write.
    static var bodyLimit: Int { 16 * 1024 }

    func addRoutes(to router: Router<Context>) {
        let api = router.group("api/v1").add(middleware: SecretKeyMiddleware(credentials: credentials, audit: app.audit))
        api.get("users/{userId}/points") { _, context in
            try app.points(context.requirePrincipal()).standing(of: context.decodedParameter("userId")).json.response()
        }
        api.get("users/{userId}/points/history") { request, context in try history(request, context) }
        api.get("points/transfers/{id}") { _, context in
            try context.requirePrincipal().require(.view)
            guard let transfer = try app.points(context.requirePrincipal()).transfer(context.decodedParameter("id")) else {
                throw StrataError(.notFound, "No transfer with that id.", field: "id")
            }
            return Self.json(transfer).response()
        }
        api.get("points/verify") { _, context in
            let problems = try app.points(context.requirePrincipal()).verify()
            return JSONValue.object(["sound": .bool(problems.isEmpty), "problems": .array(problems.map { .string($0) })]).response()
        }
        api.post("points/awards") { request, context in
            try await write(request, context) { body, id, points in
                let f = try JSONFields(body, what: "an award")
                return try points.award(id: id, to: try f.requiredString("user_id", maxLength: 255),
                                        currency: try f.choice("currency", Currency.self) ?? .points,
                                        amount: try Self.amount(f), expiresAt: try f.instant("expires_at"),
                                        reason: try f.string("reason", maxLength: 200) ?? "award")
            }
        }
        api.post("points/spends") { request, context in
            try await write(request, context) { body, id, points in
                let f = try JSONFields(body, what: "a spend")
                return try points.spend(id: id, from: try f.requiredString("user_id", maxLength: 255),
                                        currency: try f.choice("currency", Currency.self) ?? .points, amount: try Self.amount(f),
                                        reason: try f.string("reason", maxLength: 200) ?? "spend")
            }
        }
        api.post("points/holds") { request, context in
            try await write(request, context) { body, id, points in
                let f = try JSONFields(body, what: "a hold")
                return try points.hold(id: id, from: try f.requiredString("user_id", maxLength: 255), amount: try Self.amount(f),
                                       timeoutSeconds: try f.integer("timeout_seconds", 1...2_592_000) ?? 900,
                                       reason: try f.string("reason", maxLength: 200) ?? "redemption")
            }
        }
        api.post("points/holds/{hold}/post") { request, context in
            let hold = try context.decodedParameter("hold")
            return try await write(request, context, emptyBody: true) { _, id, points in try points.post(id: id, hold: hold) }
        }
        api.post("points/holds/{hold}/void") { request, context in
            let hold = try context.decodedParameter("hold")
            return try await write(request, context, emptyBody: true) { body, id, points in
                try points.void(id: id, hold: hold, reason: try JSONFields(body).string("reason", maxLength: 200) ?? "released")
            }
        }
        api.post("points/refunds") { request, context in
            try await write(request, context) { body, id, points in
                let f = try JSONFields(body, what: "a refund")
                return try points.refund(id: id, of: try f.requiredString("transfer_id", maxLength: Transfer.maxIdLength),
                                         amount: try Self.amount(f), reason: try f.string("reason", maxLength: 200) ?? "refund")
            }
        }
    }

    private func history(_ request: Request, _ context: Context) throws -> Response {
        let params = QueryParameters(request)
        let limit = try params.limit(max: 1000)
        let currency = try Currency(name: params["currency"] ?? "points")
        let page = try app.points(context.requirePrincipal()).history(of: context.decodedParameter("userId"), currency: currency,
                                                                       before: try params.int64("cursor"), limit: limit)
        var body: [String: JSONValue] = ["transfers": .array(page.map { Self.json($0.transfer) })]
        if page.count == limit, let last = page.last { body["next_cursor"] = .string(String(last.seq)) }
        return JSONValue.object(body).response()
    }

    /// A ledger write under its `Idempotency-Key`: the key names the transfer, and the first
    /// answer (a refusal included) is what every retry gets.
    private func write(_ request: Request, _ context: Context, emptyBody: Bool = false,
                       _ work: @escaping (JSONValue, String, PointsUseCases) throws -> Transfer) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let key = request.headers[.init("Idempotency-Key")!], !key.isEmpty else {
            throw StrataError(.invalidParameter, "Send an Idempotency-Key header (a unique value per operation, such as a UUID): "
                                + "a retry with the same key gets the first answer and never moves points twice.",
                              field: "Idempotency-Key")
        }
        let bytes = try await RequestBodyReader(limit: Self.bodyLimit, limitDescription: "16 KB").bytes(request)
        let requestText = Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(bytes.readableBytesView)
        let (answer, replayed) = try await app.idempotency.run(scope: principal.actor, key: key, request: requestText) {
            do {
                let body: JSONValue = bytes.readableBytes == 0 && emptyBody
                    ? .object([:]) : try RequestBodyReader(limit: Self.bodyLimit, limitDescription: "16 KB")
                        .json(bytes, contentEncoding: nil, gzipHint: false)
                let transfer = try work(body, IdempotencyUseCases.transferId(scope: principal.actor, key: key),
                                        app.points(principal))
                return (201, Self.json(transfer).jsonText)
            } catch let error as StrataError where error.status.code < 500 {
                return (Int(error.status.code), error.body.jsonText)
            }
        }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if replayed { headers[.init("Idempotent-Replayed")!] = "true" }
        return Response(status: .init(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    private static func amount(_ f: JSONFields) throws -> Int64 {
        guard let amount = try f.integer("amount", 1...Int(LedgerOperation.maxAmount)) else {
            throw StrataError(.invalidField, "amount is required: a whole number from 1 to \(LedgerOperation.maxAmount).",
                              field: "amount")
        }
        return Int64(amount)
    }

    /// A transfer as the API shows it (accounts by number; the profile is the path's user).
    static func json(_ t: Transfer) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(t.id), "amount": .number(Double(t.amount)), "currency": .string(t.currency.rawValue),
            "state": .string(t.state.rawValue), "debit_account": .number(Double(t.debitAccount)),
            "credit_account": .number(Double(t.creditAccount)), "reason": .string(t.reason), "source": .string(t.source.rawValue),
            "actor": .string(t.actor), "created_at": .string(Timestamp.format(t.createdAt)),
        ]
        if let related = t.related { object["related"] = .string(related) }
        if let timeout = t.timeoutAt { object["timeout_at"] = .string(Timestamp.format(timeout)) }
        return .object(object)
    }
}
