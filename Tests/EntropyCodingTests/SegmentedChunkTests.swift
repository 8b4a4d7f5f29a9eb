import Testing
import _TestSupport

@testable import EntropyCoding

/// Format version 3: chunks coded in segments, each with its own frequency table.
@Suite("segmented chunks")
struct SegmentedChunkTests {
    /// 240 symbols in chunks of 80: the first part of every chunk spread over six symbols,
    /// the rest nearly all zero (as interpolation's coarse and fine levels are).
    static let symbols: [UInt32] = {
        var rng = SplitMix64(seed: 9)
        return (0..<240).map { i in
            i % 80 < 16 ? UInt32(rng.next() % 6) : (rng.next() % 10 == 0 ? 1 : 0)
        }
    }()
    static let segments = [[16, 30, 34], [16, 4, 60], [16, 64, 0]]

    /// Each segment's counts over the chunks, as tables.
    static func tables() throws -> [FrequencyTable] {
        try (0..<3).map { part in
            var counts = [UInt64](repeating: 0, count: 6)
            for (k, chunk) in segments.enumerated() {
                let start = 80 * k + chunk[..<part].reduce(0, +)
                for s in symbols[start..<(start + chunk[part])] { counts[Int(s)] += 1 }
            }
            counts[5] = max(counts[5], 1)
            return try FrequencyTable(counts: counts)
        }
    }

    /// The symbols as a version 3 file with metadata `[1, 2]`, and its tables.
    static func segmentedFile() throws -> ([FrequencyTable], [UInt8]) {
        let tables = try tables()
        let bytes = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, metadata: [1, 2], chunkSize: 80)
        return (tables, bytes)
    }

    @Test("segmented chunks round-trip as version 3; one table stays version 2")
    func roundTrip() throws {
        let (tables, bytes) = try Self.segmentedFile()
        #expect(bytes[8] == 3 && bytes[9] == 0)
        let (header, decoded) = try CompressedFile.decode(bytes)
        #expect(decoded == Self.symbols)
        #expect(header.tables == tables)
        #expect(header.metadata == [1, 2])
        // Chunk by chunk, the reader reports the segment counts the writer was given.
        let chunked = try CompressedFile.decodeSegmented(bytes)
        #expect(chunked.symbols == Self.symbols && chunked.segments == Self.segments)
        let single = try CompressedFile.encode(
            Self.symbols, table: FrequencyTable(counts: [UInt64](repeating: 1, count: 6)),
            chunkSize: 80)
        #expect(single[8] == 2)
        // Per segment, the same symbols take fewer bytes than with one table for all.
        let pooled = try FrequencyTable(
            counts: FrequencyTable.histogram(of: Self.symbols, alphabetSize: 6))
        let one = try CompressedFile.encode(Self.symbols, table: pooled, chunkSize: 80)
        #expect(bytes.count < one.count + 2 * (8 + 64) * 3 + 40)
    }

    @Test("bad segmentations and tables are refused when writing")
    func refusedWhenWriting() throws {
        let tables = try Self.tables()
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.encode(
                Self.symbols, tables: tables,
                segments: [[16, 30, 33], [16, 4, 60], [16, 64, 0]],
                chunkSize: 80)
        }
        #expect(throws: EntropyCodingError.self) {
            try CompressedFile.encode(
                Self.symbols, tables: tables, segments: [[80], [80], [80]], chunkSize: 80)
        }
        let narrow = try FrequencyTable(counts: [1, 1])
        #expect(throws: EntropyCodingError.self) {
            try CompressedFileHeader(
                metadata: [], tables: [tables[0], narrow], sampleCount: 1, chunkSize: 16)
        }
        #expect(throws: EntropyCodingError.self) {
            try CompressedFileHeader(
                metadata: [],
                tables: [FrequencyTable](
                    repeating: narrow, count: CompressedFileFormat.maximumTableCount + 1),
                sampleCount: 1, chunkSize: 16)
        }
        // Symbol 4 in the fine part of chunk 2, where its table gives it no frequency.
        var tablesWithoutFour = tables
        tablesWithoutFour[2] = try FrequencyTable(counts: [5, 5, 0, 0, 0, 1])
        var symbols = Self.symbols
        symbols[80 + 16 + 4 + 3] = 4
        #expect(throws: EntropyCodingError.symbolHasZeroFrequency(symbol: 4, position: 103)) {
            try CompressedFile.encode(
                symbols, tables: tablesWithoutFour, segments: Self.segments, chunkSize: 80)
        }
    }

    @Test("a version 3 header needs 1 to 31 further tables of the first one's alphabet size")
    func headerTableCount() throws {
        let (tables, bytes) = try Self.segmentedFile()
        let header = try CompressedFile.decode(bytes).header
        // magic, version, metadata length and bytes, the first table's length and bytes.
        let position = 10 + 1 + 2 + 1 + tables[0].serialized().count
        #expect(bytes[position] == 2)
        for forged in [0, 32, 0x7F] as [UInt8] {
            var damaged = bytes
            damaged[position] = forged
            let crcOffset = header.bytes.count - 4
            let crc = CRC32C.checksum(of: Array(damaged[..<crcOffset]))
            for b in 0..<4 { damaged[crcOffset + b] = UInt8(truncatingIfNeeded: crc >> (8 * b)) }
            #expect(throws: EntropyCodingError.self, "\(forged) further tables") {
                try CompressedFile.decode(damaged)
            }
        }
    }

    @Test("forged segment counts and lengths are defects of the payload, never a trap")
    func forgedSegments() throws {
        let tables = try Self.tables()
        let model = ChunkModel(codecs: tables.map { RANSCodec(table: $0) })
        let chunk = Array(Self.symbols[0..<80])
        let capacity = model.maximumPayloadByteCount(symbolCount: 80)
        var buffer = [UInt8](repeating: 0, count: capacity)
        let encoded = chunk.withUnsafeBufferPointer { symbols in
            buffer.withUnsafeMutableBytes {
                model.encode(symbols, segments: [16, 30, 34], into: $0)
            }
        }
        let start = try #require(encoded)
        let payload = Array(buffer[start...])
        func decode(_ bytes: [UInt8]) -> (PayloadDefect?, [UInt32]) {
            var output = [UInt32](repeating: 0, count: 80)
            let defect = bytes.withUnsafeBytes { raw in
                output.withUnsafeMutableBufferPointer { model.decode(raw, into: $0) }
            }
            return (defect, output)
        }
        let (defect, decoded) = decode(payload)
        #expect(defect == nil && decoded == chunk)
        #expect(decode(Array(payload.prefix(12))).0 != nil)
        var rng = SplitMix64(seed: 3)
        for trial in 0..<400 {
            var forged = payload
            // The segment table (16 bytes), then the first stream's states.
            let position = Int(rng.next() % 24)
            forged[position] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            let (defect, output) = decode(forged)
            if defect == nil { #expect(output.count == 80, "trial \(trial)") }
        }
        for (count, length) in [(81, 100), (10, 1 << 30), (UInt32.max, 64), (16, 3)] {
            var forged = payload
            for (offset, value) in [(0, UInt32(count)), (4, UInt32(length))] {
                for b in 0..<4 { forged[offset + b] = UInt8(truncatingIfNeeded: value >> (8 * b)) }
            }
            #expect(decode(forged).0 != nil, "count \(count), length \(length)")
        }
    }
}
