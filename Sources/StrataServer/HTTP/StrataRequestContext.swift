import Hummingbird
import NIOCore

/// The request context of every Strata route: Hummingbird's basic context plus the address of
/// the connection's peer, which sign-in throttling and rate limits key on.
public struct StrataRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request state.
    public var coreContext: CoreRequestContextStorage
    /// The peer of the connection (`nil` in router tests, where there is no socket).
    public let remoteAddress: SocketAddress?

    /// The context of a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
