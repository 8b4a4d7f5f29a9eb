import RowKernelLoops

/// One row's part of the Newton system (`ActiveSetNewton.addRows`): its probabilities P_il and
/// their slope derivatives `d_il = P_il (e_il − mean_i)` on its span of T, the support where
/// P_il is not negligible, and the terms they add to the matrix.
///
/// Off the support the weights and derivatives are zero, so a row whose support is a small part
/// of its span touches only its support's entries (same sums, fewer terms); a wide support keeps
/// the contiguous loop over the span, which vectorises.
struct NewtonRowTerms {
    /// P_il, for l in `span` (zero off the support).
    let weights: UnsafeMutablePointer<Double>
    /// d_il, for l in `span` (zero off the support).
    let derivative: UnsafeMutablePointer<Double>
    /// Positions of T with `P_il >` ``ActiveSetNewton/negligible``.
    private(set) var support: [Int] = []
    /// The row's span of T.
    private(set) var span: Range<Int> = 0..<0

    /// Scratch for rows over a T of `capacity` codewords; ``deallocate()`` frees it.
    init(capacity: Int) {
        weights = .allocate(capacity: capacity)
        derivative = .allocate(capacity: capacity)
    }

    func deallocate() {
        weights.deallocate()
        derivative.deallocate()
    }

    /// Takes row i's probabilities on `span` (row-major n × r) and its excess distortions.
    mutating func gather(
        row i: Int, span: Range<Int>, active r: Int, probabilities: UnsafeBufferPointer<Double>,
        excess: ExcessRow, meanExcess: Double
    ) {
        self.span = span
        support.removeAll(keepingCapacity: true)
        for l in span {
            let probability = probabilities[i * r + l]
            if probability > ActiveSetNewton.negligible {
                support.append(l)
                weights[l] = probability
                derivative[l] = probability * (excess[l] - meanExcess)
            } else {
                weights[l] = 0
                derivative[l] = 0
            }
        }
    }

    private var isSparse: Bool { support.count * ActiveSetNewton.sparseSupportRatio < span.count }

    /// Adds `−a P Pᵀ − b d dᵀ` to the T block: the Gram term of every row (a = p_i), and for a
    /// binding row its eliminated slope (b = p_i / var_i; 0 otherwise).
    func addGram(
        weightScale a: Double, derivativeScale b: Double, shape: NewtonSystemShape,
        matrix: UnsafeMutablePointer<Double>
    ) {
        guard isSparse else {
            // The same operations in the C loops, at the CPU's vector width, every row of the
            // support in one call.
            let (rows, stride) = shape.rows(in: matrix)
            support.withUnsafeBufferPointer { support in
                rk_subtract_gram(
                    rows, stride, support.baseAddress, support.count, weights, derivative, a, b,
                    span.lowerBound, span.count)
            }
            return
        }
        for l in support {
            let row = shape.row(l, in: matrix)
            let w = a * weights[l]
            let f = b * derivative[l]
            for l2 in support { row[l2] -= w * weights[l2] + f * derivative[l2] }
        }
    }

    /// Adds a binding row's right side: `scale · gap · d_l` on T (scale = p_i / var_i).
    func addBindingRhs(scale: Double, gap: Double, rhs: UnsafeMutablePointer<Double>) {
        for l in support { rhs[l] += scale * derivative[l] * gap }
    }

    /// Couples a free row to the slope unknowns `columns` (s and its binding classes' ν_k):
    /// its distortion moves with them by `−var_i`, and its probabilities by `−d_il`.
    func addSlopeCoupling(
        columns: [Int], p pi: Double, variance: Double, shape: NewtonSystemShape,
        matrix: UnsafeMutablePointer<Double>
    ) {
        // A border column's entries on T are a fixed stride apart, a border row's are
        // contiguous: the same updates as entry by entry, without the layout's case analysis.
        if !support.isEmpty {
            let stride = shape.halfWidth == nil ? shape.size : shape.b
            for c in columns {
                let column = shape.entry(0, c, in: matrix)
                for l in support { column[l &* stride] -= pi * derivative[l] }
            }
            for row in columns {
                let entries = shape.entry(row, 0, in: matrix)
                for l in support { entries[l] += pi * derivative[l] }
            }
        }
        for row in columns {
            for c in columns { shape.entry(row, c, in: matrix).pointee -= pi * variance }
        }
    }
}
