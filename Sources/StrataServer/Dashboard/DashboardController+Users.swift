import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    func addUserRoutes(to router: Router<Context>) {
    }
}
