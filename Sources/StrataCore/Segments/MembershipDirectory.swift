/// Everything a rule can be a member of besides the built-in models: saved segments, tags and
/// weighted scoring models. Built by the store's adapters and handed to the evaluator, so the
/// core resolves `in segment …`, `has tag …` and `in MODEL:TIER` without touching storage.
public struct MembershipDirectory: Sendable {
    /// The members of a tag as the directory holds them.
    public enum TagMembers: Sendable, Equatable {
        /// Profile ids as tagged; ids merged since then count for the profile they merged into.
        case users(UserSet)
        /// The current members of a saved segment.
        case followsSegment(String)
    }

    /// Saved segments' rules by name.
    public var segments: [String: SegmentRule]
    /// Tags by name.
    public var tags: [String: TagMembers]
    /// Scoring models by name.
    public var scoringModels: [String: ScoringModel]

    /// Creates a directory.
    public init(segments: [String: SegmentRule] = [:], tags: [String: TagMembers] = [:],
                scoringModels: [String: ScoringModel] = [:])
    {
        self.segments = segments
        self.tags = tags
        self.scoringModels = scoringModels
    }

    /// Model layers rules may refer to: the built-in models' and each scoring model's tiers.
    public var layers: [String: Set<String>] {
        var layers = ModelLayers.all
        for (name, model) in scoringModels { layers[name] = Set(model.tiers.map(\.name)) }
        return layers
    }

    /// What a rule may refer to, given the index's events and traits.
    public func catalog(_ index: UserIndex) -> RuleCatalog {
        var ruleTags: [String: String] = [:]
        for case let (name, .followsSegment(segment)) in tags { ruleTags[name] = segment }
        return RuleCatalog(events: index.eventNames, traits: index.traitKeys, segments: segments, layers: layers,
                           tags: Set(tags.keys), ruleTags: ruleTags)
    }

    /// The names of the saved segments and rule tags that depend on a segment directly, so a
    /// segment still in use is not deleted from under them.
    public func dependents(of segment: String) -> (segments: [String], tags: [String]) {
        let segmentNames = segments.filter { $0.key != segment && $0.value.references(.segment(segment)) }.keys.sorted()
        let tagNames = tags.filter { $0.value == .followsSegment(segment) }.keys.sorted()
        return (segmentNames, tagNames)
    }

    /// The saved segments that use a tag or a scoring model's layers.
    public func segments(using membership: (Membership) -> Bool) -> [String] {
        segments.filter { $0.value.references(where: membership) }.keys.sorted()
    }
}

extension SegmentRule {
    /// Whether the rule mentions a membership anywhere in its tree.
    public func references(_ membership: Membership) -> Bool {
        references { $0 == membership }
    }

    /// Whether the rule mentions a membership that passes the test.
    public func references(where test: (Membership) -> Bool) -> Bool {
        switch self {
        case .all(let rules), .any(let rules): rules.contains { $0.references(where: test) }
        case .not(let rule): rule.references(where: test)
        case .member(let membership): test(membership)
        case .attribute, .behaviour: false
        }
    }
}
