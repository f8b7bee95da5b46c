/// How users flowed between a model's layers from one date to another (用户流转): the
/// transition matrix ("how many 重要价值 users on 09-01 are 重要挽留 on 09-30") and the users of
/// any cell, so a cell can become a segment.
///
/// Users in no layer on a date (not yet seen, or not buyers for RFM) are counted under
/// `LayerFlow.outside`, so every row and column adds up.
public struct LayerFlow: Sendable {
    /// The pseudo-layer of users in no layer on a date.
    public static let outside = "(none)"

    /// Row and column names: the model's layers in display order, then `outside`.
    public let layers: [String]
    /// Counts: `matrix[i][j]` users were in `layers[i]` at the start and `layers[j]` at the end.
    public let matrix: [[Int]]
    private let start: [UserSet]
    private let end: [UserSet]

    /// Builds the matrix over `universe` (the users that exist at the end date).
    ///
    /// - Parameters:
    ///   - from: layers at the start, in display order; a user in several counts in the first.
    ///   - to: layers at the end, with the same names.
    public init(from: [(name: String, users: UserSet)], to: [(name: String, users: UserSet)], universe: UserSet) {
        func partition(_ layers: [(name: String, users: UserSet)]) -> [UserSet] {
            var seen = UserSet()
            var sets: [UserSet] = []
            for layer in layers {
                let own = layer.users.intersection(universe).subtracting(seen)
                seen.formUnion(own)
                sets.append(own)
            }
            sets.append(universe.subtracting(seen))
            return sets
        }
        let toByName = Dictionary(to.map { ($0.name, $0.users) }, uniquingKeysWith: { a, _ in a })
        layers = from.map(\.name) + [Self.outside]
        start = partition(from)
        end = partition(from.map { ($0.name, toByName[$0.name] ?? UserSet()) })
        let end = self.end
        matrix = start.map { row in end.map { row.intersection($0).count } }
    }

    /// Users per layer at the start (row totals).
    public var startSizes: [Int] { matrix.map { $0.reduce(0, +) } }
    /// Users per layer at the end (column totals).
    public var endSizes: [Int] { layers.indices.map { j in matrix.reduce(0) { $0 + $1[j] } } }

    /// The users who were in `from` at the start and in `to` at the end.
    ///
    /// - Throws: `StrataError.invalidParameter` naming the valid layers when either is unknown.
    public func users(from: String, to: String) throws -> UserSet {
        guard let i = layers.firstIndex(of: from) else { throw unknown(from, field: "from_layer") }
        guard let j = layers.firstIndex(of: to) else { throw unknown(to, field: "to_layer") }
        return start[i].intersection(end[j])
    }

    private func unknown(_ layer: String, field: String) -> StrataError {
        StrataError(.invalidParameter, "No layer \"\(layer)\"; the layers are \(layers.joined(separator: ", ")).",
                    field: field)
    }
}
