import Foundation

extension ResidualQuantizer {
    /// Under a mean squared error alone, the codewords moved onto a coarser lattice when that
    /// saves more header bytes than the added error costs; nil when no coarser lattice does.
    ///
    /// A file stores the codewords as varint second differences on their lattice (docs/formats.md,
    /// "Codebook on a lattice"), which designs put at about 1/1024 of their half width so that a
    /// maximum error holds: two to three bytes for each of a design's uneven codewords. Without a
    /// maximum error, moving the codewords by up to half a unit `u` adds about `u²/12` to the
    /// error, which costs about `n·(u²/12) / (2·ln 2·D)` bits (the rate's slope at D); the unit
    /// of least total, stored field and added error, is taken. The whole data is coded again with
    /// it and kept only if it meets D and makes the smaller file (``PredictivePlan``). On the
    /// instrument-corrected 86,399-value seismogram of ObsPy at var/100, 100 designed codewords
    /// took 199 bytes, 6.5 % of the file.
    ///
    /// - Parameters:
    ///   - sampleCount: The values the file codes.
    ///   - targetDistortion: The mean squared error bound D (> 0).
    func onCoarserLattice(sampleCount n: Int, targetDistortion d: Double) -> ResidualQuantizer? {
        guard d > 0, d.isFinite, count > 1,
            let (unit, _) = LatticeCodebook.lattice(of: codewords)
        else { return nil }
        func fieldBits(_ values: [Double]) -> Double {
            var bytes: [UInt8] = []
            LatticeCodebook.append(values, to: &bytes)
            return 8 * Double(bytes.count)
        }
        let errorBits = { (u: Double) in Double(n) * (u * u / 12) / (2 * log(2) * d) }
        var best: (bits: Double, unit: Double, codewords: [Double])?
        let current = fieldBits(codewords)
        for shift in 1...Self.coarseningShifts {
            let u = unit * Double(sign: .plus, exponent: shift, significand: 1)
            guard u.isFinite, u * u / 12 < Self.coarseningShare * d else { break }
            let moved = Self.onLattice(codewords, unit: u)
            // Codewords that would meet are left apart: the lattice is too coarse.
            guard zip(moved, moved.dropFirst()).allSatisfy(<) else { break }
            let bits = fieldBits(moved) + errorBits(u)
            if bits < min(current, best?.bits ?? .infinity) { best = (bits, u, moved) }
        }
        guard let best else { return nil }
        return ResidualQuantizer(
            codewords: best.codewords, thresholds: thresholds, halfWidth: halfWidth + best.unit / 2,
            lowestEdge: lowestEdge, highestEdge: highestEdge)
    }

    /// The most doublings of the lattice unit ``onCoarserLattice(sampleCount:targetDistortion:)``
    /// tries.
    static let coarseningShifts = 10
    /// The added error `u²/12` may be at most this share of D.
    static let coarseningShare = 0.01
}
