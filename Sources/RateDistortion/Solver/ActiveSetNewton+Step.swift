import ParallelLoops

extension ActiveSetNewton {
    /// The Newton step for the restricted system at `iterate` (see the type's documentation),
    /// with the binding rows' slopes eliminated. Unknowns: `Δu_l = Δq_l / q_l` on T, then Δs
    /// when the average bound binds, then Δν_k for binding classes.
    /// - Returns: nil when the system is singular.
    /// - Complexity: O(Σ_i |support_i|² + N³) with N the number of unknowns (a row's support is
    ///   its codewords of non-negligible probability).
    func newtonStep(_ iterate: Iterate, _ current: Evaluation, excess: ExcessTable) -> Step? {
        let system = newtonSystem(iterate, current, excess: excess)
        return step(solving: system, emptying: [], iterate, current, excess: excess)
    }

    /// The Newton system at `iterate`, before it is solved (``newtonStep(_:_:excess:)``).
    func newtonSystem(_ iterate: Iterate, _ current: Evaluation, excess: ExcessTable)
        -> NewtonSystem
    {
        let n = layout.rows
        let r = iterate.active.count
        let sColumn = iterate.averageBinds ? r : -1
        var classColumn = [Int](repeating: -1, count: layout.classes.count)
        var size = r + (iterate.averageBinds ? 1 : 0)
        for k in 0..<layout.classes.count where iterate.classBinds[k] {
            classColumn[k] = size
            size += 1
        }
        let shape = NewtonSystemShape(
            r: r, b: size - r, halfWidth: bandHalfWidth(current, active: r))
        let stored = shape.count
        // Rows are split across cores; each worker adds its rows' terms to its own copy of the
        // system, and the copies are summed in a fixed order.
        let chunks = n * r * r < 1 << 18 ? 1 : min(n, ParallelLoop.activeCores)
        var partialMatrix = [Double](repeating: 0, count: chunks * stored)
        var partialRhs = [Double](repeating: 0, count: chunks * size)
        let kinds = (0..<n).map { rowKind($0, iterate) }
        partialMatrix.withUnsafeMutableBufferPointer { matrices in
            partialRhs.withUnsafeMutableBufferPointer { rhsCopies in
                ParallelLoop.forEachChunk(chunks, count: n) { chunk, range in
                    addRows(
                        range, iterate: iterate, current: current, excess: excess, kinds: kinds,
                        shape: shape,
                        sColumn: sColumn, classColumn: classColumn,
                        matrix: matrices.baseAddress.unsafelyUnwrapped + chunk * stored,
                        rhs: rhsCopies.baseAddress.unsafelyUnwrapped + chunk * size)
                }
            }
        }
        var matrix = [Double](repeating: 0, count: stored)
        var rhs = [Double](repeating: 0, count: size)
        // Row l is `log c_l = log(q'_l / q_l) = 0` scaled by q'_l; unlike `q'_l − q_l = 0` it has
        // no spurious root at q_l = 0, so a codeword with c_l > 1 grows instead of vanishing.
        for l in 0..<r { rhs[l] = -current.outputMass[l] * current.residual[l] }
        for chunk in 0..<chunks {
            for e in 0..<stored { matrix[e] += partialMatrix[chunk * stored + e] }
            for e in 0..<size { rhs[e] += partialRhs[chunk * size + e] }
        }
        let (average, classSum) = distortionSums(mean: current.mean)
        if sColumn >= 0, let target = layout.target { rhs[sColumn] -= average - target }
        for (k, fidelityClass) in layout.classes.enumerated() where classColumn[k] >= 0 {
            rhs[classColumn[k]] -= classSum[k] - fidelityClass.mass * fidelityClass.tolerance
        }
        return NewtonSystem(
            matrix: matrix, rhs: rhs, shape: shape, sColumn: sColumn, classColumn: classColumn)
    }

