// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "coffer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coffer", targets: ["coffer"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .target(name: "CofferAPI", swiftSettings: strict),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "CofferHCL", swiftSettings: strict),
        .target(
            name: "CofferCore",
            dependencies: [
                "CofferAPI", "CofferHCL",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CofferAuth",
            dependencies: [
                "CofferCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CofferSQLite",
            dependencies: [
                "CofferCore",
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CofferSecrets",
            dependencies: ["CofferCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "CofferHTTP",
            dependencies: [
                "CofferCore", "CMalloc",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CofferClient",
            dependencies: ["CofferAPI", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict
        ),
        .target(
            name: "CofferCLI",
            dependencies: ["CofferClient", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "coffer",
            dependencies: [
                "CofferCore", "CofferSQLite", "CofferSecrets", "CofferAuth", "CofferHTTP", "CofferCLI", "CofferHCL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "coffer-bench-floor",
            dependencies: ["CofferHTTP", .product(name: "Hummingbird", package: "hummingbird")],
            path: "bench/Floor"),
        .target(
            name: "CofferStorageTesting", dependencies: ["CofferCore"], path: "Tests/CofferStorageTesting",
            swiftSettings: strict),
        .testTarget(name: "CofferAPITests", dependencies: ["CofferAPI"], swiftSettings: strict),
        .testTarget(name: "CofferHCLTests", dependencies: ["CofferHCL"], swiftSettings: strict),
        .testTarget(
            name: "CofferSecretsTests", dependencies: ["CofferSecrets", "CofferCore"], swiftSettings: strict),
        .testTarget(
            name: "CofferCoreTests", dependencies: ["CofferCore", "CofferStorageTesting"], swiftSettings: strict),
        .testTarget(
            name: "CofferSQLiteTests", dependencies: ["CofferSQLite", "CofferCore", "CofferStorageTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "CofferCLITests", dependencies: ["CofferCLI", "CofferClient", "CofferAPI"], swiftSettings: strict),
        .testTarget(
            name: "CofferConfigTests", dependencies: ["coffer", "CofferHCL", "CofferHTTP"], swiftSettings: strict),
        .testTarget(
            name: "CofferServerTests",
            dependencies: [
                "CofferCore", "CofferSecrets", "CofferAuth", "CofferHTTP", "CofferSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
