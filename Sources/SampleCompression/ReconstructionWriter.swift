import EntropyCoding
import Foundation
import RDInterchange

/// Streams reconstruction values to a sink in one of the data formats, a chunk of indices at a
/// time, so that decompression never holds the whole output in memory.
///
/// The bytes are those of `SampleSet.write(to:)`, from the same encoders (``SampleEncoding``),
/// in the layout the data came in: `.npy` with the original shape and value type (`<f8` or
/// `<f4`), CSV rows as long as the original's with its header row, raw little-endian
/// `.f64`/`.f32`. For float32 data every codeword is first rounded to float32, so all formats
/// give the same values.
struct ReconstructionWriter<Sink: ByteSink> {
    private(set) var sink: Sink
    private let format: DataFormat
    private let layout: SampleLayout
    private let codebook: [Double]
    /// The escaped samples' exact values, in order (empty without escapes).
    private let escapedValues: [Double]
    /// The escape symbol, one past the codebook (`nil` without escapes).
    private let escapeSymbol: UInt32?
    /// Escaped values used so far.
    private(set) var escapedValuesUsed = 0
    /// Coordinates still to be written; the rest of the last block is padding.
    private var remainingValues: Int
    private let file: String
    /// The compressed file's name, for messages about its content.
    private let inputFile: String
    private var buffer: [UInt8] = []
    /// The size of the pieces float64 output is written in.
    private static var pieceByteCount: Int { 1 << 20 }

    /// Starts the output (writes the `.npy` header or the CSV header row).
    ///
    /// - Parameters:
    ///   - metadata: Supplies the layout and the codeword of every index.
    ///   - file: The output's name, for messages.
    ///   - inputFile: The compressed file's name, for messages.
    init(
        sink: Sink, format: DataFormat, metadata: CompressionMetadata, file: String,
        inputFile: String
    ) throws(EntropyCodingError) {
        self.inputFile = inputFile
        self.sink = sink
        self.format = format
        layout = metadata.layout
        codebook =
            layout.valueType == .float32
            ? metadata.codebook.map { Double(Float($0)) } : metadata.codebook
        escapedValues = metadata.escapedValues ?? []
        escapeSymbol =
            metadata.escapedValues == nil
            ? nil : UInt32(metadata.codebook.count / metadata.dimension)
        remainingValues = layout.valueCount ?? 0
        self.file = file
        switch format {
        case .npy:
            try self.sink.write(NPYHeader.encode(shape: layout.shape, valueType: layout.valueType))
        case .csv:
            if let names = layout.columnNames {
                try self.sink.write(SampleEncoding.csvHeader(names))
            }
        case .float64, .float32: break
        }
    }

    /// The bytes of one stored value: 4 for float32 output (`.f32`, or `.npy` of float32
    /// data), 8 otherwise.
    private var writesFloat32: Bool {
        format == .float32 || (format == .npy && layout.valueType == .float32)
    }

    /// Writes the codewords of `symbols` (each below the codebook size), dropping coordinates
    /// beyond the announced count.
    ///
    /// - Throws: ``CompressionError/data(_:)`` for a value float32 cannot hold, or
    ///   ``CompressionError/container(file:_:)`` when the sink fails.
    /// - Complexity: O(n k) for n indices of dimension k.
    mutating func write(_ symbols: [UInt32], firstSample: Int, dimension k: Int)
        throws(CompressionError)
    {
        let count = min(symbols.count * k, remainingValues)
        let codebook = self.codebook
        var value = { (position: Int) -> Double in
            k == 1
                ? codebook[Int(symbols[position])]
                : codebook[Int(symbols[position / k]) * k + position % k]
        }
        if let escapeSymbol {
            let values = try resolvingEscapes(symbols, escape: escapeSymbol, dimension: k)
            value = { values[$0] }
        } else if format != .csv && !writesFloat32 {
            try writeFloat64(symbols, count: count, dimension: k)
            remainingValues -= count
            return
        }
        try write(count: count, firstSample: firstSample, dimension: k, value: value)
    }

    /// Writes reconstructed scalar values (a file with closed-loop prediction), dropping values
    /// beyond the announced count. The values of a chunk hold whole rows.
    ///
    /// - Throws: As ``write(_:firstSample:dimension:)``.
    mutating func write(values: [Double], firstSample: Int) throws(CompressionError) {
        try write(
            count: min(values.count, remainingValues), firstSample: firstSample, dimension: 1
        ) { values[$0] }
    }

