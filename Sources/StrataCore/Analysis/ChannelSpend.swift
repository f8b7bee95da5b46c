import Foundation

/// Money spent on an acquisition channel over a period (投放花费), entered by operations staff
/// so the channel report can work out CAC, ROI and payback. Spend is spread evenly over the
/// period's days, so a month's spend counts pro rata in a week's report.
public struct ChannelSpend: Sendable, Equatable {
    /// The stored row's id (`nil` before it is stored).
    public var id: Int64?
    /// The channel, as it appears in first-touch sources or the channel trait.
    public var channel: String
    /// First and last day of the period (days since 1970-01-01), inclusive.
    public var fromDay: Int, toDay: Int
    /// The amount in minor units (fen, cents).
    public var amountMinor: Int64
    /// A free-text note (the campaign, the invoice).
    public var note: String

    /// Entries accepted in one call or file.
    public static let batchLimit = 10_000
    /// The largest amount one entry may carry, in major units.
    public static let maxAmount = 1_000_000_000_000.0
    /// The longest period one entry may cover, in days.
    public static let maxDays = 3660

    /// A checked entry from texts: dates as `YYYY-MM-DD`, the amount in major units (`1234.56`).
    ///
    /// - Throws: `StrataError.invalidField` naming the field (prefixed with `path`) for an empty or
    ///   over-long channel, an unreadable date, `from` after `to`, a period over 3,660 days, or
    ///   an amount that is negative, not a number or over 10¹².
    public init(channel: String, from: String, to: String, amount: String, note: String = "", path: String = "")
        throws
    {
        func field(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        let channel = channel.trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(channel.count) else {
            throw StrataError(.invalidField, "channel has 1 to 100 characters.", field: field("channel"))
        }
        let fromDay: Int, toDay: Int
        do {
            fromDay = try WorkspaceSettings.dayNumber(text: from.trimmingCharacters(in: .whitespaces), field: field("from"))
            toDay = try WorkspaceSettings.dayNumber(text: to.trimmingCharacters(in: .whitespaces), field: field("to"))
        } catch let error as StrataError {
            throw StrataError(.invalidField, error.message, field: error.field)
        }
        guard fromDay <= toDay else {
            throw StrataError(.invalidField, "from (\(from)) is after to (\(to)).", field: field("from"))
        }
        guard toDay - fromDay < Self.maxDays else {
            throw StrataError(.invalidField, "A spend period covers at most \(Self.maxDays) days.", field: field("to"))
        }
        let text = amount.trimmingCharacters(in: .whitespaces)
        let decimal = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard decimal, let value = Double(text), value.isFinite, value >= 0, value <= Self.maxAmount else {
            throw StrataError(.invalidField, "amount is a number from 0 to 1000000000000 in major units (such as "
                + "1234.56), got \"\(amount)\".", field: field("amount"))
        }
        guard note.count <= 500 else {
            throw StrataError(.invalidField, "note has at most 500 characters.", field: field("note"))
        }
        self.init(id: nil, channel: channel, fromDay: fromDay, toDay: toDay, amountMinor: Int64((value * 100).rounded()),
                  note: note)
    }

    /// An entry from stored values.
    public init(id: Int64?, channel: String, fromDay: Int, toDay: Int, amountMinor: Int64, note: String) {
        self.id = id
        self.channel = channel
        self.fromDay = fromDay
        self.toDay = toDay
        self.amountMinor = amountMinor
        self.note = note
    }

    /// The part of the amount (minor units) that falls on `days`, spread evenly over the period.
    public func amountMinor(within days: ClosedRange<Int>) -> Double {
        let overlap = min(toDay, days.upperBound) - max(fromDay, days.lowerBound) + 1
        guard overlap > 0 else { return 0 }
        return Double(amountMinor) * Double(overlap) / Double(toDay - fromDay + 1)
    }

    /// The entry as JSON (amount in major units, dates as `YYYY-MM-DD`).
    public var json: JSONValue {
        .object([
            "id": id.map { .number(Double($0)) } ?? .null, "channel": .string(channel),
            "from": .string(WorkspaceSettings.dayText(dayNumber: fromDay)),
            "to": .string(WorkspaceSettings.dayText(dayNumber: toDay)),
            "amount": .number(Double(amountMinor) / 100), "note": .string(note),
        ])
    }

    /// Entries from a CSV file with the header `channel,from,to,amount` (and optionally `note`),
    /// columns in any order.
    ///
    /// - Throws: `StrataError.invalidField` with the line number for a missing header column,
    ///   a bad row, no rows, or more than `batchLimit` rows; nothing is returned on any error.
    public static func entries(csv text: String) throws -> [ChannelSpend] {
        var lines = try CSVText.checkedLines(text)[...]
        guard let header = lines.popFirst() else {
            throw StrataError(.invalidField, "The file is empty; the first line is channel,from,to,amount[,note].",
                              field: "csv")
        }
        let names = CSVText.fields(header.line).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (i, name) in names.enumerated() { column[name] = i }
        for required in ["channel", "from", "to", "amount"] where column[required] == nil {
            throw StrataError(.invalidField, "Line \(header.number): the header needs a \(required) column "
                + "(channel,from,to,amount[,note]).", field: "csv")
        }
        guard lines.count <= batchLimit else {
            throw StrataError(.invalidField, "At most \(batchLimit) rows per file; split it.", field: "csv")
        }
        guard !lines.isEmpty else {
            throw StrataError(.invalidField, "The file has a header but no rows.", field: "csv")
        }
        return try lines.map { number, line in
            let fields = CSVText.fields(line)
            func value(_ name: String) -> String {
                column[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? ""
            }
            do {
                return try ChannelSpend(channel: value("channel"), from: value("from"), to: value("to"),
                                        amount: value("amount"), note: value("note"))
            } catch let error as StrataError {
                throw StrataError(.invalidField, "Line \(number): \(error.message)", field: "csv")
            }
        }
    }

    /// Entries from JSON: one object, an array of them, or `{"entries": [...]}`; each with
    /// `channel`, `from`, `to`, `amount` (number or text) and optionally `note`.
    ///
    /// - Throws: `StrataError.invalidField` naming the entry and field; nothing is returned on any error.
    public static func entries(json: JSONValue) throws -> [ChannelSpend] {
        let items: [JSONValue]
        if let array = json.arrayValue {
            items = array
        } else if let entries = json.objectValue?["entries"] {
            guard let array = entries.arrayValue else {
                throw StrataError(.invalidField, "entries is a list of spend entries.", field: "entries")
            }
            items = array
        } else if json.objectValue != nil {
            items = [json]
        } else {
            throw StrataError(.invalidField, "Send a spend entry, a list of them, or {\"entries\": [...]}.", field: "body")
        }
        guard (1...batchLimit).contains(items.count) else {
            throw StrataError(.invalidField, "Send 1 to \(batchLimit) entries per call, got \(items.count).",
                              field: "entries")
        }
        return try items.enumerated().map { i, item in
            let path = "entries[\(i)]"
            guard let fields = item.objectValue else {
                throw StrataError(.invalidField, "Each entry is an object with channel, from, to and amount.", field: path)
            }
            func text(_ name: String) throws -> String {
                switch fields[name] {
                case .string(let s): return s
                case .number(let n): return JSONFields.text(n)
                case nil, .null: return ""
                default:
                    throw StrataError(.invalidField, "\(name) is text or a number.", field: "\(path).\(name)")
                }
            }
            return try ChannelSpend(channel: try text("channel"), from: try text("from"), to: try text("to"),
                                    amount: try text("amount"), note: try text("note"), path: path)
        }
    }
}
