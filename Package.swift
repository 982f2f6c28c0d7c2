// swift-tools-version: 6.0
//
// mfsweep — tunes, tracks and ships matrix-factorization recommenders.
// Module graph (arrows are the only allowed imports), see README.md:
//   Ratings ← Factorization ← Search ──┐
//   Ratings, Factorization ← Registry ─┤
//                 Tracking (GRDB) ────┼── Agents ← MFSweepCLI ← mfsweep
//   Ratings, Factorization ← Reports ──┘
import PackageDescription

let argumentParser: Package.Dependency = .package(
    url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
let grdb: Package.Dependency = .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0")

/// The numeric kernel is always optimised (debug builds too, so `swift test` trains at full
/// speed), and on x86_64 uses AVX2 + FMA: without them `SIMD8<Float>` lowers to SSE2 and
/// `addProduct` to a libm `fmaf` call per lane (4-10x slower). Every x86-64-v3 machine (Haswell,
/// Zen and later) has both; on an older CPU the kernel would stop with an illegal instruction.
var kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
#if arch(x86_64)
kernelFlags.append(.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"]))
#endif

let package = Package(
    name: "mfsweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mfsweep", targets: ["mfsweep"]),
        .library(name: "Ratings", targets: ["Ratings"]),
        .library(name: "Factorization", targets: ["Factorization"]),
        .library(name: "Search", targets: ["Search"]),
        // For the benchmarks package (mfbench report).
        .library(name: "Tracking", targets: ["Tracking"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Agents", targets: ["Agents"]),
    ],
    dependencies: [argumentParser, grdb],
    targets: [
        // Fixtures shared by the test targets (temporary directories, MovieLens 100K, snapshots,
        // waiting for a condition). Only test targets depend on it; it imports no module of ours.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .target(name: "Ratings"),
        .testTarget(name: "RatingsTests", dependencies: ["Ratings", "TestSupport"]),

        .target(name: "Factorization", dependencies: ["Ratings"], swiftSettings: kernelFlags),
        .testTarget(name: "FactorizationTests", dependencies: ["Factorization", "Ratings", "TestSupport"]),

        .target(name: "Search", dependencies: ["Ratings", "Factorization"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Factorization", "Ratings", "TestSupport"]),

        .target(name: "Registry", dependencies: ["Ratings", "Factorization"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Factorization", "Ratings", "TestSupport"]),

        .target(name: "Tracking", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "TrackingTests",
            dependencies: ["Tracking", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),

        .target(name: "Reports", dependencies: ["Ratings", "Factorization"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Factorization", "Ratings", "TestSupport"],
            exclude: ["Snapshots"]),

        .target(
            name: "Agents", dependencies: ["Ratings", "Factorization", "Search", "Registry", "Tracking", "Reports"]),
        .testTarget(
            name: "AgentsTests",
            dependencies: ["Agents", "Search", "Registry", "Tracking", "Ratings", "Factorization", "TestSupport"]),

        .target(
            name: "MFSweepCLI",
            dependencies: [
                "Ratings", "Factorization", "Search", "Registry", "Tracking", "Reports", "Agents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "MFSweepCLITests",
            dependencies: [
                "MFSweepCLI", "Ratings", "Factorization", "Search", "Registry", "Tracking", "Agents", "TestSupport",
            ]),

        .executableTarget(
            name: "mfsweep",
            dependencies: [
                "MFSweepCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ]
)

// Stricter checks for every target.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
