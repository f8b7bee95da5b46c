/// What a user did with a message: opened, clicked, unsubscribed through it, read or clicked
/// it in the inbox.
public enum Engagement: String, Sendable, CaseIterable {
    case open, click, unsubscribe
}
