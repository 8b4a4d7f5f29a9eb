import Testing
import _TestSupport

@testable import RateDistortion

/// Where a coarse level's solution starts the finer one (``Solver/finePeaks(_:positions:count:)``).
@Suite("Fine start from a coarse solution")
struct FinePeaksTests {
    @Test("a peak split between two coarse codewords starts on the two fine ones around its centre")
    func splitPeak() {
        // Coarse codewords at fine positions 0, 2, 4, 6, 8; a peak on 2 and 4 (a quarter and
        // three quarters of 0.8: centre 3.5), a lone codeword at 8.
        let q = [0, 0.2, 0.6, 0, 0.2]
        let (mass, active) = Solver.finePeaks(q, positions: [0, 2, 4, 6, 8], count: 9)
        #expect(active == [3, 4, 7, 8])
        #expect(abs(mass[3, default: 0] - 0.4) < 1e-15 && abs(mass[4, default: 0] - 0.4) < 1e-15)
        // The lone codeword keeps its mass; its neighbours get a trace (8 is the line's end).
        #expect(mass[8] == 0.2)
        #expect(mass[7] == Solver.neighbourFraction * 0.2)
        #expect(abs(mass.values.reduce(0, +) - 1 - Solver.neighbourFraction * 0.2) < 1e-15)
    }

    @Test("a centre on a fine codeword starts on it alone; a run of three keeps its codewords")
    func exactCentreAndLongRun() {
        // Equal masses on 2 and 4: centre 3, exactly a fine codeword.
        let (mass, active) = Solver.finePeaks([0.5, 0.5], positions: [2, 4], count: 9)
        #expect(active == [3] && mass == [3: 1])
        // Three coarse codewords in a row: each keeps its mass, with its neighbours.
        let run = Solver.finePeaks([0.25, 0.5, 0.25], positions: [2, 4, 6], count: 9)
        #expect(run.active == Set(1...7))
        #expect(run.mass[2] == 0.25 && run.mass[4] == 0.5 && run.mass[6] == 0.25)
        #expect(run.mass[3] == 2 * Solver.neighbourFraction * 0.375)
    }

    @Test(
        "grids with a tail class start from the coarse peaks and certify",
        arguments: [128, 200, 256])
    func gaussianGridCertifies(points n: Int) throws {
        // The side-by-side problem: [-4, 4], D = 0.1, |x| > 2.5 each within 0.02.
        let x = (0..<n).map { -4 + 8 * Double($0) / Double(n - 1) }
        let problem = try GaussianGrid.problem(
            on: x, constraint: .targetDistortion(0.1),
            fidelity: [
                FidelityClass(
                    name: "tail", members: x.indices.filter { abs(x[$0]) > 2.5 }, tolerance: 0.02)
            ])
        let solution = try Solver().solve(problem)
        #expect(solution.status == .optimal)
        #expect(solution.rateNats - solution.lowerBoundNats <= 1e-9)
        for i in x.indices where abs(x[i]) > 2.5 {
            #expect(solution.rowDistortions[i] <= 0.02 * (1 + 1e-12))
        }
    }
}

/// How long the active-set rounds go on (``ActiveSetNewton/RoundProgress``).
@Suite("Active-set rounds while the gap falls")
struct RoundProgressTests {
    @Test(
        "40 rounds always; past them only while the best gap halves within 20 rounds, 240 at most")
    func roundsWhileProgressing() {
        var progress = ActiveSetNewton.RoundProgress()
        #expect((0..<40).allSatisfy { progress.allows(round: $0) })
        #expect(!progress.allows(round: 40))
        // The gap halves at round 35: rounds up to 54 are allowed, 55 is not.
        progress.record(gap: 1e-3, round: 10)
        progress.record(gap: 0.6e-3, round: 30)
        progress.record(gap: 0.4e-3, round: 35)
        #expect(progress.halvedAt == 35 && progress.bestGap == 0.4e-3)
        #expect(progress.allows(round: 54) && !progress.allows(round: 55))
        // A worse gap neither counts as progress nor loses the best one.
        progress.record(gap: 1, round: 50)
        #expect(progress.halvedAt == 35 && progress.bestGap == 0.4e-3)
        // Halving on and on still stops at 240.
        var gap = 0.4e-3
        for round in 36..<300 {
            gap /= 4
            progress.record(gap: gap, round: round)
        }
        #expect(progress.allows(round: 239) && !progress.allows(round: 240))
    }
}
