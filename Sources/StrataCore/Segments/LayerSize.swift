/// One day's size of a snapshotted segment or model layer.
public struct LayerSize: Sendable, Equatable {
    /// The day (`YYYY-MM-DD`).
    public var day: String
    /// The layer ("" for a segment).
    public var layer: String
    /// Its members that day.
    public var size: Int

    /// A day's size.
    public init(day: String, layer: String, size: Int) {
        self.day = day
        self.layer = layer
        self.size = size
    }
}
