import Foundation
import Hummingbird
import HummingbirdTesting
import StrataCore
import StrataServer
import StrataStore
import StrataTestSupport

/// Runs a test against a fresh Strata application on a temporary store.
struct ServerHarness {
    static let writeKey = "wk_test_write"
    static let secretKey = "sk_test_secret"

    static func run<Value: Sendable>(
        configure: (inout StrataConfiguration) -> Void = { _ in },
        _ test: @Sendable (any TestClientProtocol, AppDatabase) async throws -> Value
    ) async throws -> Value {
        let directory = TemporaryDirectory()
        var configuration = StrataConfiguration(dataDirectory: directory.path, writeKeys: [writeKey],
                                                secretKeys: [secretKey])
        configuration.dailySnapshots = false
        configure(&configuration)
        let database = try AppDatabase.open(directory: directory.path)
        let app = try buildApplication(configuration: configuration, database: database)
        let result = try await app.test(.router) { client in try await test(client, database) }
        withExtendedLifetime(directory) {}
        return result
    }

    static var basicAuth: HTTPFields {
        [.authorization: "Basic " + Data("\(writeKey):".utf8).base64EncodedString(), .contentType: "application/json"]
    }

    static var bearer: HTTPFields { [.authorization: "Bearer \(secretKey)"] }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue { (try? JSONValue.parse(Data(body.readableBytesView))) ?? .null }
}

extension String {
    var buffer: ByteBuffer { ByteBuffer(string: self) }
}

extension TestClientProtocol {
    /// Calls the admin API with the secret key: status, body as JSON, body as text.
    func admin(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
               contentType: String = "application/json") async throws -> (HTTPResponse.Status, JSONValue, String)
    {
        var headers = ServerHarness.bearer
        headers[.contentType] = contentType
        return try await execute(uri: uri, method: method, headers: headers, body: body?.buffer) {
            ($0.status, $0.json, String(buffer: $0.body))
        }
    }
}
