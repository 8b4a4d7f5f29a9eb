/// Solves a dense square system `A x = b` by LU factorisation with partial pivoting.
///
/// - Parameters:
///   - matrix: `A`, row-major, `size × size`; overwritten.
///   - rhs: `b`, `size` entries; overwritten with x.
/// - Returns: `false` if a pivot is zero or not finite (A singular to working precision).
/// - Complexity: O(size³).
func solveDenseSystem(_ matrix: inout [Double], _ rhs: inout [Double], size n: Int) -> Bool {
    precondition(matrix.count >= n * n && rhs.count >= n)
    return matrix.withUnsafeMutableBufferPointer { a in
        rhs.withUnsafeMutableBufferPointer { b in
            solveDenseSystem(
                a.baseAddress.unsafelyUnwrapped, b.baseAddress.unsafelyUnwrapped, size: n)
        }
    }
}

private func solveDenseSystem(
    _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, size n: Int
) -> Bool {
    for column in 0..<n {
        var pivot = column
        var largest = abs(a[column * n + column])
        for row in (column + 1)..<max(column + 1, n) where abs(a[row * n + column]) > largest {
            largest = abs(a[row * n + column])
            pivot = row
        }
        guard largest > 0, largest.isFinite else { return false }
        if pivot != column {
            for k in 0..<n { swap(&a[column * n + k], &a[pivot * n + k]) }
            swap(&b[column], &b[pivot])
        }
        let pivotRow = a + column * n
        let diagonal = pivotRow[column]
        for row in (column + 1)..<max(column + 1, n) {
            let target = a + row * n
            let factor = target[column] / diagonal
            if factor == 0 { continue }
            target[column] = 0
            for k in (column + 1)..<n { target[k] -= factor * pivotRow[k] }
            b[row] -= factor * b[column]
        }
    }
    for row in stride(from: n - 1, through: 0, by: -1) {
        var sum = b[row]
        for k in (row + 1)..<max(row + 1, n) { sum -= a[row * n + k] * b[k] }
        b[row] = sum / a[row * n + row]
        guard b[row].isFinite else { return false }
    }
    return true
}
