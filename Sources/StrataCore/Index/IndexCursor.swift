/// How far the in-memory index has read the store: the last event row and the last merge it
/// holds. Store reads and writer-fed deltas both move it forward.
public struct IndexCursor: Sendable, Equatable {
    /// The last event row read.
    public var lastEventId: Int64 = 0
    /// The last merge read.
    public var lastMergeSeq: Int64 = 0

    /// The start of the store.
    public init() {}

    /// A position in the store.
    public init(lastEventId: Int64, lastMergeSeq: Int64) {
        self.lastEventId = lastEventId
        self.lastMergeSeq = lastMergeSeq
    }

    /// Whether everything up to `other` is already read.
    public func covers(_ other: IndexCursor) -> Bool {
        lastEventId >= other.lastEventId && lastMergeSeq >= other.lastMergeSeq
    }
}
