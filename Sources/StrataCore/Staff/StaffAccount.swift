/// A member of the operations staff who signs in to the dashboard with an email and password.
public struct StaffAccount: Sendable, Equatable {
    public var id: Int64
    /// The sign-in email, stored lower-case.
    public var email: String
    /// The name shown in the dashboard.
    public var name: String
    public var role: StaffRole
    /// When the account was made (ms since 1970).
    public var createdAt: Int64

    /// Creates an account value.
    public init(id: Int64, email: String, name: String, role: StaffRole, createdAt: Int64) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }

    /// The limits of a new account's fields, checked before anything is stored.
    ///
    /// - Throws: `invalidField` saying which field to fix.
    public static func validate(email: String, name: String, password: String?) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !email.contains(where: { $0.isWhitespace }) else {
            throw StrataError(.invalidField, "Give an email address such as ops@example.com (at most 254 characters).",
                              field: "email")
        }
        guard name.count <= 100 else {
            throw StrataError(.invalidField, "The name is at most 100 characters.", field: "name")
        }
        if let password { try validate(password: password) }
    }

    /// A password's limits: 10 to 200 characters.
    ///
    /// - Throws: `invalidField` for `password`.
    public static func validate(password: String) throws {
        guard (10...200).contains(password.count) else {
            throw StrataError(.invalidField, "A password has 10 to 200 characters; a phrase of several words is easiest.",
                              field: "password")
        }
    }
}
