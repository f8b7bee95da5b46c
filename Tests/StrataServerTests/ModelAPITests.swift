import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataStore
import Testing

@Suite struct ModelAPITests {
    static let seed = """
        {"batch":[
         {"type":"track","userId":"fresh","event":"app_open","timestamp":"2026-09-29T00:00:00Z"},
         {"type":"track","userId":"gone","event":"app_open","timestamp":"2026-06-01T00:00:00Z"},
         {"type":"track","userId":"quiet","event":"app_open","timestamp":"2026-09-10T00:00:00Z"},
         {"type":"track","userId":"quiet","event":"app_open","timestamp":"2026-08-01T00:00:00Z"},
         {"type":"track","userId":"big","event":"purchase","properties":{"revenue":900},"timestamp":"2026-09-28T00:00:00Z"},
         {"type":"track","userId":"big","event":"purchase","properties":{"revenue":900},"timestamp":"2026-09-27T00:00:00Z"},
         {"type":"track","userId":"small","event":"purchase","properties":{"revenue":5},"timestamp":"2026-07-01T00:00:00Z"}]}
        """

    @Test func lifecycleAndRFMLayersWithSizes() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/v1/batch", method: .post, headers: ServerHarness.basicAuth,
                                     body: Self.seed.buffer) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/models/lifecycle?as_of=2026-09-30", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.status == .ok)
                let sizes = Dictionary(uniqueKeysWithValues: (response.json["layers"]?.arrayValue ?? []).map {
                    ($0["name"]?.stringValue ?? "", $0["size"]?.numberValue ?? -1)
                })
                #expect(sizes == ["new": 2, "returning": 0, "active": 0, "silent": 1, "churned": 2])
            }
            try await client.execute(uri: "/api/v1/models/rfm?as_of=2026-09-30", method: .get,
                                     headers: ServerHarness.bearer) { response in
                #expect(response.json["buyers"] == 2)
                let layers = response.json["layers"]?.arrayValue ?? []
                #expect(layers.count == 8)
                #expect(layers.first { $0["name"] == "重要价值" }?["size"] == 1)
                #expect(layers.first { $0["name"] == "一般挽留" }?["size"] == 1)
            }
            // Model layers are conditions in rules.
            try await client.execute(uri: "/api/v1/segments/preview", method: .post, headers: ServerHarness.bearer,
                                     body: #"{"text": "in rfm:important_value or in lifecycle:silent", "as_of": "2026-09-30"}"#.buffer) { response in
                #expect(response.json["size"] == 2)
            }
            try await client.execute(uri: "/api/v1/models/lifecycle?active_days=40&churn_days=30", method: .get,
                                     headers: ServerHarness.bearer) { #expect($0.status == .badRequest) }
        }
    }
}
