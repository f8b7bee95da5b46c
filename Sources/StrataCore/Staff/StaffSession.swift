/// A signed-in member of staff: who they are and the CSRF token their forms must carry.
public struct StaffSession: Sendable, Equatable {
    public var account: StaffAccount
    /// The token every form and script request of this session sends back (`_csrf`).
    public var csrf: String
    /// When the session ends unless used (ms since 1970).
    public var expiresAt: Int64

    /// A value with every field given.
    public init(account: StaffAccount, csrf: String, expiresAt: Int64) {
        self.account = account
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}
