import EntropyCoding

/// Reads raw little-endian float64 (`.f64`) or float32 (`.f32`) files: no header, 1-D unless a
/// dimension k is given, in which case every k consecutive values form one sample; and the
/// data of `.npy` files, which may also hold float16 or whole numbers (``Width``), and may be
/// big-endian (put in little-endian order first by ``reverseByteOrder(of:width:)``).
enum RawFloatReader {
    /// The type of one stored value: a float, or (in `.npy` files) a float16 or a whole number,
    /// read as the float64 of the same value.
    enum Width: Sendable, CaseIterable {
        case float64, float32, float16
        case int8, uint8, int16, uint16, int32, uint32, int64, uint64

        /// Bytes per value.
        var byteCount: Int {
            switch self {
            case .float64, .int64, .uint64: 8
            case .float32, .int32, .uint32: 4
            case .float16, .int16, .uint16: 2
            case .int8, .uint8: 1
            }
        }

        /// The value type of the samples and of their reconstruction: float32 for float32 and
        /// float16 data (every float16 is a float32, and a reconstruction rounded to float16
        /// would break the error bounds), float64 for the rest.
        var valueType: SampleLayout.ValueType {
            self == .float32 || self == .float16 ? .float32 : .float64
        }

        /// Whether every value of the type is a float64 exactly (64-bit integers beyond 2^53
        /// in magnitude are not, and are refused).
        var isExactlyDouble: Bool { self != .int64 && self != .uint64 }

        /// The largest magnitude a 64-bit integer may have to be read (``isExactlyDouble``).
        static let largestExactInteger: UInt64 = 1 << 53

