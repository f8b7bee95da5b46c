import Foundation

/// The in-memory columnar index segments and analyses run on: dense user ids, interned event
/// names, per-name event columns, per-user rollups and traits as interned columns.
///
/// It is built from the store at start and kept current by appending what each write stored;
/// the store stays the source of truth, so dropping the index and rebuilding gives the same
/// answers. Memory: 16 bytes per event (user 4, time 8, properties id 4) plus, per user, the
/// rollup columns (about 70 bytes), 4 bytes per trait key and 1 bit per user set; see
/// `estimatedBytes`.
public struct UserIndex: Sendable {
    /// One event name's events, in arrival order.
    public struct EventColumn: Sendable {
        /// Profile id of each event (as stored; see `canonical` for merges).
        public var users: [Int32] = []
        /// Corrected event time (ms).
        public var times: [Int64] = []
        /// Interned properties of each event (index into `properties`).
        public var propertyIds: [Int32] = []
        /// Whether `times` is in non-decreasing order (events usually arrive in time order),
        /// so a window can be found by binary search instead of a scan.
        public var isSorted = true

        /// The positions of events with `from <= time < to`: the exact range when sorted, else
        /// every position (callers still check the time).
        public func positions(from: Int64, to: Int64) -> Range<Int> {
            guard isSorted else { return 0..<times.count }
            func lowerBound(_ value: Int64) -> Int {
                var low = 0, high = times.count
                while low < high {
                    let mid = (low + high) / 2
                    if times[mid] < value { low = mid + 1 } else { high = mid }
                }
                return low
            }
            return lowerBound(from)..<lowerBound(to)
        }
    }

    /// Per-user behaviour attributes, one array element per profile id.
    public struct Rollups: Sendable {
        public var firstSeen: [Int64] = []
        public var lastSeen: [Int64] = []
        public var eventCount: [Int32] = []
        public var activeDays: [Int32] = []
        public var purchaseCount: [Int32] = []
        public var revenueMinor: [Int64] = []
        public var lastPurchaseAt: [Int64] = []
        /// Interned first-touch channel, last city, last device (-1 when unknown).
        public var channel: [Int32] = []
        public var lastCity: [Int32] = []
        public var lastDevice: [Int32] = []
    }

    /// A trait as a column: each user's value as an index into `values` (-1 when absent).
    public struct TraitColumn: Sendable {
        public var codes: [Int32] = []
        public var values: [JSONValue] = []
        var lookup: [JSONValue: Int32] = [:]

        mutating func code(for value: JSONValue) -> Int32 {
            if let code = lookup[value] { return code }
            let code = Int32(values.count)
            let owned = value.ownedCopy
            values.append(owned)
            lookup[owned] = code
            return code
        }
    }

    /// `Int64.min` stands for "no time" in time columns.
    public static let noTime = Int64.min

    /// Event columns, one per event name.
    public internal(set) var columns: [EventColumn] = []
    /// Column number of each event name.
    public private(set) var columnIds: [String: Int] = [:]
    /// Distinct property objects, shared by all events.
    public private(set) var properties: [[String: JSONValue]] = []
    /// Property ids by a hash of their stored JSON bytes, with the bytes to tell collisions apart.
    private var propertyBuckets: [UInt64: [Int32]] = [:]
    private var propertyBytes: [[UInt8]] = []
    /// Behaviour attributes by profile id.
    public internal(set) var rollups = Rollups()
    /// Traits as columns.
    public internal(set) var traitColumns: [TraitColumn] = []
    /// Column number of each trait key (columns live in an array so updates happen in place).
    public private(set) var traitIds: [String: Int] = [:]
    /// The trait key of each trait column.
    var traitKeyOfColumn: [String] = []
    /// Interned texts of the channel / city / device columns.
    public private(set) var texts: [String] = []
    private var textLookup: [String: Int32] = [:]
    /// For each profile id, the profile it now belongs to (itself unless merged away).
    public private(set) var canonical: [Int32] = []
    /// Profiles merged into each profile, so a later merge of that profile moves them too.
    var mergedChildren: [Int32: [Int32]] = [:]
    /// Profiles that exist and are not merged away.
    public internal(set) var live = UserSet()
    /// Events held.
    public internal(set) var eventCount = 0
    /// The latest event time held (`noTime` when empty).
    public internal(set) var latestTime = UserIndex.noTime

