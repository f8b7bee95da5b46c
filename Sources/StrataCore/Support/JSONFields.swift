import Foundation

/// Reads the fields of a JSON object given by a client, with errors that name the field's full
/// path (`variants[1].messages.email.subject`) and say what was expected.
public struct JSONFields: Sendable {
    /// The object's fields.
    public let fields: [String: JSONValue]
    /// Where the object sits in the document (empty at the top).
    public let path: String

    /// Reads `value` as an object.
    ///
    /// - Throws: `StrataError.invalidField` when it is not an object.
    public init(_ value: JSONValue, path: String = "", what: String = "an object") throws {
        guard let fields = value.objectValue else {
            throw StrataError(.invalidField, "\(path.isEmpty ? "The body" : path) must be \(what), got \(value.typeName).",
                              field: path.isEmpty ? "body" : path)
        }
        self.fields = fields
        self.path = path
    }

    /// The full path of a field.
    public func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A field that is present and not `null`.
    public func value(_ key: String) -> JSONValue? {
        guard let value = fields[key], !value.isNull else { return nil }
        return value
    }

    private func wrong(_ key: String, _ expected: String, _ value: JSONValue) -> StrataError {
        StrataError(.invalidField, "\(at(key)) must be \(expected), got \(value.typeName).", field: at(key))
    }

    /// A text field, trimmed, with a length limit.
    public func string(_ key: String, maxLength: Int = 10_000) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw wrong(key, "text", value) }
        guard text.count <= maxLength else {
            throw StrataError(.invalidField, "\(at(key)) has at most \(maxLength) characters.", field: at(key))
        }
        return text
    }

    /// A required text field.
    public func requiredString(_ key: String, maxLength: Int = 10_000, hint: String = "") throws -> String {
        guard let text = try string(key, maxLength: maxLength), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StrataError(.invalidField, "Give \(at(key))\(hint.isEmpty ? "" : " (\(hint))").", field: at(key))
        }
        return text
    }

    /// A number within limits.
    public func number(_ key: String, _ limits: ClosedRange<Double>) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let n = value.numberValue else { throw wrong(key, "a number", value) }
        guard limits.contains(n) else {
            throw StrataError(.invalidField, "\(at(key)) must be from \(Self.text(limits.lowerBound)) to "
                + "\(Self.text(limits.upperBound)), got \(Self.text(n)).", field: at(key))
        }
        return n
    }

    /// A whole number within limits.
    public func integer(_ key: String, _ limits: ClosedRange<Int>) throws -> Int? {
        guard let n = try number(key, Double(limits.lowerBound)...Double(limits.upperBound)) else { return nil }
        guard n == n.rounded() else {
            throw StrataError(.invalidField, "\(at(key)) must be a whole number.", field: at(key))
        }
        return Int(n)
    }

    /// A true/false field.
    public func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrong(key, "true or false", value) }
        return flag
    }

    /// An instant written as an ISO 8601 time or date.
    public func instant(_ key: String) throws -> Int64? {
        guard let text = try string(key, maxLength: 40) else { return nil }
        guard let ms = Timestamp.parse(text) else {
            throw StrataError(.invalidField, "\(at(key)) must be an ISO 8601 time such as 2026-12-01T09:00:00+08:00, "
                + "got \"\(text)\".", field: at(key))
        }
        return ms
    }

    /// A choice among the raw values of an enumeration.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try string(key, maxLength: 100) else { return nil }
        guard let value = T(rawValue: text) else {
            throw StrataError(.invalidField, "\(at(key)) is " + T.allCases.map { "\"\($0.rawValue)\"" }
                .joined(separator: ", ") + "; got \"\(text)\".", field: at(key))
        }
        return value
    }

    /// A nested object.
    public func object(_ key: String, what: String = "an object") throws -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, path: at(key), what: what)
    }

    /// A list field.
    public func array(_ key: String) throws -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard let items = value.arrayValue else { throw wrong(key, "a list", value) }
        return items
    }

    /// A number as text, without a needless ".0".
    public static func text(_ n: Double) -> String { n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n) }
}
