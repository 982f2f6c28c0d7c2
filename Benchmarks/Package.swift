// swift-tools-version: 6.0
//
// Release-build benchmarks for mfsweep, kept out of the product's package (as swift-nio does)
// so the tool never depends on benchmark code. Run: `swift run -c release mfbench --help`.
import PackageDescription

let package = Package(
    name: "mfsweep-benchmarks",
    platforms: [.macOS(.v15)],
    // Named, so the product references hold whatever the checkout folder is called.
    dependencies: [.package(name: "mfsweep", path: "..")],
    targets: [
        .executableTarget(
            name: "mfbench",
            dependencies: [
                .product(name: "Core", package: "mfsweep"),
                .product(name: "Search", package: "mfsweep"),
                .product(name: "Ratings", package: "mfsweep"),
                .product(name: "Factorization", package: "mfsweep"),
                .product(name: "Tracking", package: "mfsweep"),
                .product(name: "Reports", package: "mfsweep"),
                .product(name: "Agents", package: "mfsweep"),
                .product(name: "Dashboard", package: "mfsweep"),
            ]),
    ]
)

// The root package's strictness for the benchmark targets too.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
