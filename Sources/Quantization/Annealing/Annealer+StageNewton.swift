/// Damped Newton steps on an annealing stage, for scalar codebooks (docs/quantiser-design.md,
/// "Stages that do not settle").
///
/// At fixed τ the plain iteration descends the stage potential g (`Annealer+StageModel.swift`)
/// with the curvature it assumes, and between τ ≈ 0.75 and 0.2 it crawls: g has saddles there
/// (neighbouring codewords compete for mass, and one slowly starves), and its slowest stable
/// modes (the even spacing of codewords) contract by about 1 − c/m² per iteration. On recorded
/// speech at D = var/1000 a stage at τ = 0.55 needed some 1,600 iterations to settle. A
/// squared step or Anderson acceleration follows one or a few directions; the spectrum of slow
/// modes needs the Hessian.
///
/// A Levenberg–Marquardt step solves `(S + μI) u = −b` on the simplex, where S and b are g's
/// Hessian and gradient in the iteration's own metric (the plain iteration is μ = ∞ scaled
/// to u = −b), and μ adapts to how well the model predicted the fall of g: it stays above the
/// negative curvature near a saddle, and falls to 1e-4 where g is convex, so that the step
/// becomes Newton's and converges quadratically. Each step costs a band factorisation, the
/// model (a pass over the rows' windows) and one slope fit per trial point.
///
/// Not used while a row is held by its own slope: there the plain iteration moves codewords to
/// their unweighted soft centroids, which are not g's stationary points (g's are weighted by
/// λ_i), and the two would pull apart. Measured on speech with |x| > 4σ held to D/10, Newton
/// steps on the weighted problem settled more stages but took twice the annealing time and
/// left annealing's candidate up to 0.009 bit higher at var/1000.
extension Annealer {
    /// The largest codebook stepped this way (the Hessian is accumulated densely: (2m)² entries).
    static let newtonCodewordLimit = 600

    /// The smallest damping μ (relative to the iteration's own curvature, 1).
    static let minimumDamping = 1e-4

    /// The largest damping: beyond it a step is a fraction of the plain iteration's and no
    /// better, so the plain iteration is taken instead.
    static let maximumDamping = 8.0

    /// μ falls (÷ 3) where the fall of g was at least this fraction of the model's prediction…
    static let goodPrediction = 0.75
    /// …and rises (× 2) where it was below this one.
    static let poorPrediction = 0.25

    /// The least fraction of its value an output probability keeps in one step.
    static let probabilityFloor = 0.1

    /// The most trial points of one damped Newton step.
    static let maximumNewtonTrials = 4

    /// What a damped Newton step did.
    enum NewtonOutcome {
        /// g fell: the fit at the new state.
        case moved(Fit)
        /// The plain iteration's step would bring a fall below the tolerance (½‖b‖², see
        /// ``StageModel/plainStepFall``): the stage has settled at this fit (the state is
        /// unchanged).
        case settled(Fit)
        /// No trial point lowered g, or the damping reached ``maximumDamping``; the state is
        /// unchanged (the slopes are refitted).
        case stalled
        /// The step does not apply here (see ``admitsStageNewton``, or a row wider than
        /// ``stageModelWindowLimit``); the state is unchanged.
        case declined
    }

    /// Whether the damped Newton step applies: a scalar codebook of 2 to
    /// ``newtonCodewordLimit`` codewords, all with mass, and no row held by its own slope.
    var admitsStageNewton: Bool {
        dimension == 1 && codewordCount >= 2 && codewordCount <= Self.newtonCodewordLimit
            && q.allSatisfy { $0 > 0 } && !ownSlopes.contains { $0 > slope }
    }

