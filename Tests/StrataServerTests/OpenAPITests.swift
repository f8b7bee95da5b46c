import Foundation
import Hummingbird
import HummingbirdTesting
import StrataApp
import StrataCore
import StrataServer
import StrataStore
import StrataTestSupport
import Testing

/// The OpenAPI document against the router: no route undocumented, no documented route missing,
/// and the document is served without a key.
@Suite struct OpenAPITests {
    /// Every (METHOD, path) the router serves, less the dashboard's pages.
    static func routes() throws -> Set<String> {
        let directory = TemporaryDirectory()
        let database = try AppDatabase.open(directory: directory.path)
        let configuration = StrataConfiguration(dataDirectory: directory.path, secretKeys: ["sk_test"])
        let app = try AppServices(database: database, buildIndex: false)
        let router = try buildRouter(configuration: configuration, app: app, metrics: StrataMetrics(),
                                     links: try app.trackingLinks(baseURL: "http://127.0.0.1:8080"))
        withExtendedLifetime(directory) {}
        let dashboard = ["/", "/login", "/logout"]
        return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }
            .filter { route in
                let path = String(route.split(separator: " ")[1])
                return !dashboard.contains(path) && !path.hasPrefix("/app")
            })
    }

    /// Every (METHOD, path) the document describes.
    static func documented() throws -> Set<String> {
        let document = try JSONValue.parse(Data(try #require(OpenAPIDocument.text.data(using: .utf8))))
        #expect(document["openapi"]?.stringValue?.hasPrefix("3.1") == true)
        var operations = Set<String>()
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in ["get", "post", "put", "delete", "patch"] where item[method] != nil {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let routes = try Self.routes(), documented = try Self.documented()
        #expect(routes.count > 90)
        #expect(routes.subtracting(documented).sorted() == [], "routes without documentation")
        #expect(documented.subtracting(routes).sorted() == [], "documented routes the router does not serve")
    }

    /// A `{name}` in a path with no matching path parameter is a schema error to every client
    /// generator (Schemathesis refuses the whole document), so each one must be declared.
    @Test func everyPathTemplateHasItsParameter() throws {
        let document = try JSONValue.parse(Data(try #require(OpenAPIDocument.text.data(using: .utf8))))
        let shared = document["components"]?["parameters"]?.objectValue ?? [:]
        var missing: [String] = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            let templated = path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            for method in ["get", "post", "put", "delete", "patch"] {
                guard let operation = item[method] else { continue }
                let declared = ((item["parameters"]?.arrayValue ?? []) + (operation["parameters"]?.arrayValue ?? []))
                    .compactMap { parameter -> String? in
                        let resolved = parameter["$ref"]?.stringValue.flatMap { shared[String($0.split(separator: "/").last ?? "")] } ?? parameter
                        return resolved["in"]?.stringValue == "path" ? resolved["name"]?.stringValue : nil
                    }
                for name in templated where !declared.contains(name) { missing.append("\(method.uppercased()) \(path): \(name)") }
            }
        }
        #expect(missing.sorted() == [], "path parameters used but not declared")
    }

    @Test func theDocumentIsServedWithoutAKey() async throws {
        try await ServerHarness.run { client, _ in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let operations = response.json["paths"]?["/v1/batch"]?["post"]
                #expect(operations?["operationId"] != nil)
            }
            // Everything else under /api/v1 still needs the secret key.
            try await client.execute(uri: "/api/v1/stats", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}
