import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// Guards outbound requests against server-side request forgery: a host is resolved at send
/// time and every address it resolves to is checked — private, loopback, link-local (the cloud
/// metadata address 169.254.169.254 among them), carrier-grade NAT, multicast and unspecified
/// ranges are refused unless allow-listed. The caller then connects to the address checked, not
/// to a second resolution, so a DNS answer that changes between check and connect (rebinding)
/// cannot slip through; redirects are checked hop by hop the same way.
public struct AddressGuard: Sendable {
    /// Why a destination was refused.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var address: String
        public var description: String {
            "\(host) resolves to \(address), a private, loopback, link-local or metadata address; allow-list it to send there"
        }
    }

    /// A network range: address bytes and prefix length.
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        init?(_ text: String) {
            let parts = text.split(separator: "/", maxSplits: 1)
            guard let bytes = AddressGuard.bytes(of: String(parts[0])) else { return nil }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, prefix >= 0, prefix <= bytes.count * 8 else { return nil }
            self.bytes = bytes
            self.prefix = prefix
        }

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var bits = prefix, i = 0
            while bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[i] & mask != bytes[i] & mask { return false }
                bits -= 8
                i += 1
            }
            return true
        }
    }

    /// Ranges never reached unless allow-listed.
    static let blocked: [Range] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "::ffff:0:0/96", "64:ff9b::/96", "fc00::/7", "fe80::/10", "ff00::/8",
    ].compactMap(Range.init)

    private let allowedRanges: [Range]
    private let allowedHosts: Set<String>

    /// A guard allowing the given hosts and ranges (`127.0.0.1/32`, `10.0.0.0/8`, `sink.internal`).
    ///
    /// - Throws: `StrataError.invalidField` for an entry that is neither a range nor a host name.
    public init(allow: [String] = []) throws {
        var ranges: [Range] = [], hosts = Set<String>()
        for entry in allow.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !entry.isEmpty {
            if let range = Range(entry) {
                ranges.append(range)
            } else if entry.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
                hosts.insert(entry)
            } else {
                throw StrataError(.invalidField, "\"\(entry)\" is neither an address range (10.0.0.0/8) nor a host name.",
                                  field: "allow")
            }
        }
        allowedRanges = ranges
        allowedHosts = hosts
    }

    /// Resolves a host and returns the first address that may be reached.
    ///
    /// - Throws: `Refusal` when an address it resolves to is refused; `StrataError` when it
    ///   does not resolve.
    public func check(host: String) async throws -> String {
        let addresses = try await Self.resolve(host)
        for address in addresses {
            guard let bytes = Self.bytes(of: address) else { continue }
            if allowedHosts.contains(host.lowercased()) || allowedRanges.contains(where: { $0.contains(bytes) }) { continue }
            if Self.blocked.contains(where: { $0.contains(bytes) }) { throw Refusal(host: host, address: address) }
        }
        guard let first = addresses.first else {
            throw StrataError(.unavailable, "\(host) does not resolve.", field: "url")
        }
        return first
    }

    /// The bytes of an IPv4 or IPv6 address written as text.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        if inet_pton(AF_INET6, trimmed, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// The addresses a host resolves to (an address given as text is itself).
    static func resolve(_ host: String) async throws -> [String] {
        if bytes(of: host) != nil { return [host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host] }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_family = AF_UNSPEC
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &result)
                guard status == 0, let first = result else {
                    continuation.resume(throwing: StrataError(.unavailable, "\(host) does not resolve.", field: "url"))
                    return
                }
                defer { freeaddrinfo(first) }
                var addresses: [String] = []
                var node: UnsafeMutablePointer<addrinfo>? = first
                while let current = node {
                    var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                    if current.pointee.ai_family == AF_INET {
                        current.pointee.ai_addr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                            var address = sin.pointee.sin_addr
                            _ = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
                        }
                    } else if current.pointee.ai_family == AF_INET6 {
                        current.pointee.ai_addr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                            var address = sin6.pointee.sin6_addr
                            _ = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
                        }
                    }
                    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if !text.isEmpty && !addresses.contains(text) { addresses.append(text) }
                    node = current.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
