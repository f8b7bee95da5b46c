/// What one principal may see of personal data: everything, or everything masked by the
/// workspace's `MaskingPolicy`. Output types take one in `masked(by:)`, and the application
/// layer applies it before a value leaves it, so no page, API answer or export can forget it.
public struct Disclosure: Sendable, Equatable {
    /// The workspace's policy.
    public var policy: MaskingPolicy
    /// Whether personal data is shown as it is.
    public var full: Bool

    /// A disclosure under `policy`.
    public init(policy: MaskingPolicy, full: Bool) {
        self.policy = policy
        self.full = full
    }

    /// Everything as it is (the CLI, admins and operators, Strata's own services).
    public static let everything = Disclosure(policy: MaskingPolicy(), full: true)

    /// A value of `key` as shown.
    public func show(_ value: String, key: String) -> String {
        if full { return value }
        return policy.isPersonal(key) ? policy.mask(value, key: key) : policy.scrub(value)
    }

    /// A JSON value of `key` as shown (nested objects by their own keys).
    public func show(_ value: JSONValue, key: String) -> JSONValue {
        full ? value : policy.mask(value, key: key)
    }

    /// An object's fields as shown, each by its key.
    public func show(_ fields: [String: JSONValue]) -> [String: JSONValue] {
        full ? fields : policy.mask(fields)
    }

    /// A label derived from `dimension` as shown (see `MaskingPolicy.mask(label:dimension:)`).
    public func show(label: String, dimension: String) -> String {
        full ? label : policy.mask(label: label, dimension: dimension)
    }

    /// An id as shown.
    public func show(id: String) -> String {
        full ? id : policy.maskIdentifier(id)
    }

    /// Free text as shown.
    public func show(text: String) -> String {
        full ? text : policy.scrub(text)
    }
}
