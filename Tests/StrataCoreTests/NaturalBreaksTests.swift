import Foundation
import StrataCore
import StrataTestSupport
import Testing

@Suite struct NaturalBreaksTests {
    @Test func breaksFallAtTheTopsOfObviousClusters() {
        let values: [Double] = [1, 1, 2, 10, 11, 50, 52, 100, 500]
        #expect(NaturalBreaks.suggest(values, classes: 5) == [2, 11, 52, 100])
        // Order does not matter.
        #expect(NaturalBreaks.suggest(values.reversed(), classes: 5) == [2, 11, 52, 100])
        // Two classes: the outlier alone above everything else.
        #expect(NaturalBreaks.suggest(values, classes: 2) == [100])
        #expect(NaturalBreaks.suggest([1, 2, 3, 100, 101], classes: 2) == [3])
        #expect(NaturalBreaks.suggest([1, 2, 3, 100, 101, 102, 200, 201], classes: 3) == [3, 102])
    }

    @Test func fewerDistinctValuesThanClassesGiveFewerBreaks() {
        #expect(NaturalBreaks.suggest([3, 3, 7, 7, 7], classes: 5) == [3])
        #expect(NaturalBreaks.suggest([1, 5, 9], classes: 5) == [1, 5])
        #expect(NaturalBreaks.suggest([4, 4, 4], classes: 5) == [])
        #expect(NaturalBreaks.suggest([], classes: 5) == [])
        #expect(NaturalBreaks.suggest([1, 2, 3], classes: 1) == [])
    }

    @Test func manyValuesAreBinnedAndStillSplitAtTheGaps() {
        // 600 values in three tight groups, more than the 256 histogram bins.
        var values: [Double] = []
        for i in 0..<200 { values += [Double(i % 10), 1000 + Double(i % 10), 5000 + Double(i % 10)] }
        #expect(NaturalBreaks.suggest(values, classes: 3) == [9, 1009])
    }

    @Test func curveGivesTheValueAtEvenlySpacedShares() {
        let values: [Double] = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
        let curve = NaturalBreaks.curve(values, points: 5)
        #expect(curve.map(\.share) == [0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(curve.map(\.value) == [2, 4, 6, 8, 10])
        // Nearest rank: with 4 values, 25 % is the first and 30 % already the second.
        #expect(NaturalBreaks.curve([40, 10, 30, 20], points: 4).map(\.value) == [10, 20, 30, 40])
        #expect(NaturalBreaks.curve([40, 10, 30, 20], points: 10).map(\.value)
            == [10, 10, 20, 20, 20, 30, 30, 40, 40, 40])
        let single = NaturalBreaks.curve([7], points: 3)
        #expect(single.map(\.value) == [7, 7, 7])
        let thirds: [Double] = [1.0 / 3, 2.0 / 3, 1]
        #expect(single.map(\.share) == thirds)
        #expect(NaturalBreaks.curve([], points: 5).isEmpty)
        #expect(NaturalBreaks.curve([1, 2], points: 0).isEmpty)
        #expect(NaturalBreaks.curve(values).count == 20)
    }
}

/// RFM scored by chosen break points and by natural breaks (`RFMModel.Scoring`).
extension NaturalBreaksTests {
    @Suite struct RFMScoring {
        static let day: Int64 = 86_400_000
        static let asOf = Timestamp.parse("2026-09-30T00:00:00Z")!

        /// Buyers by uid: (days ago, revenue) of each purchase.
        static func index(_ purchases: [Int64: [(Int64, Double)]]) -> UserIndex {
            var index = UserIndex()
            var events: [(uid: Int64, time: Int64, revenue: Double)] = []
            for (uid, list) in purchases.sorted(by: { $0.key < $1.key }) {
                index.setUser(uid: uid, computed: ComputedAttributes(), traits: [:])
                events += list.map { (uid, asOf - $0.0 * day, $0.1) }
            }
            for e in events.sorted(by: { $0.time < $1.time }) {
                index.appendEvent(uid: e.uid, name: "purchase", time: e.time, propertiesText: "{\"revenue\":\(e.revenue)}",
                                  properties: { ["revenue": .number(e.revenue)] })
            }
            return index
        }

