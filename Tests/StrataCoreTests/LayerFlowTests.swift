import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct LayerFlowTests {
    static let day: Int64 = 86_400_000
    static let asOf = Timestamp.parse("2026-09-30T12:00:00Z")!

    /// Start: A {1, 2, 3}, B {4, 5}; end: A {1, 6}, B {2, 4}; universe 1…7.
    static func flow() -> LayerFlow {
        LayerFlow(from: [("A", UserSet([1, 2, 3])), ("B", UserSet([4, 5]))],
                  to: [("A", UserSet([1, 6])), ("B", UserSet([2, 4]))],
                  universe: UserSet(1...7))
    }

    @Test func theMatrixCountsUsersByStartAndEndLayerWithOutsideLast() {
        let flow = Self.flow()
        #expect(LayerFlow.outside == "(none)")
        #expect(flow.layers == ["A", "B", "(none)"])
        // Rows: start layer; columns: end layer. 3 leaves every layer, 5 too; 6 arrives in A; 7 stays outside.
        #expect(flow.matrix == [
            [1, 1, 1],
            [0, 1, 1],
            [1, 0, 1],
        ])
    }

    @Test func rowAndColumnSumsAreTheLayerSizesAndAddUpToTheUniverse() {
        let flow = Self.flow()
        #expect(flow.startSizes == [3, 2, 2])
        #expect(flow.endSizes == [2, 2, 3])
        #expect(flow.startSizes.reduce(0, +) == 7)
        #expect(flow.endSizes.reduce(0, +) == 7)
    }

    @Test func usersOfACellAreTheUsersCounted() throws {
        let flow = Self.flow()
        #expect(Array(try flow.users(from: "A", to: "A")) == [1])
        #expect(Array(try flow.users(from: "A", to: "B")) == [2])
        #expect(Array(try flow.users(from: "A", to: "(none)")) == [3])
        #expect(Array(try flow.users(from: "B", to: "(none)")) == [5])
        #expect(Array(try flow.users(from: "(none)", to: "A")) == [6])
        #expect(Array(try flow.users(from: "(none)", to: "(none)")) == [7])
        #expect(try flow.users(from: "B", to: "A").isEmpty)
        for (i, from) in flow.layers.enumerated() {
            for (j, to) in flow.layers.enumerated() {
                #expect(try flow.users(from: from, to: to).count == flow.matrix[i][j], "\(from) → \(to)")
            }
        }
    }

    @Test func anUnknownLayerIsAnErrorListingTheLayers() {
        let flow = Self.flow()
        for (from, to, field) in [("C", "A", "from_layer"), ("A", "C", "to_layer"), ("a", "A", "from_layer")] {
            do {
                _ = try flow.users(from: from, to: to)
                Issue.record("accepted \(from) → \(to)")
            } catch let error as StrataError {
                #expect(error.code == .invalidParameter)
                #expect(error.field == field)
                #expect(error.message.contains("A, B, (none)"), "\(error.message)")
            } catch { Issue.record("\(error)") }
        }
    }

    @Test func aUserInSeveralLayersCountsInTheFirstAndUsersOutsideTheUniverseNowhere() throws {
        // 2 is in A and B at both ends; 9 is not in the universe; the end's C is not a start layer.
        let flow = LayerFlow(from: [("A", UserSet([1, 2, 9])), ("B", UserSet([2, 3]))],
                             to: [("B", UserSet([1, 2, 3, 9])), ("A", UserSet([2])), ("C", UserSet([4]))],
                             universe: UserSet([1, 2, 3, 4]))
        #expect(flow.layers == ["A", "B", "(none)"])
        #expect(flow.matrix == [
            [1, 1, 0],   // A: 2 stays in A, 1 moves to B
            [0, 1, 0],   // B: 3 stays
            [0, 0, 1],   // 4: in C at the end, which is no layer of the model
        ])
        #expect(Array(try flow.users(from: "A", to: "A")) == [2])
        #expect(flow.startSizes.reduce(0, +) == 4)
    }

    @Test func anEmptyFlowHasOnlyZeros() {
        let flow = LayerFlow(from: [("A", UserSet())], to: [], universe: UserSet())
        #expect(flow.layers == ["A", "(none)"])
        #expect(flow.matrix == [[0, 0], [0, 0]])
    }

    // MARK: - Lifecycle layers

    /// Users and their events (days before `asOf`); profiles carry the matching first and last seen.
    static func lifecycleIndex() -> UserIndex {
        var index = UserIndex()
        let history: [Int64: [Int64]] = [
            1: [2],            // new at asOf; does not exist yet 10 days earlier
            2: [40, 11, 1],    // active at asOf (11 days ago is in the gap window); returning 10 days earlier
            3: [60, 1],        // returning at asOf; churned 10 days earlier
            4: [60, 20],       // silent at both
            5: [90, 45],       // churned at both
            6: [],             // never active: churned
        ]
        var events: [(uid: Int64, time: Int64)] = []
        for (uid, days) in history.sorted(by: { $0.key < $1.key }) {
            var computed = ComputedAttributes()
            computed.firstSeen = days.max().map { asOf - $0 * day }
            computed.lastSeen = days.min().map { asOf - $0 * day }
            index.setUser(uid: uid, computed: computed, traits: [:])
            events += days.map { (uid, asOf - $0 * day) }
        }
        for event in events.sorted(by: { $0.time < $1.time }) {
            index.appendEvent(uid: event.uid, name: "app_open", time: event.time, propertiesText: nil, properties: { [:] })
        }
        return index
    }

    @Test func lifecycleLayersAreTheFiveStagesInDisplayOrder() {
        let model = LayerModel.lifecycle(.daily)
        #expect(model.name == "lifecycle")
        #expect(model.layerNames == ["new", "returning", "active", "silent", "churned"])
        let index = Self.lifecycleIndex()
        let now = model.layers(index, asOf: Self.asOf, settings: WorkspaceSettings())
        #expect(now.map(\.name) == model.layerNames)
        #expect(now.map { Array($0.users) } == [[1], [3], [2], [4], [5, 6]])
        let before = model.layers(index, asOf: Self.asOf - 10 * Self.day, settings: WorkspaceSettings())
        #expect(before.map { Array($0.users) } == [[], [2], [], [4], [3, 5, 6]])
    }

    @Test func theLifecycleFlowOverTenDays() throws {
        let index = Self.lifecycleIndex()
        let model = LayerModel.lifecycle(.daily)
        let settings = WorkspaceSettings()
        let flow = LayerFlow(from: model.layers(index, asOf: Self.asOf - 10 * Self.day, settings: settings),
                             to: model.layers(index, asOf: Self.asOf, settings: settings), universe: index.live)
        #expect(flow.layers == ["new", "returning", "active", "silent", "churned", "(none)"])
        #expect(flow.matrix == [
            [0, 0, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0],   // 2: returning → active
            [0, 0, 0, 0, 0, 0],
            [0, 0, 0, 1, 0, 0],   // 4 stays silent
            [0, 1, 0, 0, 2, 0],   // 3 came back; 5 and 6 stay churned
            [1, 0, 0, 0, 0, 0],   // 1 did not exist yet and is new
        ])
        #expect(Array(try flow.users(from: "churned", to: "returning")) == [3])
        #expect(Array(try flow.users(from: "(none)", to: "new")) == [1])
        #expect(flow.startSizes == [0, 1, 0, 1, 3, 1])
        #expect(flow.endSizes == [1, 1, 1, 1, 2, 0])
    }

    @Test func rfmAndScoringModelsNameTheirLayers() {
        #expect(LayerModel.rfm(RFMModel()).name == "rfm")
        #expect(LayerModel.rfm(RFMModel()).layerNames == ["重要价值", "重要发展", "重要保持", "重要挽留",
                                                          "一般价值", "一般发展", "一般保持", "一般挽留"])
        // RFM layers hold buyers only: the lifecycle index has none, so every layer is empty.
        let layers = LayerModel.rfm(RFMModel()).layers(Self.lifecycleIndex(), asOf: Self.asOf,
                                                        settings: WorkspaceSettings())
        #expect(layers.count == 8)
        #expect(layers.allSatisfy { $0.users.isEmpty })
    }
}
