import Testing
import _TestSupport

@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Newton's restricted rows with windows (each row visits only the codewords of T whose terms
/// can reach e^−50 of its largest) against the same rows over all of T.
@Suite("Restricted row windows")
struct RestrictedWindowTests {
    /// A scalar problem with a tail class, an active set T of random codewords (deliberately
    /// not in line order), random masses, and slopes of free, binding and hard rows.
    static func makeCase(seed: UInt64, slope: Double) throws -> (
        ActiveSetNewton, ActiveSetNewton.Iterate
    ) {
        var generator = SplitMix64(seed: seed)
        let n = 240
        let m = 300
        let x = (0..<n).map { _ in 2 * generator.nextGaussian() }
        let grid = (0..<m).map { -9 + 18 * Double($0) / Double(m - 1) }
        let tails = x.indices.filter { abs(x[$0]) > 3 }
        let problem = try Problem(
            sourcePoints: PointSet(dimension: 1, coordinates: x),
            probabilities: ProbabilityVector(weights: [Double](repeating: 1, count: n)),
            codebook: PointSet(dimension: 1, coordinates: grid), measure: .squaredError,
            constraint: .targetDistortion(0.05),
            fidelity: [FidelityClass(name: "tails", members: tails, tolerance: 0.01)])
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        let newton = ActiveSetNewton(kernel: kernel, layout: layout, gapTolerance: 1e-9)
        var active = Array(Set((0..<120).map { _ in Int.random(in: 0..<m, using: &generator) }))
        active.shuffle(using: &generator)
        var beta = [Double](repeating: 0, count: n)
        var rowBinds = [Bool](repeating: false, count: n)
        for i in tails where Bool.random(using: &generator) {
            rowBinds[i] = true
            beta[i] = slope * Double.random(in: 2...20, using: &generator)
        }
        var iterate = ActiveSetNewton.Iterate(
            active: active,
            q: active.map { _ in Double.random(in: 1e-9...1, using: &generator) },
            s: slope, averageBinds: true, nu: [0], classBinds: [false], beta: beta,
            rowBinds: rowBinds)
        newton.sortAlongLine(&iterate)
        return (newton, iterate)
    }

    static func excess(_ newton: ActiveSetNewton, _ iterate: ActiveSetNewton.Iterate)
        -> ExcessTable
    {
        ExcessTable(
            field: newton.kernel.field, minima: newton.layout.rowMinima, active: iterate.active)
    }

    @Test(
        "windowed restricted rows agree with full rows; left-out terms are below e^-50",
        arguments: [0.3, 3.0, 30.0, 3e3, 3e6])
    func windowsAgree(slope: Double) throws {
        let (windowed, iterate) = try Self.makeCase(seed: UInt64(slope * 10) + 5, slope: slope)
        #expect(zip(iterate.active, iterate.active.dropFirst()).allSatisfy { $0 < $1 })
        var full = windowed
        full.usesWindows = false
        let excess = Self.excess(windowed, iterate)
        let a = windowed.evaluate(iterate, excess: excess)
        let b = full.evaluate(iterate, excess: excess)
        let r = iterate.active.count
        // Each left-out term is below e^-50 ≈ 2e-22 of its row's largest, so of a partition
        // function ≥ 1: the moments and masses move by far less than these tolerances.
        for i in 0..<windowed.layout.rows {
            #expect(abs(a.logPartition[i] - b.logPartition[i]) <= 1e-14)
            #expect(abs(a.mean[i] - b.mean[i]) <= 1e-12 * max(b.mean[i], 1 / a.slopes[i]))
            let spread = max(b.variance[i], 1 / (a.slopes[i] * a.slopes[i]))
            #expect(abs(a.variance[i] - b.variance[i]) <= 1e-11 * spread)
            let span = a.spans[i]
            #expect(span.count < r || slope < 1)
            for l in 0..<r {
                let reference = b.probabilities[i * r + l]
                if span.contains(l) {
                    #expect(abs(a.probabilities[i * r + l] - reference) <= 1e-14)
                } else {
                    #expect(reference <= 1e-21)
                }
            }
        }
        for l in 0..<r {
            #expect(abs(a.outputMass[l] - b.outputMass[l]) <= 1e-14 * max(b.outputMass[l], 1e-8))
        }
        // The mass equations of codewords no row reaches (their output mass is below double
        // range either way) differ between the two; every other equation agrees.
        #expect(a.residual.count == b.residual.count)
        for (e, (x, y)) in zip(a.residual, b.residual).enumerated()
        where e >= r || b.outputMass[e] >= 1e-12 {
            #expect(abs(x - y) <= 1e-11 * max(abs(y), 1))
        }
    }
}

