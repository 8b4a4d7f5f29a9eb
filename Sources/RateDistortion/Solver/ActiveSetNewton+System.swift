#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ActiveSetNewton {
    /// Entries of an encoder row below this are left out of the Jacobian (their contribution
    /// is below rounding).
    static let negligible = 1e-20

    /// The rows' Gibbs distributions on T, their moments and the scaled residuals.
    /// - Complexity: O(n·|T|).
    func evaluate(_ iterate: Iterate, excess: [Double]) -> Evaluation {
        let n = layout.rows, r = iterate.active.count, p = layout.p
        let logQ = iterate.q.map { log($0) }
        var probabilities = [Double](repeating: 0, count: n * r)
        var mean = [Double](repeating: 0, count: n), variance = mean, logZ = mean, slopes = mean
        var output = [Double](repeating: 0, count: r)
        var a = [Double](repeating: 0, count: r)
        for i in 0..<n {
            var base = iterate.s
            for k in layout.rowClasses[i] { base += iterate.nu[k] }
            let t: Double
            switch rowKind(i, iterate) {
            case .hard: t = ProgramLayout.hardSlope
            case .binding: t = iterate.beta[i]
            case .free: t = base
            }
            slopes[i] = t
            var top = -Double.infinity
            for l in 0..<r {
                let x = excess[i * r + l]
                a[l] = x == 0 ? logQ[l] : logQ[l] - t * x
                top = max(top, a[l])
            }
            var z = 0.0, first = 0.0, second = 0.0
            for l in 0..<r {
                let shifted = a[l] - top
                let e = shifted < -60 ? 0 : exp(shifted)  // e^-60 ≈ 1e-26: below rounding of every sum it enters
                a[l] = e
                z += e
                first += e * excess[i * r + l]
                second += e * excess[i * r + l] * excess[i * r + l]
            }
            logZ[i] = top + log(z)
            mean[i] = first / z
            variance[i] = max(0, second / z - mean[i] * mean[i])
            for l in 0..<r {
                let value = a[l] / z
                probabilities[i * r + l] = value
                output[l] += p[i] * value
            }
        }
        var residual: [Double] = (0..<r).map { log(max(output[$0], 1e-300) / iterate.q[$0]) }
        var average = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        for i in 0..<n {
            let distortion = layout.rowMinima[i] + mean[i]
            average += p[i] * distortion
            for k in layout.rowClasses[i] { classSum[k] += p[i] * distortion }
        }
        if iterate.averageBinds, let target = layout.target { residual.append((average - target) / target) }
        for (k, fidelityClass) in layout.classes.enumerated() where iterate.classBinds[k] {
            residual.append((classSum[k] / fidelityClass.mass - fidelityClass.tolerance) / fidelityClass.tolerance)
        }
        for i in 0..<n where rowKind(i, iterate) == .binding {
            residual.append((layout.rowMinima[i] + mean[i] - layout.rowTolerance[i]) / layout.rowTolerance[i])
        }
        let merit = residual.reduce(0) { $0 + $1 * $1 }
        return Evaluation(probabilities: probabilities, mean: mean, variance: variance, logPartition: logZ,
                          slopes: slopes, outputMass: output, residual: residual, merit: merit)
    }

    /// Newton's method on the restricted system until its residual reaches rounding level.
    /// Codewords whose step would empty them leave T (and `excess` is rebuilt).
    /// - Returns: `false` if the iteration fails (singular system, no descent).
    func solveRestricted(_ iterate: inout Iterate, excess: inout [Double], tolerance: Double = 1e-28) -> Bool {
        var current = evaluate(iterate, excess: excess)
        for _ in 0..<200 {
            if current.merit <= tolerance { return true }
            guard let step = newtonStep(iterate, current, excess: excess) else { return false }
            // A step that would empty a codeword is cut where the first one reaches zero; that
            // codeword leaves T (and returns later if the certificate finds its c_j > 1).
            var limit = 1.0
            var blocking = -1
            for l in 0..<iterate.active.count where 1 + step.logMass[l] * limit <= 0 {
                limit = -1 / step.logMass[l]
                blocking = l
            }
            if blocking >= 0 {
                guard iterate.active.count > 1 else { return false }
                var trial = applying(step, scaled: limit, to: iterate)
                dropNegligible(&trial, excess: &excess, forcing: blocking)
                iterate = trial
                current = evaluate(iterate, excess: excess)
                continue
            }
            var alpha = 1.0
            var accepted = false
            for _ in 0..<30 {
                let trial = applying(step, scaled: alpha, to: iterate)
                let evaluation = evaluate(trial, excess: excess)
                if evaluation.merit.isFinite && evaluation.merit <= (1 - 1e-4 * alpha) * current.merit {
                    iterate = trial
                    current = evaluation
                    accepted = true
                    break
                }
                alpha /= 2
            }
            if !accepted { return current.merit <= max(tolerance, 1e-22) }
        }
        return current.merit <= max(tolerance, 1e-22)
    }

    /// Removes the codewords at positions `leaving` from T.
    func remove(_ leaving: Set<Int>, from iterate: inout Iterate, excess: inout [Double]) {
        let r = iterate.active.count
        let keep = (0..<r).filter { !leaving.contains($0) }
        iterate.active = keep.map { iterate.active[$0] }
        iterate.q = keep.map { iterate.q[$0] }
        var reduced = [Double](repeating: 0, count: layout.rows * keep.count)
        for i in 0..<layout.rows {
            for (l, old) in keep.enumerated() { reduced[i * keep.count + l] = excess[i * r + old] }
        }
        excess = reduced
    }

    /// Removes codeword `forced` (and any whose mass fell below 1e-15 of the largest) from T.
    func dropNegligible(_ iterate: inout Iterate, excess: inout [Double], forcing forced: Int) {
        let r = iterate.active.count
        let largest = iterate.q.max() ?? 1
        let keep = (0..<r).filter { $0 != forced && iterate.q[$0] >= 1e-15 * largest }
        guard keep.count < r, !keep.isEmpty else { return }
        iterate.active = keep.map { iterate.active[$0] }
        iterate.q = keep.map { max(iterate.q[$0], 0) }
        var reduced = [Double](repeating: 0, count: layout.rows * keep.count)
        for i in 0..<layout.rows {
            for (l, old) in keep.enumerated() { reduced[i * keep.count + l] = excess[i * r + old] }
        }
        excess = reduced
    }

    struct Step {
        var logMass: [Double]
        var s: Double
        var nu: [Double]
        var beta: [Int: Double]
    }

    private func applying(_ step: Step, scaled alpha: Double, to iterate: Iterate) -> Iterate {
        var next = iterate
        for l in 0..<next.q.count { next.q[l] *= 1 + alpha * step.logMass[l] }
        if next.averageBinds {
            next.s += alpha * step.s
            if next.s <= 0 { next.s = 0; next.averageBinds = false }
        }
        for k in 0..<next.nu.count where next.classBinds[k] {
            next.nu[k] += alpha * step.nu[k]
            if next.nu[k] <= 0 { next.nu[k] = 0; next.classBinds[k] = false }
        }
        for (i, delta) in step.beta {
            next.beta[i] += alpha * delta
            var base = next.s
            for k in layout.rowClasses[i] { base += next.nu[k] }
            if next.beta[i] <= base { next.rowBinds[i] = false }
        }
        return next
    }
}
