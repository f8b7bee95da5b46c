import Foundation
import Hummingbird
import StrataCore
import StrataDashboard
import StrataStore

extension DashboardController {
    func addSegmentRoutes(to router: Router<Context>) {
    }
}