/// The bordered band solver against dense LU on random systems of the Newton step's shape.
@Suite("Bordered band solver")
struct BorderedBandSolverTests {
    /// A negative definite band (a sum of windowed Gram terms) with `b` border unknowns.
    static func makeSystem(r: Int, w: Int, b: Int, seed: UInt64) -> (
        NewtonSystemShape, [Double], [Double]
    ) {
        var generator = SplitMix64(seed: seed)
        let shape = NewtonSystemShape(r: r, b: b, halfWidth: w)
        var matrix = [Double](repeating: 0, count: shape.count)
        matrix.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            for _ in 0..<(3 * r) {
                let start = Int.random(in: 0..<r, using: &generator)
                let span = start..<min(r, start + w + 1)
                let v = span.map { _ in Double.random(in: 1e-6...1, using: &generator) }
                for (a, l) in span.enumerated() {
                    for (c, k) in span.enumerated() {
                        shape.entry(l, k, in: base).pointee -= v[a] * v[c]
                    }
                }
            }
            for l in 0..<r { shape.entry(l, l, in: base).pointee -= 1e-3 }
            for c in r..<(r + b) {
                for l in 0..<r {
                    let value = Double.random(in: -1...1, using: &generator)
                    shape.entry(l, c, in: base).pointee = -value
                    shape.entry(c, l, in: base).pointee = value
                }
                for c2 in r..<(r + b) {
                    shape.entry(c, c2, in: base).pointee =
                        c == c2 ? -Double.random(in: 1...2, using: &generator) : 0
                }
            }
        }
        let rhs = (0..<(r + b)).map { _ in Double.random(in: -1...1, using: &generator) }
        return (shape, matrix, rhs)
    }

    @Test(
        "bordered band solutions equal dense LU's to 1e-9 relative",
        arguments: [(40, 3, 0), (200, 15, 1), (500, 31, 2), (64, 63, 3)])
    func agreesWithDense(r: Int, w: Int, b: Int) {
        let (shape, matrix, rhs) = Self.makeSystem(r: r, w: w, b: b, seed: UInt64(r + w + b))
        var band = matrix
        var banded = rhs
        #expect(solveBorderedBand(&band, &banded, shape: shape))
        var dense = shape.dense(matrix)
        var reference = rhs
        #expect(solveDenseSystem(&dense, &reference, size: shape.size))
        let scale = reference.map(abs).max() ?? 1
        for (x, y) in zip(banded, reference) { #expect(abs(x - y) <= 1e-9 * scale) }
    }

    @Test("a band with a codeword no row reaches is refused (the caller then solves densely)")
    func refusesSingularBand() {
        var (shape, matrix, rhs) = Self.makeSystem(r: 60, w: 5, b: 1, seed: 3)
        matrix.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            for k in max(0, 30 - 5)...min(59, 30 + 5) {
                shape.entry(30, k, in: base).pointee = 0
                shape.entry(k, 30, in: base).pointee = 0
            }
        }
        #expect(!solveBorderedBand(&matrix, &rhs, shape: shape))
        shape = NewtonSystemShape(r: 60, b: 1, halfWidth: nil)
        #expect(shape.count == 61 * 61)
    }
}
