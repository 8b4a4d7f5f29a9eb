/// The excess distortions `e_il = d_il − dmin_i` of every row against the active set T of
/// ``ActiveSetNewton``.
///
/// On a line (a scalar codebook under squared or absolute error) they are computed when read,
/// from x_i and T's codewords, in the distortion field's own arithmetic, so every value is the
/// one the field gives, to the bit. Otherwise they are stored as an n × |T| matrix. Computed
/// entries cost no memory and nothing when T changes; the matrix, 22 MB for a speech design
/// with a tail class (2,924 rows, 940 codewords), had to be compacted after every codeword that
/// left T, one per Newton step, which took 9–12 % of that design's CPU time.
struct ExcessTable {
    private enum Storage {
        /// n × |T|, row-major.
        case stored([Double])
        /// T's codewords in T's order, on a line.
        case line(y: [Double], absolute: Bool)
    }

    private var storage: Storage
    /// Whether T's codewords lie on a line in increasing order (``ActiveSetNewton`` keeps them
    /// so): then each row's excess falls and then rises along T.
    private var isSortedLine = false
    /// The rows' points on a line (empty otherwise).
    private let x: [Double]
    /// `dmin_i` of every row.
    private let minima: [Double]
    /// |T|.
    private(set) var columns: Int

    /// The table for T = `active` (codeword indices of `field`).
    /// - Complexity: O(|T|) on a line, O(n·|T|) otherwise.
    init(field: DistortionField, minima: [Double], active: [Int]) {
        self.minima = minima
        columns = active.count
        if let absolute = field.lineIsAbsolute {
            x = field.source
            let y = active.map { field.codebook[$0] }
            storage = .line(y: y, absolute: absolute)
            isSortedLine = Self.isIncreasing(y)
        } else {
            x = []
            var values = [Double](repeating: 0, count: field.rows * active.count)
            for i in 0..<field.rows {
                for (l, j) in active.enumerated() {
                    values[i * active.count + l] = field.value(row: i, column: j) - minima[i]
                }
            }
            storage = .stored(values)
        }
    }

    /// `e_il`.
    subscript(i: Int, l: Int) -> Double {
        switch storage {
        case .stored(let values): return values[i * columns + l]
        case .line(let y, let absolute):
            let e = x[i] - y[l]
            return (absolute ? abs(e) : e * e) - minima[i]
        }
    }

    /// T shrank to its positions `kept` (increasing).
    /// - Complexity: O(|T|) on a line, O(n·|T|) moves in place otherwise.
    mutating func keep(_ kept: [Int]) {
        let r = columns
        columns = kept.count
        switch storage {
        case .line(let y, let absolute):
            let y = kept.map { y[$0] }
            storage = .line(y: y, absolute: absolute)
            isSortedLine = Self.isIncreasing(y)
        case .stored(var values):
            storage = .stored([])
            Self.compact(&values, rows: minima.count, columns: r, kept: kept)
            storage = .stored(values)
        }
    }

    private static func isIncreasing(_ y: [Double]) -> Bool {
        zip(y, y.dropFirst()).allSatisfy { $0 <= $1 }
    }

    /// The positions l of T with `e_il ≤ slack`, increasing, at most `limit` of them.
    /// - Complexity: O(log |T| + limit) on a sorted line, where those positions are one run of
    ///   T around x_i (the excess is monotone on either side of it, in floating point too);
    ///   O(|T|) otherwise.
    func positions(ofRow i: Int, within slack: Double, limit: Int) -> [Int] {
        var found: [Int] = []
        guard isSortedLine, case .line(let y, _) = storage else {
            for l in 0..<columns where self[i, l] <= slack {
                found.append(l)
                if found.count == limit { break }
            }
            return found
        }
        // The first position at or above x_i; the run, if any, contains it or the one before.
        var low = 0
        var high = y.count
        while low < high {
            let middle = (low + high) / 2
            if y[middle] >= x[i] { high = middle } else { low = middle + 1 }
        }
        var start = low
        while start > 0 && self[i, start - 1] <= slack { start -= 1 }
        if start == low && (low == y.count || self[i, low] > slack) { return [] }
        var l = start
        while l < y.count && found.count < limit && self[i, l] <= slack {
            found.append(l)
            l += 1
        }
        return found
    }

