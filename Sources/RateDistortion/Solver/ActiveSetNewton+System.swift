import ParallelLoops

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ActiveSetNewton {
    /// Entries of an encoder row below this are left out of the Jacobian (their contribution
    /// is below rounding).
    static let negligible = 1e-20
    /// A row whose support holds fewer than 1/this of T's codewords is added to the Jacobian
    /// entry by entry over its support rather than over all of T.
    static let sparseSupportRatio = 4
    /// A band whose half-width is below 1/this of T's codewords is solved as a band.
    static let bandRatio = 4
    /// Masses below this fraction of the largest count as “just entered” T (entering codewords
    /// start at ``enteringFraction`` of the smallest mass).
    static let enteringMass = 1e-6
    /// Newton steps on one restricted system before it counts as unsolved.
    static let maximumNewtonSteps = 200
    /// Step halvings tried by the line search (one once the residual is at rounding level).
    static let maximumHalvings = 30
    /// The squared residual below which a full step that does not reduce it ends the solve.
    static let roundingResidual = 1e-20
    /// Armijo's sufficient-decrease constant of the line search.
    static let sufficientDecrease = 1e-4
    /// Codewords below this fraction of the largest mass leave T after a cut step.
    static let negligibleMass = 1e-15

    /// The rows' Gibbs distributions on T, their moments and the scaled residuals.
    /// Rows are split across cores (each worker keeps its own output-mass accumulator, summed
    /// in a fixed order, so the result does not depend on scheduling).
    /// - Complexity: O(n·|T|).
    func evaluate(_ iterate: Iterate, excess: ExcessTable) -> Evaluation {
        let n = layout.rows
        let r = iterate.active.count
        let width = RowKernel.width
        let padded = (r + width - 1) / width * width
        var logQ = [Double](repeating: -.infinity, count: padded)
        for l in 0..<r { logQ[l] = log(iterate.q[l]) }
        let slopes = rowSlopes(iterate)
        // Every row writes its span of T only, and readers stay within the spans: no zero fill.
        var probabilities = [Double](unsafeUninitializedCapacity: n * r) { _, count in
            count = n * r
        }
        var spans = [Range<Int>](repeating: 0..<0, count: n)
        var mean = [Double](repeating: 0, count: n)
        var variance = mean
        var logZ = mean
        let chunks = RowKernel.chunkCount(rows: n, columns: padded)
        var partialOutput = [Double](repeating: 0, count: chunks * r)
        logQ.withUnsafeBufferPointer { logQ in
            excess.withRows { excess in
                slopes.withUnsafeBufferPointer { slopes in
                    layout.p.withUnsafeBufferPointer { p in
                        probabilities.withUnsafeMutableBufferPointer { probabilities in
                            spans.withUnsafeMutableBufferPointer { spans in
                                mean.withUnsafeMutableBufferPointer { mean in
                                    variance.withUnsafeMutableBufferPointer { variance in
                                        logZ.withUnsafeMutableBufferPointer { logZ in
                                            partialOutput.withUnsafeMutableBufferPointer { output in
                                                withLine(of: iterate) { line in
                                                    let rows = RestrictedRows(
                                                        logQ: logQ, excess: excess, slopes: slopes,
                                                        p: p, probabilities: probabilities,
                                                        spans: spans,
                                                        mean: mean, variance: variance, logZ: logZ,
                                                        output: output, line: line)
                                                    ParallelLoop.forEachChunk(chunks, count: n) {
                                                        chunk, range in
                                                        rows.evaluate(
                                                            range, chunk: chunk, active: r,
                                                            padded: padded)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var output = [Double](repeating: 0, count: r)
        for chunk in 0..<chunks {
            for l in 0..<r { output[l] += partialOutput[chunk * r + l] }
        }
        let residual = residuals(iterate, mean: mean, output: output)
        let merit = residual.reduce(0) { $0 + $1 * $1 }
        return Evaluation(
            probabilities: probabilities, spans: spans, mean: mean, variance: variance,
            logPartition: logZ,
            slopes: slopes, outputMass: output, residual: residual, merit: merit)
    }

    /// Every row's slope: its own when binding, the hard-row slope, or the base slope (s plus
    /// its classes' prices).
    func rowSlopes(_ iterate: Iterate) -> [Double] {
        (0..<layout.rows).map { i in
            switch rowKind(i, iterate) {
            case .hard: return ProgramLayout.hardSlope
            case .binding: return iterate.beta[i]
            case .free:
                var base = iterate.s
                for k in layout.rowClasses[i] { base += iterate.nu[k] }
                return base
            }
        }
    }

    /// The average distortion and each class's mass-weighted distortion sum, from the rows'
    /// mean excess distortions.
    func distortionSums(mean: [Double]) -> (average: Double, classes: [Double]) {
        var average = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        for i in 0..<layout.rows {
            let distortion = layout.rowMinima[i] + mean[i]
            average += layout.p[i] * distortion
            for k in layout.rowClasses[i] { classSum[k] += layout.p[i] * distortion }
        }
        return (average, classSum)
    }

    /// The scaled residuals: `log c_l` on T, then the binding average, classes and rows, each
    /// relative to its bound.
    private func residuals(_ iterate: Iterate, mean: [Double], output: [Double]) -> [Double] {
        var residual = iterate.q.indices.map { log(max(output[$0], 1e-300) / iterate.q[$0]) }
        let (average, classSum) = distortionSums(mean: mean)
        if iterate.averageBinds, let target = layout.target {
            residual.append((average - target) / target)
        }
        for (k, fidelityClass) in layout.classes.enumerated() where iterate.classBinds[k] {
            residual.append(
                (classSum[k] / fidelityClass.mass - fidelityClass.tolerance)
                    / fidelityClass.tolerance)
        }
        for i in 0..<layout.rows where rowKind(i, iterate) == .binding {
            residual.append(
                (layout.rowMinima[i] + mean[i] - layout.rowTolerance[i]) / layout.rowTolerance[i])
        }
        return residual
    }

    /// Newton's method on the restricted system until its residual reaches rounding level.
    /// Codewords whose step would empty them leave T (and `excess` is rebuilt).
    /// - Returns: `false` if the iteration fails (singular system, no descent).
    func solveRestricted(
        _ iterate: inout Iterate, excess: inout ExcessTable,
        tolerance: Double = ActiveSetNewton.residualTolerance
    ) -> Bool {
        fitOwnSlopes(&iterate, excess: excess)
        var current = evaluate(iterate, excess: excess)
        growStarved(&iterate, &current, excess: excess)
        for _ in 0..<Self.maximumNewtonSteps {
            if current.merit <= tolerance { return true }
            if isOutOfTime { return false }
            let system = newtonSystem(iterate, current, excess: excess)
            guard let step = step(solving: system, emptying: [], iterate, current, excess: excess)
            else { return false }
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
                if let emptied = emptyingStep(
                    &iterate, excess: &excess, system: system, step: step, current: current)
                {
                    current = emptied
                    continue
                }
                current = blockedStep(
                    &iterate, excess: &excess, step, blocking: blocking, limit: limit,
                    merit: current.merit)
                continue
            }
            guard lineSearch(&iterate, &current, step, excess: excess) else {
                return current.merit <= max(tolerance, 1e-22)
            }
        }
        return current.merit <= max(tolerance, 1e-22)
    }

    /// A step that would empty codeword `blocking` (at step fraction `limit`) and perhaps
    /// others: moves `iterate` and returns its evaluation.
    /// - A codeword that is some row's only way to meet its tolerance stays (without it the
    ///   restricted problem has no solution): the step is halved short of emptying it.
    /// - Codewords that only just entered T (negligible mass) and that the full step would
    ///   empty leave together, without a step: one at a time cost a Newton step each, hundreds
    ///   on fine grids. The certificate brings back any that should carry mass.
    /// - Otherwise a projected step (``projectedStep(_:_:essential:merit:excess:)``), or the
    ///   step cut at `limit` with the blocking codeword removed.
    private func blockedStep(
        _ iterate: inout Iterate, excess: inout ExcessTable, _ step: Step, blocking: Int,
        limit: Double, merit: Double
    ) -> Evaluation {
        let essential = essentialPositions(iterate, excess: excess)
        if essential.contains(blocking) {
            iterate = advancing(iterate, by: step, scaled: limit / 2, excess: excess)
        } else {
            let largest = iterate.q.max() ?? 1
            let leaving = (0..<iterate.active.count).filter {
                1 + step.logMass[$0] <= 0 && iterate.q[$0] < Self.enteringMass * largest
                    && !essential.contains($0)
            }
            if leaving.count > 1, leaving.count < iterate.active.count {
                remove(Set(leaving), from: &iterate, excess: &excess)
            } else if let projected = projectedStep(
                iterate, step, essential: essential, merit: merit, excess: excess)
            {
                let evaluation: Evaluation
                (iterate, excess, evaluation) = projected
                return evaluation
            } else {
                var trial = advancing(iterate, by: step, scaled: limit, excess: excess)
                dropNegligible(&trial, excess: &excess, forcing: blocking)
                iterate = trial
            }
        }
        fitOwnSlopes(&iterate, excess: excess)
        return evaluate(iterate, excess: excess)
    }

    /// Armijo backtracking along `step`: the first of α = 1, ½, ¼, … whose merit falls enough.
    /// Near the rounding floor a full step that does not reduce the merit means the floor is
    /// reached: halving the step would only repeat the evaluation.
    /// - Returns: whether a step was taken (`iterate` and `current` then describe it).
    private func lineSearch(
        _ iterate: inout Iterate, _ current: inout Evaluation, _ step: Step, excess: ExcessTable
    ) -> Bool {
        var alpha = 1.0
        let attempts = current.merit <= Self.roundingResidual ? 1 : Self.maximumHalvings
        for _ in 0..<attempts {
            var trial = advancing(iterate, by: step, scaled: alpha, excess: excess)
            fitOwnSlopes(&trial, excess: excess)
            let evaluation = evaluate(trial, excess: excess)
            if evaluation.merit.isFinite
                && evaluation.merit <= (1 - Self.sufficientDecrease * alpha) * current.merit
            {
                iterate = trial
                current = evaluation
                return true
            }
            alpha /= 2
        }
        return false
    }

    /// A projected Newton step: the step cut where its e-th codeword reaches zero, those e
    /// removed from T at once, for e = 2, 4, 8, … while the merit keeps falling; the best.
    /// Cutting the step where the first codeword reaches zero (e = 1) removes one codeword per
    /// Newton step: on a 2-D grid, where T starts with hundreds of codewords the optimum does
    /// not use, that took one Newton step (an O(n·|T|²) system) per codeword. The certificate
    /// brings back any codeword that should carry mass.
    /// - Returns: the new iterate, its `excess` and evaluation; nil on a scalar codebook, or
    ///   when removing two codewords does not lower the merit.
    /// - Complexity: one evaluation per doubling of e, O(log |T|) in all.
    private func projectedStep(
        _ iterate: Iterate, _ step: Step, essential: Set<Int>, merit: Double, excess: ExcessTable
    ) -> (Iterate, ExcessTable, Evaluation)? {
        // On a line the Newton system is a band and a step is cheap; removing codewords in bulk
        // there brought them back through the certificate (a speech relaxation with a tail class
        // went from 5.3 to 7.6 s).
        guard scalarOrder == nil else { return nil }
        // Where each codeword the step empties reaches zero, nearest first.
        let breakpoints = (0..<iterate.active.count)
            .filter { step.logMass[$0] < 0 && !essential.contains($0) }
            .map { (alpha: -1 / step.logMass[$0], position: $0) }
            .sorted { $0.alpha < $1.alpha }
        var best: (Iterate, ExcessTable, Evaluation)?
        var bestMerit = merit
        var count = 2
        while count <= breakpoints.count, count < iterate.active.count - 1,
            breakpoints[count - 1].alpha <= 1
        {
            let alpha = breakpoints[count - 1].alpha
            let emptied = Set(breakpoints.prefix { $0.alpha <= alpha }.map(\.position))
            var trial = advancing(iterate, by: step, scaled: alpha, excess: excess)
            var trialExcess = excess
            remove(emptied, from: &trial, excess: &trialExcess)
            guard trial.q.allSatisfy({ $0 > 0 }) else { break }
            fitOwnSlopes(&trial, excess: trialExcess)
            let evaluation = evaluate(trial, excess: trialExcess)
            guard evaluation.merit.isFinite, evaluation.merit < bestMerit else { break }
            best = (trial, trialExcess, evaluation)
            bestMerit = evaluation.merit
            count *= 2
        }
        return best
    }

    /// Positions in T of codewords that are some row's only codeword within its tolerance.
    /// - Complexity: O(log |T|) per row with its own tolerance on a sorted line, O(|T|)
    ///   otherwise (``ExcessTable/positions(ofRow:within:limit:)``).
    func essentialPositions(_ iterate: Iterate, excess: ExcessTable) -> Set<Int> {
        var essential = Set<Int>()
        for i in 0..<layout.rows where layout.rowTolerance[i].isFinite {
            let slack = layout.rowTolerance[i] - layout.rowMinima[i]
            let within = excess.positions(ofRow: i, within: slack, limit: 2)
            if within.count == 1 { essential.insert(within[0]) }
        }
        return essential
    }

    /// Removes the codewords at positions `leaving` from T.
    /// - Complexity: O(|T|) on a line, O(n·|T|) otherwise (``ExcessTable/keep(_:)``).
    func remove(_ leaving: Set<Int>, from iterate: inout Iterate, excess: inout ExcessTable) {
        let keep = (0..<iterate.active.count).filter { !leaving.contains($0) }
        iterate.active = keep.map { iterate.active[$0] }
        iterate.q = keep.map { iterate.q[$0] }
        excess.keep(keep)
    }

    /// Removes codeword `forced` (and any whose mass fell below ``negligibleMass`` of the
    /// largest) from T, unless that would empty T.
    func dropNegligible(_ iterate: inout Iterate, excess: inout ExcessTable, forcing forced: Int) {
        let largest = iterate.q.max() ?? 1
        let leaving = Set(
            iterate.q.indices.filter {
                $0 == forced || iterate.q[$0] < Self.negligibleMass * largest
            })
        guard !leaving.isEmpty, leaving.count < iterate.active.count else { return }
        remove(leaving, from: &iterate, excess: &excess)
        iterate.q = iterate.q.map { max($0, 0) }
    }

    struct Step {
        var logMass: [Double]
        var s: Double
        var nu: [Double]
        var beta: [Int: Double]
    }

    /// `iterate` moved by `step` scaled by `alpha`, where a shared bound (the average or a
    /// class) whose slope the step takes to zero stops binding only if the moved law meets it
    /// there. A step that overshoots past zero while the bound is still exceeded would
    /// otherwise drop the bound's residual from the merit, which then falls however bad the
    /// step was (on a tail class, such a step collapsed T onto the tail's codewords with the
    /// average slope at zero, and the next round started hundreds of millions from its target).
    /// Such a bound keeps binding, its slope halved instead.
    /// - Complexity: one evaluation more, only when a step releases a bound.
    func advancing(
        _ iterate: Iterate, by step: Step, scaled alpha: Double, excess: ExcessTable
    ) -> Iterate {
        var next = applying(step, scaled: alpha, to: iterate)
        let releasesAverage = iterate.averageBinds && !next.averageBinds
        let releasedClasses = layout.classes.indices.filter {
            iterate.classBinds[$0] && !next.classBinds[$0]
        }
        guard releasesAverage || !releasedClasses.isEmpty else { return next }
        var probe = next
        fitOwnSlopes(&probe, excess: excess)
        let (average, classSum) = distortionSums(mean: evaluate(probe, excess: excess).mean)
        let slack = 1 + Precision.polished.slack
        if releasesAverage, let target = layout.target, average > target * slack {
            next.averageBinds = true
            next.s = iterate.s / 2
        }
        for k in releasedClasses
        where classSum[k] > layout.classes[k].mass * layout.classes[k].tolerance * slack {
            next.classBinds[k] = true
            next.nu[k] = iterate.nu[k] / 2
        }
        return next
    }

    private func applying(_ step: Step, scaled alpha: Double, to iterate: Iterate) -> Iterate {
        var next = iterate
        for l in 0..<next.q.count { next.q[l] *= 1 + alpha * step.logMass[l] }
        if next.averageBinds {
            next.s += alpha * step.s
            if next.s <= 0 {
                next.s = 0
                next.averageBinds = false
            }
        }
        for k in 0..<next.nu.count where next.classBinds[k] {
            next.nu[k] += alpha * step.nu[k]
            if next.nu[k] <= 0 {
                next.nu[k] = 0
                next.classBinds[k] = false
            }
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
