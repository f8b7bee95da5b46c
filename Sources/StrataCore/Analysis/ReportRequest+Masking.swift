/// A report as a disclosure shows it: every label that came from a personal trait or property
/// (a trend's series, a funnel's breakdown values, lift values, channels read from a trait) is
/// masked, in the JSON and in the table alike, and the parameters echoed back (a lift target,
/// funnel filters) are scrubbed. Aggregates are not personal and stay as they are.
extension ReportRequest {
    /// `output` of this request as `disclosure` shows it.
    public func masked(_ output: Output, by disclosure: Disclosure) -> Output {
        guard !disclosure.full else { return output }
        var json = output.json.objectValue ?? [:]
        var table = output.table
        func label(_ text: String, _ dimension: String) -> String { disclosure.show(label: text, dimension: dimension) }
        switch kind {
        case .trend:
            let dimension = parameters["breakdown"].map { $0.contains(":") ? $0 : "property:\($0)" } ?? ""
            json["series"] = json["series"]?.arrayValue.map { .array($0.map { Self.relabel($0, "key") { label($0, dimension) } }) }
            table.headers = table.headers.enumerated().map { i, header in i == 0 ? header : label(header, dimension) }
        case .funnel:
            if var breakdown = json["breakdown"]?.objectValue, let dimension = breakdown["by"]?.stringValue {
                breakdown["values"] = breakdown["values"]?.arrayValue.map {
                    .array($0.map { Self.relabel($0, "value") { label($0, dimension) } })
                }
                json["breakdown"] = .object(breakdown)
                table.rows = table.rows.map { row in row.isEmpty ? row : [label(row[0], dimension)] + row.dropFirst() }
            }
            json["steps"] = json["steps"].map { disclosure.show($0, key: "steps") }
        case .lift:
            json["rows"] = json["rows"]?.arrayValue.map { rows in
                .array(rows.map { row in
                    let dimension = row["dimension"]?.stringValue ?? ""
                    return Self.relabel(row, "value") { label($0, dimension) }
                })
            }
            table.rows = table.rows.map { row in
                row.count < 2 ? row : [row[0], label(row[1], row[0])] + row.dropFirst(2)
            }
            json["target"] = json["target"].map { disclosure.show($0, key: "target") }
        case .channels:
            if let source = json["channel_source"]?.stringValue, source.hasPrefix("trait:") {
                json["channels"] = json["channels"]?.arrayValue.map {
                    .array($0.map { Self.relabel($0, "channel") { label($0, source) } })
                }
                table.rows = table.rows.map { row in row.isEmpty ? row : [label(row[0], source)] + row.dropFirst() }
            }
        case .activity, .retention, .ltv:
            break
        }
        return Output(json: .object(json), table: table, stepUsers: output.stepUsers)
    }

    /// An object with its text field `key` changed by `change`.
    private static func relabel(_ value: JSONValue, _ key: String, _ change: (String) -> String) -> JSONValue {
        guard var fields = value.objectValue, let text = fields[key]?.stringValue else { return value }
        fields[key] = .string(change(text))
        return .object(fields)
    }
}
