/// A block of a page: a titled card holding any of stats, a chart, a table, a form, trusted
/// HTML (a rendered review), buttons and links, in that order.
public struct PageSection: Sendable {
    /// The section's heading (not `title`: templates would fall back to the page's).
    public var caption: String?
    public var note: String?
    /// Spans the full width on wide screens.
    public var wide: Bool
    /// The HTML id, for links to the section.
    public var anchor: String?
    public var stats: StatRow?
    /// An SVG chart drawn by Strata (inserted as is).
    public var svg: String?
    public var table: DataTable?
    public var form: FormView?
    /// HTML made by Strata itself (escaped at its source), inserted as is.
    public var html: String?
    public var actions: [PageAction]
    public var links: [Page.Link]

    /// Creates a section.
    public init(title: String? = nil, note: String? = nil, wide: Bool = false, id: String? = nil, stats: [Stat] = [],
                svg: String? = nil, table: DataTable? = nil, form: FormView? = nil, html: String? = nil,
                actions: [PageAction] = [], links: [Page.Link] = []) {
        self.caption = title
        self.note = note
        self.wide = wide
        self.anchor = id
        self.stats = stats.isEmpty ? nil : StatRow(items: stats)
        self.svg = svg
        self.table = table
        self.form = form
        self.html = html
        self.actions = actions
        self.links = links
    }

    /// Headline figures side by side.
    public struct StatRow: Sendable {
        public var items: [Stat]
    }

    /// One headline figure.
    public struct Stat: Sendable {
        public var label: String
        public var value: String
        public var hint: String?
        /// Creates a figure.
        public init(_ label: String, _ value: String, hint: String? = nil) {
            self.label = label
            self.value = value
            self.hint = hint
        }
    }
}

/// A button that posts to an action URL (with the session's CSRF token), optionally asking to
/// confirm first.
public struct PageAction: Sendable {
    public var action: String
    public var label: String
    public var danger: Bool
    public var confirm: String?
    /// Hidden fields sent with the button.
    public var fields: [FormView.Field]

    /// Creates an action button.
    public init(action: String, label: String, danger: Bool = false, confirm: String? = nil,
                fields: [FormView.Field] = []) {
        self.action = action
        self.label = label
        self.danger = danger
        self.confirm = confirm
        self.fields = fields
    }
}
