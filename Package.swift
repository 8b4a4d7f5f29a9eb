// swift-tools-version: 6.2
import PackageDescription

/// rdopt: certified rate–distortion optimisation and mixed-fidelity quantiser design.
///
/// Dependencies point down: rdopt → RDReport → Quantization → RateDistortion.
/// EntropyCoding depends on nothing of ours.
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
        .target(name: "RateDistortion"),
        .target(name: "Quantization", dependencies: ["RateDistortion"]),
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
