import EntropyCoding
import Foundation
import Quantization
import RDInterchange

/// Streams reconstruction values to a sink in one of the data formats, a chunk of indices at a
/// time, so that decompression never holds the whole output in memory.
///
/// The bytes are those of `SampleSet.write(to:)`, from the same encoders (``SampleEncoding``):
/// CSV rows of shortest round-trip numbers, `.npy` float64 version 1.0, raw little-endian
/// `.f64`/`.f32`.
struct ReconstructionWriter<Sink: ByteSink> {
    private(set) var sink: Sink
    private let format: DataFormat
    private let codebook: [Double]
    /// Values per output row: the quantiser's dimension, or 1 for an unblocked signal.
    private let rowLength: Int
    /// Coordinates still to be written; the rest of the last block is padding.
    private var remainingValues: Int
    private let file: String
    private var buffer: [UInt8] = []
    /// The size of the pieces float64 output is written in.
    private static var pieceByteCount: Int { 1 << 20 }

    /// Starts the output (writes the `.npy` header).
    ///
    /// - Parameters:
    ///   - quantizer: Supplies the codeword of every index.
    ///   - valueCount: The number of coordinates to write in all.
    ///   - isSignal: Whether the output is a 1-D signal (blocked samples, padding dropped).
    init(
        sink: Sink, format: DataFormat, quantizer: Quantizer, valueCount: Int, isSignal: Bool,
        file: String
    )
        throws(EntropyCodingError)
    {
        self.sink = sink
        self.format = format
        codebook = quantizer.codebook
        rowLength = isSignal ? 1 : quantizer.dimension
        remainingValues = valueCount
        self.file = file
        if format == .npy {
            let rows = valueCount / rowLength
            try self.sink.write(
                NPYHeader.encode(float64Shape: rowLength == 1 ? [rows] : [rows, rowLength]))
        }
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
        switch format {
        case .float64, .npy:
            // Values go out in pieces of 1 MiB through one reused buffer: a piece is still in the
            // cache when the kernel copies it into the page cache (whole 8 MB chunks were not,
            // and their write calls took about three times as long), and no fresh memory is
            // faulted in per chunk. Every byte of a piece is overwritten before it is written.
            let pieceLength = Self.pieceByteCount / 8
            if buffer.count < Self.pieceByteCount {
                buffer = [UInt8](repeating: 0, count: Self.pieceByteCount)
            }
            var failure: EntropyCodingError? = nil
            codebook.withUnsafeBufferPointer { codebook in
                symbols.withUnsafeBufferPointer { symbols in
                    buffer.withUnsafeMutableBytes { raw in
                        var pieceStart = 0
                        while pieceStart < count, failure == nil {
                            let pieceEnd = min(count, pieceStart + pieceLength)
                            SampleEncoding.storeFloat64(count: pieceEnd - pieceStart, into: raw) {
                                let position = pieceStart + $0
                                return k == 1
                                    ? codebook[Int(symbols[position])]
                                    : codebook[Int(symbols[position / k]) * k + position % k]
                            }
                            do throws(EntropyCodingError) {
                                try sink.write(
                                    UnsafeRawBufferPointer(
                                        rebasing: raw[..<((pieceEnd - pieceStart) * 8)]))
                            } catch { failure = error }
                            pieceStart = pieceEnd
                        }
                    }
                }
            }
            if let failure { throw .container(file: file, failure) }
            remainingValues -= count
            return
        case .float32:
            do {
                buffer = try SampleEncoding.float32(
                    count: count, file: file, firstSample: firstSample, dimension: k
                ) { codebook[Int(symbols[$0 / k]) * k + $0 % k] }
            } catch { throw .data(error) }
        case .csv:
            buffer = SampleEncoding.csv(count: count, rowLength: rowLength) {
                codebook[Int(symbols[$0 / k]) * k + $0 % k]
            }
        }
        remainingValues -= count
        do { try sink.write(buffer) } catch { throw .container(file: file, error) }
    }

    /// Whether every announced value has been written.
    var isComplete: Bool { remainingValues == 0 }
}