    /// Moves the `kept` columns of each row of an n × r matrix to the front, in order.
    private static func compact(_ values: inout [Double], rows n: Int, columns r: Int, kept: [Int])
    {
        // The kept positions as runs [start, end) of consecutive positions.
        var runs: [Range<Int>] = []
        for l in kept {
            if let last = runs.last, last.upperBound == l {
                runs[runs.count - 1] = last.lowerBound..<(l + 1)
            } else {
                runs.append(l..<(l + 1))
            }
        }
        values.withUnsafeMutableBufferPointer { values in
            let base = values.baseAddress.unsafelyUnwrapped
            var destination = base
            // Rows move left in order: a row's destination never passes its source.
            for i in 0..<n {
                for run in runs {
                    destination.update(from: base + i * r + run.lowerBound, count: run.count)
                    destination += run.count
                }
            }
        }
        values.removeLast(values.count - n * kept.count)
    }

    /// Calls `body` with row views valid for the call.
    func withRows<Result>(_ body: (ExcessRows) -> Result) -> Result {
        minima.withUnsafeBufferPointer { minima in
            switch storage {
            case .stored(let values):
                return values.withUnsafeBufferPointer { values in
                    body(
                        ExcessRows(
                            stored: values.baseAddress, x: nil, y: nil, minima: minima,
                            columns: columns, absolute: false))
                }
            case .line(let y, let absolute):
                return x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        body(
                            ExcessRows(
                                stored: nil, x: x.baseAddress, y: y.baseAddress,
                                minima: minima, columns: columns, absolute: absolute))
                    }
                }
            }
        }
    }
}

/// Unsafe views of an ``ExcessTable``'s rows, valid inside ``ExcessTable/withRows(_:)``.
struct ExcessRows {
    fileprivate let stored: UnsafePointer<Double>?
    fileprivate let x: UnsafePointer<Double>?
    fileprivate let y: UnsafePointer<Double>?
    fileprivate let minima: UnsafeBufferPointer<Double>
    fileprivate let columns: Int
    fileprivate let absolute: Bool

    /// Row i.
    @inline(__always)
    subscript(i: Int) -> ExcessRow {
        if let stored {
            return ExcessRow(
                stored: stored + i * columns, y: nil, x: 0, minimum: 0, absolute: false)
        }
        return ExcessRow(
            stored: nil, y: y, x: x.unsafelyUnwrapped[i], minimum: minima[i], absolute: absolute)
    }
}

/// One row of an ``ExcessTable``: `e_l` for the positions l of T.
struct ExcessRow {
    fileprivate let stored: UnsafePointer<Double>?
    fileprivate let y: UnsafePointer<Double>?
    fileprivate let x: Double
    fileprivate let minimum: Double
    fileprivate let absolute: Bool

    /// `e_l`.
    @inline(__always)
    subscript(l: Int) -> Double {
        if let stored { return stored[l] }
        let e = x - y.unsafelyUnwrapped[l]
        return (absolute ? abs(e) : e * e) - minimum
    }

    /// Writes `e_l` for l in `range` to `destination[l]`.
    @inline(__always)
    func copy(_ range: Range<Int>, to destination: UnsafeMutablePointer<Double>) {
        if let stored {
            (destination + range.lowerBound).update(
                from: stored + range.lowerBound, count: range.count)
            return
        }
        let y = y.unsafelyUnwrapped
        if absolute {
            for l in range { destination[l] = abs(x - y[l]) - minimum }
        } else {
            for l in range {
                let e = x - y[l]
                destination[l] = e * e - minimum
            }
        }
    }
}