        @Test func chosenBreakPointsScoreAValueAboveTheKthPointAsKPlus1() throws {
            let index = Self.index([
                1: [(1, 50)],                                 // recency 1, frequency 1, monetary 50
                2: [(30, 100), (40, 100)],                    // recency 30 (on a break point), 2, 200
                3: [(31, 400), (50, 400), (60, 400)],         // 31, 3, 1200
                4: [(200, 3000), (210, 3000), (220, 3000), (230, 3000), (240, 3000), (250, 3000)],  // 200, 6, 18000
            ])
            let model = RFMModel(scoring: .breakPoints(recency: [7, 30, 90, 180], frequency: [1, 2, 3, 5],
                                                       monetary: [100, 500, 1000, 5000]))
            try model.validate()
            let result = model.run(index, asOf: Self.asOf)
            #expect(result.breakPoints.recency == [7, 30, 90, 180])
            #expect(result.breakPoints.frequency == [1, 2, 3, 5])
            #expect(result.breakPoints.monetary == [100, 500, 1000, 5000])
            func rfm(_ uid: Int) -> [Int]? { result.scores[uid].map { [$0.r, $0.f, $0.m] } }
            // Recency: fewer days is better, so r = 6 − (1 + points below).
            #expect(rfm(1) == [5, 1, 1])
            #expect(rfm(2) == [4, 2, 2])   // 30 days is not above 30; 200 is above 100 only
            #expect(rfm(3) == [3, 3, 4])
            #expect(rfm(4) == [1, 5, 5])
            #expect(result.scores[2]?.recencyDays == 30 && result.scores[2]?.monetary == 200)
        }

        @Test func fewerBreakPointsGiveFewerScores() {
            let index = Self.index([1: [(1, 10)], 2: [(20, 10), (21, 10)]])
            let model = RFMModel(scoring: .breakPoints(recency: [10], frequency: [1], monetary: [15]))
            let result = model.run(index, asOf: Self.asOf)
            #expect(result.scores[1].map { [$0.r, $0.f, $0.m] } == [5, 1, 1])
            #expect(result.scores[2].map { [$0.r, $0.f, $0.m] } == [4, 2, 2])
        }

        @Test func naturalScoringCutsEachMetricAtItsNaturalBreaks() {
            // Frequencies in five clusters: 1 1 2 3 | 10 11 12 | 30 | 50 51 | 100; every purchase worth 2
            // and made one day ago.
            let frequencies: [Int] = [1, 1, 2, 3, 10, 11, 12, 30, 50, 51, 100]
            var purchases: [Int64: [(Int64, Double)]] = [:]
            for (i, f) in frequencies.enumerated() { purchases[Int64(i + 1)] = Array(repeating: (1, 2), count: f) }
            let result = RFMModel(scoring: .natural).run(Self.index(purchases), asOf: Self.asOf)
            #expect(result.breakPoints.frequency == [3, 12, 30, 51])
            #expect(result.breakPoints.monetary == [6, 24, 60, 102])
            // Every buyer has the same recency: no break point, and everyone the best recency score.
            #expect(result.breakPoints.recency == [])
            let expectedF = [1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 5]
            #expect((1...11).map { result.scores[$0]?.f } == expectedF)
            #expect((1...11).map { result.scores[$0]?.m } == expectedF)
            #expect((1...11).allSatisfy { result.scores[$0]?.r == 5 })
            // Quintiles on the same data cut inside the clusters: 20 % … 80 % of 11 buyers are the 3rd, 5th, 7th, 9th.
            let quintiles = RFMModel().run(Self.index(purchases), asOf: Self.asOf)
            #expect(quintiles.breakPoints.frequency == [2, 10, 12, 50])
        }

        @Test func validateRefusesBreakPointsThatAreNotOneToFourAscendingNumbers() throws {
            func field(recency: [Double] = [7, 30], frequency: [Double] = [1, 2], monetary: [Double] = [10]) -> String? {
                do {
                    try RFMModel(scoring: .breakPoints(recency: recency, frequency: frequency, monetary: monetary)).validate()
                    return nil
                } catch let error as StrataError {
                    #expect(error.code == .invalidParameter)
                    return error.field
                } catch {
                    Issue.record("\(error)")
                    return nil
                }
            }
            #expect(field() == nil)
            #expect(field(recency: [30, 7]) == "recency_breaks")
            #expect(field(recency: [7, 7]) == "recency_breaks")
            #expect(field(recency: []) == "recency_breaks")
            #expect(field(recency: [1, 2, 3, 4, 5]) == "recency_breaks")
            #expect(field(recency: [1, .infinity]) == "recency_breaks")
            #expect(field(recency: [.nan]) == "recency_breaks")
            #expect(field(frequency: [5, 2, 8]) == "frequency_breaks")
            #expect(field(monetary: [100, 100]) == "monetary_breaks")
            #expect(field(recency: [1, 2, 3, 4], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4]) == nil)
            // Other scorings have nothing to check.
            try RFMModel(scoring: .natural).validate()
            try RFMModel().validate()
        }
    }
}
