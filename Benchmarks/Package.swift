// swift-tools-version: 6.0
//
// Release-build benchmarks for mfsweep, kept out of the product's package (as swift-nio does)
// so the tool never depends on benchmark code. Run: `swift run -c release mfbench --help`.
import PackageDescription

let package = Package(
    name: "mfsweep-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "mfbench",
            dependencies: [
                .product(name: "Search", package: "main"),
                .product(name: "Ratings", package: "main"),
                .product(name: "Factorization", package: "main"),
                .product(name: "Tracking", package: "main"),
                .product(name: "Reports", package: "main"),
                .product(name: "Agents", package: "main"),
            ]),
    ]
)

// The root package's strictness for the benchmark targets too.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
