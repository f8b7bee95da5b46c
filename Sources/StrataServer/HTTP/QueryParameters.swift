import Hummingbird
import StrataCore

/// Typed reading of query parameters with errors that name the parameter and its limits.
struct QueryParameters {
    private let parameters: [String: String]

    /// The request's query string decoded as an HTML form does it: `+` is a space, so a GET form
    /// and a script that percent-encodes read the same (a rule `purchase_count >= 2` arrives as
    /// `purchase_count+%3E%3D+2` from a browser).
    init(_ request: Request) {
        parameters = Self.formFields(request)
    }

    /// The query string decoded as a form (`+` is a space); non-empty values, the first of each name.
    static func formFields(_ request: Request) -> [String: String] {
        guard let query = request.uri.query, !query.isEmpty else { return [:] }
        var fields: [String: String] = [:]
        for pair in query.split(separator: "&") {
            // Each pair on its own, so a repeated name keeps its first value.
            guard let one = try? URLEncodedFormDecoder().decode([String: String].self, from: String(pair)),
                  let (key, value) = one.first, !value.isEmpty, fields[key] == nil else { continue }
            fields[key] = value
        }
        return fields
    }

    /// Parameters already decoded (the dashboard's form fields).
    init(_ values: [String: String]) {
        parameters = values
    }

    subscript(name: String) -> String? { parameters[name].flatMap { $0.isEmpty ? nil : $0 } }

    var all: [(String, String)] { parameters.map { ($0.key, $0.value) } }

    /// `limit`, 1…max, default 50.
    func limit(max: Int) throws -> Int {
        guard let text = self["limit"] else { return 50 }
        guard let value = Int(text), value >= 1, value <= max else {
            throw StrataError(.invalidParameter, "limit must be a whole number from 1 to \(max).", field: "limit")
        }
        return value
    }

    func int64(_ name: String) throws -> Int64? {
        guard let text = self[name] else { return nil }
        guard let value = Int64(text) else {
            throw StrataError(.invalidParameter, "\(name) must be a whole number.", field: name)
        }
        return value
    }

    func number(_ name: String) throws -> Double? {
        guard let text = self[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw StrataError(.invalidParameter, "\(name) must be a number.", field: name)
        }
        return value
    }

    /// An instant as ISO 8601 or `YYYY-MM-DD`; a bare date as `to` means the end of that day.
    func time(_ name: String, endOfDay: Bool = false) throws -> Int64? {
        guard let text = self[name] else { return nil }
        guard let ms = Timestamp.parse(text) else {
            throw StrataError(.invalidParameter, "\(name) must be a date (2026-09-30) or an ISO 8601 time.",
                              field: name)
        }
        return endOfDay && text.count == 10 ? ms + 86_400_000 : ms
    }
}

extension QueryParameters {
    /// `as_of`: an ISO 8601 time, or a date meaning the end of that local day; `nil` when absent (now).
    func asOf(_ settings: WorkspaceSettings) throws -> Int64? {
        try self["as_of"].map { try Self.asOf($0, settings) }
    }

    /// An `as_of` text: an ISO 8601 time, or a date meaning the end of that day in the workspace
    /// time zone (the next local midnight, as `AsOf.parse` reads it).
    static func asOf(_ text: String, _ settings: WorkspaceSettings) throws -> Int64 {
        guard let parsed = AsOf.parse(text, timeZone: settings.timeZone) else {
            throw StrataError(.invalidParameter, "as_of must be an ISO 8601 time or a date.", field: "as_of")
        }
        return parsed
    }
}

extension RequestContext {
    /// A path parameter, percent-decoded: names and ids with spaces or Chinese arrive encoded.
    func decodedParameter(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