    /// The step that solves `system` with the codewords at positions `emptied` (sorted, of T)
    /// taken to zero mass (`Δu_l = −1`) and their equations dropped, as a quadratic
    /// programme's active set fixes variables at their bounds: the same matrix, without their
    /// rows and columns, their columns moved to the right side (``NewtonSystem/solution(emptying:)``).
    /// - Returns: nil when the system is singular.
    func step(
        solving system: NewtonSystem, emptying emptied: [Int], _ iterate: Iterate,
        _ current: Evaluation, excess: ExcessTable
    ) -> Step? {
        let n = layout.rows
        let r = iterate.active.count
        guard let rhs = system.solution(emptying: emptied) else { return nil }
        var step = Step(
            logMass: Array(rhs[0..<r]), s: system.sColumn >= 0 ? rhs[system.sColumn] : 0,
            nu: system.classColumn.map { $0 >= 0 ? rhs[$0] : 0 }, beta: [:])
        for i in 0..<n where rowKind(i, iterate) == .binding && current.variance[i] > 0 {
            var change = layout.rowMinima[i] + current.mean[i] - layout.rowTolerance[i]
            for l in current.spans[i] {
                let probability = current.probabilities[i * r + l]
                guard probability > Self.negligible else { continue }
                change += probability * (excess[i, l] - current.mean[i]) * step.logMass[l]
            }
            step.beta[i] = change / current.variance[i]
        }
        return step
    }

    /// Adds the terms of rows `range` to `matrix` (stored as `shape` says) and `rhs`: the Gram
    /// term `−p_i P_i P_iᵀ` on T, for a binding row its eliminated slope `−p_i d_i d_iᵀ / var_i`
    /// (with `d_il = P_il (e_il − mean_i)`), for a free row its coupling to s and the binding
    /// classes' ν_k.
    /// - Complexity: O(Σ_i |support_i| · min(|T|, |support_i|)) over the rows in `range`.
    private func addRows(
        _ range: Range<Int>, iterate: Iterate, current: Evaluation, excess: ExcessTable,
        kinds: [RowKind], shape: NewtonSystemShape,
        sColumn: Int, classColumn: [Int], matrix: UnsafeMutablePointer<Double>,
        rhs: UnsafeMutablePointer<Double>
    ) {
        let r = iterate.active.count
        let p = layout.p
        var terms = NewtonRowTerms(capacity: r)
        defer { terms.deallocate() }
        var slopeColumns: [Int] = []
        current.probabilities.withUnsafeBufferPointer { probabilities in
            excess.withRows { excess in
                for i in range where p[i] > 0 {
                    terms.gather(
                        row: i, span: current.spans[i], active: r, probabilities: probabilities,
                        excess: excess[i], meanExcess: current.mean[i])
                    let variance = current.variance[i]
                    if kinds[i] == .binding, variance > 0 {
                        let gap = layout.rowMinima[i] + current.mean[i] - layout.rowTolerance[i]
                        terms.addGram(
                            weightScale: p[i], derivativeScale: p[i] / variance, shape: shape,
                            matrix: matrix)
                        terms.addBindingRhs(scale: p[i] / variance, gap: gap, rhs: rhs)
                        if sColumn >= 0 { rhs[sColumn] += p[i] * gap }
                        for k in layout.rowClasses[i] where classColumn[k] >= 0 {
                            rhs[classColumn[k]] += p[i] * gap
                        }
                        continue
                    }
                    terms.addGram(
                        weightScale: p[i], derivativeScale: 0, shape: shape, matrix: matrix)
                    guard kinds[i] == .free else { continue }
                    // A free row: its slope moves with s and the ν_k of its binding classes.
                    slopeColumns.removeAll(keepingCapacity: true)
                    if sColumn >= 0 { slopeColumns.append(sColumn) }
                    for k in layout.rowClasses[i] where classColumn[k] >= 0 {
                        slopeColumns.append(classColumn[k])
                    }
                    terms.addSlopeCoupling(
                        columns: slopeColumns, p: p[i], variance: variance, shape: shape,
                        matrix: matrix)
                }
            }
        }
    }

    /// Solves the system in `matrix` (stored as `shape` says) for `rhs`, in place: banded when
    /// it can, densely when there is no band or (with `denseFallback`) the band's
    /// factorisation fails.
    static func solveSystem(
        _ matrix: [Double], _ rhs: inout [Double], shape: NewtonSystemShape,
        denseFallback: Bool = true
    ) -> Bool {
        if shape.halfWidth != nil {
            var band = matrix
            var solution = rhs
            if solveBorderedBand(&band, &solution, shape: shape) {
                rhs = solution
                return true
            }
            guard denseFallback else { return false }
        }
        var dense = shape.dense(matrix)
        return solveDenseSystem(&dense, &rhs, size: shape.size)
    }
}
