/// Looks up the dashboard's texts in one language. A key missing from the table shows as the
/// key itself, so a gap is visible rather than blank (a test checks every key has both).
public struct Localizer: Sendable {
    public var language: Language

    /// Creates a localizer.
    public init(_ language: Language) { self.language = language }

    /// The text of a key.
    public subscript(_ key: String) -> String {
        guard let entry = DashboardStrings.table[key] else { return key }
        return language == .zh ? entry.zh : entry.en
    }

    /// The text of a key with `{0}`, `{1}`… replaced by the arguments.
    public func format(_ key: String, _ arguments: String...) -> String {
        // One pass over the template, so placeholders inside the arguments stay as written.
        let template = Array(self[key])
        var result = ""
        var i = 0
        while i < template.count {
            if template[i] == "{", let close = template[i...].firstIndex(of: "}"), close - i <= 3,
               let n = Int(String(template[(i + 1)..<close])), arguments.indices.contains(n) {
                result += arguments[n]
                i = close + 1
            } else {
                result.append(template[i])
                i += 1
            }
        }
        return result
    }

    /// A report table's column in this language: known names translated, the rest (DAU, D7, W3,
    /// p-value, a property's value) as they are.
    public func column(_ name: String) -> String {
        DashboardStrings.table["column." + name] == nil ? name : self["column." + name]
    }

    /// Every key's text in this language (the tests check none is missing).
    public var all: [String: String] {
        DashboardStrings.table.mapValues { language == .zh ? $0.zh : $0.en }
    }
}
