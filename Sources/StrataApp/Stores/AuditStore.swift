import StrataCore

/// The audit log's storage: append, read with filters, verify the chain. There is deliberately
/// no update or delete.
public protocol AuditStore: Sendable {
    /// Appends an entry chained to the last one.
    @discardableResult
    func appendAudit(_ draft: AuditEntry.Draft) throws -> AuditEntry
    /// Entries, newest first.
    func auditEntries(actor: String?, action: String?, from: Int64?, to: Int64?, before: Int64?, limit: Int) throws -> [AuditEntry]
    /// Checks every hash and link; the first broken entry, if any.
    func verifyAudit() throws -> (entries: Int, firstBroken: Int64?)
}
