// swift-tools-version: 6.2
import PackageDescription

/// rdopt: certified rate–distortion optimisation and mixed-fidelity quantiser design.
///
/// Dependencies point one way (docs/architecture.md):
///   rdopt → RDWorkflows → SampleCompression → RDInterchange → Quantization → RateDistortion
///   → RowKernelLoops (C),
///   RDWorkflows → RDPlot (which needs Foundation only), SampleCompression and RDInterchange →
///   EntropyCoding, SampleCompression → CZlib (the system's zlib, for the optional provenance); RateDistortion, Quantization, EntropyCoding, RDInterchange and SampleCompression share
///   ParallelLoops (the one parallel loop), which depends on nothing of ours.
/// The row kernel's inner loops are C (`RowKernelLoops`), compiled for x86-64-v4, x86-64-v3 and
/// the baseline and picked when the program starts, so the default build runs them with
/// AVX-512 or AVX2 where the CPU has it (docs/architecture.md, "Runtime CPU dispatch"); they are
/// always built without fused multiply–adds (`-ffp-contract=off`), so that every CPU version
/// gives the same bits.
/// Opt-in: `RDOPT_TARGET_CPU=native` (or a CPU name such as `znver4` or `haswell`) compiles the
/// Swift numerical modules for that CPU (the restricted Newton rows, the interval programme, the
/// closed loop), and the rANS coder in EntropyCoding gets BMI2 shifts and `mulx`.
/// The binary then runs only on such CPUs; the default build stays portable (baseline x86-64 or
/// arm64).
let targetCPU = Context.environment["RDOPT_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
/// The modules that do the arithmetic (ParallelLoops, RateDistortion, Quantization,
/// EntropyCoding, SampleCompression) are optimised (`-O`) in debug builds too: the tests run
/// designs, solves and codings at realistic sizes, and unoptimised they took 14 minutes of a
/// 2-core machine instead of under 2. `RDOPT_DEBUG_UNOPTIMISED=1` builds them `-Onone` for
/// stepping through in a debugger. (Swift 6.2 lets packages with unsafe flags be dependencies.)
let optimisedDebug: [SwiftSetting] =
    Context.environment["RDOPT_DEBUG_UNOPTIMISED"] == "1"
    ? [] : [.unsafeFlags(["-O"], .when(configuration: .debug))]
/// The C loops (the row kernel's `RowKernelLoops`, compiled for several CPUs and picked at
/// start-up, and the closed loop's `ClosedLoopKernels`) are optimised in debug builds too, for
/// the same reason, and never contract into fused multiply-adds: the closed loop must compute
/// what the Swift decoder computes, to the bit.
let kernelLoopSettings: [CSetting] =
    [.unsafeFlags(["-ffp-contract=off"])]
    + (Context.environment["RDOPT_DEBUG_UNOPTIMISED"] == "1"
        ? [] : [.unsafeFlags(["-O2"], .when(configuration: .debug))])
let numericSettings: [SwiftSetting] =
    (targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []) + optimisedDebug

let package = Package(
    name: "rdopt",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ParallelLoops", targets: ["ParallelLoops"]),
        .library(name: "RateDistortion", targets: ["RateDistortion"]),
        .library(name: "Quantization", targets: ["Quantization"]),
        .library(name: "EntropyCoding", targets: ["EntropyCoding"]),
        .library(name: "RDInterchange", targets: ["RDInterchange"]),
        .library(name: "SampleCompression", targets: ["SampleCompression"]),
        .library(name: "RDPlot", targets: ["RDPlot"]),
        .library(name: "RDWorkflows", targets: ["RDWorkflows"]),
        .executable(name: "rdopt", targets: ["rdopt"]),
        // The C entry points for the Python package (docs/python.md): librdopt_c.so / .dylib.
        .library(name: "rdopt_c", type: .dynamic, targets: ["RDOptC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // `swift package generate-documentation` builds every module's DocC catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .target(name: "ParallelLoops", swiftSettings: optimisedDebug),
        // The row kernel's inner loops in C, for runtime CPU dispatch (docs/architecture.md).
        .target(name: "RowKernelLoops", cSettings: kernelLoopSettings),
        // A cache prefetch hint for the closed loop of interpolation (docs/architecture.md).
        .target(name: "CacheHints"),
        .target(name: "ClosedLoopKernels", cSettings: kernelLoopSettings),
        .target(
            name: "RateDistortion", dependencies: ["ParallelLoops", "RowKernelLoops"],
            swiftSettings: numericSettings),
        .target(
            name: "Quantization", dependencies: ["RateDistortion", "ParallelLoops"],
            swiftSettings: numericSettings),
        .target(
            name: "EntropyCoding", dependencies: ["ParallelLoops", "CZlib"],
            swiftSettings: numericSettings),
        // The system's zlib, for a `.rdq` file's deflated tables and optional provenance
        // (docs/formats.md).
        .systemLibrary(
            name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .target(
            name: "RDInterchange",
            dependencies: [
                "RateDistortion", "Quantization", "EntropyCoding", "ParallelLoops",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SampleCompression",
            dependencies: [
                "RDInterchange", "Quantization", "EntropyCoding", "ParallelLoops", "CZlib",
                "CacheHints", "ClosedLoopKernels",
            ], swiftSettings: optimisedDebug),
        .target(name: "RDPlot"),
        .target(
            name: "RDWorkflows",
            dependencies: [
                "SampleCompression", "RDInterchange", "RDPlot", "Quantization", "RateDistortion",
                "EntropyCoding",
            ]
        ),
        .target(
            name: "RDOptC",
            dependencies: [
                "RDWorkflows", "SampleCompression", "RDInterchange", "Quantization",
                "RateDistortion",
            ]
        ),
        .executableTarget(
            name: "rdopt",
            dependencies: [
                "RDWorkflows", "SampleCompression", "RDInterchange", "RDPlot",
                "RateDistortion", "Quantization", "EntropyCoding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "_TestSupport", dependencies: ["RateDistortion", "Quantization"]),
        .testTarget(name: "ParallelLoopsTests", dependencies: ["ParallelLoops"]),
        .testTarget(
            name: "RateDistortionTests",
            dependencies: ["RateDistortion", "RowKernelLoops", "_TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "_TestSupport"]),
        .testTarget(name: "EntropyCodingTests", dependencies: ["EntropyCoding", "_TestSupport"]),
        .testTarget(name: "RDInterchangeTests", dependencies: ["RDInterchange", "_TestSupport"]),
        .testTarget(
            name: "SampleCompressionTests", dependencies: ["SampleCompression", "_TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "RDPlotTests", dependencies: ["RDPlot", "_TestSupport"]),
        .testTarget(name: "RDWorkflowsTests", dependencies: ["RDWorkflows", "_TestSupport"]),
        .testTarget(name: "RdoptCLITests", dependencies: ["rdopt", "_TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
