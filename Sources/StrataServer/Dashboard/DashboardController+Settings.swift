import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    func addSettingsRoutes(to router: Router<Context>) {
    }
}
