/// Why a targeted user was not sent a message; every skipped user is counted under one.
public enum SkipReason: String, Sendable, CaseIterable, Hashable {
    /// In one of the campaign's blocked segments.
    case blocked
    /// Reached by this campaign as many times as its rules allow.
    case participationLimit = "participation_limit"
    /// No address on any of the variant's channels (no email, no phone …).
    case noAddress = "no_address"
    /// Consent refused (or not given where it must be explicit).
    case noConsent = "no_consent"
    /// Unsubscribed or suppressed (a hard bounce).
    case unsubscribed
    /// A frequency cap was reached.
    case capped
    /// The budget would be passed.
    case budget
    /// The exit event of a triggered campaign happened before the send.
    case exited
    /// The campaign's window closed (or it was cancelled) before the send.
    case outsideWindow = "outside_window"
}