    /// Writes `count` values, `value(position)` each, in the output format.
    private mutating func write(
        count: Int, firstSample: Int, dimension k: Int, value: (Int) -> Double
    ) throws(CompressionError) {
        if format == .csv {
            buffer = SampleEncoding.csv(
                count: count, rowLength: layout.rowLength,
                asFloat32: layout.valueType == .float32, value: value)
        } else if writesFloat32 {
            do {
                buffer = try SampleEncoding.float32(
                    count: count, file: file, firstSample: firstSample, dimension: k, value: value)
            } catch { throw .data(error) }
        } else {
            try writeFloat64(count: count, value)
            remainingValues -= count
            return
        }
        remainingValues -= count
        do { try sink.write(buffer) } catch { throw .container(file: file, error) }
    }

    /// Writes the codewords of `symbols` as float64 (``writeFloat64(count:_:)``).
    private mutating func writeFloat64(_ symbols: [UInt32], count: Int, dimension k: Int)
        throws(CompressionError)
    {
        let codebook = self.codebook
        try symbols.withUnsafeBufferPointer { (symbols) throws(CompressionError) in
            try codebook.withUnsafeBufferPointer { (codebook) throws(CompressionError) in
                try writeFloat64(count: count) { position in
                    k == 1
                        ? codebook[Int(symbols[position])]
                        : codebook[Int(symbols[position / k]) * k + position % k]
                }
            }
        }
    }

    /// Writes `count` values, `value(position)` each, as float64 in pieces of 1 MiB through one
    /// reused buffer: a piece is still in the cache when the kernel copies it into the page
    /// cache (whole 8 MB chunks were not, and their write calls took about three times as
    /// long), and no fresh memory is faulted in per chunk (a fresh zeroed 8 MB buffer per chunk
    /// was a fifth of decompressing 10^7 predicted values). Every byte of a piece is
    /// overwritten before it is written.
    @inline(__always)
    private mutating func writeFloat64(count: Int, _ value: (Int) -> Double)
        throws(CompressionError)
    {
        let pieceLength = Self.pieceByteCount / 8
        if buffer.count < Self.pieceByteCount {
            buffer = [UInt8](repeating: 0, count: Self.pieceByteCount)
        }
        var failure: EntropyCodingError? = nil
        buffer.withUnsafeMutableBytes { raw in
            var pieceStart = 0
            while pieceStart < count, failure == nil {
                let pieceEnd = min(count, pieceStart + pieceLength)
                SampleEncoding.storeFloat64(count: pieceEnd - pieceStart, into: raw) {
                    value(pieceStart + $0)
                }
                do throws(EntropyCodingError) {
                    try sink.write(
                        UnsafeRawBufferPointer(rebasing: raw[..<((pieceEnd - pieceStart) * 8)]))
                } catch { failure = error }
                pieceStart = pieceEnd
            }
        }
        if let failure { throw .container(file: file, failure) }
    }

    /// Every coordinate of `symbols` as a value: a codeword's, or the next escaped sample's.
    ///
    /// - Throws: ``CompressionError/invalidMetadata(file:reason:)`` when the file holds more
    ///   escape symbols than escaped values.
    private mutating func resolvingEscapes(
        _ symbols: [UInt32], escape: UInt32, dimension k: Int
    ) throws(CompressionError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(symbols.count * k)
        for symbol in symbols {
            if symbol == escape {
                guard escapedValuesUsed + k <= escapedValues.count else {
                    throw .invalidMetadata(
                        file: inputFile,
                        reason:
                            "more escape symbols than the \(escapedValues.count / k) escaped samples"
                    )
                }
                values += escapedValues[escapedValuesUsed..<escapedValuesUsed + k]
                escapedValuesUsed += k
            } else {
                let start = Int(symbol) * k
                values += codebook[start..<start + k]
            }
        }
        return values
    }

    /// Whether every announced value has been written.
    var isComplete: Bool { remainingValues == 0 }

    /// Whether every escaped value has been used.
    var usedEveryEscape: Bool { escapedValuesUsed == escapedValues.count }

}
