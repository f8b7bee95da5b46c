/// How one claimed message ended.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The provider accepted it.
    case sent(response: String)
    /// A transient failure: try again at `at`.
    case retry(reason: String, at: Int64)
    /// A permanent failure, or too many attempts: dead-lettered; `suppress` adds the address
    /// to the suppression list (a hard bounce).
    case failed(reason: String, suppress: Bool)
}
