extension ActiveSetNewton {
    /// The Newton step for the restricted system at `iterate` (see the type's documentation),
    /// with the binding rows' slopes eliminated. Unknowns: `Δu_l = Δq_l / q_l` on T, then Δs
    /// when the average bound binds, then Δν_k for binding classes.
    /// - Returns: nil when the system is singular.
    /// - Complexity: O(Σ_i |support_i|² + N³) with N the number of unknowns.
    func newtonStep(_ iterate: Iterate, _ current: Evaluation, excess: [Double]) -> Step? {
        let n = layout.rows, r = iterate.active.count, p = layout.p
        let sColumn = iterate.averageBinds ? r : -1
        var classColumn = [Int](repeating: -1, count: layout.classes.count)
        var size = r + (iterate.averageBinds ? 1 : 0)
        for k in 0..<layout.classes.count where iterate.classBinds[k] {
            classColumn[k] = size
            size += 1
        }
        var matrix = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        // Row l is `log c_l = log(q'_l / q_l) = 0` scaled by q'_l; unlike `q'_l − q_l = 0` it has
        // no spurious root at q_l = 0, so a codeword with c_l > 1 grows instead of vanishing.
        for l in 0..<r { rhs[l] = -current.outputMass[l] * current.residual[l] }
        var average = 0.0
        var classSum = [Double](repeating: 0, count: layout.classes.count)
        var support: [Int] = []
        var weights: [Double] = []
        var slopeColumns: [Int] = []
        var derivative: [Double] = []
        for i in 0..<n {
            let pi = p[i]
            let distortion = layout.rowMinima[i] + current.mean[i]
            average += pi * distortion
            for k in layout.rowClasses[i] { classSum[k] += pi * distortion }
            guard pi > 0 else { continue }
            support.removeAll(keepingCapacity: true)
            weights.removeAll(keepingCapacity: true)
            for l in 0..<r where current.probabilities[i * r + l] > Self.negligible {
                support.append(l)
                weights.append(current.probabilities[i * r + l])
            }
            // Gram term −Σ_i p_i P_ij P_il.
            for (a, l) in support.enumerated() {
                let wl = pi * weights[a]
                for (b, l2) in support.enumerated() { matrix[l * size + l2] -= wl * weights[b] }
            }
            let kind = rowKind(i, iterate)
            if kind == .hard { continue }
            let meanExcess = current.mean[i]
            derivative.removeAll(keepingCapacity: true)
            for a in support.indices { derivative.append(weights[a] * (excess[i * r + support[a]] - meanExcess)) }
            if kind == .binding {
                let variance = current.variance[i]
                guard variance > 0 else { continue }
                let gap = distortion - layout.rowTolerance[i]
                for (a, l) in support.enumerated() {
                    let factor = pi * derivative[a] / variance
                    rhs[l] += factor * gap
                    for (b, l2) in support.enumerated() { matrix[l * size + l2] -= factor * derivative[b] }
                }
                if iterate.averageBinds { rhs[sColumn] += pi * gap }
                for k in layout.rowClasses[i] where classColumn[k] >= 0 { rhs[classColumn[k]] += pi * gap }
                continue
            }
            // A free row: its slope moves with s and the ν_k of its binding classes.
            slopeColumns.removeAll(keepingCapacity: true)
            if sColumn >= 0 { slopeColumns.append(sColumn) }
            for k in layout.rowClasses[i] where classColumn[k] >= 0 { slopeColumns.append(classColumn[k]) }
            if slopeColumns.isEmpty { continue }
            let variance = current.variance[i]
            for (a, l) in support.enumerated() {
                for c in slopeColumns { matrix[l * size + c] -= pi * derivative[a] }
            }
            // Constraint rows containing this row: the average and its binding classes.
            for row in slopeColumns {
                for (a, l) in support.enumerated() { matrix[row * size + l] += pi * derivative[a] }
                for c in slopeColumns { matrix[row * size + c] -= pi * variance }
            }
        }
        if sColumn >= 0, let target = layout.target { rhs[sColumn] -= average - target }
        for (k, fidelityClass) in layout.classes.enumerated() where classColumn[k] >= 0 {
            rhs[classColumn[k]] -= classSum[k] - fidelityClass.mass * fidelityClass.tolerance
        }
        guard solveDenseSystem(&matrix, &rhs, size: size) else { return nil }
        var step = Step(logMass: Array(rhs[0..<r]), s: sColumn >= 0 ? rhs[sColumn] : 0,
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
}
