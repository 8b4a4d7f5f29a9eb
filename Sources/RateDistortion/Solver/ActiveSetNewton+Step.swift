import ParallelLoops

extension ActiveSetNewton {
    /// The Newton step for the restricted system at `iterate` (see the type's documentation),
    /// with the binding rows' slopes eliminated. Unknowns: `Δu_l = Δq_l / q_l` on T, then Δs
    /// when the average bound binds, then Δν_k for binding classes.
    /// - Returns: nil when the system is singular.
    /// - Complexity: O(Σ_i |support_i|² + N³) with N the number of unknowns (a row's support is
    ///   its codewords of non-negligible probability).
    func newtonStep(_ iterate: Iterate, _ current: Evaluation, excess: [Double]) -> Step? {
        let n = layout.rows
        let r = iterate.active.count
        let p = layout.p
        let sColumn = iterate.averageBinds ? r : -1
        var classColumn = [Int](repeating: -1, count: layout.classes.count)
        var size = r + (iterate.averageBinds ? 1 : 0)
        for k in 0..<layout.classes.count where iterate.classBinds[k] {
            classColumn[k] = size
            size += 1
        }
        // Rows are split across cores; each worker adds its rows' terms to its own copy of the
        // system, and the copies are summed in a fixed order.
        let chunks = n * r * r < 1 << 18 ? 1 : min(n, ParallelLoop.activeCores)
        var partialMatrix = [Double](repeating: 0, count: chunks * size * size)
        var partialRhs = [Double](repeating: 0, count: chunks * size)
        let kinds = (0..<n).map { rowKind($0, iterate) }
        partialMatrix.withUnsafeMutableBufferPointer { matrices in
            partialRhs.withUnsafeMutableBufferPointer { rhsCopies in
                ParallelLoop.forEachChunk(chunks, count: n) { chunk, range in
                    addRows(
                        range, iterate: iterate, current: current, excess: excess, kinds: kinds,
                        size: size,
                        sColumn: sColumn, classColumn: classColumn,
                        matrix: matrices.baseAddress.unsafelyUnwrapped + chunk * size * size,
                        rhs: rhsCopies.baseAddress.unsafelyUnwrapped + chunk * size)
                }
            }
        }
        var matrix = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        // Row l is `log c_l = log(q'_l / q_l) = 0` scaled by q'_l; unlike `q'_l − q_l = 0` it has
        // no spurious root at q_l = 0, so a codeword with c_l > 1 grows instead of vanishing.
        for l in 0..<r { rhs[l] = -current.outputMass[l] * current.residual[l] }
        for chunk in 0..<chunks {
            for e in 0..<(size * size) { matrix[e] += partialMatrix[chunk * size * size + e] }
            for e in 0..<size { rhs[e] += partialRhs[chunk * size + e] }
        }
        var average = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        for i in 0..<n {
            let distortion = layout.rowMinima[i] + current.mean[i]
            average += p[i] * distortion
            for k in layout.rowClasses[i] { classSum[k] += p[i] * distortion }
        }
        if sColumn >= 0, let target = layout.target { rhs[sColumn] -= average - target }
        for (k, fidelityClass) in layout.classes.enumerated() where classColumn[k] >= 0 {
            rhs[classColumn[k]] -= classSum[k] - fidelityClass.mass * fidelityClass.tolerance
        }
        guard solveDenseSystem(&matrix, &rhs, size: size) else { return nil }
        var step = Step(
            logMass: Array(rhs[0..<r]), s: sColumn >= 0 ? rhs[sColumn] : 0,
            nu: classColumn.map { $0 >= 0 ? rhs[$0] : 0 }, beta: [:])
        for i in 0..<n where rowKind(i, iterate) == .binding && current.variance[i] > 0 {
            var change = layout.rowMinima[i] + current.mean[i] - layout.rowTolerance[i]
            for l in 0..<r {
                let probability = current.probabilities[i * r + l]
                guard probability > Self.negligible else { continue }
                change += probability * (excess[i * r + l] - current.mean[i]) * step.logMass[l]
            }
            step.beta[i] = change / current.variance[i]
        }
        return step
    }

