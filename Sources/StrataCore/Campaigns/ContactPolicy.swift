/// The workspace's rules for contacting anyone, whatever the campaign: frequency caps over all
/// campaigns, quiet hours, and the channels on which consent must have been given explicitly.
public struct ContactPolicy: Sendable, Equatable {
    /// Caps over all campaigns.
    public var caps: [FrequencyCap]
    /// Hours in the user's local day when nothing is sent (deferred, not dropped).
    public var quietHours: QuietHours?
    /// Channels on which a user without a consent trait (`sms_opt_in`) is not contacted; on
    /// the others only an explicit `false` refuses.
    public var explicitConsent: Set<ChannelKind>

    /// The default: at most 3 messages a day over all channels and 1 SMS, quiet from 22:00 to
    /// 08:00, SMS only with explicit consent.
    public init(caps: [FrequencyCap] = [FrequencyCap(limit: 3), FrequencyCap(limit: 1, channel: .sms)],
                quietHours: QuietHours? = QuietHours(start: 22 * 60, end: 8 * 60),
                explicitConsent: Set<ChannelKind> = [.sms])
    {
        self.caps = caps
        self.quietHours = quietHours
        self.explicitConsent = explicitConsent
    }
}
