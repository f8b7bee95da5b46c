import Foundation
import StrataChannels
import StrataCore
import Testing

/// The SSRF guard: private, loopback, link-local, metadata and other internal ranges are refused
/// unless allow-listed by range or by host name; public addresses pass. No test here resolves a
/// name through DNS: "localhost" comes from /etc/hosts, and the odd IPv4 spellings are parsed by
/// getaddrinfo itself.
@Suite("AddressGuard")
struct AddressGuardTests {
    /// The refusal for `host`, or `nil` when it was let through.
    static func refusal(_ guardian: AddressGuard, _ host: String) async throws -> AddressGuard.Refusal? {
        do {
            _ = try await guardian.check(host: host)
            return nil
        } catch let refusal as AddressGuard.Refusal {
            return refusal
        }
    }

    @Test("internal addresses are refused", arguments: [
        "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1",
        "192.168.255.255", "169.254.169.254", "169.254.0.1", "0.0.0.0", "100.64.0.1", "224.0.0.251",
        "::1", "[::1]", "::", "fe80::1", "febf::1", "fc00::1", "fd12:3456:789a::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
        "::ffff:169.254.169.254", "ff02::1",
    ])
    func refused(_ host: String) async throws {
        let refusal = try await Self.refusal(AddressGuard(), host)
        #expect(refusal != nil, "\(host) was let through")
        #expect(refusal?.host == host)
    }

    @Test("alternative spellings of loopback resolve to 127.0.0.1 and are refused", arguments: ["127.1", "2130706433", "0x7f.1"])
    func loopbackSpellings(_ host: String) async throws {
        let refusal = try #require(try await Self.refusal(AddressGuard(), host), "\(host) was let through")
        #expect(refusal.address == "127.0.0.1")
    }

    @Test("public addresses pass, and the address checked is the one returned", arguments: [
        "93.184.216.34", "8.8.8.8", "172.15.255.255", "172.32.0.1", "11.0.0.1", "192.169.0.1", "169.255.0.1",
        "100.128.0.1", "2606:2800:220:1:248:1893:25c8:1946",
    ])
    func publicAllowed(_ host: String) async throws {
        #expect(try await AddressGuard().check(host: host) == host)
    }

    @Test("the refusal names the host and the address it resolved to")
    func refusalText() async throws {
        let refusal = try #require(try await Self.refusal(AddressGuard(), "169.254.169.254"))
        #expect(refusal.host == "169.254.169.254")
        #expect(refusal.address == "169.254.169.254")
        #expect(refusal.description.contains("169.254.169.254"))
        #expect(refusal.description.contains("allow-list"))
    }

    @Test("\"localhost\" resolves (from /etc/hosts) and is refused")
    func localhostRefused() async throws {
        let refusal = try #require(try await Self.refusal(AddressGuard(), "localhost"), "localhost was let through")
        #expect(refusal.host == "localhost")
        #expect(["127.0.0.1", "::1"].contains(refusal.address))
        #expect(try await Self.refusal(AddressGuard(), "LOCALHOST") != nil)
    }

    @Test("an allow-list range lets exactly that range through")
    func allowRange() async throws {
        let loopback = try AddressGuard(allow: ["127.0.0.1/32"])
        #expect(try await loopback.check(host: "127.0.0.1") == "127.0.0.1")
        #expect(try await Self.refusal(loopback, "127.0.0.2") != nil)
        #expect(try await Self.refusal(loopback, "10.0.0.1") != nil)
        #expect(try await loopback.check(host: "localhost") == "127.0.0.1", "a name resolving into the range passes")

        let tenEight = try AddressGuard(allow: ["10.0.0.0/8", " 172.20.0.0/16 "])
        #expect(try await tenEight.check(host: "10.200.3.4") == "10.200.3.4")
        #expect(try await tenEight.check(host: "172.20.9.9") == "172.20.9.9")
        #expect(try await Self.refusal(tenEight, "172.21.0.1") != nil)
        #expect(try await Self.refusal(tenEight, "192.168.1.1") != nil)
        #expect(try await Self.refusal(tenEight, "169.254.169.254") != nil)
        #expect(try await tenEight.check(host: "93.184.216.34") == "93.184.216.34")

        // Prefixes that do not end on a byte boundary.
        let odd = try AddressGuard(allow: ["192.168.4.0/22"])
        #expect(try await odd.check(host: "192.168.7.255") == "192.168.7.255")
        #expect(try await Self.refusal(odd, "192.168.8.0") != nil)
        #expect(try await Self.refusal(odd, "192.168.3.255") != nil)

        let six = try AddressGuard(allow: ["::1", "fd00::/8"])
        #expect(try await six.check(host: "::1") == "::1")
        #expect(try await six.check(host: "[::1]") == "::1")
        #expect(try await six.check(host: "fd12::5") == "fd12::5")
        #expect(try await Self.refusal(six, "fc00::5") != nil)
        #expect(try await Self.refusal(six, "127.0.0.1") != nil)
    }

    @Test("an allow-list host name lets that name through, not its address under another name")
    func allowHost() async throws {
        let guardian = try AddressGuard(allow: ["LocalHost"])
        #expect(try await guardian.check(host: "localhost") == "127.0.0.1")
        #expect(try await guardian.check(host: "LOCALHOST") == "127.0.0.1")
        #expect(try await Self.refusal(guardian, "127.0.0.1") != nil, "the host entry must not cover its address")
        #expect(try await Self.refusal(guardian, "169.254.169.254") != nil)
    }

    @Test("an entry that is neither a range nor a host name is refused", arguments: [
        "10.0.0.0/33", "::1/129", "http://example.com", "a host", "sink_internal", "10.0.0.0/-1",
    ])
    func badEntry(_ entry: String) {
        #expect(throws: StrataError.self) { try AddressGuard(allow: [entry]) }
    }

    @Test("blank entries are ignored")
    func blankEntries() async throws {
        let guardian = try AddressGuard(allow: ["", "  "])
        #expect(try await Self.refusal(guardian, "127.0.0.1") != nil)
    }
}
