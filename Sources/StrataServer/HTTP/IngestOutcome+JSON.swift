import StrataCore

extension IngestOutcome {
    /// The JSON a client gets back: Segment's `success` plus what happened to each message.
    func json(extra: [String: JSONValue] = ["success": .bool(true)]) -> JSONValue {
        var body = extra
        body["accepted"] = .number(Double(accepted))
        body["duplicates"] = .number(Double(duplicates))
        body["rejected"] = .array(rejected.map { r in
            var item: [String: JSONValue] = [
                "index": .number(Double(r.index)), "code": .string(r.error.code.rawValue),
                "reason": .string(r.error.message),
            ]
            if let field = r.error.field { item["field"] = .string(field) }
            return .object(item)
        })
        return .object(body)
    }
}
