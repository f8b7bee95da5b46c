/// Which traits are personal data and how they are masked for staff who may not see them
/// (analysts and viewers): emails keep their first character and domain, phone numbers their
/// first three and last four digits, other personal traits their first character.
public enum PersonalData {
    /// Words of a trait name (split at `_`, `.`, `-`) that mark personal data.
    static let personalWords: Set<String> = ["email", "phone", "mobile", "tel", "address", "idcard", "wechat", "openid",
                                             "ip", "passport", "birthday"]
    /// Whole trait names that are personal data.
    static let personalNames: Set<String> = ["name", "first_name", "last_name", "full_name", "real_name", "nickname",
                                             "username", "id_card", "push_token", "device_token"]

    /// Whether a trait holds personal data: `email`, `work_email`, `phone`, `name`… but not
    /// consent flags such as `email_opt_in`.
    public static func isPersonal(_ trait: String) -> Bool {
        let key = trait.lowercased()
        if ["_opt_in", "_optin", "_consent", "_verified", "_count"].contains(where: key.hasSuffix) { return false }
        if personalNames.contains(key) { return true }
        return key.split(whereSeparator: { "_.-".contains($0) }).contains { personalWords.contains(String($0)) }
    }

    /// The value as an analyst or viewer sees it.
    public static func mask(_ value: String, trait: String) -> String {
        let key = trait.lowercased()
        if key.contains("email") || value.contains("@") { return maskEmail(value) }
        if key.contains("phone") || key.contains("mobile") { return maskPhone(value) }
        guard let first = value.first else { return value }
        return String(first) + String(repeating: "*", count: min(max(value.count - 1, 3), 8))
    }

    /// `alice@example.com` → `a***@example.com`.
    public static func maskEmail(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@"), at > value.startIndex else { return "***" }
        return String(value[value.startIndex]) + "***" + value[at...]
    }

    /// `13812345678` → `138****5678`; short numbers keep only their last two digits.
    public static func maskPhone(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 8 else { return String(repeating: "*", count: max(chars.count - 2, 1)) + String(chars.suffix(2)) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
}
