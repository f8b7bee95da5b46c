/// What a ledger account holds. Points (积分) are earned and spent; growth value (成长值) is
/// earned and only lifts levels, so spending points never lowers it.
public enum Currency: String, Sendable, CaseIterable, Codable {
    case points
    case growth

    /// Parses a currency name.
    ///
    /// - Throws: `invalidField` naming the currencies there are.
    public init(name: String, field: String = "currency") throws {
        guard let currency = Currency(rawValue: name) else {
            throw StrataError(.invalidField, "currency is points or growth, not \"\(name)\".", field: field)
        }
        self = currency
    }
}
