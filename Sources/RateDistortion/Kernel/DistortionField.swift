/// The distortions d_ij of a problem in the layout the row kernel wants: codebooks stored
/// coordinate-major and padded to a multiple of the SIMD width, so one row of distortions
/// is a few contiguous vector loops. For squared, absolute and Hamming distortion the n × m
/// matrix is never stored; a user-given matrix is copied once into padded rows.
///
/// - Complexity: filling one row is O(m·k); memory is O(n·k + m·k) (O(n·m) for a matrix).
public struct DistortionField: Sendable {
    enum Kind: Sendable { case squared, absolute, hamming, matrix }

    let kind: Kind
    /// Source points n.
    public let rows: Int
    /// Codewords m.
    public let columns: Int
    /// m rounded up to a multiple of ``RowKernel/width``.
    let paddedColumns: Int
    /// Point dimension k (1 for a matrix).
    let dimension: Int
    /// Source coordinates, row-major (n × k).
    let source: [Double]
    /// Codebook coordinates, coordinate-major and padded: `codebook[c * paddedColumns + j]`.
    let codebook: [Double]
    /// A user matrix with padded rows: `matrix[i * paddedColumns + j]`.
    let matrix: [Double]

    /// Lays out the distortions of `problem`'s source points against `codebook`.
    public init(measure: DistortionMeasure, source: PointSet?, codebook: PointSet?) {
        let width = RowKernel.width
        switch measure {
        case .matrix(let m):
            kind = .matrix
            rows = m.rows
            columns = m.columns
            paddedColumns = (m.columns + width - 1) / width * width
            dimension = 1
            self.source = []
            self.codebook = []
            var padded = [Double](repeating: 0, count: rows * paddedColumns)
            for i in 0..<rows {
                for j in 0..<columns { padded[i * paddedColumns + j] = m.entries[i * columns + j] }
            }
            matrix = padded
        case .squaredError, .absoluteError, .hamming:
            guard let source, let codebook else {
                preconditionFailure("point distortions need points and a codebook")
            }
            precondition(
                source.dimension == codebook.dimension, "source and codebook dimensions differ")
            kind =
                measure == .squaredError
                ? .squared : measure == .absoluteError ? .absolute : .hamming
            rows = source.count
            columns = codebook.count
            paddedColumns = (codebook.count + width - 1) / width * width
            dimension = source.dimension
            self.source = source.coordinates
            var soa = [Double](repeating: 0, count: dimension * paddedColumns)
            for j in 0..<columns {
                for c in 0..<dimension {
                    soa[c * paddedColumns + j] = codebook.coordinates[j * dimension + c]
                }
            }
            self.codebook = soa
            matrix = []
        }
    }

    /// The distortion d(x_i, y_j).
    public func value(row i: Int, column j: Int) -> Double {
        switch kind {
        case .matrix:
            return matrix[i * paddedColumns + j]
        case .squared, .absolute:
            var sum = 0.0
            for c in 0..<dimension {
                let e = source[i * dimension + c] - codebook[c * paddedColumns + j]
                sum += kind == .squared ? e * e : abs(e)
            }
            return sum / Double(dimension)
        case .hamming:
            for c in 0..<dimension
            where source[i * dimension + c] != codebook[c * paddedColumns + j] { return 1 }
            return 0
        }
    }

    /// Writes row i's distortions (padded entries included) into `buffer`.
    /// - Precondition: `buffer` holds `paddedColumns` elements.
    func fillRow(_ i: Int, into buffer: UnsafeMutablePointer<Double>) {
        let mp = paddedColumns
        switch kind {
        case .matrix:
            matrix.withUnsafeBufferPointer { m in
                guard let base = m.baseAddress else { return }
                buffer.update(from: base + i * mp, count: mp)
            }
        case .squared, .absolute, .hamming:
            codebook.withUnsafeBufferPointer { cb in
                guard let y = cb.baseAddress else { return }
                let scale = 1 / Double(dimension)
                for c in 0..<dimension {
                    let x = source[i * dimension + c]
                    let yc = y + c * mp
                    let first = c == 0
                    switch kind {
                    case .squared:
                        for j in 0..<mp {
                            let e = x - yc[j]
                            buffer[j] = (first ? 0 : buffer[j]) + e * e
                        }
                    case .absolute:
                        for j in 0..<mp { buffer[j] = (first ? 0 : buffer[j]) + abs(x - yc[j]) }
                    default:
                        for j in 0..<mp {
                            buffer[j] = (first ? 0 : buffer[j]) + (x == yc[j] ? 0 : 1)
                        }
                    }
                }
                if kind == .hamming {
                    for j in 0..<mp { buffer[j] = buffer[j] > 0 ? 1 : 0 }
                } else if dimension > 1 {
                    for j in 0..<mp { buffer[j] *= scale }
                }
            }
        }
    }

    /// The smallest distortion of every row, `min_j d_ij` (padding excluded).
    /// - Complexity: O(n·m·k).
    public func rowMinima() -> [Double] {
        var minima = [Double](repeating: 0, count: rows)
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: paddedColumns)
        defer { buffer.deallocate() }
        for i in 0..<rows {
            fillRow(i, into: buffer)
            var best = Double.infinity
            for j in 0..<columns { best = min(best, buffer[j]) }
            minima[i] = best
        }
        return minima
    }
}

extension DistortionField {
    /// Whether d is squared error between scalars (the kernel's fused fast path).
    var isScalarSquaredError: Bool { kind == .squared && dimension == 1 }

    /// For scalars under absolute (true) or squared (false) error, whether d is absolute; nil
    /// for any other distortion. `value(row:column:)` is then `|x_i − y_j|` or `(x_i − y_j)²`
    /// exactly.
    var lineIsAbsolute: Bool? {
        guard dimension == 1, kind == .squared || kind == .absolute else { return nil }
        return kind == .absolute
    }

    /// For a scalar codebook under a distortion that grows with distance on the line (squared
    /// or absolute error), the codeword indices in increasing order of value (neighbours in
    /// this order are neighbours on the line); nil otherwise. Hamming distortion has no such
    /// geometry: every codeword is equally far from every other symbol, so the line's order
    /// says nothing about where the optimum's support lies (treating it as a line made Newton
    /// start from the one "peak" of a Zipf law and stall).
    var scalarCodebookOrder: [Int]? {
        guard kind == .squared || kind == .absolute, dimension == 1 else { return nil }
        return (0..<columns).sorted { codebook[$0] < codebook[$1] }
    }
}
