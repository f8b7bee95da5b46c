import StrataCore

/// What the product needs from storage for one aggregate. Channel settings, spend per acquisition channel, and the suppression list.
/// The embedded SQLite store (`AppDatabase`) implements it; a PostgreSQL store will too.
/// No SQL or driver type appears here.
public protocol ChannelStore: Sendable {

    /// The configured channels (the inbox is always there).
    func channelSettings() throws -> [ChannelKind: ChannelSettings]

    /// Stores a channel's settings, replacing what was there.
    func saveChannelSettings(_ settings: ChannelSettings, for kind: ChannelKind) throws

    /// Removes a channel's settings.
    ///
    /// - Throws: `StrataError.notFound` when it has none.
    func deleteChannelSettings(_ kind: ChannelKind) throws

    /// Stored spend entries, by channel and period, optionally of one channel.
    func channelSpend(channel: String?) throws -> [ChannelSpend]

    /// Stores spend entries in one transaction: an entry for the same channel and period
    /// replaces the stored one (so importing a corrected file again is safe). Returns the
    /// entries with their ids.
    func saveChannelSpend(_ entries: [ChannelSpend]) throws -> [ChannelSpend]

    /// Deletes one spend entry.
    ///
    /// - Throws: `StrataError.notFound` when there is no entry with that id.
    func deleteChannelSpend(id: Int64) throws

    /// All suppressions, as `channel|address` (`*|uid:N` for a user on every channel).
    func suppressions() throws -> Set<String>

    /// The digests of erased people's addresses, kept so later sends to them are refused.
    func erasedAddressDigests() throws -> Set<String>

    /// The digest an address is kept as once its owner is erased.
    func erasureDigest(address: String) throws -> String

    /// Suppressions, newest first, optionally of one channel.
    func suppressionList(channel: String?, limit: Int) throws -> [Suppression]

    /// Suppresses an address on a channel (`nil`: every channel, then `address` is `uid:N`) —
    /// an unsubscribe, a complaint, a hard bounce. Takes effect for every later send.
    func suppress(channel: ChannelKind?, address: String, reason: String, source: ConsentRecord.Source, reference: String) throws

    /// Adds suppressions in one transaction: (channel or `nil` for all, address, reason).
    func suppress(_ entries: [(channel: ChannelKind?, address: String, reason: String)], source: ConsentRecord.Source,
                  reference: String) throws

    /// Lifts a suppression.
    ///
    /// - Throws: `StrataError.notFound` when there is none.
    func unsuppress(channel: String, address: String, source: ConsentRecord.Source, reference: String) throws
}

/// The calls with the parameters they usually leave at their defaults.
extension ChannelStore {
    /// `channelSpend` with its defaults.
    @discardableResult
    func channelSpend() throws -> [ChannelSpend] {
        try channelSpend(channel: nil)
    }

    /// `suppressionList` with its defaults.
    @discardableResult
    func suppressionList() throws -> [Suppression] {
        try suppressionList(channel: nil, limit: 1000)
    }
}
