import Foundation
import Testing

/// Keeps the layering of `docs/ARCHITECTURE.md` true: every target imports exactly what
/// `Package.swift` declares for it, and nothing the document forbids.
@Suite struct ArchitectureTests {
    /// The repository root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Modules of the toolchain, which `Package.swift` never declares.
    static let system: Set<String> = ["Foundation", "FoundationNetworking", "FoundationEssentials", "Glibc", "Darwin",
                                      "Dispatch", "Synchronization", "Testing", "XCTest", "_Concurrency"]

    /// A target's name, its folder, and the modules it declares.
    struct Target {
        var name: String
        var path: String
        var dependencies: Set<String>
        var isExecutable = false
    }

    /// The targets of `Package.swift`: each `.target`, `.executableTarget` and `.testTarget` call,
    /// its `name:`, its `path:` (default `Sources/NAME` or `Tests/NAME`), and the names in its
    /// `dependencies:` (target names and `.product(name:)`, whose module shares the product's name).
    static func targets(_ manifest: String) throws -> [Target] {
        var targets: [Target] = []
        let call = try Regex(#"\.(target|executableTarget|testTarget)\("#)
        for match in manifest.matches(of: call) {
            // The call's text: up to its balanced closing parenthesis.
            var depth = 0
            var end = match.range.upperBound
            var i = manifest.index(before: match.range.upperBound)
            while i < manifest.endIndex {
                if manifest[i] == "(" { depth += 1 }
                if manifest[i] == ")" { depth -= 1; if depth == 0 { end = i; break } }
                i = manifest.index(after: i)
            }
            let text = String(manifest[match.range.upperBound..<end])
            guard let name = text.firstMatch(of: try Regex(#"name:\s*"([^"]+)""#))?.output[1].substring else { continue }
            let kind = String(match.output[1].substring ?? "")
            let path = text.firstMatch(of: try Regex(#"path:\s*"([^"]+)""#))?.output[1].substring.map(String.init)
                ?? (kind == "testTarget" ? "Tests/\(name)" : "Sources/\(name)")
            var dependencies: Set<String> = []
            if let range = text.range(of: "dependencies:") {
                let list = text[range.upperBound...]
                for product in list.matches(of: try Regex(#"\.product\(\s*name:\s*"([^"]+)""#)) {
                    dependencies.insert(String(product.output[1].substring ?? ""))
                }
                let withoutProducts = list.replacing(try Regex(#"\.product\([^)]*\)"#), with: "")
                for plain in withoutProducts.matches(of: try Regex(#""([^"]+)""#)) {
                    dependencies.insert(String(plain.output[1].substring ?? ""))
                }
            }
            targets.append(Target(name: String(name), path: path, dependencies: dependencies,
                                  isExecutable: kind == "executableTarget"))
        }
        return targets
    }

    /// The modules imported by each Swift file under a folder (`import X`, `@testable import X`,
    /// `@preconcurrency import X`, `import struct X.Y`), by file path.
    static func imports(under folder: URL) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        let pattern = #/^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)/#
        for case let file as URL in files where file.pathExtension == "swift" {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            var modules: Set<String> = []
            for line in text.split(separator: "\n") {
                if let match = line.firstMatch(of: pattern) { modules.insert(String(match.output.1)) }
            }
            result[file.path] = modules
        }
        return result
    }

    /// The "must not import" column of the table in `docs/ARCHITECTURE.md`, by target.
    static func forbidden(_ document: String) -> [String: Set<String>] {
        var rules: [String: Set<String>] = [:]
        for line in document.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5, !cells[1].isEmpty, cells[1] != "target", !cells[1].hasPrefix("---") else { continue }
            rules[cells[1]] = Set(cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && $0 != "—" })
        }
        return rules
    }

    func manifest() throws -> (targets: [Target], document: String) {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let document = try String(contentsOf: Self.root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        return (try Self.targets(manifest), document)
    }

    @Test func everyTargetImportsExactlyWhatPackageSwiftDeclares() throws {
        let (targets, _) = try manifest()
        #expect(targets.count >= 12, "Package.swift's targets were not all read: \(targets.map(\.name))")
        let names = Set(targets.map(\.name))
        let executables = Set(targets.filter(\.isExecutable).map(\.name))
        var problems: [String] = []
        for target in targets {
            let byFile = Self.imports(under: Self.root.appendingPathComponent(target.path))
            #expect(!byFile.isEmpty, "\(target.name) has no Swift files under \(target.path)")
            let imported = byFile.values.reduce(into: Set<String>()) { $0.formUnion($1) }.subtracting(Self.system)
                .subtracting([target.name])
            let declared = target.dependencies
            for module in imported.subtracting(declared).sorted() {
                let files = byFile.filter { $0.value.contains(module) }.keys.map { ($0 as NSString).lastPathComponent }
                problems.append("\(target.name) imports \(module) (\(files.sorted().joined(separator: ", "))) "
                    + "but Package.swift does not declare it")
            }
            // Declared but never imported: a stale dependency (library targets only; products may be
            // link-only, and a test target depends on an executable to have it built, not to import it).
            for module in declared.subtracting(imported).sorted() where names.contains(module) && !executables.contains(module) {
                problems.append("\(target.name) declares \(module) in Package.swift but never imports it")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func noTargetImportsWhatTheArchitectureForbids() throws {
        let (targets, document) = try manifest()
        let rules = Self.forbidden(document)
        #expect(rules["StrataCore"]?.isSuperset(of: ["StrataStore", "StrataServer", "StrataChannels", "GRDB",
                                                     "Hummingbird", "NIOCore"]) == true,
                "docs/ARCHITECTURE.md must forbid Core from importing Store, Server, Channels, GRDB, Hummingbird, NIO")
        var problems: [String] = []
        for target in targets {
            guard let banned = rules[target.name] else { continue }
            for (file, modules) in Self.imports(under: Self.root.appendingPathComponent(target.path)) {
                for module in modules.intersection(banned).sorted() {
                    problems.append("\((file as NSString).lastPathComponent) in \(target.name) imports \(module)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // Every source target is governed by a row.
        for target in targets where target.path.hasPrefix("Sources/") {
            #expect(rules[target.name] != nil, "docs/ARCHITECTURE.md has no row for \(target.name)")
        }
    }

    @Test func onlyServerStartingCommandsImportTheServer() throws {
        let allowed: Set<String> = ["ServeCommand.swift", "DemoCommand.swift", "ServerOptions.swift", "BenchCommand.swift",
                                    "DashboardBench.swift", "CampaignsBench.swift"]
        let byFile = Self.imports(under: Self.root.appendingPathComponent("Sources/strata"))
        let importing = Set(byFile.filter { $0.value.contains("StrataServer") || $0.value.contains("Hummingbird") }
            .keys.map { ($0 as NSString).lastPathComponent })
        #expect(importing.subtracting(allowed).isEmpty,
                "CLI commands that do not start a server import it: \(importing.subtracting(allowed).sorted())")
    }

    @Test func entryPointsReachTheStoreOnlyThroughTheApplicationLayer() throws {
        // Files that open a store and hand it on (the server's builder and configuration, the
        // CLI's store options, serve and demo), the benchmarks, which time the store itself, and
        // the ledger simulation, which drives it.
        let allowed: [String: Set<String>] = [
            "Sources/StrataServer": ["Application+build.swift", "StrataConfiguration.swift"],
            "Sources/strata": ["StoreOptions.swift", "ServeCommand.swift", "DemoCommand.swift", "BenchCommand.swift",
                               "AnalysisBench.swift", "CampaignsBench.swift", "DashboardBench.swift", "SegmentsBench.swift",
                               "LedgerBench.swift", "PointsSimulateCommand.swift"],
        ]
        for (folder, files) in allowed {
            let importing = Set(Self.imports(under: Self.root.appendingPathComponent(folder))
                .filter { $0.value.contains("StrataStore") || $0.value.contains("GRDB") }
                .keys.map { ($0 as NSString).lastPathComponent })
            #expect(importing.subtracting(files).isEmpty,
                    "\(folder) files that reach the store directly: \(importing.subtracting(files).sorted())")
        }
    }

    @Test func theParserReadsTargetsAndTheRuleTable() throws {
        let targets = try Self.targets("""
            .target(name: "A", dependencies: ["B", .product(name: "GRDB", package: "GRDB.swift")]),
            .testTarget(name: "ATests", dependencies: ["A"], path: "Tests/X"),
            """)
        #expect(targets.map(\.name) == ["A", "ATests"])
        #expect(targets[0].dependencies == ["B", "GRDB"] && targets[0].path == "Sources/A")
        #expect(targets[1].path == "Tests/X")
        let rules = Self.forbidden("""
            | target | role | must not import |
            |---|---|---|
            | A | pure | B, GRDB |
            | C | free | |
            """)
        #expect(rules == ["A": ["B", "GRDB"], "C": []])
    }
}
