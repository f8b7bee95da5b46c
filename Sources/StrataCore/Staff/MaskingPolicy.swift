/// Which values are personal data and how they are shown to whoever may not see them (脱敏):
/// one policy for every page, API answer, CSV, chart label and export.
///
/// A trait is personal when its name is on the default list (`email`, `phone`, `name`,
/// `openid`…, and names made of those words such as `work_email`), or the workspace declared it
/// personal; a workspace can also declare a default one not personal. Consent flags such as
/// `email_opt_in` never are. Values derived from a personal trait (a breakdown label, a lift
/// value, a bin of it) are masked as the trait is. Ids and free text (quarantined messages,
/// delivery failures) are scrubbed of what looks like an e-mail address or a phone number.
public struct MaskingPolicy: Sendable, Equatable {
    /// Words of a trait name (split at `_`, `.`, `-`) that mark personal data.
    public static let personalWords: Set<String> = ["email", "phone", "mobile", "tel", "address", "idcard", "wechat",
                                                    "openid", "unionid", "ip", "passport", "birthday", "ssn"]
    /// Whole trait names that are personal data.
    public static let personalNames: Set<String> = ["name", "first_name", "last_name", "full_name", "real_name",
                                                    "nickname", "username", "id_card", "push_token", "device_token",
                                                    "birth_date", "dob", "street", "user_agent"]
    /// Name endings that mark a flag or a count about personal data, not the data.
    static let flagSuffixes = ["_opt_in", "_optin", "_consent", "_verified", "_count", "_valid"]

    /// Traits the workspace declared personal besides the default list (lowercased).
    public var personal: Set<String>
    /// Default-list traits the workspace declared not personal (lowercased).
    public var notPersonal: Set<String>

    /// A policy: the default list, plus `personal`, minus `notPersonal`.
    public init(personal: some Sequence<String> = [String](), notPersonal: some Sequence<String> = [String]()) {
        self.personal = Set(personal.map { $0.lowercased() })
        self.notPersonal = Set(notPersonal.map { $0.lowercased() })
    }

    /// The text shown in place of a value that is masked whole.
    public static let hidden = "***"

    /// Whether a trait (or property) holds personal data: `email`, `work_email`, `phone`,
    /// `name`… but not `email_opt_in`. `trait.email` and `traits.email` count as `email`.
    public func isPersonal(_ key: String) -> Bool {
        var key = key.lowercased()
        for prefix in ["trait:", "trait.", "traits.", "property:", "properties."] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
        }
        if personal.contains(key) { return true }
        if notPersonal.contains(key) { return false }
        if Self.flagSuffixes.contains(where: key.hasSuffix) { return false }
        if Self.personalNames.contains(key) { return true }
        return key.split(whereSeparator: { "_.-".contains($0) }).contains { Self.personalWords.contains(String($0)) }
    }

    /// A personal value as it is shown masked: e-mails keep their first character and domain,
    /// phone numbers their first three and last four digits, anything else its first character.
    public func mask(_ value: String, key: String) -> String {
        let lowered = key.lowercased()
        if lowered.contains("email") || value.contains("@") { return Self.maskEmail(value) }
        if lowered.contains("phone") || lowered.contains("mobile") || Self.looksLikePhone(value) {
            return Self.maskPhone(value)
        }
        guard let first = value.first else { return value }
        return String(first) + String(repeating: "*", count: min(max(value.count - 1, 3), 8))
    }

    /// A value of `key` as shown to someone who may not see personal data: masked when the key
    /// is personal (every string and number inside it), otherwise scrubbed of e-mails and phone
    /// numbers, with nested objects masked by their own keys.
    public func mask(_ value: JSONValue, key: String) -> JSONValue {
        let personal = isPersonal(key)
        switch value {
        case .null, .bool: return value
        case .number(let n):
            return personal ? .string(mask(JSONValue.number(n).jsonText, key: key)) : value
        case .string(let s):
            return .string(personal ? mask(s, key: key) : scrub(s))
        case .array(let items):
            return .array(items.map { mask($0, key: key) })
        case .object(let fields):
            return .object(personal ? fields.mapValues { mask($0, key: key) } : mask(fields))
        }
    }

    /// An object's fields, each masked by its own key (see `mask(_:key:)`).
    public func mask(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        var out = fields
        for (key, value) in fields { out[key] = mask(value, key: key) }
        return out
    }

    /// A label derived from `dimension` (a breakdown value, a lift value, a bin): masked when
    /// the dimension is personal, except the labels reports make themselves.
    public func mask(label: String, dimension: String) -> String {
        guard isPersonal(dimension), !Self.reportLabels.contains(label) else { return scrub(label) }
        return mask(label, key: dimension)
    }

    /// Labels reports make, never data.
    public static let reportLabels: Set<String> = ["all", "other", "(other)", "(none)", "total", "previous period", ""]

    /// An id (a user id, an anonymous id): masked when it is an e-mail address or a phone number,
    /// shown as it is otherwise (ids link profiles; they are not personal by themselves).
    public func maskIdentifier(_ id: String) -> String {
        if id.contains("@") { return Self.maskEmail(id) }
        if Self.looksLikePhone(id) { return Self.maskPhone(id) }
        return id
    }

    /// An id as published outside Strata (a winners list, 中奖名单): e-mails and phones masked as
    /// everywhere else, and any other id cut to its ends, since the public may not learn ids.
    public static func maskForPublication(_ id: String) -> String {
        if id.contains("@") { return maskEmail(id) }
        if looksLikePhone(id) { return maskPhone(id) }
        let characters = Array(id)
        if characters.count <= 4 { return String(characters.prefix(1)) + "***" }
        return String(characters.prefix(2)) + "***" + String(characters.suffix(2))
    }

    /// Free text with every e-mail address, phone number and id-card number masked where it
    /// stands (see `looksLikePhone`).
    public func scrub(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "@") || (48...57).contains($0) }) else { return text }
        var out = ""
        var token = ""
        func flush() {
            if token.contains("@") {
                out += Self.maskEmail(token)
            } else if Self.looksLikePhone(token) {
                out += Self.maskPhone(token)
            } else {
                out += token
            }
            token = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || "@._+-".contains(character) {
                token.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return out
    }

    /// `alice@example.com` → `a***@example.com`.
    public static func maskEmail(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@"), at > value.startIndex else { return hidden }
        return String(value[value.startIndex]) + "***" + value[at...]
    }

    /// `13812345678` → `138****5678`; short numbers keep only their last two digits.
    public static func maskPhone(_ value: String) -> String {
        let chars = Array(value.filter { $0 != " " && $0 != "-" })
        guard chars.count >= 8 else { return String(repeating: "*", count: max(chars.count - 2, 1)) + String(chars.suffix(2)) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// Whether a text is a phone or id-card number: `+` and 8 to 15 digits, a mainland mobile
    /// number (11 digits from 1), or an 18-character resident id; spaces and dashes between
    /// digits allowed. Dates, amounts and timestamps are not.
    static func looksLikePhone(_ value: String) -> Bool {
        var text = Substring(value)
        let international = text.first == "+"
        if international { text = text.dropFirst() }
        let kept = text.filter { $0 != " " && $0 != "-" }
        if international { return (8...15).contains(kept.count) && kept.allSatisfy(\.isASCIIDigit) }
        if kept.count == 11, kept.first == "1", kept.allSatisfy(\.isASCIIDigit) { return true }
        return kept.count == 18 && kept.dropLast().allSatisfy(\.isASCIIDigit)
            && (kept.last!.isASCIIDigit || kept.last == "X" || kept.last == "x")
    }
}

extension Character {
    /// `0`…`9`.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
