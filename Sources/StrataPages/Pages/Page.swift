/// One dashboard page as data: a heading, optional tabs, and sections of stats, charts, tables,
/// forms and buttons. Page builders in the server fill it; one Mustache template draws every
/// page, so pages stay consistent and each builder is plain Swift.
public struct Page: Sendable {
    public var title: String
    public var heading: String
    public var lead: String?
    public var tabs: TabBar?
    /// A message after an action (saved, launched…), or an error to fix.
    public var notice: Notice?
    public var sections: [PageSection]
    /// The navigation, signed-in user and language; set by the renderer.
    public var chrome: PageChrome?

    /// Creates a page.
    public init(title: String, heading: String? = nil, lead: String? = nil, tabs: TabBar? = nil, notice: Notice? = nil,
                sections: [PageSection] = []) {
        self.title = title
        self.heading = heading ?? title
        self.lead = lead
        self.tabs = tabs
        self.notice = notice
        self.sections = sections
    }

    /// Sub-navigation within an area (the analysis reports, the settings pages).
    public struct TabBar: Sendable {
        public var tabs: [Link]
        /// Creates a tab bar.
        public init(_ tabs: [Link]) { self.tabs = tabs }
    }

    /// A link with a label; `current` marks the page shown.
    public struct Link: Sendable {
        public var href: String
        public var label: String
        public var current: Bool
        /// Creates a link.
        public init(href: String, label: String, current: Bool = false) {
            self.href = href
            self.label = label
            self.current = current
        }
    }

    /// A message at the top of the page.
    public struct Notice: Sendable {
        public var text: String
        /// What to do next, for errors.
        public var detail: String?
        public var isError: Bool
        /// Creates a notice.
        public init(_ text: String, detail: String? = nil, isError: Bool = false) {
            self.text = text
            self.detail = detail
            self.isError = isError
        }
    }
}

/// What surrounds every page: the areas, who is signed in, the CSRF token forms carry, and the
/// language with a link to switch it.
public struct PageChrome: Sendable {
    public var nav: [Page.Link]
    public var userName: String
    public var roleLabel: String
    public var csrf: String
    public var lang: String
    public var switchLanguage: Page.Link
    public var strings: [String: String]

    /// Creates the chrome.
    public init(nav: [Page.Link], userName: String, roleLabel: String, csrf: String, lang: String,
                switchLanguage: Page.Link, strings: [String: String]) {
        self.nav = nav
        self.userName = userName
        self.roleLabel = roleLabel
        self.csrf = csrf
        self.lang = lang
        self.switchLanguage = switchLanguage
        self.strings = strings
    }
}
