import Testing
import _TestSupport

@testable import RateDistortion

/// A Newton system solved with some unknowns fixed at −1 (``ActiveSetNewton/NewtonSystem``):
/// the same as solving, densely, the system without their rows and columns.
@Suite("Newton steps that empty codewords")
struct NewtonEmptyingTests {
    /// A bordered system of `r` unknowns on T and `b` border ones: T block symmetric negative
    /// definite (diagonally dominant) within half-width `w`, stored banded or dense.
    static func system(r: Int, b: Int, w: Int, banded: Bool, seed: UInt64)
        -> ActiveSetNewton.NewtonSystem
    {
        var random = SplitMix64(seed: seed)
        let size = r + b
        var dense = [Double](repeating: 0, count: size * size)
        for l in 0..<r {
            dense[l * size + l] = -(4 + random.nextUnit())
            for k in (l + 1)..<min(r, l + w + 1) {
                let value = 0.5 * (random.nextUnit() - 0.5)
                dense[l * size + k] = value
                dense[k * size + l] = value
            }
        }
        for c in r..<size {
            for l in 0..<r {
                dense[l * size + c] = random.nextUnit() - 0.5
                dense[c * size + l] = random.nextUnit() - 0.5
            }
            dense[c * size + c] = 3 + random.nextUnit()
        }
        let shape = NewtonSystemShape(r: r, b: b, halfWidth: banded ? w : nil)
        var matrix = [Double](repeating: 0, count: shape.count)
        matrix.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            for i in 0..<size {
                for j in 0..<size where shape.isStored(i, j) {
                    shape.entry(i, j, in: base).pointee = dense[i * size + j]
                }
            }
        }
        let rhs = (0..<size).map { _ in random.nextUnit() - 0.5 }
        return ActiveSetNewton.NewtonSystem(
            matrix: matrix, rhs: rhs, shape: shape, sColumn: b > 0 ? r : -1, classColumn: [])
    }

    /// The reference: Gaussian elimination on the dense system without `emptied`'s rows and
    /// columns, their columns times −1 moved to the right side.
    static func reference(_ system: ActiveSetNewton.NewtonSystem, emptying emptied: Set<Int>)
        -> [Double]
    {
        let shape = system.shape
        let dense = shape.dense(system.matrix)
        let size = shape.size
        let kept = (0..<size).filter { !emptied.contains($0) }
        var a = kept.map { i in kept.map { j in dense[i * size + j] } }
        var y = kept.map { i in system.rhs[i] + emptied.reduce(0) { $0 + dense[i * size + $1] } }
        let n = kept.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            y.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                y[row] -= factor * y[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        var solution = [Double](repeating: -1, count: size)
        for (index, i) in kept.enumerated() { solution[i] = x[index] }
        return solution
    }

    @Test(
        "emptied unknowns are −1 and the others solve the reduced system, banded or dense",
        arguments: [
            (true, [Int]()), (true, [2, 7]), (true, [0, 1, 11]), (false, [5]), (false, []),
        ]
    )
    func matchesReference(banded: Bool, emptied: [Int]) throws {
        let system = Self.system(r: 12, b: 1, w: 3, banded: banded, seed: 7)
        let solution = try #require(system.solution(emptying: emptied))
        let expected = Self.reference(system, emptying: Set(emptied))
        for i in expected.indices {
            #expect(abs(solution[i] - expected[i]) <= 1e-12 * max(1, abs(expected[i])), "\(i)")
        }
        for l in emptied { #expect(solution[l] == -1) }
    }
}