        /// The value at `index` of little-endian `raw` as a double, or nil for a 64-bit integer
        /// that a double cannot hold exactly.
        @inline(__always)
        func value(_ raw: UnsafeRawBufferPointer, _ index: Int) -> Double? {
            let offset = index &* byteCount
            switch self {
            case .float64:
                return Double(
                    bitPattern: UInt64(
                        littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            case .float32:
                return Double(
                    Float(
                        bitPattern: UInt32(
                            littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                        )))
            case .float16:
                return RawFloatReader.double(
                    float16Bits: UInt16(
                        littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case .int8: return Double(raw.load(fromByteOffset: offset, as: Int8.self))
            case .uint8: return Double(raw[offset])
            case .int16:
                return Double(
                    Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
            case .uint16:
                return Double(
                    UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
                )
            case .int32:
                return Double(
                    Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            case .uint32:
                return Double(
                    UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                )
            case .int64:
                let v = Int64(
                    littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
                return v.magnitude <= Self.largestExactInteger ? Double(v) : nil
            case .uint64:
                let v = UInt64(
                    littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                return v <= Self.largestExactInteger ? Double(v) : nil
            }
        }

        /// The value at `index` of little-endian `raw` as written, for a message.
        func text(_ raw: UnsafeRawBufferPointer, _ index: Int) -> String {
            let offset = index &* byteCount
            switch self {
            case .int64:
                return
                    "\(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))"
            case .uint64:
                return
                    "\(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))"
            default: return value(raw, index).map { "\($0)" } ?? "?"
            }
        }
    }

    /// The value of the IEEE 754 half-precision number with these bits, exactly (every float16
    /// is a double; NaN payloads are not kept).
    ///
    /// Written out rather than through `Float16`, which Swift does not offer on macOS on Intel.
    static func double(float16Bits bits: UInt16) -> Double {
        let sign: FloatingPointSign = bits & 0x8000 == 0 ? .plus : .minus
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0x1F: return fraction == 0 ? (sign == .plus ? .infinity : -.infinity) : .nan
        // Zeros and subnormals: fraction · 2^-24.
        case 0: return Double(sign: sign, exponent: -24, significand: fraction)
        // Normal numbers: (1024 + fraction) · 2^(exponent - 25).
        default: return Double(sign: sign, exponent: exponent - 25, significand: 1024 + fraction)
        }
    }

    /// Reverses the bytes of each value of `raw` in place: big-endian values become
    /// little-endian ones (and back). Bytes after the last whole value are left alone.
    ///
    /// - Complexity: O(n) for n bytes, one pass.
    static func reverseByteOrder(of raw: UnsafeMutableRawBufferPointer, width: Width) {
        let count = raw.count / width.byteCount
        switch width.byteCount {
        case 8: reverseBytes(of: raw, count: count, as: UInt64.self)
        case 4: reverseBytes(of: raw, count: count, as: UInt32.self)
        case 2: reverseBytes(of: raw, count: count, as: UInt16.self)
        default: break
        }
    }

    /// Reverses the bytes of each of the first `count` values of type `T` in `raw`.
    private static func reverseBytes<T: FixedWidthInteger>(
        of raw: UnsafeMutableRawBufferPointer, count: Int, as _: T.Type
    ) {
        let size = MemoryLayout<T>.size
        for i in 0..<count {
            let value = raw.loadUnaligned(fromByteOffset: i &* size, as: T.self)
            raw.storeBytes(of: value.byteSwapped, toByteOffset: i &* size, as: T.self)
        }
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

    /// Reads `count` values at byte `offset` of `data` into a new array — float64 without any
    /// intermediate copy, other types through a small buffer — rejecting NaN and infinity with
    /// their position (sample and coordinate of rows of `dimension` values, in the order read).
    ///
    /// - Parameter isBigEndian: Whether the values are stored big-endian (a `.npy` descriptor
    ///   such as `>f8`); their bytes are reversed in place, a slice at a time, right after
    ///   reading.
    /// - Throws: `.nonFiniteValue`, `.inexactInteger`, or what ``BinaryDataFile/read(into:at:)``
    ///   throws.
    /// - Complexity: O(count).
    static func decode(
        _ data: BinaryDataFile, at offset: Int, count: Int, width: Width, dimension: Int,
        isBigEndian: Bool = false
    ) throws(DataInputError) -> [Double] {
        var failure: DataInputError? = nil
        var firstBad: Int? = nil
        let values = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(buffer)
            do throws(DataInputError) {
                switch width {
                case .float64:
                    // Each slice is put in host order and checked on the core that read it.
                    firstBad = try data.readInParallel(
                        into: UnsafeMutableRawBufferPointer(buffer), at: offset
                    ) {
                        slice, start in
                        if isBigEndian { reverseByteOrder(of: slice, width: .float64) }
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
                default:
                    // Through a small buffer, converted value by value.
                    let block = 1 << 16
                    let part = UnsafeMutableRawBufferPointer.allocate(
                        byteCount: min(block, count) * width.byteCount, alignment: 8)
                    defer { part.deallocate() }
                    var start = 0
                    while start < count {
                        let n = min(block, count - start)
                        let piece = UnsafeMutableRawBufferPointer(
                            rebasing: part[..<(n * width.byteCount)])
                        try data.read(into: piece, at: offset + start * width.byteCount)
                        if isBigEndian { reverseByteOrder(of: piece, width: width) }
                        if width == .float32 {
                            // The common case in a loop of its own (the general one switches on
                            // the type at every value).
                            for i in 0..<n {
                                buffer[start + i] = Double(
                                    Float(
                                        bitPattern: UInt32(
                                            littleEndian: piece.loadUnaligned(
                                                fromByteOffset: i &* 4, as: UInt32.self))))
                            }
                            start += n
                            continue
                        }
                        for i in 0..<n {
                            guard let value = width.value(UnsafeRawBufferPointer(piece), i) else {
                                throw .inexactInteger(
                                    file: data.path,
                                    at: .element(
                                        sample: (start + i) / dimension,
                                        coordinate: (start + i) % dimension),
                                    field: width.text(UnsafeRawBufferPointer(piece), i))
                            }
                            buffer[start + i] = value
                        }
                        start += n
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

    /// Decodes little-endian values, rejecting NaN and infinity with their position (sample
    /// and coordinate of rows of `dimension` values, in the order stored).
    ///
    /// - Precondition: `bytes.count` is a multiple of the width.
    static func decode(
        _ bytes: ArraySlice<UInt8>, width: Width, dimension: Int, file: String
    ) throws(DataInputError) -> [Double] {
        let count = bytes.count / width.byteCount
        var values = [Double](repeating: 0, count: count)
        var firstBad: Int? = nil
        var inexact: (index: Int, text: String)?
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                guard let value = width.value(raw, i) else {
                    inexact = (i, width.text(raw, i))
                    return
                }
                if !value.isFinite, firstBad == nil { firstBad = i }
                values[i] = value
            }
        }
        if let (bad, text) = inexact {
            throw .inexactInteger(
                file: file, at: .element(sample: bad / dimension, coordinate: bad % dimension),
                field: text)
        }
        if let bad = firstBad {
            throw .nonFiniteValue(
                file: file, at: .element(sample: bad / dimension, coordinate: bad % dimension),
                field: "\(values[bad])")
        }
        return values
    }
}
