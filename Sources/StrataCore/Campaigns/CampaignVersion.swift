/// One stored version of a campaign: every edit and every life-cycle move makes one, with who
/// made it, so a campaign's history says who changed what and when.
public struct CampaignVersion: Sendable, Equatable {
    /// 1, 2, … in order.
    public var version: Int
    /// The campaign's status in this version.
    public var status: String
    /// What happened (`created`, `edited`, `draft → scheduled` …).
    public var note: String
    /// When (ms).
    public var at: Int64
    /// Who: `staff:ID`, `key:ID`, `cli`, `system`, or `unknown` for versions stored before authors were.
    public var author: String
    /// The whole definition as stored.
    public var definition: JSONValue

    /// A version.
    public init(version: Int, status: String, note: String, at: Int64, author: String, definition: JSONValue) {
        self.version = version
        self.status = status
        self.note = note
        self.at = at
        self.author = author
        self.definition = definition
    }
}
