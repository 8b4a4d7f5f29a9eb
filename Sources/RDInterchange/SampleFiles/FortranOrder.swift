import EntropyCoding

/// Index arithmetic for `.npy` arrays stored in Fortran (column-major) order, numpy's
/// `fortran_order: True`: the first index varies fastest, where C order (row-major, rdopt's)
/// varies the last fastest. Such an array is read as stored, then permuted into C order, so
/// that its samples are those of the same array saved in C order.
///
/// For a shape `(s_0, …, s_{r-1})`, the element `(i_0, …, i_{r-1})` is stored at
/// `i_0 + s_0 · (i_1 + s_1 · (i_2 + …))` in Fortran order and at
/// `((i_0 · s_1 + i_1) · s_2 + i_2) · …` in C order.
enum FortranOrder {
    /// Whether an array of this shape is stored differently in the two orders: it has more
    /// than one extent above 1 (numpy marks a single row or column either way).
    static func differsFromCOrder(shape: [Int]) -> Bool {
        shape.lazy.filter { $0 > 1 }.count > 1
    }

    /// The distance in Fortran order between neighbours along each axis: 1 for the first,
    /// then the product of the extents before it.
    ///
    /// - Precondition: The product of the extents does not overflow.
    static func strides(of shape: [Int]) -> [Int] {
        var strides: [Int] = []
        var stride = 1
        for extent in shape {
            strides.append(stride)
            stride *= extent
        }
        return strides
    }

    /// The values of an array stored in Fortran order, in C order.
    ///
    /// The output is written in order, each run along the last axis gathered from the stored
    /// values at that axis' stride; the multi-index of the other axes advances like an
    /// odometer, its stored offset updated incrementally.
    ///
    /// - Parameters:
    ///   - stored: The values as stored.
    ///   - shape: 1 to ``SampleLayout/maximumRank`` positive extents.
    /// - Precondition: `stored.count` is the product of the extents.
    /// - Complexity: O(n) time, n values of new memory.
    static func cOrder(_ stored: [Double], shape: [Int]) -> [Double] {
        let strides = strides(of: shape)
        let rank = shape.count
        let runLength = shape[rank - 1]
        let runStride = strides[rank - 1]
        return [Double](unsafeUninitializedCapacity: stored.count) { output, initialized in
            HugePages.advise(output)
            stored.withUnsafeBufferPointer { input in
                // The index along each axis but the last, and the stored offset it gives.
                var index = [Int](repeating: 0, count: rank - 1)
                var offset = 0
                var written = 0
                while written < stored.count {
                    for j in 0..<runLength { output[written + j] = input[offset + j &* runStride] }
                    written += runLength
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < shape[axis] { break }
                        offset -= strides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
            initialized = stored.count
        }
    }

    /// The C-order position of the element stored at position `storedIndex` in Fortran order.
    ///
    /// - Parameter shape: 1 to ``SampleLayout/maximumRank`` positive extents.
    /// - Precondition: `storedIndex` is below the product of the extents.
    /// - Complexity: O(rank).
    static func cIndex(ofStoredIndex storedIndex: Int, shape: [Int]) -> Int {
        var rest = storedIndex
        var index: [Int] = []
        for extent in shape {
            index.append(rest % extent)
            rest /= extent
        }
        return zip(index, shape).reduce(0) { position, axis in position * axis.1 + axis.0 }
    }

    /// `error`, its position of a bad value (a NaN, a whole number beyond ±2^53) given in the
    /// order stored made the C-order one the user indexes; other errors unchanged.
    ///
    /// - Parameters:
    ///   - shape: The array's shape.
    ///   - rowLength: Values per sample, as both positions count them.
    static func locatingInCOrder(_ error: DataInputError, shape: [Int], rowLength: Int)
        -> DataInputError
    {
        func cOrder(_ location: DataLocation) -> DataLocation {
            guard case .element(let sample, let coordinate) = location else { return location }
            let position = cIndex(ofStoredIndex: sample * rowLength + coordinate, shape: shape)
            return .element(sample: position / rowLength, coordinate: position % rowLength)
        }
        switch error {
        case .nonFiniteValue(let file, let at, let field):
            return .nonFiniteValue(file: file, at: cOrder(at), field: field)
        case .inexactInteger(let file, let at, let field):
            return .inexactInteger(file: file, at: cOrder(at), field: field)
        default:
            return error
        }
    }
}
