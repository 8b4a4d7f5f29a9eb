import RateDistortion
import Testing
import _TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Skewed discrete sources under Hamming distortion: a Zipf law over m symbols, the alphabet as
/// codebook. The solver once treated such a codebook as points on a line (Newton started from
/// the one "peak" of the decreasing law) and ran all 20,000 passes without closing the gap.
@Suite("Skewed discrete sources")
struct SkewedSourceTests {
    static func zipf(_ m: Int, target: Double) throws -> (Problem, [Double]) {
        let weights = (1...m).map { 1 / Double($0) }
        let total = weights.reduce(0, +)
        let p = weights.map { $0 / total }
        let symbols = (0..<m).map(Double.init)
        let problem = try Problem(
            sourcePoints: PointSet(scalars: symbols), probabilities: ProbabilityVector(p),
            codebook: PointSet(scalars: symbols), measure: .hamming,
            constraint: .targetDistortion(target))
        return (problem, p)
    }

    /// Below D = (m − 1)·p_min every codeword is used and R(D) = H(X) − h(D) − D log(m − 1)
    /// (the m-ary Fano form; Zipf over 300 symbols: (m − 1)·p_min ≈ 0.16).
    @Test(
        "Zipf over 300 symbols meets the closed form below (m − 1)·p_min", arguments: [0.05, 0.15])
    func closedForm(target: Double) throws {
        let m = 300
        let (problem, p) = try Self.zipf(m, target: target)
        #expect(Double(m - 1) * (p.min() ?? 0) > target)
        let entropy = p.reduce(0) { $0 - $1 * log($1) }
        let expected = entropy - binaryEntropy(target) - target * log(Double(m - 1))
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(isClose(solution.rateNats, expected, absolute: 1e-9))
        #expect(solution.lowerBoundNats <= expected + 1e-9)
    }

    /// Beyond (m − 1)·p_min the rare symbols leave the support; the solve must still certify,
    /// in a few Newton rounds rather than the pass limit.
    @Test("Zipf over 300 symbols certifies where rare symbols leave the support")
    func leavingSupport() throws {
        let (problem, _) = try Self.zipf(300, target: 0.19)
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.rateNats - solution.lowerBoundNats <= 1e-9)
        #expect(solution.iterations <= 100)
        #expect(solution.outputProbabilities.filter { $0 > 0 }.count < 300)
    }
}
