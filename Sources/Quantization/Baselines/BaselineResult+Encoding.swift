import Foundation

extension BaselineResult {
    /// The index of the codeword the quantiser's rule assigns to `sample`.
    ///
    /// - Entropy-constrained: `argmin_j d(x, y_j) + λ·(−log2 q_j)` (Chou, Lookabaugh & Gray
    ///   1989), ties to the lowest index.
    /// - Nearest neighbour: `argmin_j d(x, y_j)`, ties to the lowest index.
    /// - Uniform: the codeword whose grid cell holds `sample` (each codeword is its cell's
    ///   centroid, so it lies in that cell); `nil` when the cell held no training sample.
    ///
    /// At a converged design, encoding the training samples reproduces the cells behind
    /// ``entropyBits`` and ``distortion``; a run stopped by its tolerance may differ on a few
    /// samples near cell boundaries.
    ///
    /// - Parameter sample: `dimension` coordinates.
    /// - Returns: a codeword index, or `nil` (uniform rule only) for an unseen cell.
    /// - Complexity: O(m·k) for m codewords.
    public func encode(_ sample: some Collection<Double>) -> Int? {
        precondition(sample.count == dimension, "sample has the wrong dimension")
        let x = Array(sample)
        let k = dimension
        func distortion(_ j: Int) -> Double {
            var d = 0.0
            for c in 0..<k { d += pow2(x[c] - codebook[j * k + c]) }
            return d / Double(k)
        }
        switch rule {
        case .entropyConstrained(let lambda):
            return (0..<codewordCount).min {
                distortion($0) - lambda * log2(probabilities[$0])
                    < distortion($1) - lambda * log2(probabilities[$1])
            }
        case .nearestNeighbour:
            return (0..<codewordCount).min { distortion($0) < distortion($1) }
        case .uniform(let step, let deadZoneWidth, let origin):
            let h = deadZoneWidth * step / 2
            func cell(_ value: Double) -> Double {
                // Cells are (a, b]: 0 for the zero cell, then ±1, ±2, … outwards.
                let u = value - origin
                if u > h { return ((u - h) / step).rounded(.up) }
                if u <= -h { return -(((-h - u) / step).rounded(.down) + 1) }
                return 0
            }
            let target = x.map(cell)
            return (0..<codewordCount).first { j in
                (0..<k).allSatisfy { cell(codebook[j * k + $0]) == target[$0] }
            }
        }
    }
}
