import StrataCore
import Testing

@Suite struct IdentityResolverTests {
    /// A fake store: bindings to profiles, and which profiles are known.
    struct Directory {
        var bindings: [IdentityBinding: Int64] = [:]
        var known: [Int64: String] = [:]

        func lookup(_ kind: IdentityKind, _ id: String) -> ProfileRef? {
            bindings[IdentityBinding(kind, id)].map { ProfileRef(uid: $0, knownUserId: known[$0], matchedKind: kind) }
        }
    }

    func message(_ type: MessageType, userId: String? = nil, anonymousId: String? = nil, previousId: String? = nil,
                 scheme: Message.IdentityScheme = .segment) -> Message
    {
        Message(messageId: "m", type: type, event: "e", userId: userId, anonymousId: anonymousId,
                previousId: previousId, identityScheme: scheme, timestamp: 0, receivedAt: 0)
    }

    @Test func createsProfilesForNewIds() throws {
        let d = Directory()
        #expect(try IdentityResolver.resolve(message(.track, anonymousId: "a"), lookup: d.lookup)
            == .create([IdentityBinding(.anonymous, "a")]))
        #expect(try IdentityResolver.resolve(message(.identify, userId: "u", anonymousId: "a"), lookup: d.lookup)
            == .create([IdentityBinding(.user, "u"), IdentityBinding(.anonymous, "a")]))
    }

    @Test func promotesAnAnonymousProfileOnIdentify() throws {
        var d = Directory()
        d.bindings[IdentityBinding(.anonymous, "a")] = 1
        #expect(try IdentityResolver.resolve(message(.identify, userId: "u", anonymousId: "a"), lookup: d.lookup)
            == .attach(1, [IdentityBinding(.user, "u")]))
    }

    @Test func mergesAnAnonymousProfileIntoAKnownUser() throws {
        var d = Directory()
        d.bindings[IdentityBinding(.anonymous, "a")] = 1
        d.bindings[IdentityBinding(.user, "u")] = 2
        d.known[2] = "u"
        #expect(try IdentityResolver.resolve(message(.identify, userId: "u", anonymousId: "a"), lookup: d.lookup)
            == .merge(source: 1, target: 2, bindings: []))
        #expect(try IdentityResolver.resolve(message(.alias, userId: "u", previousId: "a"), lookup: d.lookup)
            == .merge(source: 1, target: 2, bindings: []))
    }

    @Test func neverMergesTwoKnownUsersSilently() throws {
        var d = Directory()
        d.bindings[IdentityBinding(.anonymous, "a")] = 1
        d.known[1] = "x"
        d.bindings[IdentityBinding(.user, "x")] = 1
        d.bindings[IdentityBinding(.user, "u")] = 2
        d.known[2] = "u"
        let identify = try IdentityResolver.resolve(message(.identify, userId: "u", anonymousId: "a"), lookup: d.lookup)
        guard case .reject(let error) = identify else { Issue.record("\(identify)"); return }
        #expect(error.code == .identityConflict)
        #expect(error.message.contains("\"x\""))
        let alias = try IdentityResolver.resolve(message(.alias, userId: "u", previousId: "x"), lookup: d.lookup)
        guard case .reject = alias else { Issue.record("\(alias)"); return }
        // A track carrying both ids goes to its userId without merging.
        #expect(try IdentityResolver.resolve(message(.track, userId: "u", anonymousId: "a"), lookup: d.lookup)
            == .use(2))
    }

    @Test func aliasAddsANewIdToAKnownProfile() throws {
        var d = Directory()
        d.bindings[IdentityBinding(.user, "old")] = 1
        d.known[1] = "old"
        #expect(try IdentityResolver.resolve(message(.alias, userId: "new", previousId: "old"), lookup: d.lookup)
            == .attach(1, [IdentityBinding(.user, "new")]))
    }

    @Test func postHogDistinctIdsAreAnonymousUntilIdentified() throws {
        var d = Directory()
        d.bindings[IdentityBinding(.anonymous, "device-1")] = 1
        d.bindings[IdentityBinding(.anonymous, "user-9")] = 2
        // A later event for the same distinct id finds the anonymous profile.
        #expect(try IdentityResolver.resolve(message(.track, anonymousId: "user-9", scheme: .distinctId),
                                             lookup: d.lookup) == .use(2))
        // $identify user-9 with $anon_distinct_id device-1: user-9 is promoted, device-1 merged in.
        let decision = try IdentityResolver.resolve(
            message(.identify, userId: "user-9", anonymousId: "device-1", scheme: .distinctId), lookup: d.lookup)
        #expect(decision == .merge(source: 1, target: 2, bindings: [IdentityBinding(.user, "user-9")]))
    }
}
