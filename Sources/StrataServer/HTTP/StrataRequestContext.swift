import Hummingbird
import NIOCore
import StrataCore

/// A request context that carries who is asking, once a key or a session said so.
public protocol PrincipalRequestContext: RequestContext {
    /// Who the request acts as (`nil` before authentication).
    var principal: Principal? { get set }
}

extension PrincipalRequestContext {
    /// Who the request acts as.
    ///
    /// - Throws: `unauthorized` when no key or session said so (a route outside the key middleware).
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw StrataError(.unauthorized, "Send a secret key: \"Authorization: Bearer SECRET_KEY\".") }
        return principal
    }
}

/// The request context of every Strata route: Hummingbird's basic context plus the address of
/// the connection's peer, which sign-in throttling and rate limits key on.
public struct StrataRequestContext: PrincipalRequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request state.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection (`nil` in router tests, where there is no socket).
    public let remoteAddress: SocketAddress?
    /// Who the request acts as, set by the secret-key middleware.
    public var principal: Principal?

    /// The context of a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