    /// One damped Newton step on g from the current state, whose slopes are fitted already if
    /// `current` (the fit of the last step) is given: tried with damping `damping`, raised
    /// while `S + μI` is not positive definite or the step does not lower g (up to
    /// ``maximumNewtonTrials`` trial points and ``maximumDamping``), lowered where the model
    /// predicted g well.
    /// - Parameters:
    ///   - tolerance: the relative fall of g below which the stage has settled.
    ///   - budget: the most slope fits the step may spend (the stage's iterations left).
    /// - Returns: the slope fits spent, and what the step did.
    mutating func stageNewtonStep(
        temperature tau: Double, damping: inout Double, from current: Fit?,
        settledBelow tolerance: Double, budget: Int
    ) -> (fits: Int, outcome: NewtonOutcome) {
        guard admitsStageNewton else { return (0, .declined) }
        // Probed at the slopes of the last iteration, so that a declined step costs no fit.
        guard budget > 1, current != nil || encoderWindows(temperature: tau) != nil else {
            return (0, .declined)
        }
        var fits = 0
        let start: Fit
        if let current {
            start = current
        } else {
            start = fit(temperature: tau)
            fits += 1
        }
        guard admitsStageNewton, var model = stageModel(value: start.potential, temperature: tau)
        else { return (fits, .declined) }
        // Below the tolerance trial points would only measure rounding.
        if model.plainStepFall <= tolerance * max(1, abs(start.potential)) {
            return (fits, .settled(start))
        }
        let before = state
        let slopes = (slope, ownSlopes)
        var held = Set<Int>()
        var trials = 0
        while trials < Self.maximumNewtonTrials && fits < budget {
            guard let u = model.dampedStep(damping) else {
                guard damping < Self.maximumDamping else { break }
                damping = min(max(2 * damping, Self.minimumDamping), Self.maximumDamping)
                continue
            }
            guard let trial = trialPoint(model, step: u) else { break }
            // Codewords whose move would leave an important row unserved stay (as in the
            // plain iteration); the model is solved again with them held. If none can move,
            // the step is shortened instead.
            let kept = refineCodebook(to: trial.codebook, q: trial.law)
            if kept.count == codewordCount {
                restore(before)
                guard damping < Self.maximumDamping else { break }
                damping = min(2 * damping, Self.maximumDamping)
                continue
            }
            if !kept.isSubset(of: held) {
                held.formUnion(kept)
                model.hold(held)
                restore(before)
                continue
            }
            trials += 1
            let result = fit(temperature: tau)
            fits += 1
            let fall = start.potential - result.potential
            let ratio = trial.predicted > 0 ? fall / trial.predicted : -1
            if ratio > Self.goodPrediction {
                damping = max(damping / 3, Self.minimumDamping)
            } else if ratio < Self.poorPrediction {
                damping = min(2 * damping, Self.maximumDamping)
            }
            if fall > 0 { return (fits, .moved(result)) }
            restore(before)
            (slope, ownSlopes) = slopes
        }
        return (fits, .stalled)
    }

    /// The state the step u leads to (shortened so that every output probability it does not
    /// empty keeps at least ``probabilityFloor`` of its value; the law renormalised), and the
    /// fall of g the model predicts for it; nil if the step is not finite.
    func trialPoint(_ model: StageModel, step u: [Double]) -> (
        codebook: [Double], law: [Double], predicted: Double
    )? {
        // A codeword the whole step would empty leaves (its probability becomes 0, and the
        // stage prunes it at once): on 10^6 Gaussian samples at D = 1e-4, where the first
        // stages below τ = 1 lose a codeword every few steps, that left 2 stages at the cap
        // instead of 5. The others' share of the step is shortened instead.
        var length = 1.0
        for j in 0..<codewordCount {
            let dr = model.scale[2 * j + 1] * u[2 * j + 1]
            if dr < 0 && q[j] + dr > 0 {
                length = min(length, -(1 - Self.probabilityFloor) * q[j] / dr)
            }
        }
        var newCodebook = codebook
        var newQ = q
        for j in 0..<codewordCount {
            let dr = model.scale[2 * j + 1] * u[2 * j + 1]
            newCodebook[j] += length * model.scale[2 * j] * u[2 * j]
            newQ[j] = q[j] + dr <= 0 ? 0 : q[j] + length * dr
        }
        let total = newQ.reduce(0, +)
        guard total > 0, total.isFinite, newCodebook.allSatisfy(\.isFinite) else { return nil }
        return (newCodebook, newQ.map { $0 / total }, model.predictedFall(u, length: length))
    }
}
