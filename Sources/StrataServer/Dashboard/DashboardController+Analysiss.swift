import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    func addAnalysisRoutes(to router: Router<Context>) {
    }
}
