import Testing
import _TestSupport

@testable import Quantization
@testable import RateDistortion

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The damped Newton step on an annealing stage (Annealer+StageNewton.swift).
@Suite("Annealer stage Newton")
struct AnnealerNewtonTests {
    static func annealer(tolerances: Bool) -> Annealer {
        var generator = SplitMix64(seed: 5)
        let n = 400
        let x = (0..<n).map { _ in generator.nextGaussian() }
        // Spacing 0.2 or less: every atom has a codeword within √0.012 (the tolerance).
        let grid = (0..<24).map { -2.3 + 0.2 * Double($0) + 0.01 * sin(Double($0)) }
        let law = grid.map { exp(-0.5 * $0 * $0) + 0.05 }
        let total = law.reduce(0, +)
        let bounds = x.map { tolerances && (1.6...2.2).contains(abs($0)) ? 0.012 : Double.infinity }
        return Annealer(
            atoms: x, masses: [Double](repeating: 1 / Double(n), count: n),
            tolerances: bounds, dimension: 1, target: 0.05, codebook: grid,
            law: law.map { $0 / total })
    }

    /// g with the slopes re-fitted at a state moved by `h` along unknown `u` (interleaved
    /// y_j, r_j; r renormalised).
    static func potential(_ annealer: Annealer, moving u: Int, by h: Double, tau: Double) -> Double
    {
        var moved = annealer
        var codebook = moved.codebook
        var q = moved.q
        if u % 2 == 0 { codebook[u / 2] += h } else { q[u / 2] += h }
        let total = q.reduce(0, +)
        moved.setCodebook(codebook, q: q.map { $0 / total })
        return moved.fit(temperature: tau).potential
    }

    /// The model's gradient equals central differences of g, along every codeword and
    /// (within the simplex) every pair of output probabilities.
    @Test("the gradient matches differences of g", arguments: [false, true])
    func gradientMatchesDifferences(tolerances: Bool) throws {
        let tau = 0.5
        var annealer = Self.annealer(tolerances: tolerances)
        let fit = annealer.fit(temperature: tau)
        #expect(!tolerances || annealer.ownSlopes.contains { $0 > annealer.slope })
        // Steps are taken only while no row is held by its own slope; the model covers both.
        let admits = annealer.admitsStageNewton
        #expect(admits == !tolerances)
        let model = try #require(annealer.stageModel(value: fit.potential, temperature: tau))
        let gradient = zip(model.gradient, model.scale).map { $0 / $1 }
        var worst = 0.0
        for j in 0..<annealer.codewordCount {
            let h = 1e-5
            let difference =
                (Self.potential(annealer, moving: 2 * j, by: h, tau: tau)
                    - Self.potential(annealer, moving: 2 * j, by: -h, tau: tau)) / (2 * h)
            worst = max(worst, abs(difference - gradient[2 * j]) / max(abs(gradient[2 * j]), 1e-3))
        }
        // Along the simplex: moving mass from codeword 0 to codeword j.
        for j in 1..<annealer.codewordCount {
            let h = 1e-6
            func moved(_ sign: Double) -> Double {
                var copy = annealer
                var q = copy.q
                q[0] -= sign * h
                q[j] += sign * h
                copy.setCodebook(copy.codebook, q: q)
                return copy.fit(temperature: tau).potential
            }
            let difference = (moved(1) - moved(-1)) / (2 * h)
            let predicted = gradient[2 * j + 1] - gradient[1]
            worst = max(worst, abs(difference - predicted) / max(abs(predicted), 1e-3))
        }
        #expect(worst < 1e-4)
    }

    /// g's gradient (unscaled) at the annealer's state moved by `h·v` (interleaved; r
    /// renormalised), with the slopes re-fitted there.
    static func gradient(_ annealer: Annealer, along v: [Double], by h: Double, tau: Double)
        throws -> [Double]
    {
        var moved = annealer
        var codebook = moved.codebook
        var q = moved.q
        for j in codebook.indices {
            codebook[j] += h * v[2 * j]
            q[j] += h * v[2 * j + 1]
        }
        moved.setCodebook(codebook, q: q)
        let fit = moved.fit(temperature: tau)
        let model = try #require(moved.stageModel(value: fit.potential, temperature: tau))
        return zip(model.gradient, model.scale).map { $0 / $1 }
    }

