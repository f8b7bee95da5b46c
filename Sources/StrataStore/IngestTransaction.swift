import Crypto
import Foundation
import GRDB
import StrataCore

/// The write path inside one SQLite transaction: dedupe, identity resolution and merges,
/// event rows, trait and behaviour-attribute updates, quarantine rows.
///
/// Profiles touched by the batch are loaded once, folded in memory, and written once at the
/// end, so a 500-message batch costs one UPDATE per user rather than one per message.
final class IngestTransaction {
    private let db: Database
    private let settings: WorkspaceSettings
    private let cache: WriteCache
    private let clock: StrataClock
    /// Keys the digests of erased people's ids; `nil` when nobody was erased (nothing to check).
    private let erasureKey: SymmetricKey?
    private var merged: [Int64: Int64] = [:]
    private var profiles: [Int64: ProfileState] = [:]
    private var nameIds: [String: Int64] = [:]
    private var knownDays: Set<UserDay> = []
    private var boundProfiles: [IdentityBinding: ProfileRef] = [:]
    private var outcome = IngestOutcome()
    private var acceptedTotal = 0
    /// Where the batch being written came from, for consent records (`import…`, `demo`, or the API).
    private var consentSource = ConsentRecord.Source.api
    /// What the transaction changed, for the in-memory index once it commits.
    private(set) var delta: IndexDelta

    private struct UserDay: Hashable {
        var uid: Int64
        var day: Int
    }

    /// A profile's mutable state while the transaction runs.
    private struct ProfileState {
        var userId: String?
        var computed: ComputedAttributes
        var traits: TraitSet?
        var traitsDirty = false
        var dirty = false
    }

