/// One change of a person's consent, kept as evidence (PIPL art. 14, GDPR art. 7(1)): a consent
/// trait set (`email_opt_in` …), or a suppression added or lifted, with when, through what and on
/// whose word.
public struct ConsentRecord: Sendable, Equatable {
    /// Through what the change came.
    public enum Source: String, Sendable, CaseIterable {
        /// A tracked message (identify) through the ingestion API; `reference` is its messageId.
        case api
        /// An unsubscribe link in a message; `reference` names the campaign.
        case link
        /// A member of staff or a secret key; `reference` is the actor (`staff:ID`, `key:ID`, `cli`).
        case staff
        /// `strata import`; `reference` is the messageId.
        case `import`
        /// Strata itself (a hard bounce); `reference` is the message's key.
        case system
    }

    /// The profile the change is about, when known by id.
    public var uid: Int64?
    /// The address the change is about (a suppression of an address), when not a profile.
    public var address: String?
    /// What changed: a consent trait (`email_opt_in`) or `suppression:CHANNEL` (`*` for all).
    public var subject: String
    /// The new value: the trait's JSON (`true`, `false`, `null`), or `on: REASON` / `off`.
    public var value: String
    public var source: Source
    public var reference: String
    /// When it changed (ms since 1970).
    public var at: Int64

    /// A record with every field given.
    public init(uid: Int64?, address: String?, subject: String, value: String, source: Source, reference: String, at: Int64) {
        self.uid = uid
        self.address = address
        self.subject = subject
        self.value = value
        self.source = source
        self.reference = reference
        self.at = at
    }

    /// Whether a trait is a consent trait (`email_opt_in`, `sms_opt_in` … `*_opt_in`).
    public static func isConsentTrait(_ key: String) -> Bool { key.hasSuffix("_opt_in") }

    /// The record as the API and exports show it.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "subject": .string(subject), "value": .string(value), "source": .string(source.rawValue),
            "reference": .string(reference), "at": .string(Timestamp.format(at)),
        ]
        if let address { object["address"] = .string(address) }
        return .object(object)
    }
}
