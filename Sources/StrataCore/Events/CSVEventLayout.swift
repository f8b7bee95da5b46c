import Foundation

/// Reads the shared CSV layouts (`../shared/datagen`) into Segment messages:
/// events (`user_id,event,ts_ms,revenue,category,source`) become `track` messages, users
/// (`user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone`) become `identify` messages.
///
/// Message ids are derived from the file name and line number, so re-importing the same file
/// stores nothing twice.
public enum CSVEventLayout: Sendable, Equatable {
    /// `user_id,event,ts_ms,revenue,category,source`.
    case events
    /// `user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone`.
    case users

    /// The layout a header line announces, or `nil` when it is not one Strata knows.
    public init?(header: String) {
        let columns = header.trimmingCharacters(in: .whitespacesAndNewlines)
        switch columns {
        case "user_id,event,ts_ms,revenue,category,source": self = .events
        case "user_id,signup_ts_ms,gender,birth_year,city,channel,email,phone": self = .users
        default: return nil
        }
    }

    /// The message for one data line.
    ///
    /// - Throws: `StrataError.invalidField` naming the column when a value cannot be read.
    public func message(line: Substring, lineNumber: Int, fileTag: String) throws -> JSONValue {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        func ms(_ text: Substring, _ name: String) throws -> String {
            guard let value = Int64(text) else {
                throw StrataError(.invalidField, "line \(lineNumber): \(name) must be milliseconds since 1970, got \"\(text)\".",
                                  field: name)
            }
            return Timestamp.format(value)
        }
        switch self {
        case .events:
            guard fields.count == 6 else {
                throw StrataError(.invalidField, "line \(lineNumber): expected 6 columns, got \(fields.count).")
            }
            var properties: [String: JSONValue] = [:]
            if !fields[4].isEmpty { properties["category"] = .string(String(fields[4])) }
            if let revenue = Double(fields[3]), revenue != 0 { properties["revenue"] = .number(revenue) }
            var message: [String: JSONValue] = [
                "type": "track", "userId": .string(String(fields[0])), "event": .string(String(fields[1])),
                "timestamp": .string(try ms(fields[2], "ts_ms")), "properties": .object(properties),
                "messageId": .string("\(fileTag):\(lineNumber)"),
            ]
            if !fields[5].isEmpty { message["context"] = .object(["campaign": .object(["source": .string(String(fields[5]))])]) }
            return .object(message)
        case .users:
            guard fields.count == 8 else {
                throw StrataError(.invalidField, "line \(lineNumber): expected 8 columns, got \(fields.count).")
            }
            var traits: [String: JSONValue] = [
                "gender": .string(String(fields[2])), "city": .string(String(fields[4])),
                "channel": .string(String(fields[5])), "email": .string(String(fields[6])),
                "phone": .string(String(fields[7])),
            ]
            if let year = Int(fields[3]) { traits["birth_year"] = .number(Double(year)) }
            return .object([
                "type": "identify", "userId": .string(String(fields[0])), "traits": .object(traits),
                "timestamp": .string(try ms(fields[1], "signup_ts_ms")), "messageId": .string("\(fileTag):\(lineNumber)"),
                "context": .object(["campaign": .object(["source": .string(String(fields[5]))])]),
            ])
        }
    }
}
