/// Decides which profile a message belongs to and which identities it links (IDIC: 识别).
///
/// An anonymous profile met with a `userId` is promoted or merged into that user's profile, so
/// one person seen first in a mini-program and later in the app becomes one profile. Two
/// different known users are never merged silently: an `identify` or `alias` that would do so
/// is refused with a reason, and other messages go to the `userId`'s profile without merging.
///
/// Pure: lookups come in as a closure, the store carries the decision out.
public enum IdentityResolver {
    /// What to do with the message's identities.
    public enum Decision: Sendable, Equatable {
        /// Attribute to this existing profile; nothing to link.
        case use(Int64)
        /// Create a new profile bound to these ids.
        case create([IdentityBinding])
        /// Bind these ids to an existing profile (a `.user` binding promotes an anonymous one).
        case attach(Int64, [IdentityBinding])
        /// Move every event and id of `source` into `target`, then bind the ids to `target`.
        case merge(source: Int64, target: Int64, bindings: [IdentityBinding])
        /// Refuse the message: it would merge two known users.
        case reject(StrataError)

        /// The profile the message is attributed to, when it already exists.
        public var existingProfile: Int64? {
            switch self {
            case .use(let uid), .attach(let uid, _): uid
            case .merge(_, let target, _): target
            case .create, .reject: nil
            }
        }
    }

    /// Looks up the profile an id is bound to.
    public typealias Lookup = (IdentityKind, String) throws -> ProfileRef?

    /// Resolves a message's ids against what the store knows.
    ///
    /// - Throws: only what `lookup` throws.
    public static func resolve(_ message: Message, lookup: Lookup) throws -> Decision {
        let posthog = message.identityScheme == .distinctId
        // A PostHog distinct id may be bound either way; a Segment id only as its own kind.
        func findUser(_ id: String) throws -> ProfileRef? {
            if let ref = try lookup(.user, id) { return ref }
            return posthog ? try lookup(.anonymous, id) : nil
        }
        func findAnonymous(_ id: String) throws -> ProfileRef? {
            if posthog, let ref = try lookup(.user, id) { return ref }
            return try lookup(.anonymous, id)
        }

        if message.type == .alias, let target = message.userId, let previous = message.previousId {
            let targetRef = try findUser(target)
            let previousRef = try lookup(.user, previous) ?? lookup(.anonymous, previous)
            let bindUser = IdentityBinding(.user, target)
            switch (targetRef, previousRef) {
            case (nil, nil):
                return .create([bindUser, IdentityBinding(.anonymous, previous)])
            case (let t?, nil):
                return .attach(t.uid, needed(t, bindUser) + [IdentityBinding(.anonymous, previous)])
            case (nil, let p?):
                return .attach(p.uid, [bindUser])
            case (let t?, let p?) where t.uid == p.uid:
                let bindings = needed(t, bindUser)
                return bindings.isEmpty ? .use(t.uid) : .attach(t.uid, bindings)
            case (let t?, let p?) where !p.isKnown:
                return .merge(source: p.uid, target: t.uid, bindings: needed(t, bindUser))
            case (let t?, let p?) where !t.isKnown:
                return .merge(source: t.uid, target: p.uid, bindings: [bindUser])
            case (let t?, let p?):
                return .reject(conflict(previous, p, target, t))
            }
        }

        let userRef = try message.userId.map(findUser)
        let anonymousRef = try message.anonymousId.map(findAnonymous)
        switch (message.userId, message.anonymousId) {
        case (let userId?, nil):
            guard let u = userRef ?? nil else { return .create([IdentityBinding(.user, userId)]) }
            let bindings = needed(u, IdentityBinding(.user, userId))
            return bindings.isEmpty ? .use(u.uid) : .attach(u.uid, bindings)
        case (nil, let anonymousId?):
            guard let a = anonymousRef ?? nil else { return .create([IdentityBinding(.anonymous, anonymousId)]) }
            return .use(a.uid)
        case (let userId?, let anonymousId?):
            let bindUser = IdentityBinding(.user, userId)
            let bindAnonymous = IdentityBinding(.anonymous, anonymousId)
            switch (userRef ?? nil, anonymousRef ?? nil) {
            case (nil, nil):
                return .create([bindUser, bindAnonymous])
            case (let u?, nil):
                return .attach(u.uid, needed(u, bindUser) + [bindAnonymous])
            case (nil, let a?):
                if !a.isKnown || a.knownUserId == userId { return .attach(a.uid, [bindUser]) }
                if message.type == .identify { return .reject(conflict(anonymousId, a, userId, nil)) }
                return .create([bindUser])
            case (let u?, let a?) where u.uid == a.uid:
                let bindings = needed(u, bindUser)
                return bindings.isEmpty ? .use(u.uid) : .attach(u.uid, bindings)
            case (let u?, let a?) where !a.isKnown:
                return .merge(source: a.uid, target: u.uid, bindings: needed(u, bindUser))
            case (let u?, let a?):
                if message.type == .identify { return .reject(conflict(anonymousId, a, userId, u)) }
                let bindings = needed(u, bindUser)
                return bindings.isEmpty ? .use(u.uid) : .attach(u.uid, bindings)
            }
        case (nil, nil):
            return .reject(StrataError(.missingIdentity, "The message has neither userId nor anonymousId."))
        }
    }

    /// The binding, if the profile was found through another kind of id (PostHog promotion).
    private static func needed(_ ref: ProfileRef, _ binding: IdentityBinding) -> [IdentityBinding] {
        ref.matchedKind == binding.kind ? [] : [binding]
    }

    private static func conflict(_ id: String, _ ref: ProfileRef, _ target: String, _ targetRef: ProfileRef?)
        -> StrataError
    {
        StrataError(
            .identityConflict,
            "\"\(id)\" already belongs to known user \"\(ref.knownUserId ?? id)\"; Strata does not merge two "
                + "known users (\"\(ref.knownUserId ?? id)\" and \"\(targetRef?.knownUserId ?? target)\"). "
                + "If they are one person, erase the profile you do not want to keep (DELETE /api/v1/users/{id}?mode=delete_only, "
                + "or strata users delete ID --delete-only) and send the identify again.",
            field: "userId")
    }
}
