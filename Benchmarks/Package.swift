// swift-tools-version: 6.2
import PackageDescription

/// Speed benchmarks for rdopt (package-benchmark). Run from this folder:
///     swift package benchmark
/// Kept as a nested package so the library itself does not depend on the benchmark harness.
let package = Package(
    name: "rdopt-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SolverBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RateDistortion", package: "main"),
                .product(name: "EntropyCoding", package: "main"),
            ],
            path: "Benchmarks/SolverBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
