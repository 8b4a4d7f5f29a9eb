/// Reads raw little-endian float64 (`.f64`) or float32 (`.f32`) files: no header, 1-D unless a
/// dimension k is given, in which case every k consecutive values form one sample.
enum RawFloatReader {
    /// The size of one stored value.
    enum Width: Sendable {
        case float64, float32

        /// Bytes per value.
        var byteCount: Int { self == .float64 ? 8 : 4 }
    }

    /// Parses a whole raw file.
    ///
    /// - Complexity: O(n k).
    static func read(_ bytes: [UInt8], file: String, width: Width, dimension: Int)
        throws(DataInputError) -> SampleSet
    {
        guard !bytes.isEmpty else { throw .emptyData(file: file) }
        guard bytes.count % width.byteCount == 0 else {
            let expected = (bytes.count / width.byteCount + 1) * width.byteCount
            throw .truncatedData(file: file, expectedBytes: expected, actualBytes: bytes.count)
        }
        let count = bytes.count / width.byteCount
        guard count % dimension == 0 else {
            throw .countNotDivisible(file: file, count: count, dimension: dimension)
        }
        let values = try decode(bytes[...], width: width, dimension: dimension, file: file)
        return SampleSet(dimension: dimension, values: values)
    }

    /// Reads a whole raw file straight into its values (see ``BinaryDataFile``); the checks and
    /// errors are those of ``read(_:file:width:dimension:)``.
    ///
    /// - Complexity: O(n k); memory: the values only.
    static func read(_ data: BinaryDataFile, width: Width, dimension: Int) throws(DataInputError)
        -> SampleSet
    {
        let byteCount = data.byteCount
        let file = data.path
        guard byteCount > 0 else { throw .emptyData(file: file) }
        guard byteCount % width.byteCount == 0 else {
            let expected = (byteCount / width.byteCount + 1) * width.byteCount
            throw .truncatedData(file: file, expectedBytes: expected, actualBytes: byteCount)
        }
        let count = byteCount / width.byteCount
        guard count % dimension == 0 else {
            throw .countNotDivisible(file: file, count: count, dimension: dimension)
        }
        let values = try decode(data, at: 0, count: count, width: width, dimension: dimension)
        return SampleSet(dimension: dimension, values: values)
    }

    /// Reads `count` little-endian floats at byte `offset` of `data` into a new array — float64
    /// without any intermediate copy, float32 through a small buffer — rejecting NaN and
    /// infinity with their position.
    ///
    /// - Throws: `.nonFiniteValue`, or what ``BinaryDataFile/read(into:at:)`` throws.
    /// - Complexity: O(count).
    static func decode(
        _ data: BinaryDataFile, at offset: Int, count: Int, width: Width, dimension: Int
    ) throws(DataInputError) -> [Double] {
        var failure: DataInputError? = nil
        var firstBad: Int? = nil
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(DataInputError) {
                switch width {
                case .float64:
                    // Each slice is put in host order and checked on the core that read it.
                    firstBad = try data.readInParallel(
                        into: UnsafeMutableRawBufferPointer(buffer), at: offset
                    ) {
                        slice, start in
                        let values = slice.assumingMemoryBound(to: Double.self)
                        if 1.littleEndian != 1 {
                            for i in values.indices {
                                values[i] = Double(
                                    bitPattern: UInt64(littleEndian: values[i].bitPattern))
                            }
                        }
                        return firstNonFinite(in: UnsafeBufferPointer(values)).map {
                            start / 8 + $0
                        }
                    }
                case .float32:
                    let block = 1 << 16
                    var singles = [UInt32](repeating: 0, count: min(block, count))
                    try singles.withUnsafeMutableBufferPointer { (singles) throws(DataInputError) in
                        var start = 0
                        while start < count {
                            let n = min(block, count - start)
                            let part = UnsafeMutableBufferPointer(rebasing: singles[..<n])
                            try data.read(
                                into: UnsafeMutableRawBufferPointer(part), at: offset + start * 4)
                            for i in 0..<n {
                                buffer[start + i] = Double(
                                    Float(bitPattern: UInt32(littleEndian: part[i])))
                            }
                            start += n
                        }
                    }
                    firstBad = firstNonFinite(in: UnsafeBufferPointer(rebasing: buffer[..<count]))
                }
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        if let bad = firstBad {
            throw .nonFiniteValue(
                file: data.path, at: .element(sample: bad / dimension, coordinate: bad % dimension),
                field: "\(values[bad])")
        }
        return values
    }

    /// The position of the first NaN or infinity, if any.
    ///
    /// Blocks are scanned without an early exit (a loop the compiler vectorises); only a block
    /// that holds a non-finite value is searched for its first one.
    ///
    /// - Complexity: O(n).
    static func firstNonFinite(in values: UnsafeBufferPointer<Double>) -> Int? {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        let block = 4096
        var start = 0
        while start < values.count {
            let end = min(values.count, start + block)
            var found: UInt64 = 0
            for i in start..<end {
                found |= (values[i].bitPattern & exponent) == exponent ? 1 : 0
            }
            if found != 0 {
                return (start..<end).first { !values[$0].isFinite }
            }
            start = end
        }
        return nil
    }

    /// Decodes little-endian floats, rejecting NaN and infinity with their position.
    ///
    /// - Precondition: `bytes.count` is a multiple of the width.
    static func decode(
        _ bytes: ArraySlice<UInt8>, width: Width, dimension: Int, file: String
    ) throws(DataInputError) -> [Double] {
        let count = bytes.count / width.byteCount
        var values = [Double](repeating: 0, count: count)
        var firstBad: Int? = nil
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let value: Double
                switch width {
                case .float64:
                    let bits = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                    value = Double(bitPattern: UInt64(littleEndian: bits))
                case .float32:
                    let bits = raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                    value = Double(Float(bitPattern: UInt32(littleEndian: bits)))
                }
                if !value.isFinite, firstBad == nil { firstBad = i }
                values[i] = value
            }
        }
        if let bad = firstBad {
            throw .nonFiniteValue(
                file: file, at: .element(sample: bad / dimension, coordinate: bad % dimension),
                field: "\(values[bad])")
        }
        return values
    }
}
