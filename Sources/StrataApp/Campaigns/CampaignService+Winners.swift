import Foundation
import StrataCore
import StrataStore

extension CampaignService {
    /// The winners of a reward campaign now: the users it reached, ranked by its reward rule's
    /// score between its start and its end (or now), with masked ids (the known id, else the
    /// phone or email trait).
    public func winners(_ campaign: Campaign, now: Int64) async throws -> WinnersList {
        guard let rule = campaign.reward else {
            throw StrataError(.invalidParameter, "Campaign \"\(campaign.name)\" has no reward rule; add \"reward\": "
                + "{\"score\": \"event:purchase\", \"winners\": 100} to rank its participants.", field: "reward")
        }
        let participants = try database.reachedUsers(campaign: campaign.name)
        let from = campaign.startsAt ?? {
            if case .once(let at)? = campaign.schedule { return at }
            return Int64.min + 1
        }()
        var list = try await index.winners(rule, participants: participants, from: from, to: min(campaign.endsAt ?? now, now))
        let profiles = Dictionary(try database.profiles(uids: list.winners.map(\.uid)).map { ($0.uid, $0) },
                                  uniquingKeysWith: { a, _ in a })
        for i in list.winners.indices {
            let profile = profiles[list.winners[i].uid]
            let display = profile?.userId ?? profile?.traits["phone"]?.stringValue ?? profile?.traits["email"]?.stringValue
                ?? String(list.winners[i].uid)
            list.winners[i].maskedId = MaskingPolicy.maskForPublication(display)
        }
        return list
    }
}
