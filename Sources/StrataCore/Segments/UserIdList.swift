/// A list of user ids read from an upload: one id per line, or the first column of a CSV file
/// (a header such as `user_id` is skipped, quoted fields are unquoted). Used to tag users in
/// bulk from a spreadsheet export.
public struct UserIdList: Sendable, Equatable {
    /// The ids, in file order, without duplicates.
    public var ids: [String]

    /// Header names recognised (and skipped) in the first line.
    static let headers: Set<String> = ["user_id", "userid", "id", "uid", "distinct_id", "anonymous_id", "external_id"]

    /// Reads ids from text.
    ///
    /// - Throws: `StrataError.invalidField` when there are no ids, more than `limit`, or an id
    ///   longer than 255 characters (with its line number).
    public init(text: String, limit: Int) throws {
        var seen = Set<String>()
        var ids: [String] = []
        for (lineNumber, line) in try CSVText.checkedLines(text) {
            let id = (CSVText.fields(line).first ?? "").trimmingCharacters(in: .whitespaces)
            if id.isEmpty { continue }
            if lineNumber == 1, Self.headers.contains(id.lowercased()) { continue }
            guard id.count <= 255 else {
                throw StrataError(.invalidField, "Line \(lineNumber): an id has at most 255 characters.", field: "ids")
            }
            if seen.insert(id).inserted { ids.append(id) }
            guard ids.count <= limit else {
                throw StrataError(.invalidField, "At most \(limit) ids per upload; split the file.", field: "ids")
            }
        }
        guard !ids.isEmpty else {
            throw StrataError(.invalidField, "No user ids found: send one id per line or a CSV whose first column holds them.",
                              field: "ids")
        }
        self.ids = ids
    }

    /// Ids given directly (a JSON list), checked against the same limits.
    public init(ids given: [String], limit: Int) throws {
        guard !given.isEmpty else {
            throw StrataError(.invalidField, "user_ids is empty; give at least one id.", field: "user_ids")
        }
        var seen = Set<String>()
        var ids: [String] = []
        for (i, raw) in given.enumerated() {
            let id = raw.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, id.count <= 255 else {
                throw StrataError(.invalidField, "An id has 1 to 255 characters.", field: "user_ids[\(i)]")
            }
            if seen.insert(id).inserted { ids.append(id) }
        }
        guard ids.count <= limit else {
            throw StrataError(.invalidField, "At most \(limit) ids per call; split the list.", field: "user_ids")
        }
        self.ids = ids
    }
}
