/// Running totals of a bulk import, reported after each chunk.
public struct ImportProgress: Sendable, Equatable {
    /// Lines read so far.
    public var lines = 0
    /// Messages stored.
    public var accepted = 0
    /// Messages already stored.
    public var duplicates = 0
    /// Messages quarantined.
    public var quarantined = 0
    /// Bytes read so far.
    public var bytes: Int64 = 0

    /// Zero totals.
    public init() {}
}
