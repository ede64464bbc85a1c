// swift-tools-version:6.1
// In-process microbenchmarks of Burrow's pieces (package-benchmark). A separate package so that the
// main package's `swift build` / `swift test` never compile the benchmark framework; it uses the
// main package's library targets through the `BurrowCore` product.
//
//   swift package --package-path bench/micro benchmark          (or: bench/run --micro)
import PackageDescription

import struct Foundation.URL

// A path dependency's identity is its directory's name: the checkout may not be called "burrow".
let burrowRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
let burrowIdentity = burrowRoot.lastPathComponent.lowercased()

let package = Package(
    name: "BurrowMicro",
    dependencies: [
        .package(path: "../.."),
        // MallocInterposer: malloc counts per iteration (an allocation on the dispatch path is a finding).
        // Naming the trait turns off the package's other default trait, RuntimeInterposer (ARC counts).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "BurrowMicro",
            dependencies: [
                .product(name: "BurrowCore", package: burrowIdentity),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/BurrowMicro",
            swiftSettings: [.swiftLanguageMode(.v5)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
