/// A form: its fields, where it goes and its button. Posted forms carry the session's CSRF
/// token automatically; `GET` forms (report controls) do not need one.
public struct FormView: Sendable {
    public var action: String
    public var isPost: Bool
    public var submit: String
    public var fields: [Field]
    /// Lays the fields out in a row (report controls).
    public var inline: Bool
    /// The HTML id (scripts find the form by it).
    public var formId: String?

    /// Creates a form.
    public init(action: String, post: Bool = true, submit: String, fields: [Field], inline: Bool = false,
                id: String? = nil) {
        self.action = action
        self.isPost = post
        self.submit = submit
        self.fields = fields
        self.inline = inline
        self.formId = id
    }

    /// A field of a form.
    public struct Field: Sendable {
        /// The kinds of input.
        public enum Kind: String, Sendable {
            case text, number, password, email, date, textarea, select, checkbox, hidden
        }

        public var name: String
        public var label: String
        public var value: String
        public var hint: String?
        public var required: Bool
        public var placeholder: String?
        public var options: [Option]
        public var checked: Bool
        // One flag per kind, because templates cannot compare values.
        public var isText: Bool
        public var isTextarea: Bool
        public var isSelect: Bool
        public var isCheckbox: Bool
        public var isHidden: Bool
        public var inputType: String

        /// Creates a field; `options` are for selects, `value` "true"/"on" checks a checkbox.
        public init(_ name: String, _ label: String, kind: Kind = .text, value: String = "", hint: String? = nil,
                    required: Bool = false, placeholder: String? = nil, options: [(value: String, label: String)] = []) {
            self.name = name
            self.label = label
            self.value = value
            self.hint = hint
            self.required = required
            self.placeholder = placeholder
            self.options = options.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) }
            self.checked = kind == .checkbox && ["true", "on", "1", "yes"].contains(value)
            self.isTextarea = kind == .textarea
            self.isSelect = kind == .select
            self.isCheckbox = kind == .checkbox
            self.isHidden = kind == .hidden
            self.isText = !(isTextarea || isSelect || isCheckbox || isHidden)
            self.inputType = kind.rawValue
        }

        /// A hidden field.
        public static func hidden(_ name: String, _ value: String) -> Field { Field(name, "", kind: .hidden, value: value) }
    }

    /// A choice of a select.
    public struct Option: Sendable {
        public var value: String
        public var label: String
        public var selected: Bool
    }
}
