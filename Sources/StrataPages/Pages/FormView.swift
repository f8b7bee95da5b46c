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
    /// A live preview of the form's `rule` field (the segment builder), if any.
    public var builder: RuleBuilder?

    /// Creates a form.
    public init(action: String, post: Bool = true, submit: String, fields: [Field], inline: Bool = false,
                id: String? = nil, builder: RuleBuilder? = nil) {
        self.builder = builder
        self.action = action
        self.isPost = post
        self.submit = submit
        self.fields = fields
        self.inline = inline
        self.formId = id
    }

    /// The segment builder's extra controls: a condition row whose "add" button appends to the
    /// rule text, and a box the script fills with the live size and description from `previewURL`.
    public struct RuleBuilder: Sendable {
        public var previewURL: String
        public var fieldLabel: String
        public var operatorLabel: String
        public var valueLabel: String
        public var addLabel: String
        public var fieldPlaceholder: String
        public var valuePlaceholder: String
        public var operators: [Option]
        public var previewHint: String

        /// Creates the builder's controls; `operators` are (rule operator, label).
        public init(previewURL: String, fieldLabel: String, operatorLabel: String, valueLabel: String, addLabel: String,
                    fieldPlaceholder: String, valuePlaceholder: String, operators: [(String, String)], previewHint: String) {
            self.previewURL = previewURL
            self.fieldLabel = fieldLabel
            self.operatorLabel = operatorLabel
            self.valueLabel = valueLabel
            self.addLabel = addLabel
            self.fieldPlaceholder = fieldPlaceholder
            self.valuePlaceholder = valuePlaceholder
            self.operators = operators.map { Option(value: $0.0, label: $0.1, selected: false) }
            self.previewHint = previewHint
        }
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
