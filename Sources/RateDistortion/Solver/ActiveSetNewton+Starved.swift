#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ActiveSetNewton {
    /// `log c_l` above this marks a codeword of T whose mass is far below what its rows ask.
    static let starvedResidual = 1.0
    /// Growth steps tried before Newton (each one evaluation).
    static let maximumGrowthSteps = 8

    /// Before Newton: codewords of T whose rows ask far more mass than they carry
    /// (`log c_l` > ``starvedResidual``) take the mass a Blahut–Arimoto pass would give them,
    /// `q_l ← q_l·c_l`, while that lowers the merit.
    ///
    /// A codeword carrying a trace of mass (a coarse level's neighbour, at 1e-7 of its
    /// codeword's) that a row with its own tolerance needs has `c_l` near e^14: its rows' Gibbs
    /// terms grow with its mass, so `c_l` hardly moves with it, and Newton's linearisation
    /// raised its log-mass by about 2.4 per step, a damped step each (on the 256-point Gaussian
    /// grid with a tail class, the first solve of each of the two finer levels took 14–15
    /// Newton systems, 7–8 of them for this alone). One multiplicative step sets such a mass to
    /// its order at the cost of one evaluation.
    func growStarved(_ iterate: inout Iterate, _ current: inout Evaluation, excess: ExcessTable) {
        for _ in 0..<Self.maximumGrowthSteps {
            let trace = Self.enteringMass * (iterate.q.max() ?? 0)
            let starved = iterate.q.indices.filter {
                iterate.q[$0] < trace && current.residual[$0] > Self.starvedResidual
            }
            if starved.isEmpty { return }
            var trial = iterate
            for l in starved { trial.q[l] *= exp(current.residual[l]) }
            let total = trial.q.reduce(0, +)
            for l in trial.q.indices { trial.q[l] /= total }
            fitOwnSlopes(&trial, excess: excess)
            let evaluation = evaluate(trial, excess: excess)
            guard evaluation.merit.isFinite, evaluation.merit < current.merit else { return }
            iterate = trial
            current = evaluation
        }
    }
}
