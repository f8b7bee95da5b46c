import Foundation
import StrataCore
import StrataStore

extension IndexService {
    /// Takes and stores the snapshot of every saved segment and model layer for a day, after
    /// reading the latest writes.
    @discardableResult
    public func takeSnapshots(day: String, now: Int64) throws -> Int {
        try refresh()
        return try database.takeSnapshots(day: day, now: now, index: index, directory: try directory())
    }

    /// The flow between a model's layers from one day to another (see `AppDatabase.flow`).
    public func flow(_ model: LayerModel, from: String, to: String, useSnapshots: Bool, now: Int64) throws
        -> (flow: LayerFlow, fromSnapshot: (Bool, Bool))
    {
        try refresh()
        return try database.flow(model, from: from, to: to, useSnapshots: useSnapshots, now: now, index: index)
    }

    /// The layer of each profile in each built-in model (lifecycle, RFM) as of an instant,
    /// after reading the latest writes.
    public func layers(of users: [Int64], asOf: Int64) throws -> [(model: String, layers: [String?])] {
        guard !users.isEmpty else { return [("lifecycle", []), ("rfm", [])] }
        try refresh()
        return [LayerModel.lifecycle(.daily), .rfm(RFMModel())].map {
            ($0.name, $0.layer(of: users, index, asOf: asOf, settings: database.settings))
        }
    }
}