    /// The model's Hessian (band, slope terms and own slopes' terms) times a direction in the
    /// simplex equals differences of the gradient along it, up to the multiplier of Σ r = 1.
    @Test("the Hessian matches differences of the gradient", arguments: [false, true])
    func hessianMatchesDifferences(tolerances: Bool) throws {
        let tau = 0.5
        var annealer = Self.annealer(tolerances: tolerances)
        let fit = annealer.fit(temperature: tau)
        let model = try #require(annealer.stageModel(value: fit.potential, temperature: tau))
        let size = model.size
        var generator = SplitMix64(seed: 11)
        for _ in 0..<3 {
            var v = (0..<size).map { u in
                u % 2 == 0 ? 0.01 * generator.nextGaussian() : 1e-3 * generator.nextGaussian()
            }
            let mean =
                stride(from: 1, to: size, by: 2).reduce(0.0) { $0 + v[$1] } / Double(size / 2)
            for u in stride(from: 1, to: size, by: 2) { v[u] -= mean }
            // H v, unscaled: M^{1/2} S M^{1/2} v with M^{−1/2} = scale.
            let scaledV = zip(v, model.scale).map { $0 / $1 }
            var product = [Double](repeating: 0, count: size)
            let slopeDot = zip(model.slopeVector, scaledV).reduce(0) { $0 + $1.0 * $1.1 }
            for a in 0..<size {
                var row = 0.0
                for b in 0..<size { row += model.hessian[a * size + b] * scaledV[b] }
                row += model.slopeVector[a] * slopeDot / model.slopeCurvature
                product[a] = row / model.scale[a]
            }
            let h = 1e-4
            let plus = try Self.gradient(annealer, along: v, by: h, tau: tau)
            let minus = try Self.gradient(annealer, along: v, by: -h, tau: tau)
            var difference = zip(plus, minus).map { ($0 - $1) / (2 * h) }
            // Remove the multiplier: compare r-components less their means.
            for vector in [0, 1] {
                var values = vector == 0 ? product : difference
                let m =
                    stride(from: 1, to: size, by: 2).reduce(0.0) { $0 + values[$1] }
                    / Double(size / 2)
                for u in stride(from: 1, to: size, by: 2) { values[u] -= m }
                if vector == 0 { product = values } else { difference = values }
            }
            let scale = product.map(abs).max() ?? 1
            let error = zip(product, difference).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-3 * scale)
        }
    }
}

/// The damped step solved from the model (StageModel.swift).
@Suite("Stage model steps")
struct StageModelStepTests {
    static func model() throws -> StageModel {
        let tau = 0.5
        var annealer = AnnealerNewtonTests.annealer(tolerances: false)
        let fit = annealer.fit(temperature: tau)
        return try #require(annealer.stageModel(value: fit.potential, temperature: tau))
    }

    /// With a large damping μ the step is the plain iteration's −b on the simplex, over μ;
    /// every step keeps Σ δr = 0 and lowers the model where the model is convex.
    @Test("a heavily damped step is the plain step over μ, on the simplex")
    func heavyDampingIsThePlainStep() throws {
        let model = try Self.model()
        let mu = 1e8
        let u = try #require(model.dampedStep(mu))
        let normal = model.simplexNormal
        let along =
            zip(model.gradient, normal).reduce(0) { $0 + $1.0 * $1.1 }
            / normal.reduce(0) { $0 + $1 * $1 }
        for e in u.indices {
            let plain = -(model.gradient[e] - along * normal[e]) / mu
            #expect(abs(u[e] - plain) <= 1e-6 * (abs(plain) + 1e-12))
        }
        let onSimplex = zip(u, normal).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(onSimplex) <= 1e-12)
        #expect(model.predictedFall(u, length: 1) > 0)
    }

    /// Held codewords do not move; the rest of the step keeps Σ δr = 0.
    @Test("held codewords take no step")
    func heldCodewordsStay() throws {
        var model = try Self.model()
        model.hold([0, 5])
        let u = try #require(model.dampedStep(100))
        for j in [0, 5] { #expect(u[2 * j] == 0) }
        #expect(u.contains { $0 != 0 })
        let onSimplex = zip(u, model.simplexNormal).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(onSimplex) <= 1e-12)
    }
}

