/// Where a campaign is in its life: draft → scheduled → running ↔ paused → completed, or
/// cancelled from any state before completion.
public enum CampaignStatus: String, Sendable, CaseIterable {
    case draft, scheduled, running, paused, completed, cancelled

    /// The states reachable from this one.
    public var next: Set<CampaignStatus> {
        switch self {
        case .draft: [.scheduled, .cancelled]
        case .scheduled: [.draft, .running, .paused, .cancelled]
        case .running: [.paused, .completed, .cancelled]
        case .paused: [.running, .completed, .cancelled]
        case .completed, .cancelled: []
        }
    }

    /// Whether the campaign can still change its definition (running and paused ones keep a
    /// version history of each edit; finished ones are frozen).
    public var isEditable: Bool { self != .completed && self != .cancelled }

    /// Checks a move to `target`.
    ///
    /// - Throws: `StrataError.conflict` naming the allowed moves.
    public func checkTransition(to target: CampaignStatus) throws {
        guard next.contains(target) else {
            let allowed = next.map(\.rawValue).sorted().joined(separator: ", ")
            throw StrataError(.conflict, "A \(rawValue) campaign cannot become \(target.rawValue)"
                + (allowed.isEmpty ? "; it is finished." : "; it can become \(allowed)."), field: "status")
        }
    }
}
