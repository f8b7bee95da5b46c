/// The dashboard's languages: 简体中文 first (the teams Strata serves read Chinese), English
/// switchable. The choice is kept in a cookie.
public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    /// The `lang` attribute of the page.
    public var htmlTag: String { self == .zh ? "zh-CN" : "en" }

    /// The other language, for the switch link.
    public var other: Language { self == .zh ? .en : .zh }

    /// The language's own name.
    public var nativeName: String { self == .zh ? "中文" : "English" }

    /// The language of a cookie value, or of an `Accept-Language` header, defaulting to Chinese.
    public init(cookie: String?, acceptLanguage: String? = nil) {
        if let cookie, let language = Language(rawValue: cookie) {
            self = language
        } else if let accept = acceptLanguage?.lowercased(), accept.hasPrefix("en") {
            self = .en
        } else {
            self = .zh
        }
    }
}
