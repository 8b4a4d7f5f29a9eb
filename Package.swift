// swift-tools-version: 6.2
import PackageDescription

/// rdopt: certified rate–distortion optimisation and mixed-fidelity quantiser design.
///
/// Dependencies point down: rdopt → RDReport → Quantization → RateDistortion.
/// EntropyCoding depends on nothing of ours.
/// Opt-in: `RDOPT_TARGET_CPU=native` (or a CPU name such as `znver4` or `haswell`) compiles the
/// numerical modules for that CPU, so the row kernel's SIMD8 `exp` uses its full vector width and
/// fused multiply–adds (the C reference `row_kernel.c` is built with `-march=native` likewise).
/// The binary then runs only on such CPUs; the default build stays portable (baseline x86-64 or
/// arm64), and without the variable the package uses no unsafe flags, so it can be a dependency.
let targetCPU = Context.environment["RDOPT_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let numericSettings: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

let package = Package(
    name: "rdopt",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RateDistortion", targets: ["RateDistortion"]),
        .library(name: "Quantization", targets: ["Quantization"]),
        .library(name: "EntropyCoding", targets: ["EntropyCoding"]),
        .library(name: "RDReport", targets: ["RDReport"]),
        .executable(name: "rdopt", targets: ["rdopt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(name: "RateDistortion", swiftSettings: numericSettings),
        .target(name: "Quantization", dependencies: ["RateDistortion"], swiftSettings: numericSettings),
        .target(name: "EntropyCoding"),
        .target(
            name: "RDReport",
            dependencies: [
                "RateDistortion", "Quantization", "EntropyCoding",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "rdopt",
            dependencies: [
                "RDReport", "RateDistortion", "Quantization", "EntropyCoding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "_TestSupport", dependencies: ["RateDistortion"]),
        .testTarget(name: "RateDistortionTests", dependencies: ["RateDistortion", "_TestSupport"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization", "_TestSupport"]),
        .testTarget(name: "EntropyCodingTests", dependencies: ["EntropyCoding", "_TestSupport"]),
        .testTarget(name: "RDReportTests", dependencies: ["RDReport", "_TestSupport"]),
        .testTarget(name: "RdoptCLITests", dependencies: ["rdopt", "_TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
