/// The ways a campaign reaches a user (触达渠道).
public enum ChannelKind: String, Sendable, CaseIterable, Hashable, Comparable {
    case email, sms, push, wechat, webhook, inbox

    /// The trait holding the user's address on this channel (`nil`: the channel needs none —
    /// webhooks carry the user's id, the inbox lives in Strata).
    public var addressTrait: String? {
        switch self {
        case .email: "email"
        case .sms: "phone"
        case .push: "push_token"
        case .wechat: "wechat_openid"
        case .webhook, .inbox: nil
        }
    }

    /// The trait that records the user's consent to this channel (`false` refuses it).
    public var consentTrait: String { "\(rawValue)_opt_in" }

    public static func < (a: ChannelKind, b: ChannelKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
