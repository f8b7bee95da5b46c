import Mustache

/// Renders dashboard pages from the compiled-in Mustache templates. Made once at start-up
/// (parsing the templates) and shared; rendering is read-only and thread-safe.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    /// Parses the templates.
    public init() {
        var library = MustacheLibrary()
        for (name, text) in DashboardTemplates.all {
            // The templates are part of the binary and covered by tests; a parse error is a bug.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    /// A page inside the frame.
    public func render(_ page: Page) -> String {
        library.render(PageContext(page: page), withTemplate: "page") ?? ""
    }

    /// The sign-in page.
    public func renderLogin(_ login: LoginView) -> String {
        library.render(login, withTemplate: "login") ?? ""
    }

    /// What the page template sees: the page's fields, with the chrome and language on top.
    struct PageContext {
        let title: String
        let heading: String
        let lead: String?
        let tabs: Page.TabBar?
        let notice: Page.Notice?
        let sections: [PageSection]
        let chrome: PageChrome?
        let lang: String

        init(page: Page) {
            title = page.title
            heading = page.heading
            lead = page.lead
            tabs = page.tabs
            notice = page.notice
            sections = page.sections
            chrome = page.chrome
            lang = page.chrome?.lang ?? "zh-CN"
        }
    }
}

/// The sign-in page's texts and values.
public struct LoginView: Sendable {
    public var title: String
    public var subtitle: String
    public var emailLabel: String
    public var passwordLabel: String
    public var submit: String
    public var error: String?
    public var email: String
    public var next: String
    public var csrf: String
    public var lang: String
    public var switchLanguage: Page.Link

    /// The sign-in page in a language.
    public init(localizer l: Localizer, error: String? = nil, email: String = "", next: String, csrf: String,
                switchLanguage: Page.Link) {
        title = l["login.title"]
        subtitle = l["login.subtitle"]
        emailLabel = l["login.email"]
        passwordLabel = l["login.password"]
        submit = l["login.submit"]
        self.error = error
        self.email = email
        self.next = next
        self.csrf = csrf
        lang = l.language.htmlTag
        self.switchLanguage = switchLanguage
    }
}
