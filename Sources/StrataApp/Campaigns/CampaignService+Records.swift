import Foundation
import StrataCore
import StrataStore

extension CampaignService {
    /// Campaigns, optionally of one status, by name.
    public func list(status: CampaignStatus? = nil) throws -> [StoredCampaign] {
        try database.campaigns(status: status)
    }

    /// A campaign.
    ///
    /// - Throws: `StrataError.notFound` when there is none of that name.
    public func named(_ name: String) throws -> StoredCampaign {
        guard let stored = try database.campaign(named: name) else {
            throw StrataError(.notFound, "No campaign named \"\(name)\".", field: "name")
        }
        return stored
    }

    /// Every version of a campaign's definition with its status, note and author.
    public func versions(_ name: String) throws -> [CampaignVersion] {
        try database.campaignVersions(name)
    }

    /// Deletes a draft that never sent.
    public func delete(_ name: String) throws {
        try database.deleteCampaign(named: name)
    }

    /// Messages of a campaign per outbox status.
    public func messageCounts(_ name: String) throws -> [String: Int] {
        try database.outboxCounts(campaign: name)
    }

    /// Alerts, newest first, of one campaign or all.
    public func alerts(campaign: String? = nil, limit: Int = 100) throws
        -> [(campaign: String, alert: CampaignMonitor.Alert, createdAt: Int64)]
    {
        try database.campaignAlerts(campaign: campaign, limit: limit)
    }

    /// The review texts the team wrote (经验总结, 后续计划), if any.
    public func reviewTexts(_ name: String) throws -> (lessons: String?, nextSteps: String?) {
        try database.campaignReviewTexts(name)
    }

    /// Saves the review texts (`nil` leaves a text as it is; an empty text goes back to the
    /// seeded findings).
    public func saveReviewTexts(_ name: String, lessons: String?, nextSteps: String?) throws {
        try database.saveCampaignReviewTexts(name, lessons: lessons, nextSteps: nextSteps)
    }

    /// Freezes a winners list for public display; returns when it was published.
    public func publishWinners(_ list: WinnersList, campaign: String) throws -> Int64 {
        try database.publishWinners(list, campaign: campaign)
    }

    /// The published winners list, if one was published.
    public func publishedWinners(campaign: String) throws -> (list: WinnersList, publishedAt: Int64)? {
        try database.publishedWinners(campaign: campaign)
    }
}
