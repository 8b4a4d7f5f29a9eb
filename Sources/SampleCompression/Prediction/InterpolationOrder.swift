import EntropyCoding

/// The order in which multilevel interpolation visits the samples of one chunk, and for each
/// visited sample the neighbours it is interpolated from (``InterpolationPrediction``).
///
/// The chunk is `planes × rows × rowLength` values, row-major (a 1-D signal is one row, a 2-D
/// array one plane). Let H be the least power of two at least as large as every extent. Sample
/// (0, 0, 0) comes first. Then, for h = H/2, H/4, …, 1, every sample whose coordinates are all
/// multiples of h but not all of 2h, in three passes:
/// 1. across the planes: plane an odd multiple of h, row and column multiples of 2h, from the
///    samples h and 3h planes before and after;
/// 2. along the rows' direction: plane a multiple of h, row an odd multiple of h, column a
///    multiple of 2h, from the samples h and 3h rows above and below;
/// 3. along the rows: plane and row multiples of h, column an odd multiple of h, from the
///    samples h and 3h columns to the left and right.
///
/// Every neighbour named lies on a coarser lattice or was visited in an earlier pass of the
/// same level, so it is reconstructed before it is needed; each sample is visited once. With
/// one plane, pass 1 visits nothing and the order is the 2-D one.
///
/// Each visited sample also names a *context neighbour*, visited before it in the same pass,
/// whose symbol may select its table (``NeighbourRule``): in passes 1 and 2 the sample 2h
/// columns to the left; in pass 3 the one h rows above (in a plane's first row the one h
/// planes before, and in the chunk's first row the one 2h columns to the left). And up to three
/// *axis neighbours*: the samples of the same pass one lattice step back across the planes, in
/// the rows' direction and along the row (2h where the pass steps by 2h along that axis, h
/// where it steps by h), where they exist.
struct InterpolationOrder {
    /// The flat index of the t-th visited sample.
    let positions: [Int32]
    /// Its neighbours' flat distance `s` (the neighbours are at ±s and ±3s); 0 for the first.
    let strides: [Int32]
    /// Which neighbours exist (``Neighbours``).
    let neighbours: [UInt8]
    /// The flat distance back to its context neighbour; 0 when it has none.
    let contextOffsets: [Int32]
    /// Three per visit: the flat distances back to its axis neighbours — the samples of the
    /// same pass one lattice step back across the planes, along the rows' direction and along
    /// the row (2h in a direction the pass steps by 2h, else h); 0 where there is none.
    let axisOffsets: [Int32]
    /// Where each level's visits begin, coarsest first: `levelStarts[k]` for h = 2^k (the
    /// first sample comes before them all; a level with no visit starts where the next does).
    let levelStarts: [Int]
    /// For the order of one row or one column, each visit's neighbour-class weight
    /// (``rowClassWeights(positions:contextOffsets:axisOffsets:levelStarts:)``); nil for other
    /// chunks.
    let rowClassWeights: [UInt8]?

    /// Which of the neighbours at −3s, +s and +3s lie inside the chunk (−s always does).
    enum Neighbours {
        static let farLeft: UInt8 = 1
        static let right: UInt8 = 2
        static let farRight: UInt8 = 4
    }

    /// The order for a chunk of `count` values in rows of `rowLength`, and in planes of
    /// `planeRows` rows when given (the last row or plane may be short when `count` is not a
    /// multiple of it).
    init(count: Int, rowLength: Int, planeRows: Int? = nil) {
        let count = max(0, count)
        let columns = max(1, min(rowLength, count))
        let allRows = (count + columns - 1) / columns
        let rows = planeRows.map { max(1, min($0, allRows)) } ?? allRows
        let planes = (allRows + rows - 1) / max(1, rows)
        var top = 1
        while top < max(planes, rows, columns) { top *= 2 }
        let levelCount = max(1, top.trailingZeroBitCount)
        // Every sample is visited exactly once: the tables are written in place, in order,
        // into the arrays' own storage (no copy; 25 bytes per sample).
        var levelStarts: [Int] = []
        var strides: [Int32] = []
        var neighbours: [UInt8] = []
        var contextOffsets: [Int32] = []
        var axisOffsets: [Int32] = []
        positions = [Int32](unsafeUninitializedCapacity: count) { positions, positionCount in
            strides = [Int32](unsafeUninitializedCapacity: count) { strides, strideCount in
                neighbours = [UInt8](unsafeUninitializedCapacity: count) { codes, codeCount in
                    contextOffsets = [Int32](unsafeUninitializedCapacity: count) {
                        contexts, contextCount in
                        axisOffsets = [Int32](unsafeUninitializedCapacity: 3 * count) {
                            axes, axisCount in
                            HugePages.advise(positions)
                            HugePages.advise(strides)
                            HugePages.advise(codes)
                            HugePages.advise(contexts)
                            HugePages.advise(axes)
                            var writer = Writer(
                                count: count, positions: positions, strides: strides,
                                neighbours: codes, contextOffsets: contexts, axisOffsets: axes)
                            levelStarts = Self.visitAll(
                                &writer, planes: planes, rows: rows, columns: columns, top: top,
                                levelCount: levelCount)
                            precondition(writer.written == count, "every sample visited once")
                            (positionCount, strideCount, codeCount, contextCount, axisCount) = (
                                count, count, count, count, 3 * count
                            )
                        }
                    }
                }
            }
        }
        self.strides = strides
        self.neighbours = neighbours
        self.contextOffsets = contextOffsets
        self.axisOffsets = axisOffsets
        self.levelStarts = levelStarts
        rowClassWeights =
            planes == 1 && (rows == 1 || columns == 1)
            ? Self.rowClassWeights(
                positions: positions, contextOffsets: contextOffsets, axisOffsets: axisOffsets,
                levelStarts: levelStarts) : nil
    }

