import Foundation
import StrataCore
import StrataStore

extension IndexService {
    /// The users a campaign targets now, as recipients carrying the traits the send policy reads
    /// (addresses, consent, `timezone`), and the users of its blocked segments — read from the
    /// index after the latest writes, so a million users take no store reads.
    ///
    /// - Parameter only: narrows to these users (a triggered campaign's one user).
    public func recipients(of campaign: Campaign, asOf: Int64, only: [Int64]? = nil) throws
        -> (recipients: [Recipient], blocked: Set<Int64>)
    {
        try refresh()
        guard let audience = campaign.audience else { return ([], []) }
        var users = try evaluate(.member(audience), asOf: asOf)
        if let only {
            var narrowed = UserSet(capacity: index.userCapacity)
            for uid in only where uid >= 0 && Int(uid) < index.userCapacity {
                let u = Int(index.canonical[Int(uid)])
                if users.contains(u) { narrowed.insert(u) }
            }
            users = narrowed
        }
        var blocked = Set<Int64>()
        for segment in campaign.rules.blockedSegments {
            for u in try evaluate(.member(.segment(segment)), asOf: asOf).intersection(users) { blocked.insert(Int64(u)) }
        }
        var keys = ["timezone"]
        for channel in campaign.channels {
            keys.append(channel.consentTrait)
            if let trait = channel.addressTrait { keys.append(trait) }
        }
        let columns = keys.compactMap { key in index.trait(key).map { (key, $0) } }
        let zone = database.settings.timeZone
        var zones: [String: TimeZone] = [:]
        var recipients: [Recipient] = []
        recipients.reserveCapacity(users.count)
        for u in users {
            var traits: [String: JSONValue] = [:]
            for (key, column) in columns where u < column.codes.count && column.codes[u] >= 0 {
                traits[key] = column.values[Int(column.codes[u])]
            }
            var timeZone = zone
            if let name = traits["timezone"]?.stringValue {
                if zones[name] == nil { zones[name] = TimeZone(identifier: name) ?? zone }
                timeZone = zones[name]!
            }
            recipients.append(Recipient(uid: Int64(u), key: String(u), traits: traits, timeZone: timeZone))
        }
        return (recipients, blocked)
    }

    /// The catalog rules and campaigns are checked against, after the latest writes.
    public func catalog() throws -> RuleCatalog {
        try refresh()
        return try directory().catalog(index)
    }
}

extension IndexService {
    /// Conversion and revenue within a window after each user's reference time, after the
    /// latest writes.
    public func measure(_ measurement: ConversionWindow, references: [(uid: Int64, at: Int64)], asOf: Int64) throws
        -> (converted: [Bool], revenueMinor: [Int64])
    {
        try refresh()
        return measurement.measure(index, references: references, asOf: asOf)
    }

    /// Users active on the last workspace day complete by `asOf` (a goal's DAU): the day before
    /// the one holding `asOf`, which at a local midnight is the day that just ended.
    public func dauOfLastFullDay(asOf: Int64) throws -> Int {
        try refresh()
        let horizon = AsOf(asOf, settings: database.settings)
        let day = horizon.day(of: asOf) - 1
        return ActivityDays(index: index, settings: database.settings, asOf: asOf).users(on: day).count
    }
}

extension IndexService {
    /// A reward campaign's winners among the users it reached, ranked on the index.
    public func winners(_ rule: RewardRule, participants: [Int64], from: Int64, to: Int64) throws -> WinnersList {
        try refresh()
        return WinnersList.rank(index, rule: rule, participants: participants, from: from, to: to)
    }
}
