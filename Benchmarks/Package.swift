// swift-tools-version: 6.2
import PackageDescription

/// The root package's identity. SwiftPM names a path dependency after its folder, so it is
/// whatever the checkout is called ("rdopt" for a clone, a worktree's own name), not the
/// declared name "rdopt"; derive it rather than hard-code one checkout's folder name.
let root =
    Context.packageDirectory.split(separator: "/").dropLast().last.map { String($0).lowercased() }
    ?? "rdopt"

/// Speed benchmarks for rdopt (package-benchmark). Run from this folder:
///     swift package benchmark                              # all of them
///     swift package benchmark --target DesignBenchmarks    # quantiser design and baselines, 10^6 samples
///     swift package benchmark --target CoderBenchmarks     # rANS encode and decode, 10^7 symbols
///     swift package benchmark --target CompressionBenchmarks   # compress with prediction, 10^7 values
///     swift run -c release QualityTables design            # the README's quality tables
/// Kept as a nested package so the library itself does not depend on the benchmark harness.
let package = Package(
    name: "rdopt-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(
            url: "https://github.com/ordo-one/benchmark", from: "1.38.0",
            traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SolverBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RateDistortion", package: root),
                .product(name: "EntropyCoding", package: root),
            ],
            path: "Benchmarks/SolverBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CoderBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "EntropyCoding", package: root),
                .product(name: "Quantization", package: root),
            ],
            path: "Benchmarks/CoderBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CompressionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SampleCompression", package: root),
                .product(name: "RDInterchange", package: root),
                .product(name: "Quantization", package: root),
            ],
            path: "Benchmarks/CompressionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DesignBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Quantization", package: root),
            ],
            path: "Benchmarks/DesignBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The README's quality tables (bits, distortions, seconds), printed, not benchmarked;
        // outside Benchmarks/, where package-benchmark would run it as a benchmark and fail.
        .executableTarget(
            name: "QualityTables",
            dependencies: [.product(name: "Quantization", package: root)],
            path: "Tools/QualityTables"
        ),
    ]
)
