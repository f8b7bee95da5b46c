/// When a campaign sends: once, on a recurring local time, or on each user's event.
public enum CampaignSchedule: Sendable, Equatable {
    /// One send at an instant (ms).
    case once(at: Int64)
    /// Every day, or every week on a weekday (1 = Monday … 7 = Sunday), at a local time in the
    /// workspace time zone (minutes after midnight).
    case recurring(weekday: Int?, minuteOfDay: Int)
    /// After each `event` a user does, wait `delayMinutes`, then send unless the user did
    /// `exitEvent` in between ("add_to_cart, then no purchase within 1 h").
    case triggered(event: String, delayMinutes: Int, exitEvent: String?)

    /// Whether each user is reached as they qualify rather than all at once.
    public var isTriggered: Bool {
        if case .triggered = self { return true }
        return false
    }
}
