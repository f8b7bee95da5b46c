import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    func addCampaignRoutes(to router: Router<Context>) {
    }
}
