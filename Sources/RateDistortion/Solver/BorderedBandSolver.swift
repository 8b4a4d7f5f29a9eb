#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Solves a Newton system stored as a bordered band (``NewtonSystemShape``):
///
///     [A B] [x]   [f]
///     [C D] [y] = [g]
///
/// where A, the T block, is symmetric negative definite: it is `−Σ_i p_i (P_i P_iᵀ + d_i d_iᵀ/v_i)`
/// over the rows, a sum of Gram terms that spans T when every codeword of T carries some row's
/// probability. A banded Cholesky factorisation of −A (no pivoting needed) gives `A⁻¹f` and
/// `A⁻¹B`; the small Schur complement `D − C A⁻¹ B` gives y, and then `x = A⁻¹(f − B y)`.
///
/// - Returns: false when −A is not positive definite to working precision (a codeword of T no
///   row reaches) or the Schur complement is singular; the caller then solves densely.
/// - Complexity: O(r·w² + r·w·b + b³).
func solveBorderedBand(
    _ matrix: inout [Double], _ rhs: inout [Double], shape: NewtonSystemShape
) -> Bool {
    guard let w = shape.halfWidth else { return false }
    let r = shape.r
    let b = shape.b
    return matrix.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress.unsafelyUnwrapped
        // −A in place, then its Cholesky factor L (lower band) in place.
        for l in 0..<r {
            let row = shape.row(l, in: base)
            for k in max(0, l - w)...l { row[k] = -row[k] }
        }
        guard factorBand(base, shape: shape, halfWidth: w) else { return false }
        // A⁻¹ f = −(−A)⁻¹ f, and the same for each border column of B.
        var solutionF = Array(rhs[0..<r])
        substitute(&solutionF, factor: base, shape: shape, halfWidth: w)
        var solutionB = [[Double]](repeating: [], count: b)
        for c in 0..<b {
            var column = (0..<r).map { shape.entry($0, r + c, in: base).pointee }
            substitute(&column, factor: base, shape: shape, halfWidth: w)
            solutionB[c] = column
        }
        for l in 0..<r { solutionF[l] = -solutionF[l] }
        for c in 0..<b { solutionB[c] = solutionB[c].map { -$0 } }
        // The Schur complement S = D − C A⁻¹B and its right side g − C A⁻¹ f.
        var schur = [Double](repeating: 0, count: b * b)
        var reduced = [Double](repeating: 0, count: b)
        for c in 0..<b {
            var sum = rhs[r + c]
            for l in 0..<r { sum -= shape.entry(r + c, l, in: base).pointee * solutionF[l] }
            reduced[c] = sum
            for c2 in 0..<b {
                var value = shape.entry(r + c, r + c2, in: base).pointee
                for l in 0..<r {
                    value -= shape.entry(r + c, l, in: base).pointee * solutionB[c2][l]
                }
                schur[c * b + c2] = value
            }
        }
        if b > 0 { guard solveDenseSystem(&schur, &reduced, size: b) else { return false } }
        for l in 0..<r {
            var value = solutionF[l]
            for c in 0..<b { value -= solutionB[c][l] * reduced[c] }
            guard value.isFinite else { return false }
            rhs[l] = value
        }
        for c in 0..<b { rhs[r + c] = reduced[c] }
        return true
    }
}

/// Cholesky factorisation of the band's lower half in place: `M = L Lᵀ`.
/// - Returns: false at a pivot that is not positive and finite.
private func factorBand(
    _ base: UnsafeMutablePointer<Double>, shape: NewtonSystemShape, halfWidth w: Int
) -> Bool {
    for j in 0..<shape.r {
        let rowJ = shape.row(j, in: base)
        let start = max(0, j - w)
        var pivot = rowJ[j]
        for k in start..<j { pivot -= rowJ[k] * rowJ[k] }
        guard pivot > 0, pivot.isFinite else { return false }
        let diagonal = pivot.squareRoot()
        rowJ[j] = diagonal
        for i in (j + 1)..<min(shape.r, j + w + 1) {
            let rowI = shape.row(i, in: base)
            var value = rowI[j]
            for k in max(0, i - w)..<j { value -= rowI[k] * rowJ[k] }
            rowI[j] = value / diagonal
        }
    }
    return true
}

/// Solves `L Lᵀ z = v` in place with the factor of ``factorBand(_:shape:halfWidth:)``.
private func substitute(
    _ v: inout [Double], factor base: UnsafeMutablePointer<Double>, shape: NewtonSystemShape,
    halfWidth w: Int
) {
    let r = shape.r
    for i in 0..<r {
        let row = shape.row(i, in: base)
        var value = v[i]
        for k in max(0, i - w)..<i { value -= row[k] * v[k] }
        v[i] = value / row[i]
    }
    for i in stride(from: r - 1, through: 0, by: -1) {
        var value = v[i]
        for k in (i + 1)..<min(r, i + w + 1) { value -= shape.row(k, in: base)[i] * v[k] }
        v[i] = value / shape.row(i, in: base)[i]
    }
}
