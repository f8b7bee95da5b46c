import Hummingbird
import NIOCore

/// Who sent a request, as far as the server can tell: the connection's peer address, or —
/// when Strata runs behind a reverse proxy that says so (`--behind-proxy`) — the last address
/// in `X-Forwarded-For`, the one the proxy itself saw. A client cannot choose its address by
/// sending the header unless the server was told to trust it.
enum ClientAddress {
    /// The client's address as text (`"unknown"` when there is no socket, as in router tests).
    static func of<Context: RequestContext>(_ request: Request, _ context: Context, behindProxy: Bool) -> String {
        if behindProxy, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !last.isEmpty { return String(last.prefix(64)) }
        }
        return (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress ?? "unknown"
    }
}
