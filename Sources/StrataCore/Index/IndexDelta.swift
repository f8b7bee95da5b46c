/// What one committed write transaction changed, in the shape the index needs: the events it
/// stored, the merges it made and the final state of every profile it touched. The writer hands
/// it to the index after the commit, so nothing is read back from the store or parsed twice.
///
/// It covers the store from `after` (exclusive) through `through`: the index applies it only
/// when it stands exactly at `after`; otherwise another writer came between and the index reads
/// the store instead.
public struct IndexDelta: Sendable {
    /// One stored event.
    public struct Event: Sendable {
        public var uid: Int64
        public var name: String
        public var time: Int64
        /// The properties as stored (the index interns them by their text).
        public var propertiesText: String?
        /// The same properties, already parsed by the decoder.
        public var properties: [String: JSONValue]

        /// An event.
        public init(uid: Int64, name: String, time: Int64, propertiesText: String?, properties: [String: JSONValue]) {
            self.uid = uid
            self.name = name
            self.time = time
            self.propertiesText = propertiesText
            self.properties = properties
        }
    }

    /// A profile's state after the transaction.
    public struct Profile: Sendable {
        public var uid: Int64
        public var computed: ComputedAttributes
        /// The traits, or `nil` when the transaction did not change them.
        public var traits: [String: JSONValue]?

        /// A profile's state.
        public init(uid: Int64, computed: ComputedAttributes, traits: [String: JSONValue]?) {
            self.uid = uid
            self.computed = computed
            self.traits = traits
        }
    }

    /// Where the store stood before the transaction.
    public var after: IndexCursor
    /// Where it stands after it.
    public var through: IndexCursor
    /// Stored events in id order.
    public var events: [Event] = []
    /// Merges in order: `source` joined `target`.
    public var merges: [(source: Int64, target: Int64)] = []
    /// Live profiles the transaction changed.
    public var profiles: [Profile] = []

    /// An empty delta at a position.
    public init(after: IndexCursor) {
        self.after = after
        self.through = after
    }
}

extension UserIndex {
    /// Applies a committed transaction's changes, as a store read of the same rows would:
    /// events, then merges, then the touched profiles' final state.
    public mutating func apply(_ delta: IndexDelta) {
        for event in delta.events {
            let column = columnId(for: event.name)
            let text = Array((event.propertiesText ?? "").utf8)
            let propertiesId = text.withUnsafeBytes { bytes in self.propertiesId(bytes: bytes) { event.properties } }
            append(uid: event.uid, column: column, time: event.time, propertiesId: propertiesId)
        }
        for merge in delta.merges { self.merge(source: merge.source, into: merge.target) }
        for profile in delta.profiles {
            if let traits = profile.traits {
                setUser(uid: profile.uid, computed: profile.computed, traits: traits)
            } else {
                setAttributes(uid: profile.uid, computed: profile.computed)
            }
        }
    }
}