    init(db: Database, settings: WorkspaceSettings, cache: WriteCache, clock: StrataClock, erasureKey: SymmetricKey) throws {
        self.db = db
        self.clock = clock
        let anyErased = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM erased_ids)") ?? false
        self.erasureKey = anyErased ? erasureKey : nil
        let start = try Row.fetchOne(db, sql: """
            SELECT (SELECT COALESCE(MAX(id), 0) FROM events), (SELECT COALESCE(MAX(seq), 0) FROM merge_log)
            """)
        delta = IndexDelta(after: IndexCursor(lastEventId: start?[0] ?? 0, lastMergeSeq: start?[1] ?? 0))
        self.settings = settings
        self.cache = cache
    }

    /// Writes one batch and returns what happened to each of its messages. Several batches may
    /// run in one transaction (group commit); `finish()` must follow the last.
    func run(_ batch: IngestBatch) throws -> IngestOutcome {
        outcome = IngestOutcome()
        consentSource = batch.source.hasPrefix("import") ? .import : batch.source == "demo" ? .system : .api
        for rejected in batch.rejected {
            if let erasureKey, try names(erasedIn: rejected, key: erasureKey) {
                outcome.rejected.append(RejectedMessage(index: rejected.index, error: Self.erased(field: rejected.error.field),
                                                        raw: ""))
            } else {
                try quarantine(rejected, source: batch.source)
            }
        }
        let stored = try storedMessageIds(batch.entries.map(\.message.messageId))
        var inBatch: Set<String> = []
        inBatch.reserveCapacity(batch.entries.count)
        for entry in batch.entries {
            let message = entry.message
            if stored.contains(message.messageId) || !inBatch.insert(message.messageId).inserted {
                outcome.duplicates += 1
                continue
            }
            let decision = try IdentityResolver.resolve(message, lookup: lookup)
            if let erasureKey, try names(erasedIn: decision, key: erasureKey) {
                // Not quarantined either: the message names someone whose data must not be kept.
                outcome.rejected.append(RejectedMessage(index: entry.index,
                                                        error: Self.erased(field: message.userId != nil ? "userId" : "anonymousId"),
                                                        raw: ""))
                continue
            }
            let uid: Int64
            switch decision {
            case .reject(let error):
                let rejected = RejectedMessage(index: entry.index, error: error, raw: entry.raw.jsonText)
                try quarantine(rejected, source: batch.source)
                continue
            case .use(let existing):
                uid = existing
            case .create(let bindings):
                uid = try createProfile(at: message.receivedAt, bindings: bindings)
            case .attach(let existing, let bindings):
                try bind(bindings, to: existing)
                uid = existing
            case .merge(let source, let target, let bindings):
                try merge(source: source, into: target)
                try bind(bindings, to: target)
                uid = target
            }
            try insertEvent(entry, uid: uid)
            try apply(message, to: uid)
            outcome.accepted += 1
        }
        acceptedTotal += outcome.accepted
        outcome.rejected.sort { $0.index < $1.index }
        return outcome
    }

    /// Writes the profiles the batches touched and the running totals, and arranges for the
    /// write cache to learn them once the transaction commits.
    func finish() throws {
        try flushProfiles()
        for (uid, state) in profiles where state.dirty {
            delta.profiles.append(IndexDelta.Profile(uid: uid, computed: state.computed,
                                                     traits: state.traitsDirty ? state.traits?.values : nil))
        }
        var changes = WriteCache.Changes()
        for (binding, ref) in boundProfiles { changes.bindings[binding] = ref.uid }
        for (uid, state) in profiles {
            changes.profiles[uid] = WriteCache.CachedProfile(userId: state.userId, computed: state.computed)
        }
        changes.merged = merged
        let cache = self.cache
        nonisolated(unsafe) let committed = changes
        db.afterNextTransaction(onCommit: { _ in cache.apply(committed) }, onRollback: { _ in })
        try db.execute(sql: "UPDATE counters SET value = value + ? WHERE name = 'events'", arguments: [acceptedTotal])
    }

    // MARK: - Identity

    /// Why a message naming an erased person is refused (it is not quarantined either: its raw
    /// text would keep what the erasure removed).
    private static func erased(field: String?) -> StrataError {
        StrataError(.erased, "This message names a person erased on request; Strata does not store it.", field: field)
    }

    /// Whether a message refused before identity resolution names an erased person by its
    /// `userId`, `anonymousId` or `previousId`.
    private func names(erasedIn rejected: RejectedMessage, key: SymmetricKey) throws -> Bool {
        guard let object = (try? JSONValue.parse(Data(rejected.raw.utf8)))?.objectValue else { return false }
        for field in ["userId", "anonymousId", "previousId", "distinct_id"] {
            guard let id = object[field]?.stringValue ?? object[field]?.numberValue.map({ String(Int64($0)) }) else { continue }
            for kind in IdentityKind.allCases where try AppDatabase.isErased(db, IdentityBinding(kind, id), key: key) {
                return true
            }
        }
        return false
    }

    /// Whether a resolution would bind an id of an erased person (ids already bound belong to
    /// live profiles, since erasure removes the bindings).
    private func names(erasedIn decision: IdentityResolver.Decision, key: SymmetricKey) throws -> Bool {
        let bindings: [IdentityBinding]
        switch decision {
        case .create(let new), .attach(_, let new), .merge(_, _, let new): bindings = new
        case .use, .reject: return false
        }
        return try bindings.contains { try AppDatabase.isErased(db, $0, key: key) }
    }

    private func lookup(_ kind: IdentityKind, _ id: String) throws -> ProfileRef? {
        let binding = IdentityBinding(kind, id)
        if var ref = boundProfiles[binding] {
            if let state = profiles[ref.uid] { ref.knownUserId = state.userId }
            return ref
        }
        if let uid = cache.uid(for: binding), merged[uid] == nil {
            let ref = ProfileRef(uid: uid, knownUserId: try profile(uid).userId, matchedKind: kind)
            boundProfiles[binding] = ref
            return ref
        }
        let statement = try db.cachedStatement(sql: """
            SELECT i.uid, u.user_id FROM identities i JOIN users u ON u.id = i.uid
            WHERE i.kind = ? AND i.external_id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [kind.rawValue, id]) else { return nil }
        let uid: Int64 = row[0]
        let storedUserId: String? = row[1]
        let userId = profiles[uid].map { $0.userId } ?? storedUserId
        let ref = ProfileRef(uid: uid, knownUserId: userId, matchedKind: kind)
        boundProfiles[binding] = ref
        return ref
    }

    private func createProfile(at time: Int64, bindings: [IdentityBinding]) throws -> Int64 {
        let userId = bindings.first(where: { $0.kind == .user })?.id
        try db.cachedStatement(sql: "INSERT INTO users (user_id, created_at) VALUES (?, ?)")
            .execute(arguments: [userId, time])
        let uid = db.lastInsertedRowID
        profiles[uid] = ProfileState(userId: userId, computed: ComputedAttributes(), traits: TraitSet())
        try bind(bindings, to: uid)
        return uid
    }

    private func bind(_ bindings: [IdentityBinding], to uid: Int64) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO identities (kind, external_id, uid) VALUES (?, ?, ?)
            ON CONFLICT (kind, external_id) DO UPDATE SET uid = excluded.uid
            """)
        for binding in bindings {
            try statement.execute(arguments: [binding.kind.rawValue, binding.id, uid])
            var state = try profile(uid)
            if binding.kind == .user, state.userId == nil {
                state.userId = binding.id
                state.dirty = true
                profiles[uid] = state
            }
            boundProfiles[binding] = ProfileRef(uid: uid, knownUserId: state.userId, matchedKind: binding.kind)
        }
    }

    /// Moves an anonymous profile into another: events, ids, active days, traits and attributes.
    private func merge(source: Int64, into target: Int64) throws {
        var sourceState = try profile(source, withTraits: true)
        var targetState = try profile(target, withTraits: true)
        targetState.computed.absorb(sourceState.computed)
        targetState.traits!.merge(sourceState.traits!)
        if targetState.userId == nil { targetState.userId = sourceState.userId }
        try db.execute(sql: "UPDATE events SET uid = ? WHERE uid = ?", arguments: [target, source])
        try db.execute(sql: "UPDATE identities SET uid = ? WHERE uid = ?", arguments: [target, source])
        try db.execute(sql: "UPDATE consent_records SET uid = ? WHERE uid = ?", arguments: [target, source])
        try db.execute(sql: "INSERT OR IGNORE INTO user_days (uid, day) SELECT ?, day FROM user_days WHERE uid = ?",
                       arguments: [target, source])
        try db.execute(sql: "DELETE FROM user_days WHERE uid = ?", arguments: [source])
        targetState.computed.activeDays = try Int64.fetchOne(
            db, sql: "SELECT COUNT(*) FROM user_days WHERE uid = ?", arguments: [target]) ?? 0
        try db.execute(sql: """
            UPDATE users SET merged_into = ?, traits = '{}', trait_times = '{}', event_count = 0, active_days = 0,
                purchase_count = 0, revenue_minor = 0 WHERE id = ? OR merged_into = ?
            """, arguments: [target, source, source])
        try db.execute(sql: "INSERT INTO merge_log (source, target) VALUES (?, ?)", arguments: [source, target])
        delta.merges.append((source, target))
        delta.through.lastMergeSeq = db.lastInsertedRowID
        merged[source] = target
        knownDays = knownDays.filter { $0.uid != source }
        boundProfiles = boundProfiles.filter { $0.value.uid != source }
        profiles[source] = nil
        sourceState.dirty = false
        targetState.dirty = true
        targetState.traitsDirty = true
        profiles[target] = targetState
    }

    // MARK: - Events and profiles

    /// Which of these message ids are stored already, asked in a few large `IN` queries.
    private func storedMessageIds(_ ids: [String]) throws -> Set<String> {
        var found: Set<String> = []
        let chunkSize = 500
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + chunkSize)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let statement = try db.cachedStatement(
                sql: "SELECT message_id FROM events WHERE message_id IN (\(placeholders))")
            for id in try String.fetchAll(statement, arguments: StatementArguments(chunk)) { found.insert(id) }
            start += chunkSize
        }
        return found
    }

    private func insertEvent(_ entry: IngestBatch.Entry, uid: Int64) throws {
        let message = entry.message
        let statement = try FastStatement(db, sql: """
            INSERT INTO events (message_id, uid, name_id, type, ts, received_at, original_ts, sent_at, properties,
                revenue_minor, campaign_source, ip, user_agent, library, context, warning)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let nameId = try nameId(message.event)
        try statement.execute { b in
            b.bind(1, message.messageId)
            b.bind(2, uid)
            b.bind(3, nameId)
            b.bind(4, message.type.code)
            b.bind(5, message.timestamp)
            b.bind(6, message.receivedAt)
            b.bind(7, OriginalTimestampColumn.stored(message.originalTimestamp, timestamp: message.timestamp))
            b.bind(8, message.sentAt)
            b.bind(9, entry.propertiesText)
            b.bind(10, message.revenueMinor)
            b.bind(11, message.campaignSource)
            b.bind(12, message.ip)
            b.bind(13, message.userAgent)
            b.bind(14, message.library)
            b.bind(15, entry.contextText)
            b.bind(16, message.warning)
        }
        delta.events.append(IndexDelta.Event(uid: uid, name: message.event, time: message.timestamp,
                                             propertiesText: entry.propertiesText, properties: message.properties))
        delta.through.lastEventId = db.lastInsertedRowID
    }

    private func nameId(_ name: String) throws -> Int64 {
        if let id = nameIds[name] { return id }
        let select = try db.cachedStatement(sql: "SELECT id FROM event_names WHERE name = ?")
        let id: Int64
        if let existing = try Int64.fetchOne(select, arguments: [name]) {
            id = existing
        } else {
            try db.cachedStatement(sql: "INSERT INTO event_names (name) VALUES (?)").execute(arguments: [name])
            id = db.lastInsertedRowID
        }
        nameIds[name] = id
        return id
    }

    private func apply(_ message: Message, to uid: Int64) throws {
        let needsTraits = !message.traits.isEmpty || !message.traitsSetOnce.isEmpty
        var state = try profile(uid, withTraits: needsTraits)
        state.computed.apply(message, isPurchase: settings.isPurchase(message))
        let day = UserDay(uid: uid, day: settings.dayNumber(message.timestamp))
        if knownDays.insert(day).inserted {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO user_days (uid, day) VALUES (?, ?)")
                .execute(arguments: [day.uid, day.day])
            if db.changesCount > 0 { state.computed.activeDays += 1 }
        }
        if needsTraits {
            // Consent traits keep their history: what each became, when, through which message.
            let consent = message.traits.keys.filter(ConsentRecord.isConsentTrait)
            let consentBefore = consent.map { state.traits!.values[$0] }
            let changedSet = state.traits!.apply(message.traits, at: message.timestamp)
            for (key, before) in zip(consent, consentBefore) where state.traits!.values[key] != before {
                try AppDatabase.recordConsent(db, address: nil, uid: uid, subject: key,
                                              value: state.traits!.values[key]?.jsonText ?? "null", source: consentSource,
                                              reference: message.messageId, at: message.timestamp)
            }
            let changedOnce = state.traits!.applyOnce(message.traitsSetOnce, at: message.timestamp)
            if changedSet || changedOnce { state.traitsDirty = true }
        }
        state.dirty = true
        profiles[uid] = state
    }

    private func profile(_ uid: Int64, withTraits: Bool = false) throws -> ProfileState {
        if var state = profiles[uid] {
            if withTraits, state.traits == nil {
                state.traits = try loadTraits(uid)
                profiles[uid] = state
            }
            return state
        }
        if let cached = cache.profile(uid) {
            let state = ProfileState(userId: cached.userId, computed: cached.computed,
                                     traits: withTraits ? try loadTraits(uid) : nil)
            profiles[uid] = state
            return state
        }
        let statement = try db.cachedStatement(sql: """
            SELECT user_id, \(ComputedAttributes.columns.joined(separator: ", ")) FROM users WHERE id = ?
            """)
        guard let row = try Row.fetchOne(statement, arguments: [uid]) else {
            throw StrataError(.unavailable, "Profile \(uid) is missing from the store.")
        }
        let computed = ComputedAttributes(row: row)
        let state = ProfileState(userId: row[0], computed: computed, traits: withTraits ? try loadTraits(uid) : nil)
        profiles[uid] = state
        return state
    }

    private func loadTraits(_ uid: Int64) throws -> TraitSet {
        guard let row = try Row.fetchOne(db, sql: "SELECT traits, trait_times FROM users WHERE id = ?", arguments: [uid])
        else { return TraitSet() }
        return try TraitSetCoding.decode(values: row[0], times: row[1])
    }

    private func flushProfiles() throws {
        let assignments = (["user_id"] + ComputedAttributes.columns).map { "\($0) = ?" }.joined(separator: ", ")
        let update = try FastStatement(db, sql: "UPDATE users SET \(assignments) WHERE id = ?")
        let updateTraits = try db.cachedStatement(sql: "UPDATE users SET traits = ?, trait_times = ? WHERE id = ?")
        for (uid, state) in profiles where state.dirty {
            try update.execute { b in
                b.bind(1, state.userId)
                state.computed.bind(to: b, from: 2)
                b.bind(Int32(ComputedAttributes.columns.count) + 2, uid)
            }
            if state.traitsDirty, let traits = state.traits {
                let encoded = TraitSetCoding.encode(traits)
                try updateTraits.execute(arguments: [encoded.values, encoded.times, uid])
            }
        }
    }

    private func quarantine(_ rejected: RejectedMessage, source: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO quarantine (received_at, source, batch_index, code, reason, field, raw)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                clock.now(), source, rejected.index, rejected.error.code.rawValue,
                rejected.error.message, rejected.error.field, rejected.raw,
            ])
        try db.execute(sql: "UPDATE counters SET value = value + 1 WHERE name = 'quarantined'")
        outcome.rejected.append(rejected)
    }
}

/// How a `TraitSet` is stored: two JSON objects, values and set-times.
enum TraitSetCoding {
    static func encode(_ traits: TraitSet) -> (values: String, times: String) {
        (JSONValue.object(traits.values).jsonText,
         JSONValue.object(traits.times.mapValues { .number(Double($0)) }).jsonText)
    }

    static func decode(values: String, times: String) throws -> TraitSet {
        let v = try JSONValue.parse(Data(values.utf8)).objectValue ?? [:]
        let t = try JSONValue.parse(Data(times.utf8)).objectValue ?? [:]
        return TraitSet(values: v, times: t.compactMapValues { $0.numberValue.map { Int64($0) } })
    }
}
