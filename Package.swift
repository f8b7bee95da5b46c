// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Strata",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
        .library(name: "StrataCore", targets: ["StrataCore"]),
        .library(name: "StrataStore", targets: ["StrataStore"]),
        .library(name: "StrataChannels", targets: ["StrataChannels"]),
        .library(name: "StrataPages", targets: ["StrataPages"]),
        .library(name: "StrataApp", targets: ["StrataApp"]),
        .library(name: "StrataServer", targets: ["StrataServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "StrataCore",
            dependencies: []
        ),
        .target(
            name: "StrataStore",
            dependencies: [
                "StrataCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "StrataChannels",
            dependencies: [
                "StrataCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "StrataPages",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "StrataApp",
            dependencies: [
                "StrataCore",
                "StrataStore",
                "StrataChannels",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "StrataServer",
            dependencies: [
                "StrataCore",
                "StrataStore",
                "StrataChannels",
                "StrataApp",
                "StrataPages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataCore",
                "StrataStore",
                "StrataChannels",
                "StrataApp",
                "StrataServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The fuzz targets: `scripts/fuzz` builds this with --sanitize=fuzzer -DFUZZING; the
        // plain build replays inputs (`strata-fuzz TARGET FILE…`).
        .executableTarget(
            name: "strata-fuzz",
            dependencies: [
                "StrataCore",
                "StrataChannels",
                "StrataServer",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "StrataTestSupport",
            dependencies: ["StrataCore", "StrataStore"],
            path: "Tests/StrataTestSupport"
        ),
        .testTarget(
            name: "StrataCoreTests",
            dependencies: ["StrataCore", "StrataStore", "StrataTestSupport"]
        ),
        .testTarget(
            name: "StrataStoreTests",
            dependencies: ["StrataCore", "StrataStore", "StrataTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "StrataAppTests",
            dependencies: ["StrataCore", "StrataStore", "StrataApp", "StrataTestSupport"]
        ),
        .testTarget(name: "StrataCLITests", dependencies: ["strata", "StrataApp", "StrataCore", "StrataStore", "StrataTestSupport",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "StrataChannelsTests",
            dependencies: [
                "StrataChannels",
                "StrataCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "StrataPagesTests", dependencies: ["StrataPages", "StrataCore"]),
        .testTarget(
            name: "StrataServerTests",
            dependencies: [
                "StrataServer",
                "StrataApp",
                "StrataChannels",
                "StrataCore",
                "StrataStore",
                "StrataTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
