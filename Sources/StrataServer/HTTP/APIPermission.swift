import Hummingbird
import StrataCore

/// The permission each admin API route needs, in one table: a secret key acts with a staff
/// role and is limited as a member of staff with that role is in the dashboard.
///
/// Reads need `view` (personal data in them is masked for roles without `viewPersonalData`);
/// member exports `exportMembers`; saving segments, tags, scores and funnel or flow drop-offs
/// `editSegments`; campaigns, suppressions and channel spend `editCampaigns`; channel settings
/// and keys `manageSettings`; erasing a person and following the job `erasePersonalData`.
/// Previews and reports sent by `POST` are reads.
enum APIPermission {
    /// The permission a request for `path` (without the query) with `method` needs.
    static func required(_ method: HTTPRequest.Method, _ path: String) -> StaffRole.Permission {
        let parts = path.split(separator: "/").map(String.init)  // ["api", "v1", resource, …]
        let resource = parts.count > 2 ? parts[2] : ""
        let last = parts.last ?? ""
        if resource == "keys" || resource == "audit" { return .manageSettings }
        if resource == "deletions" || (resource == "users" && method == .delete) { return .erasePersonalData }
        if method == .get || method == .head {
            return last == "export" && parts.count == 5 ? .exportMembers : .view
        }
        switch resource {
        case "reports":
            return last == "segment" ? .editSegments : .view
        case "segments", "models":
            return last == "preview" ? .view : .editSegments
        case "tags", "flow", "snapshots":
            return .editSegments
        case "campaigns", "suppressions", "points":
            return .editCampaigns
        case "channels":
            return parts.count > 3 && parts[3] == "spend" ? .editCampaigns : .manageSettings
        default:
            return .manageSettings
        }
    }

    /// Whether a request that is not a `GET` only reads: previews and reports sent by `POST`.
    static func isRead(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        method == .post && required(method, path) == .view
    }
}
