import Hummingbird

/// What an audit entry names as the target of a change: the request's path, except that a
/// person's id never enters the append-only log (it could not be erased from it). A path under
/// `/users/{…}` is recorded as its route, or as what the response points at (an erasure job).
enum AuditTarget {
    /// The target for a request to `path`, matched by `route`, answered by `response` (if any).
    static func of(path: String, route: String?, response: Response?) -> String {
        guard let route, route.contains("users/{") else { return path }
        if let location = response?.headers[.location], !location.contains("/users/") { return location }
        return route
    }
}
