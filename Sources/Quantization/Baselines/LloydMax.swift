import Foundation

/// The fixed-rate Lloyd–Max quantiser: `m = 2^b` levels, nearest-codeword cells, codewords
/// at the centroids.
///
/// Sources: S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans. IT 28(2), 1982;
/// J. Max, "Quantizing for minimum distortion", IRE Trans. IT 6(1), 1960.
///
/// Lloyd's iteration alternates the nearest-neighbour partition and the centroid condition;
/// the distortion never increases. Scalars start from the centroids of equal-mass cells and
/// run on sorted distinct values (cells are intervals split at midpoints, O(m log n) per
/// iteration) until the cells stop changing; for log-concave densities such as the Gaussian
/// and Laplace the fixed point is the unique optimum (Fleischer 1964; Trushkin 1982).
/// Vectors use the generalised Lloyd algorithm with splitting (Linde, Buzo & Gray 1980).
///
/// As a rate baseline it is judged by its output entropy `H(Y)` (what an entropy coder on
/// its indices would achieve), which is at most `b` bits.
public struct LloydMax: Sendable, Equatable {
    /// The largest number of bits `b` tried by ``design(for:targetDistortion:)``.
    public var maximumBits: Int
    /// The iteration limit of one Lloyd run.
    public var maximumIterations: Int
    /// A run also stops when an iteration lowers the distortion by less than this fraction.
    public var relativeTolerance: Double

    /// Creates a configuration.
    public init(
        maximumBits: Int = 12, maximumIterations: Int = 10_000, relativeTolerance: Double = 1e-12
    ) {
        self.maximumBits = maximumBits
        self.maximumIterations = maximumIterations
        self.relativeTolerance = relativeTolerance
    }

    /// The Lloyd–Max quantiser with the fewest levels `m = 2^b` whose distortion on
    /// `samples` is at most `targetDistortion`.
    ///
    /// - Parameters:
    ///   - samples: the training samples (importance flags are ignored).
    ///   - targetDistortion: `D ≥ 0`, squared error per dimension.
    /// - Returns: the quantiser measured on every sample; the hull is that of the quantisers
    ///   for `b = 0, 1, …` up to the chosen one.
    /// - Throws: `QuantizationError.invalidTargetDistortion`, `.invalidParameter` for a bad
    ///   configuration, `.targetNotReached` when `2^maximumBits` levels do not suffice.
    /// - Complexity: scalars O(N log N) once, then O(m log n) per iteration; vectors
    ///   O(N·m·k) per iteration (pruned).
    public func design(
        for samples: TrainingSamples, targetDistortion: Double
    ) throws(QuantizationError) -> BaselineResult {
        try validate(targetDistortion: targetDistortion)
        let acceptance = Self.acceptance(for: targetDistortion)
        var designer = LloydMaxDesigner(
            samples: samples, maximumIterations: maximumIterations,
            relativeTolerance: relativeTolerance)
        var points: [OperatingPoint] = []
        var bestDistortion = Double.infinity
        for bits in 0...maximumBits {
            let quantizer = designer.next(bits: bits)
            points.append(quantizer.operatingPoint)
            bestDistortion = min(bestDistortion, quantizer.distortion)
            if quantizer.distortion <= acceptance || quantizer.distortion == 0 {
                return quantizer.withHull(OperatingPoint.lowerConvexHull(points))
            }
        }
        throw .targetNotReached(target: targetDistortion, bestDistortion: bestDistortion)
    }

    /// The Lloyd–Max quantiser with `levels` levels (fewer when the data have fewer
    /// distinct values, or cells empty out).
    ///
    /// - Parameters:
    ///   - samples: the training samples.
    ///   - levels: `m ≥ 1`.
    /// - Returns: the quantiser measured on every sample; its hull is its own point.
    /// - Throws: `QuantizationError.invalidParameter` for `levels < 1`.
    /// - Complexity: as for ``design(for:targetDistortion:)``.
    public func quantizer(
        for samples: TrainingSamples, levels: Int
    ) throws(QuantizationError) -> BaselineResult {
        guard levels >= 1 else { throw .invalidParameter(name: "levels", value: Double(levels)) }
        try validate()
        return LloydMaxDesigner(
            samples: samples, maximumIterations: maximumIterations,
            relativeTolerance: relativeTolerance
        )
        .quantizer(levels: levels)
    }

    func validate() throws(QuantizationError) {
        guard (0...40).contains(maximumBits) else {
            throw .invalidParameter(name: "maximumBits", value: Double(maximumBits))
        }
        guard maximumIterations >= 1 else {
            throw .invalidParameter(name: "maximumIterations", value: Double(maximumIterations))
        }
        guard relativeTolerance.isFinite, relativeTolerance >= 0 else {
            throw .invalidParameter(name: "relativeTolerance", value: relativeTolerance)
        }
    }
}

extension BaselineResult {
    /// The same quantiser with another hull.
    func withHull(_ hull: [OperatingPoint]) -> BaselineResult {
        BaselineResult(
            method: method, dimension: dimension, codebook: codebook,
            probabilities: probabilities, rule: rule, entropyBits: entropyBits,
            distortion: distortion, hull: hull)
    }
}
