import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Local pricing on a line: after a restricted solve, the codewords next to T are priced on the
/// restricted law, and those that should carry mass join T without a certificate pass.
///
/// On a fine grid the optimum's peaks sit on pairs of neighbouring codewords, and the coarse
/// level places them a few codewords off (a peak in the flat tails of a per-element class moves
/// the rate by less than the coarse level's gap). A peak then walks to its place one entering
/// codeword at a time; with only the certificate to find those codewords, each step cost an
/// O(n·m) pass: on the 2048-point Gaussian grid with a tail class the finest level took 35
/// rounds (gap stuck near 1e-4 while the right tail's peaks walked), the 16384-point one 28.
/// Priced locally, every level of both certifies at its first certificate pass. Small programs,
/// where a pass is cheap, skip it (``localPricingEntries``).
extension ActiveSetNewton {
    /// Codewords within this many positions of T along the line are priced after each
    /// restricted solve (on the 2048-point grid 4 was no faster than 2, 1 a little slower).
    static let localReach = 2
    /// Restricted solves that local pricing may add over a run (the 2048-point grid's finest
    /// level takes about 40; each costs O(n·|T|) per Newton step and O(n) per priced codeword).
    static let maximumLocalRounds = 200
    /// Local pricing runs on programs of at least this many distortion entries (n·m): it trades
    /// certificate passes, whose cost grows with n·m, for more restricted solves, whose cost
    /// does not. On the Gaussian grid with a tail class it took the 16384-point solve from 20.8
    /// to 6.2 s and the 8192-point one from 7.7 to 3.7 s; at 2048 points it changed nothing,
    /// and on the relaxations of a design (about 10^7 entries) its extra solves made the one
    /// without the class 0.6 s slower.
    static let localPricingEntries = 1 << 25

    /// Whether local pricing runs on this program (a line, ``localPricingEntries`` or more;
    /// `forcesLocalPricing` for tests).
    var pricesLocally: Bool {
        scalarOrder != nil
            && (forcesLocalPricing || layout.rows * layout.columns >= Self.localPricingEntries)
    }

    /// On a line: the codewords outside T within ``localReach`` positions of T's codewords whose
    /// `c_j` on the current restricted law exceeds `1 + excessAbove`, the local maximum of
    /// each run of such neighbours. Empty off a line. The certificate, which prices every
    /// codeword on the full law, still decides when the method stops.
    /// - Complexity: O(n·|T|) for the evaluation, O(n) per priced codeword.
    func nearbyEntering(
        _ iterate: Iterate, excess: ExcessTable,
        excessAbove: Double = Precision.polished.slack
    ) -> [Int] {
        guard let order = scalarOrder else { return [] }
        let m = order.count
        var position = [Int](repeating: 0, count: m)
        for (k, j) in order.enumerated() { position[j] = k }
        let members = Set(iterate.active)
        var near = Set<Int>()
        for l in iterate.active {
            let k = position[l]
            for offset in -Self.localReach...Self.localReach where offset != 0 {
                let other = k + offset
                if other >= 0 && other < m && !members.contains(order[other]) { near.insert(other) }
            }
        }
        guard !near.isEmpty else { return [] }
        let positions = near.sorted()
        let evaluation = evaluate(iterate, excess: excess)
        // c_j = Σ_i p_i exp(−t_i e_ij) / Z_i, each codeword in its own slot.
        let c = ParallelLoop.map(positions.count) { index in
            let j = order[positions[index]]
            var sum = 0.0
            for i in 0..<layout.rows where layout.p[i] > 0 {
                let e = kernel.field.value(row: i, column: j) - layout.rowMinima[i]
                // e = 0 contributes exp(0) even at the hard-row slope.
                let exponent = (e == 0 ? 0 : -evaluation.slopes[i] * e) - evaluation.logPartition[i]
                sum += layout.p[i] * exp(exponent)
            }
            return sum
        }
        let threshold = 1 + excessAbove
        var result: [Int] = []
        for index in positions.indices where c[index] > threshold {
            let left =
                index > 0 && positions[index - 1] == positions[index] - 1
                ? c[index - 1] : -.infinity
            let right =
                index + 1 < positions.count && positions[index + 1] == positions[index] + 1
                ? c[index + 1] : -.infinity
            if c[index] >= left && c[index] >= right { result.append(order[positions[index]]) }
        }
        return result
    }
}
