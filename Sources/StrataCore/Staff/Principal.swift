/// Who is asking or acting: a member of staff signed in to the dashboard, an API key, the CLI
/// on the server's machine, or Strata itself (the scheduler, the dispatcher). Every use case
/// that shows data or changes state is called with one, so what it shows is masked for the
/// role and what it changes is recorded with the actor.
public struct Principal: Sendable, Equatable, Hashable {
    /// The kinds of actor.
    public enum Kind: Sendable, Equatable, Hashable {
        /// A staff account, by id and e-mail.
        case staff(id: Int64, email: String)
        /// A stored API key by id, or a key given on the command line (`id` nil), with its
        /// public prefix.
        case key(id: Int64?, prefix: String)
        /// A `strata` command run on the machine that holds the data.
        case cli
        /// Strata's own services.
        case system
    }

    /// Who.
    public var kind: Kind
    /// What they may do and see.
    public var role: StaffRole
    /// The client's address, for requests.
    public var address: String?

    /// A principal.
    public init(_ kind: Kind, role: StaffRole, address: String? = nil) {
        self.kind = kind
        self.role = role
        self.address = address
    }

    /// The CLI: whoever can run `strata` on the data's machine can read the files, so it acts as admin.
    public static let cli = Principal(.cli, role: .admin)
    /// Strata's own services.
    public static let system = Principal(.system, role: .admin)

    /// Whether the role has a permission.
    public func may(_ permission: StaffRole.Permission) -> Bool { role.may(permission) }

    /// Refuses what the role may not do.
    ///
    /// - Throws: `StrataError.forbidden` naming the permission.
    public func require(_ permission: StaffRole.Permission) throws {
        guard may(permission) else {
            throw StrataError(.forbidden, "The \(role.rawValue) role may not do this (it needs \(permission.rawValue)).")
        }
    }

    /// The actor as the audit log names it: `staff:3`, `key:12`, `key:sk_live_ab12`, `cli`, `system`.
    public var actor: String {
        switch kind {
        case .staff(let id, _): "staff:\(id)"
        case .key(let id?, _): "key:\(id)"
        case .key(nil, let prefix): "key:\(prefix)"
        case .cli: "cli"
        case .system: "system"
        }
    }

    /// How personal data is shown to this principal under a workspace's policy.
    public func disclosure(_ policy: MaskingPolicy) -> Disclosure {
        Disclosure(policy: policy, full: may(.viewPersonalData))
    }
}