/// Plain scalar designs: every annealing stage settles (it ended at the iteration cap in two
/// to five of 24 stages before the Newton steps, on this sample and on recorded speech).
@Suite("Annealing stages settle")
struct StageSettlingTests {
    @Test("a plain Laplace design settles every stage", arguments: [0.01, 0.003])
    func plainStagesSettle(target: Double) throws {
        let samples = try TrainingSamples(scalars: SeededSamples.laplace(20_000, seed: 3))
        let designer = QuantizerDesigner(computesRelaxation: false)
        let report = try designer.design(for: samples, targetDistortion: target)
        #expect(report.stages.count == 24)
        #expect(report.stages.allSatisfy { $0.settled == true })
        #expect(report.training.distortion <= target)
    }

    /// Designs whose important rows bind take plain iterations (no Newton steps); a refused
    /// squared step used to leave its own slopes behind, and with |x| > 3 held to D/10 two
    /// stages then ended at the old cap of 100 at D = 0.01 (one crawled for 1,387 iterations).
    @Test(
        "a Laplace design with its tails held to D/10 settles every stage",
        arguments: [0.01, 0.003])
    func stagesWithTailsSettle(target: Double) throws {
        let values = SeededSamples.laplace(20_000, seed: 3)
        let samples = try TrainingSamples(scalars: values, importance: values.map { abs($0) > 3 })
        let designer = QuantizerDesigner(computesRelaxation: false)
        let report = try designer.design(
            for: samples, targetDistortion: target, importantTolerance: target / 10)
        #expect(report.stages.count == 24)
        #expect(report.stages.allSatisfy { $0.settled == true })
        #expect(report.training.importantViolations == 0)
        #expect(report.training.distortion <= target)
    }

    /// Newton steps count their slope fits against the cap and never pass it.
    @Test("no stage takes more iterations than the cap")
    func capHolds() throws {
        let samples = try TrainingSamples(scalars: SeededSamples.laplace(20_000, seed: 3))
        let designer = QuantizerDesigner(maximumIterationsPerStage: 3, computesRelaxation: false)
        let report = try designer.design(for: samples, targetDistortion: 0.01)
        #expect(report.stages.allSatisfy { $0.iterations <= 3 })
        #expect(report.stages.contains { $0.settled == false })
    }
}

/// The band Cholesky factorisation (Support/BandedCholesky.swift) against the dense LU solve.
@Suite("Banded Cholesky")
struct BandedCholeskyTests {
    @Test("solves a band system as the dense solver does, and refuses an indefinite one")
    func matchesDenseSolve() throws {
        var generator = SplitMix64(seed: 21)
        let n = 40
        let b = 3
        var matrix = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in max(0, i - b)..<i {
                let value = 2 * generator.nextUnit() - 1
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
        }
        let rhs = (0..<n).map { _ in generator.nextGaussian() }
        // Off-diagonal entries in (−1, 1), 2b to a row: a shift of 2b + 1 makes the matrix
        // diagonally dominant, so positive definite.
        let shift = Double(2 * b + 1)
        let factor = try #require(
            BandedCholesky(dense: matrix, size: n, bandwidth: b, shift: shift))
        var dense = matrix
        for i in 0..<n { dense[i * n + i] += shift }
        var expected = rhs
        #expect(solveDenseSystem(&dense, &expected, size: n))
        let solved = factor.solve(rhs)
        for i in 0..<n { #expect(abs(solved[i] - expected[i]) <= 1e-12 * (1 + abs(expected[i]))) }
        // With no shift the random band matrix (zero diagonal) is indefinite.
        #expect(BandedCholesky(dense: matrix, size: n, bandwidth: b, shift: 0) == nil)
    }
}
