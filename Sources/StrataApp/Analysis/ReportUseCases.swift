import Foundation
import StrataCore
import StrataStore

/// The analysis use cases, written once for the API, the dashboard and the CLI: every report
/// (activity, trend, retention, funnel, lift, channels, LTV) and a funnel step saved as a segment.
public struct ReportUseCases: Sendable {
    let app: AppServices
    /// Who is asking: what the answers show of personal data follows their role.
    let principal: Principal

    /// How personal data is shown to the principal.
    var disclosure: Disclosure { principal.disclosure(app.settings.masking) }

    /// Runs a report named `kind` with its parameters as texts (query or form fields), narrowed
    /// to its segment or layer if it names one; relative ranges count back from the clock's now.
    ///
    /// - Returns: the parsed request and its output.
    public func run(_ kind: String, parameters: [String: String], now: Int64? = nil) async throws
        -> (request: ReportRequest, output: ReportRequest.Output)
    {
        let request = try ReportRequest(kind: kind, parameters: parameters, now: now ?? app.clock.now())
        return (request, request.masked(try await app.index.report(request), by: disclosure))
    }

    /// Saves one funnel step's dropped (or converted) users as a fixed segment named `name`:
    /// the funnel's parameters plus `step`, `which` (dropped | converted), `name`, and optionally
    /// `description` and `owner`.
    ///
    /// - Returns: the segment and its size.
    public func saveFunnelStep(_ parameters: [String: String]) async throws -> (segment: SavedSegment, size: Int) {
        guard let name = parameters["name"], !name.isEmpty else {
            throw StrataError(.invalidField, "Give the segment a \"name\".", field: "name")
        }
        let request = try ReportRequest(kind: "funnel", parameters: parameters, now: app.clock.now())
        let output = try await app.index.report(request)
        let steps = output.stepUsers
        guard let text = parameters["step"], let step = Int(text), (1...steps.count).contains(step) else {
            throw StrataError(.invalidField, "step is the funnel step to save, 1…\(steps.count).", field: "step")
        }
        let users: UserSet
        switch parameters["which"] ?? "dropped" {
        case "converted": users = steps[step - 1]
        case "dropped":
            guard step >= 2 else {
                throw StrataError(.invalidField, "Users drop off from step 2 on; give step 2…\(steps.count).", field: "step")
            }
            users = steps[step - 2].subtracting(steps[step - 1])
        case let other:
            throw StrataError(.invalidField, "which is dropped or converted, not \"\(other)\".", field: "which")
        }
        let which = parameters["which"] ?? "dropped"
        let description = parameters["description"]
            ?? "Funnel \(parameters["steps"] ?? ""): \(which) at step \(step) (\(parameters["from"] ?? "") – \(parameters["to"] ?? ""))"
        let segment = try app.database.saveFixedSegment(name: name, description: description, owner: parameters["owner"] ?? "",
                                                    uids: users.map(Int64.init))
        return (segment, users.count)
    }
}

extension AppServices {
    /// Analysis reports, as `principal` may see them.
    public func reports(_ principal: Principal) -> ReportUseCases { ReportUseCases(app: self, principal: principal) }
}
