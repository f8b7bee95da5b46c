import StrataCore

/// Who may not be sent to, read once for a plan or a preview: suppressed addresses and users,
/// and the addresses of people erased on request (kept only as keyed digests, so each address
/// about to be used is digested and compared).
struct SuppressionCheck {
    private let suppressions: Set<String>
    private let erased: Set<String>
    private let digest: (String) throws -> String

    /// Reads the suppression list and the erased addresses' digests.
    init(_ database: any ChannelStore) throws {
        suppressions = try database.suppressions()
        erased = try database.erasedAddressDigests()
        digest = { try database.erasureDigest(address: $0) }
    }

    /// Whether nothing is suppressed at all (the common case: no per-recipient work).
    var isEmpty: Bool { suppressions.isEmpty && erased.isEmpty }

    /// Whether the user is suppressed on every channel.
    func unsubscribedAll(_ uid: Int64) -> Bool {
        suppressions.contains("*|\(Suppression.userAddress(uid))")
    }

    /// Whether a send to the user's address on a channel is suppressed or goes to an erased person's address.
    func isSuppressed(uid: Int64, channel: ChannelKind, address: String) -> Bool {
        Suppression.isSuppressed(suppressions, uid: uid, channel: channel, address: address)
            || (!erased.isEmpty && !address.isEmpty && ((try? digest(address)).map(erased.contains) ?? true))
    }
}
