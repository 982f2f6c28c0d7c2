// swift-tools-version: 6.1
//
// mfsweep — tunes, tracks and ships matrix-factorization recommenders.
// Module graph (a target imports only what it lists; README.md's module table says why):
//   Core                                  vocabulary: parameter values, hyperparameters, errors
//   Ratings        ← Core                 ratings tables, loaders, splits, synthetic data
//   CPrefetch                             the CPU prefetch hint (C), for the kernel
//   Factorization  ← Core, Ratings, CPrefetch   the numeric kernel: training and inference
//   Search         ← Core                 sweep files, samplers, pruning rules
//   Tracking       ← Core, GRDB, PostgresNIO   the run store (SQLite or PostgreSQL)
//   Reports        ← Core, Ratings, Factorization      text / markdown / JSON / SVG out
//   Agents         ← Core, Ratings, Factorization, Search, Tracking, Reports
//   Registry       ← Core, Ratings, Factorization, Search, Tracking, Agents
//   Dashboard      ← Core, Search, Tracking, Reports, Agents, Registry, Hummingbird   `serve`
//   MFSweepCLI     ← every module above, ArgumentParser
//   mfsweep        ← MFSweepCLI
import PackageDescription

let argumentParser: Package.Dependency = .package(
    url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
let grdb: Package.Dependency = .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0")
let postgres: Package.Dependency = .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2")
let nio: Package.Dependency = .package(url: "https://github.com/apple/swift-nio", from: "2.101.2")
let nioSSL: Package.Dependency = .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6")
let log: Package.Dependency = .package(url: "https://github.com/apple/swift-log", from: "1.16.2")
let hummingbird: Package.Dependency = .package(
    url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: [])
let httpTypes: Package.Dependency = .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0")

/// The numeric kernel is always optimised (debug builds too, so `swift test` trains at full
/// speed), and on x86_64 uses AVX2 + FMA: without them `SIMD8<Float>` lowers to SSE2 and
/// `addProduct` to a libm `fmaf` call per lane (4-10x slower). Every x86-64-v3 machine (Haswell,
/// Zen and later) has both; on an older CPU the kernel would stop with an illegal instruction.
/// `-fno-math-errno` lets `SIMD8<Float>.squareRoot()` (RMSProp's and Adam's denominators) become
/// one `vsqrtps` instead of 8 `sqrtf` calls guarded for errno; the results are bit-identical
/// (both are correctly rounded), only errno is not set for negative arguments.
var kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
#if arch(x86_64)
kernelFlags.append(.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-fno-math-errno"]))
#endif

let package = Package(
    name: "mfsweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mfsweep", targets: ["mfsweep"]),
        .library(name: "Core", targets: ["Core"]),
        .library(name: "Ratings", targets: ["Ratings"]),
        .library(name: "Factorization", targets: ["Factorization"]),
        .library(name: "Search", targets: ["Search"]),
        // For the benchmarks package (mfbench report).
        .library(name: "Tracking", targets: ["Tracking"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Agents", targets: ["Agents"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
    ],
    dependencies: [argumentParser, grdb, postgres, nio, nioSSL, log, hummingbird, httpTypes],
    targets: [
        // Fixtures shared by the test targets (temporary folders, MovieLens 100k, snapshots).
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .target(name: "Core"),
        .testTarget(name: "CoreTests", dependencies: ["TestSupport", "Core"]),

        .target(name: "Ratings", dependencies: ["Core"]),
        .testTarget(name: "RatingsTests", dependencies: ["TestSupport", "Ratings", "Core"]),

        // The CPU's prefetch hint, for the trainer's gathers of factor rows.
        .target(name: "CPrefetch"),
        .target(name: "Factorization", dependencies: ["Core", "Ratings", "CPrefetch"], swiftSettings: kernelFlags),
        .testTarget(name: "FactorizationTests", dependencies: ["TestSupport", "Factorization", "Ratings", "Core"]),

        .target(name: "Search", dependencies: ["Core"]),
        .testTarget(name: "SearchTests", dependencies: ["TestSupport", "Search", "Core"]),

        .target(
            name: "Tracking",
            dependencies: [
                "Core", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "TrackingTests",
            dependencies: ["TestSupport", "Tracking", "Core", .product(name: "GRDB", package: "GRDB.swift")]),

        .target(name: "Reports", dependencies: ["Core", "Ratings", "Factorization"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["TestSupport", "Reports", "Factorization", "Ratings", "Core"],
            exclude: ["Snapshots"]),

        .target(
            name: "Agents",
            dependencies: ["Core", "Ratings", "Factorization", "Search", "Tracking", "Reports"]),
        .testTarget(
            name: "AgentsTests",
            dependencies: [
                "TestSupport", "Agents", "Registry", "Search", "Tracking", "Ratings", "Factorization", "Core",
            ]),

        .target(
            name: "Registry",
            dependencies: ["Core", "Ratings", "Factorization", "Search", "Tracking", "Reports", "Agents"]),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["TestSupport", "Registry", "Agents", "Tracking", "Factorization", "Ratings", "Core"]),

        .target(
            name: "Dashboard",
            dependencies: [
                "Core", "Search", "Tracking", "Reports", "Agents", "Registry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "TestSupport", "Dashboard", "Agents", "Registry", "Tracking", "Reports", "Search", "Core",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        .target(
            name: "MFSweepCLI",
            dependencies: [
                "Core", "Ratings", "Factorization", "Search", "Tracking", "Reports", "Agents", "Registry", "Dashboard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "MFSweepCLITests",
            dependencies: [
                "TestSupport",
                "MFSweepCLI", "Core", "Ratings", "Factorization", "Search", "Registry", "Tracking", "Agents",
            ]),

        .executableTarget(name: "mfsweep", dependencies: ["MFSweepCLI"]),
    ]
)

// Stricter checks for every target: no module leaks its imports (`InternalImportsByDefault`).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
