/// Counts shown on the admin API's stats endpoint.
public struct StoreStats: Sendable, Codable, Equatable {
    /// Profiles (merged-away ones excluded).
    public var users: Int
    /// Profiles with a known user id.
    public var knownUsers: Int
    /// Profiles that are still anonymous.
    public var anonymousUsers: Int
    /// Stored events (every message type).
    public var events: Int
    /// Quarantined messages.
    public var quarantined: Int
    /// Distinct event names.
    public var eventNames: Int
    /// Size of the database file(s) in bytes.
    public var databaseBytes: Int64

    /// A value with every field given.
    public init(users: Int, knownUsers: Int, anonymousUsers: Int, events: Int, quarantined: Int, eventNames: Int, databaseBytes: Int64) {
        self.users = users
        self.knownUsers = knownUsers
        self.anonymousUsers = anonymousUsers
        self.events = events
        self.quarantined = quarantined
        self.eventNames = eventNames
        self.databaseBytes = databaseBytes
    }
}
