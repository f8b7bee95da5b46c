import Crypto
import Foundation
import StrataCore

/// The audit log (审计日志), written once for the API, the dashboard and the CLI: every state
/// change is recorded with its actor, role, action, target, address and a digest of the change;
/// admins read it with filters, and `verify` proves no stored entry was changed.
public struct AuditUseCases: Sendable {
    let app: AppServices

    /// Records one change (or attempt) by `principal`.
    ///
    /// - Parameters:
    ///   - body: the request body or the command's arguments; only its SHA-256 is kept.
    ///   - status: the HTTP status answered (a command: 0 done, 1 failed).
    @discardableResult
    public func record(_ principal: Principal, action: String, target: String, body: [UInt8] = [], status: Int) throws
        -> AuditEntry
    {
        try app.database.appendAudit(AuditEntry.Draft(principal, action: action, target: target,
                                                      digest: Self.digest(body), status: status))
    }

    /// Records an entry drafted by the caller (a failed sign-in has no principal).
    @discardableResult
    public func record(_ draft: AuditEntry.Draft) throws -> AuditEntry {
        try app.database.appendAudit(draft)
    }

    /// Entries, newest first, for `principal` (admins only).
    ///
    /// - Throws: `StrataError.forbidden` for other roles.
    public func entries(for principal: Principal, actor: String? = nil, action: String? = nil, from: Int64? = nil,
                        to: Int64? = nil, before: Int64? = nil, limit: Int) throws -> [AuditEntry] {
        try principal.require(.manageSettings)
        return try app.database.auditEntries(actor: actor, action: action, from: from, to: to, before: before, limit: limit)
    }

    /// Checks the whole chain.
    public func verify() throws -> (entries: Int, firstBroken: Int64?) {
        try app.database.verifyAudit()
    }

    /// Hex SHA-256 of some bytes, empty for none.
    public static func digest(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "" : ConstantTime.hex(SHA256.hash(data: bytes))
    }
}

extension AppServices {
    /// The audit log.
    public var audit: AuditUseCases { AuditUseCases(app: self) }
}
