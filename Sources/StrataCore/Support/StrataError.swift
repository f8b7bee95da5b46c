/// An error a client or an operator can act on: a stable code, a message that says what to
/// fix, and the field at fault when there is one.
///
/// Codes are stable strings (scripts match on them); the HTTP edge maps each code to a status in
/// one place.
public struct StrataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable kind of an error.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        /// Creates a code from its stable name.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Missing or wrong credentials.
        public static let unauthorized = Code(rawValue: "unauthorized")
        /// The credentials are valid but not for this operation (a write key on the admin API).
        public static let forbidden = Code(rawValue: "forbidden")
        /// The body or a message is larger than the stated limit.
        public static let payloadTooLarge = Code(rawValue: "payload_too_large")
        /// The body is not JSON.
        public static let malformedJSON = Code(rawValue: "malformed_json")
        /// A field has the wrong type or value.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// A request parameter is missing or wrong.
        public static let invalidParameter = Code(rawValue: "invalid_parameter")
        /// The message cannot be attributed to a user.
        public static let missingIdentity = Code(rawValue: "missing_identity")
        /// The message's type is not one Strata knows.
        public static let unknownType = Code(rawValue: "unknown_type")
        /// A timestamp cannot be read.
        public static let invalidTimestamp = Code(rawValue: "invalid_timestamp")
        /// Applying the message would merge two known users.
        public static let identityConflict = Code(rawValue: "identity_conflict")
        /// Too many requests for one key.
        public static let rateLimited = Code(rawValue: "rate_limited")
        /// The thing asked for does not exist.
        public static let notFound = Code(rawValue: "not_found")
        /// The content encoding is not supported or the compressed body is corrupt.
        public static let unsupportedEncoding = Code(rawValue: "unsupported_encoding")
        /// A file given to a command cannot be read.
        public static let unreadableInput = Code(rawValue: "unreadable_input")
        /// The message names a person who was erased on request; it is not stored.
        public static let erased = Code(rawValue: "erased")
        /// A debit larger than the account's available balance.
        public static let insufficientBalance = Code(rawValue: "insufficient_balance")
        /// A write conflicts with what is stored.
        public static let conflict = Code(rawValue: "conflict")
        /// The server is shutting down or storage failed.
        public static let unavailable = Code(rawValue: "unavailable")
    }

    /// The stable kind of this error.
    public var code: Code
    /// What went wrong and what to do about it, in a sentence.
    public var message: String
    /// The input field at fault (dotted path such as `batch[3].timestamp`), when known.
    public var field: String?
    /// Seconds to wait before retrying, for rate limits.
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String {
        if let field { return "\(code): \(message) (field \(field))" }
        return "\(code): \(message)"
    }
}
