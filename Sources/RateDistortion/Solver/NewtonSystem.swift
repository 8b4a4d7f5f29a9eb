/// The Newton system's matrix, as one worker fills it and as it is solved: dense, or, on a
/// line, a band on T bordered by the few unknowns that couple to every row (the average slope
/// and the class prices).
///
/// On a line every row's probabilities live in its window of T, so the Gram terms
/// `p_i P_il P_ik` couple only codewords less than a window apart: the T block is a band of
/// half-width w, and the whole system costs O(|T|·w²) to solve instead of O(|T|³).
///
/// Storage is one flat buffer, so that the workers' copies are summed entry by entry:
/// - dense: `size × size`, row-major;
/// - banded: the band, `r × (2w + 1)` with entry (l, k) at `l (2w + 1) + k − l + w`; then the
///   border columns (`r × b`), the border rows (`b × r`) and the corner (`b × b`).
struct NewtonSystemShape {
    /// Unknowns on T.
    let r: Int
    /// Unknowns of the border (the average slope when it binds, binding class prices).
    let b: Int
    /// The band's half-width, or nil for a dense matrix.
    let halfWidth: Int?

    var size: Int { r + b }

    /// Doubles in one copy of the matrix.
    var count: Int {
        guard let w = halfWidth else { return size * size }
        return r * (2 * w + 1) + 2 * r * b + b * b
    }

    /// A pointer `row` such that `row[k]` is entry (l, k) for every k of T within the band
    /// (every k when dense).
    @inline(__always)
    func row(_ l: Int, in matrix: UnsafeMutablePointer<Double>) -> UnsafeMutablePointer<Double> {
        guard let w = halfWidth else { return matrix + l * size }
        return matrix + l * (2 * w + 1) + w - l
    }

    /// A pointer and a stride such that `rows + l·stride` is ``row(_:in:)`` of every l of T.
    @inline(__always)
    func rows(in matrix: UnsafeMutablePointer<Double>) -> (UnsafeMutablePointer<Double>, Int) {
        guard let w = halfWidth else { return (matrix, size) }
        return (matrix + w, 2 * w)
    }

    /// Entry (i, j) of the whole system, for i or j in the border (or both in T, within the band).
    @inline(__always)
    func entry(_ i: Int, _ j: Int, in matrix: UnsafeMutablePointer<Double>)
        -> UnsafeMutablePointer<Double>
    {
        guard let w = halfWidth else { return matrix + i * size + j }
        let band = r * (2 * w + 1)
        switch (i < r, j < r) {
        case (true, true): return row(i, in: matrix) + j
        case (true, false): return matrix + band + i * b + (j - r)
        case (false, true): return matrix + band + r * b + (i - r) * r + j
        case (false, false): return matrix + band + 2 * r * b + (i - r) * b + (j - r)
        }
    }

    /// The dense `size × size` matrix of a banded one (entries outside the band are 0).
    func dense(_ matrix: [Double]) -> [Double] {
        guard halfWidth != nil else { return matrix }
        var result = [Double](repeating: 0, count: size * size)
        var source = matrix
        source.withUnsafeMutableBufferPointer { source in
            let base = source.baseAddress.unsafelyUnwrapped
            for i in 0..<size {
                for j in 0..<size where isStored(i, j) {
                    result[i * size + j] = entry(i, j, in: base).pointee
                }
            }
        }
        return result
    }

    /// Whether entry (i, j) is stored (always, but for T entries outside the band).
    func isStored(_ i: Int, _ j: Int) -> Bool {
        guard let w = halfWidth, i < r, j < r else { return true }
        return abs(i - j) <= w
    }
}
