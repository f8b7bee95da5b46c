/// Filters for listing users.
public struct UserQuery: Sendable {
    /// Id contains this text (known or anonymous).
    public var idContains: String?
    /// Trait equality filters (`city = Shanghai`), compared as text.
    public var traitEquals: [String: String] = [:]
    /// Lower bounds (inclusive) on numeric and time attributes: times in ms, revenue in currency units.
    public var atLeast: [ComputedField: Double] = [:]
    /// Upper bounds (inclusive), likewise.
    public var atMost: [ComputedField: Double] = [:]
    /// Only profiles with (true) or without (false) a known user id.
    public var known: Bool?
    /// Page size.
    public var limit: Int = 50
    /// Return profiles with `uid` greater than this (keyset paging).
    public var afterUid: Int64?

    /// Creates a query.
    public init() {}
}
