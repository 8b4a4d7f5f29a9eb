import EntropyCoding
import Foundation
import Testing
import _TestSupport

@Suite("Compressed files")
struct CompressedFileTests {
    let metadata = Array(#"{"format":"rdopt-quantizer","codebook":[-1,0,1]}"#.utf8)

    @Test("round-trip through many chunks, written in uneven pieces, keeps metadata and order")
    func roundTripInPieces() throws {
        let weights = geometric(12, ratio: 0.7)
        let symbols = sample(weights, count: 50_000, seed: 21)
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 12))
        var writer = try CompressedFileWriter(
            sink: MemoryByteSink(), table: table, metadata: metadata,
            sampleCount: UInt64(symbols.count),
            chunkSize: 1000)
        var rng = SplitMix64(seed: 4)
        var offset = 0
        while offset < symbols.count {
            let piece = min(symbols.count - offset, Int.random(in: 0...3500, using: &rng))
            try writer.write(Array(symbols[offset..<offset + piece]))
            offset += piece
        }
        let bytes = try writer.finish().bytes
        var reader = try CompressedFileReader(source: MemoryByteSource(bytes))
        #expect(reader.header.metadata == metadata)
        #expect(reader.header.table == table)
        #expect(reader.header.chunkCount == 50)
        var decoded: [UInt32] = []
        while let chunk = try reader.next() {
            #expect(chunk.count == 1000)
            decoded += chunk
        }
        #expect(decoded == symbols)

        // Mixing the two ways of reading: a few chunks one at a time, then the rest at once.
        var mixed = try CompressedFileReader(source: MemoryByteSource(bytes))
        var prefix: [UInt32] = []
        for _ in 0..<3 { prefix += try mixed.next() ?? [] }
        #expect(prefix + (try mixed.readAll()) == symbols)
        #expect(try mixed.next() == nil)
    }

    /// (symbol, how many times, the table's counts): small to print, built inside the test.
    static let edgeCaseInputs: [(UInt32, Int, [UInt64])] = [
        (0, 0, [0, 0, 0, 0]),
        (2, 1, [0, 0, 1]),
        (0, 250_000, [250_000]),
    ]

    @Test(
        "handles zero samples, one sample and a single-symbol alphabet", arguments: edgeCaseInputs)
    func edgeCases(symbol: UInt32, repeats: Int, counts: [UInt64]) throws {
        let symbols = [UInt32](repeating: symbol, count: repeats)
        let table = try FrequencyTable(counts: counts)
        let bytes = try CompressedFile.encode(
            symbols, table: table, metadata: metadata, chunkSize: 100_000)
        let (header, decoded) = try CompressedFile.decode(bytes)
        #expect(decoded == symbols)
        #expect(header.sampleCount == UInt64(symbols.count))
        #expect(header.chunkCount == UInt64((symbols.count + 99_999) / 100_000))
        #expect(bytes.count == header.fixedOverheadByteCount)  // one symbol: nothing to code
    }

    @Test(
        "size is within 0.2% of the empirical entropy on 10^6 symbols, plus the fixed overhead",
        arguments: [geometric(40, ratio: 0.8), geometric(3, ratio: 0.05), [1, 1, 1, 1, 1]])
    func sizeNearEntropy(weights: [Double]) throws {
        let symbols = sample(weights, count: 1_000_000, seed: 99)
        let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: weights.count)
        let table = try FrequencyTable(counts: counts)
        let bytes = try CompressedFile.encode(symbols, table: table, metadata: metadata)
        let header = try CompressedFile.decode(bytes).header
        let entropyBits = FrequencyTable.entropyBits(counts: counts) * Double(symbols.count)
        let codedBits = Double(8 * (bytes.count - header.fixedOverheadByteCount))
        #expect(
            codedBits <= entropyBits * 1.002,
            "entropy \(entropyBits / 8) bytes, payload \(codedBits / 8)")
        let bitsPerSample = Double(8 * bytes.count) / Double(symbols.count)
        let bound =
            entropyBits / Double(symbols.count) * 1.002
            + Double(8 * header.fixedOverheadByteCount) / Double(symbols.count)
        #expect(bitsPerSample <= bound)
    }

    @Test("rejects symbols outside the table and a wrong sample count")
    func writerRejectsBadInput() throws {
        let table = try FrequencyTable(counts: [5, 0, 5])
        var writer = try CompressedFileWriter(sink: MemoryByteSink(), table: table, sampleCount: 4)
        try writer.write([0, 2])
        #expect(throws: EntropyCodingError.symbolHasZeroFrequency(symbol: 1, position: 3)) {
            try writer.write([2, 1])
        }
        #expect(
            throws: EntropyCodingError.symbolOutOfRange(symbol: 7, alphabetSize: 3, position: 2)
        ) {
            try writer.write([7])
        }
        #expect(throws: EntropyCodingError.sampleCountMismatch(declared: 4, written: 5)) {
            try writer.write([0, 0, 0])
        }
        #expect(throws: EntropyCodingError.sampleCountMismatch(declared: 4, written: 2)) {
            _ = try writer.finish()
        }
        #expect(
            throws: EntropyCodingError.invalidChunkSize(
                0, allowed: CompressedFileFormat.chunkSizeRange)
        ) {
            try CompressedFileWriter(
                sink: MemoryByteSink(), table: table, sampleCount: 1, chunkSize: 0)
        }
    }

    @Test("writes atomically and reads back from a file; a failed write leaves nothing behind")
    func atomicFiles() throws {
        let scratch = try ScratchFolder("rdq-test")
        let folder = scratch.url.path
        let path = folder + "/out.rdq"
        let symbols = sample(geometric(5, ratio: 0.5), count: 10_000, seed: 1)
        let table = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 5))
        let written = try CompressedFile.write(
            symbols, table: table, metadata: metadata, toPath: path)
        let (header, decoded) = try CompressedFile.read(fromPath: path)
        #expect(decoded == symbols && header.metadata == metadata)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == written)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        // A failure half-way: the symbol 9 is not in the table.
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.write(symbols + [9], table: table, toPath: path)
        }
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.write(symbols, table: table, toPath: folder + "/missing/out.rdq")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.rdq"])
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.read(fromPath: folder + "/absent.rdq")
        }
    }
}