    /// Users active on each calendar day, as live profiles (merges move a source's days to its target).
    var daySets: [UserSet] = []
    /// Position in `daySets` of each day number.
    var dayPositions: [Int: Int] = [:]
    var lastDay = Int.min
    private var lastDayPosition = 0
    /// Counts events into calendar days.
    var calendar: DayCalendar

    /// An empty index counting days in `timeZone` (UTC by default).
    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        calendar = DayCalendar(timeZone: timeZone)
    }

    /// The time zone the per-day user sets are counted in.
    public var timeZone: TimeZone { calendar.timeZone }

    /// One more slot than the largest profile id: the size of per-user arrays.
    public var userCapacity: Int { canonical.count }

    // MARK: - Writing

    private mutating func ensureUser(_ uid: Int) {
        guard uid >= canonical.count else { return }
        let grow = uid + 1 - canonical.count
        canonical.append(contentsOf: (canonical.count...uid).map { Int32($0) })
        rollups.firstSeen.append(contentsOf: repeatElement(Self.noTime, count: grow))
        rollups.lastSeen.append(contentsOf: repeatElement(Self.noTime, count: grow))
        rollups.eventCount.append(contentsOf: repeatElement(0, count: grow))
        rollups.activeDays.append(contentsOf: repeatElement(0, count: grow))
        rollups.purchaseCount.append(contentsOf: repeatElement(0, count: grow))
        rollups.revenueMinor.append(contentsOf: repeatElement(0, count: grow))
        rollups.lastPurchaseAt.append(contentsOf: repeatElement(Self.noTime, count: grow))
        rollups.channel.append(contentsOf: repeatElement(-1, count: grow))
        rollups.lastCity.append(contentsOf: repeatElement(-1, count: grow))
        rollups.lastDevice.append(contentsOf: repeatElement(-1, count: grow))
        for i in traitColumns.indices { traitColumns[i].codes.append(contentsOf: repeatElement(-1, count: grow)) }
    }

    private mutating func text(_ value: String?) -> Int32 {
        guard let value else { return -1 }
        if let code = textLookup[value] { return code }
        let code = Int32(texts.count)
        texts.append(value)
        textLookup[value] = code
        return code
    }

    /// The column number of an event name, adding an empty column for a new name.
    public mutating func columnId(for name: String) -> Int {
        if let id = columnIds[name] { return id }
        columns.append(EventColumn())
        columnIds[name] = columns.count - 1
        return columns.count - 1
    }

    /// The events of one name, if any were seen.
    public func events(named name: String) -> EventColumn? {
        columnIds[name].map { columns[$0] }
    }

    /// The id of a properties object given its stored JSON bytes; `parse` is called only for
    /// bytes not seen before.
    public mutating func propertiesId(bytes: UnsafeRawBufferPointer, parse: () -> [String: JSONValue]) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        if let bucket = propertyBuckets[hash] {
            for id in bucket where propertyBytes[Int(id)].elementsEqual(bytes) { return id }
        }
        let id = Int32(properties.count)
        properties.append(parse().ownedCopy)
        propertyBytes.append(Array(bytes))
        propertyBuckets[hash, default: []].append(id)
        return id
    }

    /// Adds one event to a column.
    public mutating func append(uid: Int64, column: Int, time: Int64, propertiesId: Int32) {
        if Int(uid) >= canonical.count { ensureUser(Int(uid)) }
        if let last = columns[column].times.last, time < last { columns[column].isSorted = false }
        columns[column].users.append(Int32(truncatingIfNeeded: uid))
        columns[column].times.append(time)
        columns[column].propertyIds.append(propertiesId)
        eventCount += 1
        if time > latestTime { latestTime = time }
        let day = calendar.day(time)
        if day != lastDay {
            lastDay = day
            if let position = dayPositions[day] {
                lastDayPosition = position
            } else {
                lastDayPosition = daySets.count
                dayPositions[day] = daySets.count
                daySets.append(UserSet(capacity: canonical.count))
            }
        }
        daySets[lastDayPosition].insert(Int(canonical[Int(uid)]))
    }

    /// The users (live profiles, merges applied) active on any of the given calendar days of
    /// the index's time zone: an OR of per-day bitsets, no event read.
    public func activeUsers<Days: Sequence>(days: Days) -> UserSet where Days.Element == Int {
        var result = UserSet(capacity: userCapacity)
        for day in days {
            if let position = dayPositions[day] { result.formUnion(daySets[position]) }
        }
        return result
    }

    /// Calendar days that have events, ascending.
    public var activeDayNumbers: [Int] { dayPositions.keys.sorted() }

    /// Adds one stored event by name, with its properties' stored JSON text.
    public mutating func appendEvent(uid: Int64, name: String, time: Int64, propertiesText: String?,
                                     properties: () -> [String: JSONValue])
    {
        var text = propertiesText ?? ""
        let id = text.withUTF8 { bytes in
            propertiesId(bytes: UnsafeRawBufferPointer(bytes), parse: { propertiesText == nil ? [:] : properties() })
        }
        append(uid: uid, column: columnId(for: name), time: time, propertiesId: id)
    }

    /// Appends the events of another index built over later events (a part of a parallel
    /// build): columns by name, properties re-interned, day sets united. `other` holds events
    /// only (no profiles or merges).
    public mutating func append(contentsOf other: UserIndex) {
        if other.userCapacity > userCapacity { ensureUser(other.userCapacity - 1) }
        var remap = [Int32](repeating: 0, count: other.properties.count)
        for i in other.properties.indices {
            remap[i] = other.propertyBytes[i].withUnsafeBytes { bytes in
                propertiesId(bytes: bytes, parse: { other.properties[i] })
            }
        }
        for (name, otherId) in other.columnIds.sorted(by: { $0.value < $1.value }) {
            let c = columnId(for: name)
            let source = other.columns[otherId]
            if !source.isSorted { columns[c].isSorted = false }
            if let last = columns[c].times.last, let first = source.times.first, first < last { columns[c].isSorted = false }
            columns[c].users.append(contentsOf: source.users)
            columns[c].times.append(contentsOf: source.times)
            columns[c].propertyIds.append(contentsOf: source.propertyIds.map { remap[Int($0)] })
        }
        eventCount += other.eventCount
        latestTime = max(latestTime, other.latestTime)
        for (day, position) in other.dayPositions {
            if let mine = dayPositions[day] {
                daySets[mine].formUnion(other.daySets[position])
            } else {
                dayPositions[day] = daySets.count
                daySets.append(other.daySets[position])
            }
        }
        lastDay = Int.min
    }

    /// Sets a profile's attributes and traits (replacing what was there).
    public mutating func setUser(uid: Int64, computed: ComputedAttributes, traits newTraits: [String: JSONValue]) {
        setAttributes(uid: uid, computed: computed)
        let u = Int(uid)
        // Only columns where the user has a value can need clearing (most users gain traits, not lose them).
        for i in traitColumns.indices where traitColumns[i].codes[u] >= 0 && newTraits[traitKeyOfColumn[i]] == nil {
            traitColumns[i].codes[u] = -1
        }
        for (key, value) in newTraits {
            let i: Int
            if let known = traitIds[key] {
                i = known
            } else {
                i = traitColumns.count
                traitColumns.append(TraitColumn(codes: Array(repeating: -1, count: canonical.count)))
                traitIds[key] = i
                traitKeyOfColumn.append(key)
            }
            let code = traitColumns[i].code(for: value)
            traitColumns[i].codes[u] = code
        }
    }

    /// Sets a live profile's behaviour attributes, keeping its traits.
    public mutating func setAttributes(uid: Int64, computed: ComputedAttributes) {
        let u = Int(uid)
        ensureUser(u)
        live.insert(u)
        rollups.firstSeen[u] = computed.firstSeen ?? Self.noTime
        rollups.lastSeen[u] = computed.lastSeen ?? Self.noTime
        rollups.eventCount[u] = Int32(clamping: computed.eventCount)
        rollups.activeDays[u] = Int32(clamping: computed.activeDays)
        rollups.purchaseCount[u] = Int32(clamping: computed.purchaseCount)
        rollups.revenueMinor[u] = computed.revenueMinor
        rollups.lastPurchaseAt[u] = computed.lastPurchaseAt ?? Self.noTime
        rollups.channel[u] = text(computed.firstTouchChannel)
        rollups.lastCity[u] = text(computed.lastCity)
        rollups.lastDevice[u] = text(computed.lastDevice)
    }

    /// Records that `source` was merged into `target`: its events count for `target` from now on.
    public mutating func merge(source: Int64, into target: Int64) {
        ensureUser(Int(max(source, target)))
        let t = canonical[Int(target)]
        let s = Int32(source)
        guard s != t else { return }
        // Day sets hold live profiles: the source's days become the target's.
        for i in daySets.indices where daySets[i].contains(Int(s)) {
            daySets[i].remove(Int(s))
            daySets[i].insert(Int(t))
        }
        let moved = [s] + (mergedChildren.removeValue(forKey: s) ?? [])
        for profile in moved { canonical[Int(profile)] = t }
        mergedChildren[t, default: []].append(contentsOf: moved)
        live.remove(Int(source))
    }

    /// The interned text of a code from the channel / city / device columns.
    public func text(of code: Int32) -> String? { code >= 0 ? texts[Int(code)] : nil }

    /// Event names known to the index.
    public var eventNames: Set<String> { Set(columnIds.keys) }
    /// The bytes the index's arrays hold (not counting interned texts and property objects).
    public var estimatedBytes: Int {
        let events = columns.reduce(0) { $0 + $1.users.count * 4 + $1.times.count * 8 + $1.propertyIds.count * 4 }
        let perUser = 8 * 4 + 4 * 4 + 4 * 3 + 4 + 4 * traitColumns.count
        let days = daySets.reduce(0) { $0 + $1.words.count * 8 }
        return events + canonical.count * perUser + live.words.count * 8 + days + internedBytes
    }

    /// The interned values' share of `estimatedBytes`: each distinct properties object (its
    /// stored bytes, its parsed form and its hash bucket) and each distinct trait value (kept in
    /// its column and its lookup table).
    public var internedBytes: Int {
        let entry = MemoryLayout<String>.stride + MemoryLayout<JSONValue>.stride
        let parsed = properties.reduce(0) { $0 + JSONValue.object($1).estimatedBytes(entry: entry) }
        let stored = propertyBytes.reduce(0) { $0 + 32 + $1.count } + propertyBuckets.count * 48
        let traits = traitColumns.reduce(0) { total, column in
            total + column.values.reduce(0) { $0 + 2 * $1.estimatedBytes(entry: entry) + 8 }
        }
        return parsed + stored + traits
    }

    /// Trait keys known to the index.
    public var traitKeys: Set<String> { Set(traitIds.keys) }

    /// The column of a trait key, if any user has it.
    public func trait(_ key: String) -> TraitColumn? {
        traitIds[key].map { traitColumns[$0] }
    }
}

