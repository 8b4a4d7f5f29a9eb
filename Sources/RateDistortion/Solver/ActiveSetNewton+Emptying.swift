extension ActiveSetNewton {
    /// A step that would empty codewords, taken as an active-set quadratic programme takes
    /// it: the codeword whose mass the step takes furthest below zero is emptied (its Δu_l
    /// fixed at −1) and the same Newton system solved for the others, until no other one
    /// would go below zero; then the whole step, the emptied codewords leaving T. Cutting the
    /// step where the first codeword reaches zero removed one codeword per Newton step (a new
    /// system each), and most steps of the fine levels were such.
    /// - Returns: the evaluation at the new iterate (`iterate` and `excess` moved), or nil
    ///   (both untouched) when a codeword that some row needs would be emptied, the reduced
    ///   system is singular, or the step does not lower the merit.
    /// The largest dense system whose codewords are emptied by re-solving it.
    static let largestDenseEmptying = 128

    func emptyingStep(
        _ iterate: inout Iterate, excess: inout ExcessTable, system: NewtonSystem, step: Step,
        current: Evaluation
    ) -> Evaluation? {
        let r = iterate.active.count
        // Each emptied codeword costs a solve of the system: cheap on a band or a small dense
        // system, but a dense one of hundreds of unknowns (a Zipf law over 1,000 symbols
        // under Hamming distortion keeps 640) took 40 times as long as the steps it saved.
        guard system.shape.halfWidth != nil || system.shape.size <= Self.largestDenseEmptying
        else { return nil }
        let essential = essentialPositions(iterate, excess: excess)
        var emptied: [Int] = []
        var step = step
        while true {
            var worst = -1
            var lowest = 0.0
            for l in 0..<r where !emptied.contains(l) && 1 + step.logMass[l] <= lowest {
                lowest = 1 + step.logMass[l]
                worst = l
            }
            guard worst >= 0 else { break }
            guard !essential.contains(worst), emptied.count + 2 < r else { return nil }
            emptied.append(worst)
            emptied.sort()
            guard
                let next = self.step(
                    solving: system, emptying: emptied, iterate, current, excess: excess)
            else { return nil }
            step = next
        }
        var trial = advancing(iterate, by: step, scaled: 1, excess: excess)
        var trialExcess = excess
        remove(Set(emptied), from: &trial, excess: &trialExcess)
        guard trial.q.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        fitOwnSlopes(&trial, excess: trialExcess)
        let evaluation = evaluate(trial, excess: trialExcess)
        guard evaluation.merit.isFinite, evaluation.merit < current.merit else { return nil }
        iterate = trial
        excess = trialExcess
        return evaluation
    }

    /// A Newton system as ``newtonSystem(_:_:excess:)`` builds it: the matrix (stored as
    /// `shape` says), the right side, and where the average slope and the class prices sit.
    struct NewtonSystem {
        let matrix: [Double]
        let rhs: [Double]
        let shape: NewtonSystemShape
        /// The column of Δs, or −1 when the average bound does not bind.
        let sColumn: Int
        /// The column of each class's Δν_k, or −1 when it does not bind.
        let classColumn: [Int]

        /// The solution with the unknowns at T positions `emptied` (sorted) fixed at −1 — each
        /// codeword's mass taken to zero — and their equations dropped: the other unknowns solve
        /// the system without those rows and columns, whose columns times −1 move to the right
        /// side. The matrix is the one factored for the full step, so emptying a codeword costs
        /// a band solve, not a new Newton system. Nil when the system is singular.
        /// - Complexity: O(r·w² + r·b + b³) on a band of half-width w, O((r + b)³) dense.
        func solution(emptying emptied: [Int]) -> [Double]? {
            guard !emptied.isEmpty else {
                var solution = rhs
                return ActiveSetNewton.solveSystem(matrix, &solution, shape: shape) ? solution : nil
            }
            let r = shape.r
            let b = shape.b
            let isEmptied = Set(emptied)
            let kept = (0..<r).filter { !isEmptied.contains($0) }
            let reducedShape = NewtonSystemShape(r: kept.count, b: b, halfWidth: shape.halfWidth)
            var reduced = [Double](repeating: 0, count: reducedShape.count)
            var reducedRhs = [Double](repeating: 0, count: reducedShape.size)
            var source = matrix
            source.withUnsafeMutableBufferPointer { source in
                reduced.withUnsafeMutableBufferPointer { target in
                    let from = source.baseAddress.unsafelyUnwrapped
                    let to = target.baseAddress.unsafelyUnwrapped
                    // Old index of every new one: the kept T positions, then the border.
                    let old = kept + Array(r..<(r + b))
                    let w = shape.halfWidth ?? reducedShape.size
                    func copy(_ i: Int, _ j: Int) {
                        guard shape.isStored(old[i], old[j]) else { return }
                        reducedShape.entry(i, j, in: to).pointee =
                            shape.entry(old[i], old[j], in: from).pointee
                    }
                    for (i, oldI) in old.enumerated() {
                        var right = rhs[oldI]
                        for l in emptied where shape.isStored(oldI, l) {
                            right += shape.entry(oldI, l, in: from).pointee
                        }
                        reducedRhs[i] = right
                        // T rows within the band and the border; border rows everywhere.
                        let band =
                            i < kept.count
                            ? max(0, i - w)..<min(kept.count, i + w + 1) : 0..<kept.count
                        for j in band { copy(i, j) }
                        for j in kept.count..<old.count { copy(i, j) }
                    }
                }
            }
            // A band that does not factor would fall back on a dense solve per emptied
            // codeword, of up to 1,600 unknowns: the caller cuts the step instead.
            guard
                ActiveSetNewton.solveSystem(
                    reduced, &reducedRhs, shape: reducedShape, denseFallback: false)
            else { return nil }
            var solution = [Double](repeating: -1, count: shape.size)
            for (i, l) in kept.enumerated() { solution[l] = reducedRhs[i] }
            for c in 0..<b { solution[r + c] = reducedRhs[kept.count + c] }
            return solution
        }
    }
}
