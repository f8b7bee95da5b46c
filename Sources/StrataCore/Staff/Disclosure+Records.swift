import Foundation

/// The records that carry a person's data, as a disclosure shows them: profiles (ids and
/// traits), events (user id, properties, address and agent) and quarantined messages (the raw
/// text, masked by its keys when it is JSON and scrubbed when it is not).
extension UserProfile {
    /// The profile as `disclosure` shows it.
    public func masked(by disclosure: Disclosure) -> UserProfile {
        guard !disclosure.full else { return self }
        var copy = self
        copy.userId = userId.map { disclosure.show(id: $0) }
        copy.userIds = userIds.map { disclosure.show(id: $0) }
        copy.anonymousIds = anonymousIds.map { disclosure.show(id: $0) }
        copy.traits = disclosure.show(traits)
        return copy
    }
}

extension StoredEvent {
    /// The event as `disclosure` shows it. A page's or screen's `name` is the page's, not a person's.
    public func masked(by disclosure: Disclosure) -> StoredEvent {
        guard !disclosure.full else { return self }
        var copy = self
        copy.userId = userId.map { disclosure.show(id: $0) }
        let pageName = (type == .page || type == .screen) ? properties["name"] : nil
        copy.properties = disclosure.show(properties)
        if let pageName { copy.properties["name"] = disclosure.show(pageName, key: "page") }
        copy.ip = ip.map { disclosure.show($0, key: "ip") }
        copy.userAgent = userAgent.map { disclosure.show($0, key: "user_agent") }
        copy.warning = warning.map { disclosure.show(text: $0) }
        return copy
    }
}

extension QuarantinedMessage {
    /// The message as `disclosure` shows it.
    public func masked(by disclosure: Disclosure) -> QuarantinedMessage {
        guard !disclosure.full else { return self }
        var copy = self
        copy.reason = disclosure.show(text: reason)
        if let parsed = try? JSONValue.parse(Data(raw.utf8)), case .object(let fields) = parsed {
            copy.raw = JSONValue.object(disclosure.show(fields)).jsonText
        } else {
            copy.raw = disclosure.show(text: raw)
        }
        return copy
    }
}

extension CampaignOutcome {
    /// The outcome as `disclosure` shows it: delivery failure reasons (a relay's reply may quote
    /// the address) scrubbed. Counts are not personal.
    public func masked(by disclosure: Disclosure) -> CampaignOutcome {
        guard !disclosure.full else { return self }
        var copy = self
        for i in copy.results.arms.indices {
            copy.results.arms[i].failed = Dictionary(copy.results.arms[i].failed.map { (disclosure.show(text: $0.key), $0.value) },
                                                     uniquingKeysWith: +)
        }
        return copy
    }
}

extension Suppression {
    /// The suppression as `disclosure` shows it: the address masked as its channel's kind.
    public func masked(by disclosure: Disclosure) -> Suppression {
        guard !disclosure.full else { return self }
        var copy = self
        copy.address = disclosure.show(address, key: channel == "sms" ? "phone" : channel == "email" ? "email" : "address")
        return copy
    }
}

extension InboxItem {
    /// The item as `disclosure` shows it: its title and body were rendered from the person's
    /// traits, so a role that may not see them sees neither.
    public func masked(by disclosure: Disclosure) -> InboxItem {
        guard !disclosure.full else { return self }
        var copy = self
        copy.title = MaskingPolicy.hidden
        copy.body = MaskingPolicy.hidden
        copy.url = url.map { _ in MaskingPolicy.hidden }
        return copy
    }
}
