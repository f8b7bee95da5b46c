/// What a member of staff may do in the dashboard. Roles are checked on the server for every
/// page and action; the pages only hide what a role cannot use.
///
/// - admin: everything, including API keys, channels and staff accounts.
/// - operator: runs the business — segments, tags, campaigns, exports — and sees personal data.
/// - analyst: reads and analyses everything, saves segments, but sees personal data masked.
/// - viewer: reads dashboards and reports, with personal data masked.
public enum StaffRole: String, Sendable, CaseIterable, Codable {
    case admin
    case `operator`
    case analyst
    case viewer

    /// One thing a role may or may not do.
    public enum Permission: String, Sendable, CaseIterable {
        /// Open the dashboards, profiles, segments, reports and campaigns.
        case view
        /// Save segments, tags and model settings (including drop-offs saved from a funnel).
        case editSegments
        /// Create, edit, launch, pause and cancel campaigns.
        case editCampaigns
        /// Download members and profiles (personal data leaves Strata).
        case exportMembers
        /// See emails, phone numbers and other personal traits unmasked.
        case viewPersonalData
        /// API keys, channels and staff accounts.
        case manageSettings
        /// Erase a person and everything held about them (irreversible).
        case erasePersonalData
    }

    /// Whether the role has a permission.
    public func may(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _): true
        case (.operator, .manageSettings), (.operator, .erasePersonalData): false
        case (.operator, _): true
        case (.analyst, .view), (.analyst, .editSegments): true
        case (.analyst, _): false
        case (.viewer, .view): true
        case (.viewer, _): false
        }
    }

    /// Parses a role name.
    ///
    /// - Throws: `invalidField` naming the roles there are.
    public init(name: String) throws {
        guard let role = StaffRole(rawValue: name.lowercased()) else {
            throw StrataError(.invalidField, "No role \"\(name)\"; roles are "
                + StaffRole.allCases.map(\.rawValue).joined(separator: ", ") + ".", field: "role")
        }
        self = role
    }
}