    /// Visits every sample of a chunk of `planes × rows × columns` in order (coarse to fine,
    /// ``InterpolationOrder``), writing the tables; returns where each level's visits begin.
    private static func visitAll(
        _ writer: inout Writer, planes: Int, rows: Int, columns: Int, top: Int, levelCount: Int
    ) -> [Int] {
        var levelStarts = [Int](repeating: writer.count, count: levelCount)
        if writer.count > 0 { writer.visitFirst() }
        let plane = rows * columns
        var h = top / 2
        while h >= 1 {
            levelStarts[h.trailingZeroBitCount] = writer.written
            var z = h
            while z < planes {
                var row = 0
                while row < rows {
                    var column = 0
                    while column < columns {
                        writer.visit(
                            z * plane + row * columns + column, index: z, extent: planes,
                            step: h, flatStep: h * plane, context: column > 0 ? 2 * h : 0,
                            axes: (
                                z >= 3 * h ? 2 * h * plane : 0, row >= 2 * h ? 2 * h * columns : 0,
                                column >= 2 * h ? 2 * h : 0
                            ))
                        column += 2 * h
                    }
                    row += 2 * h
                }
                z += 2 * h
            }
            z = 0
            while z < planes {
                var row = h
                while row < rows {
                    var column = 0
                    while column < columns {
                        writer.visit(
                            z * plane + row * columns + column, index: row, extent: rows, step: h,
                            flatStep: h * columns, context: column > 0 ? 2 * h : 0,
                            axes: (
                                z >= h ? h * plane : 0, row >= 3 * h ? 2 * h * columns : 0,
                                column >= 2 * h ? 2 * h : 0
                            ))
                        column += 2 * h
                    }
                    row += 2 * h
                }
                z += h
            }
            z = 0
            while z < planes {
                var row = 0
                while row < rows {
                    var column = h
                    while column < columns {
                        let context =
                            row > 0 ? h * columns : z > 0 ? h * plane : column > h ? 2 * h : 0
                        writer.visit(
                            z * plane + row * columns + column, index: column, extent: columns,
                            step: h, flatStep: h, context: context,
                            axes: (
                                z >= h ? h * plane : 0, row >= h ? h * columns : 0,
                                column >= 3 * h ? 2 * h : 0
                            ))
                        column += 2 * h
                    }
                    row += h
                }
                z += h
            }
            h /= 2
        }
        return levelStarts
    }

    /// Writes the visits' tables in place, in visiting order (``init(count:rowLength:planeRows:)``
    /// visits each sample once, so their sizes are known beforehand).
    private struct Writer {
        let count: Int
        private(set) var written = 0
        private let positions: UnsafeMutableBufferPointer<Int32>
        private let strides: UnsafeMutableBufferPointer<Int32>
        private let neighbours: UnsafeMutableBufferPointer<UInt8>
        private let contextOffsets: UnsafeMutableBufferPointer<Int32>
        private let axisOffsets: UnsafeMutableBufferPointer<Int32>

        /// Writes into buffers of `count` elements (three times that for `axisOffsets`).
        init(
            count: Int, positions: UnsafeMutableBufferPointer<Int32>,
            strides: UnsafeMutableBufferPointer<Int32>,
            neighbours: UnsafeMutableBufferPointer<UInt8>,
            contextOffsets: UnsafeMutableBufferPointer<Int32>,
            axisOffsets: UnsafeMutableBufferPointer<Int32>
        ) {
            self.count = count
            self.positions = positions
            self.strides = strides
            self.neighbours = neighbours
            self.contextOffsets = contextOffsets
            self.axisOffsets = axisOffsets
        }

        /// The chunk's first sample: no neighbour at all.
        mutating func visitFirst() {
            positions[0] = 0
            strides[0] = 0
            neighbours[0] = 0
            contextOffsets[0] = 0
            (axisOffsets[0], axisOffsets[1], axisOffsets[2]) = (0, 0, 0)
            written = 1
        }

        /// Visits flat index `p` at `index` along an axis of `extent` samples, its neighbours
        /// `step` apart along the axis and `flatStep` apart in the chunk, its context neighbour
        /// `context` before it (0: none); indices past the chunk's end are skipped.
        @inline(__always)
        mutating func visit(
            _ p: Int, index: Int, extent: Int, step: Int, flatStep: Int, context: Int,
            axes: (Int, Int, Int)
        ) {
            guard p < count else { return }
            precondition(written < count, "a sample visited twice")
            var code: UInt8 = 0
            if index >= 3 * step { code |= Neighbours.farLeft }
            if index + step < extent, p + flatStep < count { code |= Neighbours.right }
            if index + 3 * step < extent, p + 3 * flatStep < count { code |= Neighbours.farRight }
            let t = written
            positions[t] = Int32(truncatingIfNeeded: p)
            strides[t] = Int32(truncatingIfNeeded: flatStep)
            neighbours[t] = code
            contextOffsets[t] = Int32(truncatingIfNeeded: context)
            axisOffsets[3 * t] = Int32(truncatingIfNeeded: axes.0)
            axisOffsets[3 * t + 1] = Int32(truncatingIfNeeded: axes.1)
            axisOffsets[3 * t + 2] = Int32(truncatingIfNeeded: axes.2)
            written = t + 1
        }
    }
}