extension JSONValue {
    /// A copy in storage of its own, sized to fit, for what the index keeps. A parsed value shares
    /// storage with the parse: its objects carry spare capacity (a 3-key properties object takes
    /// 1.3 KB), and its strings sit among the parse's temporaries, whose pages a kept string
    /// holds resident after they are freed (the build parses every profile on reader threads).
    fileprivate var ownedCopy: JSONValue {
        switch self {
        case .string(let text): .string(text.ownedCopy)
        case .array(let items): .array(items.map(\.ownedCopy))
        case .object(let fields): .object(fields.ownedCopy)
        default: self
        }
    }
}

extension JSONValue {
    /// Roughly what the value takes in memory: its own slot, plus heap storage for strings past
    /// 15 UTF-8 bytes, arrays and objects (`entry`: one key–value pair of an object's table).
    func estimatedBytes(entry: Int) -> Int {
        let slot = MemoryLayout<JSONValue>.stride
        switch self {
        case .string(let text): return slot + (text.utf8.count > 15 ? 32 + text.utf8.count : 0)
        case .array(let items): return slot + 32 + items.reduce(0) { $0 + $1.estimatedBytes(entry: entry) }
        case .object(let fields):
            return slot + 48 + fields.capacity * (entry + 1) + fields.reduce(0) { total, field in
                total + (field.key.utf8.count > 15 ? 32 + field.key.utf8.count : 0)
                    + field.value.estimatedBytes(entry: entry) - slot
            }
        default: return slot
        }
    }
}

extension [String: JSONValue] {
    /// A copy with a table sized to its entries (see `JSONValue.ownedCopy`).
    fileprivate var ownedCopy: [String: JSONValue] {
        var copy = Self(minimumCapacity: count)
        for (key, value) in self { copy[key.ownedCopy] = value.ownedCopy }
        return copy
    }
}

extension String {
    /// The same text in a buffer of its own (up to 15 UTF-8 bytes it is stored inline and needs none).
    fileprivate var ownedCopy: String {
        guard utf8.count > 15 else { return self }
        var text = self
        return text.withUTF8 { String(decoding: $0, as: UTF8.self) }
    }
}