    /// Adds the terms of rows `range` to `matrix` (size × size, row-major) and `rhs`: the Gram
    /// term `−p_i P_i P_iᵀ` on T, for a binding row its eliminated slope `−p_i d_i d_iᵀ / var_i`
    /// (with `d_il = P_il (e_il − mean_i)`), for a free row its coupling to s and the binding
    /// classes' ν_k.
    /// - Complexity: O(Σ_i |support_i| · min(|T|, |support_i|)) over the rows in `range`.
    private func addRows(
        _ range: Range<Int>, iterate: Iterate, current: Evaluation, excess: [Double],
        kinds: [RowKind], size: Int,
        sColumn: Int, classColumn: [Int], matrix: UnsafeMutablePointer<Double>,
        rhs: UnsafeMutablePointer<Double>
    ) {
        let r = iterate.active.count
        let p = layout.p
        let weights = UnsafeMutablePointer<Double>.allocate(capacity: r)
        let derivative = UnsafeMutablePointer<Double>.allocate(capacity: r)
        defer {
            weights.deallocate()
            derivative.deallocate()
        }
        var support: [Int] = []
        var slopeColumns: [Int] = []
        current.probabilities.withUnsafeBufferPointer { probabilities in
            excess.withUnsafeBufferPointer { excess in
                for i in range where p[i] > 0 {
                    let pi = p[i]
                    let meanExcess = current.mean[i]
                    support.removeAll(keepingCapacity: true)
                    for l in 0..<r {
                        let probability = probabilities[i * r + l]
                        if probability > Self.negligible {
                            support.append(l)
                            weights[l] = probability
                            derivative[l] = probability * (excess[i * r + l] - meanExcess)
                        } else {
                            weights[l] = 0
                            derivative[l] = 0
                        }
                    }
                    // Off the support weights and derivatives are zero, so a row whose support is
                    // a small part of T touches only its support's entries (same sums, fewer
                    // terms); a wide support keeps the contiguous loop, which vectorises.
                    let sparse = support.count * Self.sparseSupportRatio < r
                    let kind = kinds[i]
                    if kind == .binding, current.variance[i] > 0 {
                        let variance = current.variance[i]
                        let gap = layout.rowMinima[i] + meanExcess - layout.rowTolerance[i]
                        for l in support {
                            let row = matrix + l * size
                            let w = pi * weights[l]
                            let f = pi * derivative[l] / variance
                            rhs[l] += f * gap
                            if sparse {
                                for l2 in support {
                                    row[l2] -= w * weights[l2] + f * derivative[l2]
                                }
                            } else {
                                for l2 in 0..<r { row[l2] -= w * weights[l2] + f * derivative[l2] }
                            }
                        }
                        if sColumn >= 0 { rhs[sColumn] += pi * gap }
                        for k in layout.rowClasses[i] where classColumn[k] >= 0 {
                            rhs[classColumn[k]] += pi * gap
                        }
                        continue
                    }
                    for l in support {
                        let row = matrix + l * size
                        let w = pi * weights[l]
                        if sparse {
                            for l2 in support { row[l2] -= w * weights[l2] }
                        } else {
                            for l2 in 0..<r { row[l2] -= w * weights[l2] }
                        }
                    }
                    guard kind == .free else { continue }
                    // A free row: its slope moves with s and the ν_k of its binding classes.
                    slopeColumns.removeAll(keepingCapacity: true)
                    if sColumn >= 0 { slopeColumns.append(sColumn) }
                    for k in layout.rowClasses[i] where classColumn[k] >= 0 {
                        slopeColumns.append(classColumn[k])
                    }
                    if slopeColumns.isEmpty { continue }
                    let variance = current.variance[i]
                    for l in support {
                        for c in slopeColumns { matrix[l * size + c] -= pi * derivative[l] }
                    }
                    for row in slopeColumns {
                        for l in support { matrix[row * size + l] += pi * derivative[l] }
                        for c in slopeColumns { matrix[row * size + c] -= pi * variance }
                    }
                }
            }
        }
    }
}
