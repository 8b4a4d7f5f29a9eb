#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Quantizer {
    /// Applies the rule to every training sample and measures the result: `H(Y)` of the
    /// indices, the mean squared error per dimension (both weighted when the samples are), and
    /// the important samples' figures.
    /// - Complexity: one batch encoding (``encode(contentsOf:isImportant:)``) plus O(N·k).
    public func measure(_ samples: TrainingSamples) -> (
        encoding: BatchEncoding, figures: DesignReport.Measurement
    ) {
        let encoding = encode(contentsOf: samples.values, isImportant: samples.importance)
        let k = dimension
        var counts = [Double](repeating: 0, count: count)
        var total = 0.0
        var mass = 0.0
        var importantMax = 0.0
        var importantTotal = 0.0
        var importantMass = 0.0
        var violations = 0
        for i in 0..<samples.count {
            let j = encoding.indices[i]
            let w = samples.weight(i)
            counts[j] += w
            mass += w
            var d = 0.0
            for c in 0..<k {
                let e = samples.values[i * k + c] - codebook[j * k + c]
                d += e * e
            }
            d /= Double(k)
            total += w * d
            if samples.isImportant(i) {
                importantMax = max(importantMax, d)
                importantTotal += w * d
                importantMass += w
                if let importantTolerance, d > importantTolerance { violations += 1 }
            }
        }
        let n = mass
        var h = 0.0
        for c in counts where c > 0 { h -= c / n * log2(c / n) }
        var figures = DesignReport.Measurement(
            samples: samples.count, entropyBits: max(0, h), distortion: total / n,
            importantCount: samples.importantCount, importantMaxDistortion: importantMax,
            importantViolations: violations)
        if importantMass > 0 { figures.importantMeanDistortion = importantTotal / importantMass }
        return (encoding, figures)
    }
}
