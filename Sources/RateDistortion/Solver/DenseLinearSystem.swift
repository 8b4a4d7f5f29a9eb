/// Solves a dense square system `A x = b` by LU factorisation with partial pivoting.
///
/// - Parameters:
///   - matrix: `A`, row-major, `size × size`; overwritten.
///   - rhs: `b`, `size` entries; overwritten with x.
/// - Returns: `false` if a pivot is zero or not finite (A singular to working precision).
/// - Complexity: O(size³).
func solveDenseSystem(_ matrix: inout [Double], _ rhs: inout [Double], size: Int) -> Bool {
    let n = size
    for column in 0..<n {
        var pivot = column
        var largest = abs(matrix[column * n + column])
        for row in (column + 1)..<max(column + 1, n) where abs(matrix[row * n + column]) > largest {
            largest = abs(matrix[row * n + column])
            pivot = row
        }
        guard largest > 0, largest.isFinite else { return false }
        if pivot != column {
            for k in 0..<n { matrix.swapAt(column * n + k, pivot * n + k) }
            rhs.swapAt(column, pivot)
        }
        let diagonal = matrix[column * n + column]
        for row in (column + 1)..<max(column + 1, n) {
            let factor = matrix[row * n + column] / diagonal
            if factor == 0 { continue }
            matrix[row * n + column] = 0
            for k in (column + 1)..<n { matrix[row * n + k] -= factor * matrix[column * n + k] }
            rhs[row] -= factor * rhs[column]
        }
    }
    for row in stride(from: n - 1, through: 0, by: -1) {
        var sum = rhs[row]
        for k in (row + 1)..<max(row + 1, n) { sum -= matrix[row * n + k] * rhs[k] }
        rhs[row] = sum / matrix[row * n + row]
        guard rhs[row].isFinite else { return false }
    }
    return true
}
