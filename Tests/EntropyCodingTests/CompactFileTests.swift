import Testing
import _TestSupport

@testable import EntropyCoding

/// Format versions 4 and 5: streams of fewer than `CompressedFileFormat.singleStateLimit`
/// symbols coded with one rANS state; in version 5 a chunk's short segments share one.
@Suite("compact files (versions 4 and 5)")
struct CompactFileTests {
    /// Skewed symbols over eight values.
    static func symbols(_ count: Int, seed: UInt64) -> [UInt32] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt32(min(7, (rng.next() % 64).trailingZeroBitCount)) }
    }

    static func table() throws -> FrequencyTable {
        try FrequencyTable(counts: [40, 20, 10, 5, 3, 2, 1, 1])
    }

    @Test("segments on both sides of the one-state limit round-trip; each short one saves bytes")
    func segmentsAcrossTheLimit() throws {
        // A file of at most 2^20 samples: streams under 2^16 symbols take one state.
        let limit = 1 << 16
        let chunk = 3 * limit
        #expect(CompressedFileFormat.singleStateLimit(sampleCount: UInt64(3 * chunk + 18)) == limit)
        let segments = [
            [100, limit - 1, 2 * limit - 99], [0, limit, 2 * limit], [limit - 1, 1, 2 * limit],
            [5, 6, 7],
        ]
        let symbols = Self.symbols(3 * chunk + 18, seed: 4)
        let tables = [try Self.table(), try Self.table(), try Self.table()]
        let compact = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: chunk, version: 4)
        let plain = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: chunk)
        #expect(compact[8] == 4 && plain[8] == 3)
        let decoded = try CompressedFile.decodeSegmented(compact)
        #expect(decoded.symbols == symbols && decoded.segments == segments)
        #expect(decoded.header.isCompact && decoded.header.version == 4)
        let short = segments.joined().filter { $0 < limit }.count
        #expect(short == 8)
        // 56 bytes of states fewer per short stream, less the words the one state emits where
        // eight would have kept the bits (each state holds up to 32 bits above its floor).
        let saved = plain.count - compact.count
        #expect(saved >= 28 * short && saved <= 56 * short, "\(saved)")
        // The overhead counts each stream's states by its length: 8 bytes short, 64 long.
        let header = decoded.header
        let overhead = header.overheadByteCount { chunk, _ in segments[chunk] }
        let framing = 4 * (12 + 16) + 8 * short + 64 * (12 - short)
        #expect(overhead == header.bytes.count + framing)
        let plainHeader = try CompressedFile.decode(plain).header
        #expect(
            plainHeader.overheadByteCount { chunk, _ in segments[chunk] }
                == plainHeader.bytes.count + 4 * (12 + 16) + 64 * 12)
    }

    @Test(
        "version 5: a chunk's short segments share one stream, its counts are varints; round trip"
    )
    func joinedSegments() throws {
        let limit = 1 << 16
        let chunk = 3 * limit
        let segments = [
            [100, limit - 1, 2 * limit - 99], [0, limit, 2 * limit], [limit - 1, 1, 2 * limit],
            [5, 6, 7],
        ]
        let symbols = Self.symbols(3 * chunk + 18, seed: 4)
        let tables = [
            try Self.table(), try FrequencyTable(counts: [1, 1, 1, 1, 1, 1, 1, 1]),
            try FrequencyTable(counts: [90, 3, 2, 2, 1, 1, 1, 1], precisionBits: 15),
        ]
        let joined = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: chunk, compact: true)
        let separate = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: chunk, version: 4)
        #expect(joined[8] == 5)
        let decoded = try CompressedFile.decodeSegmented(joined)
        #expect(decoded.symbols == symbols && decoded.segments == segments)
        #expect(decoded.header.joinsShortSegments && decoded.header.isCompact)
        // Per chunk: the varint counts, a 4-byte length per stream but the last, one state for
        // the short segments and eight for each long one; 12 bytes of chunk framing.
        let framing =
            [
                (1 + 3) + 4 + 8 + 64, (1 + 3) + 8 + 8 + 128, (3 + 1) + 4 + 8 + 64, (1 + 1) + 8,
            ].reduce(0, +) + 4 * 12
        let header = decoded.header
        #expect(
            header.overheadByteCount { chunk, _ in segments[chunk] }
                == header.bytes.count + framing)
        // Version 4 stores 8 bytes of entries per segment but the last and a state for every
        // short segment: 58 bytes more here, its words aside.
        #expect(separate.count > joined.count, "\(separate.count - joined.count)")
        // A small chunk of many segments: all in one stream.
        let small = Self.symbols(1000, seed: 9)
        let many = [[300, 0, 700]]
        let file = try CompressedFile.encode(
            small, tables: tables, segments: many, compact: true)
        #expect(try CompressedFile.decodeSegmented(file).symbols == small)
    }

    @Test("version 5 payloads: any bytes decode or are refused, never a trap")
    func hostileJoinedPayloads() throws {
        let tables = [
            try Self.table(), try FrequencyTable(counts: [1, 1, 1, 1, 1, 1, 1, 1]),
            try FrequencyTable(counts: [90, 3, 2, 2, 1, 1, 1, 1], precisionBits: 15),
        ]
        let model = ChunkModel(
            codecs: tables.map(RANSCodec.init(table:)), singleStateLimit: 200,
            joinsShortSegments: true)
        for segments in [[100, 150, 50], [250, 20, 30], [0, 0, 300], [10, 290, 0]] {
            let symbols = Self.symbols(300, seed: UInt64(segments[0]))
            var buffer = [UInt8](
                repeating: 0, count: model.maximumPayloadByteCount(symbolCount: 300))
            let start = try #require(
                symbols.withUnsafeBufferPointer { input in
                    buffer.withUnsafeMutableBytes {
                        model.encode(input, segments: segments, into: $0)
                    }
                })
            let payload = Array(buffer[start...])
            func decode(_ bytes: [UInt8]) -> (PayloadDefect?, [UInt32]) {
                var output = [UInt32](repeating: 0, count: 300)
                let defect = bytes.withUnsafeBytes { raw in
                    output.withUnsafeMutableBufferPointer { model.decode(raw, into: $0) }
                }
                return (defect, output)
            }
            let (defect, output) = decode(payload)
            #expect(defect == nil && output == symbols)
            #expect(
                payload.withUnsafeBytes { model.segmentCounts($0, sampleCount: 300) } == segments)
            #expect(decode(Array(payload.dropLast(1))).0 != nil)
            #expect(decode(payload + [0, 0, 0, 0]).0 != nil)
            #expect(decode([]).0 == .badSegments)
            #expect(decode([0x80, 0x80, 0x80, 0x80, 0x01] + payload).0 == .badSegments)
            var rng = SplitMix64(seed: 11)
            for _ in 0..<300 {
                var bytes = payload
                bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
                _ = decode(bytes)
            }
        }
    }

    @Test(
        "version 5 deflates many small tables when that is shorter; forged deflated fields are refused"
    )
    func deflatedTables() throws {
        let symbols = Self.symbols(4000, seed: 13)
        let tables = try (0..<12).map { _ in try Self.table() }
        let segments = [[Int](repeating: 300, count: 11) + [700]]
        let file = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: 4000, compact: true)
        let decoded = try CompressedFile.decodeSegmented(file)
        #expect(decoded.symbols == symbols && decoded.header.tables == tables)
        // The marker follows the metadata's length (0, no metadata): 12 identical tables of
        // 10 bytes each deflate to a fraction.
        #expect(file[11] == CompressedFileFormat.deflatedTablesMarker)
        let plain = CompressedFileHeader.tablesField(tables, version: 4)
        let deflated = CompressedFileHeader.tablesField(tables, version: 5)
        #expect(deflated.count < plain.count / 2, "\(deflated.count) against \(plain.count)")
        // One table: the plain form is shorter and kept.
        #expect(
            CompressedFileHeader.tablesField([tables[0]], version: 5)
                == CompressedFileHeader.tablesField([tables[0]], version: 4))
        // A version 4 header may not use the marker.
        var older = file
        older[8] = 4
        #expect(throws: EntropyCodingError.self) { try CompressedFile.decode(older) }
        // Forged fields: each fails with an error (the header CRC is recomputed).
        func forged(_ field: [UInt8]) -> [UInt8] {
            var bytes = Array(file[..<11]) + field
            bytes.appendVarint(4000)
            bytes.appendVarint(4000)
            bytes.appendLittleEndian(CRC32C.checksum(of: bytes))
            // The chunks after it, so that only the tables' field can be wrong.
            return bytes + file[decoded.header.bytes.count...]
        }
        let list = (0..<12).flatMap { _ in
            var entry: [UInt8] = []
            let table = try! Self.table().serialized()
            entry.appendVarint(UInt64(table.count))
            return entry + table
        }
        let stream = try #require(Deflate.compress(list))
        func field(count: Int, inflated: Int, stored: [UInt8]) -> [UInt8] {
            var bytes: [UInt8] = [0]
            bytes.appendVarint(UInt64(count))
            bytes.appendVarint(UInt64(inflated))
            bytes.appendVarint(UInt64(stored.count))
            return bytes + stored
        }
        for (name, bytes) in [
            ("a wrong inflated length", field(count: 11, inflated: list.count + 1, stored: stream)),
            ("one table too many", field(count: 12, inflated: list.count, stored: stream)),
            ("one table too few", field(count: 10, inflated: list.count, stored: stream)),
            (
                "a damaged stream",
                field(count: 11, inflated: list.count, stored: stream.map { $0 ^ 0x5A })
            ),
            (
                "a bomb's ratio",
                field(count: 31, inflated: 4_000_000, stored: Array(stream.prefix(8)))
            ),
            ("no stream", field(count: 11, inflated: list.count, stored: [])),
        ] {
            #expect(throws: EntropyCodingError.self, "\(name)") {
                var source = MemoryByteSource(forged(bytes))
                _ = try CompressedFileHeader.read(from: &source)
            }
        }
        // The same field unforged reads.
        var source = MemoryByteSource(
            forged(field(count: 11, inflated: list.count, stored: stream)))
        #expect(try CompressedFileHeader.read(from: &source).tables == tables)
    }

    @Test("the one-state limit: 2^16 symbols in a file of at most 2^20 samples, else 4,096")
    func limitBySize() throws {
        #expect(CompressedFileFormat.singleStateLimit(sampleCount: 0) == 1 << 16)
        #expect(CompressedFileFormat.singleStateLimit(sampleCount: 1 << 20) == 1 << 16)
        #expect(CompressedFileFormat.singleStateLimit(sampleCount: (1 << 20) + 1) == 4096)
        let table = try Self.table()
        let large = try CompressedFileHeader(
            metadata: [], tables: [table], sampleCount: 3 << 20, compact: true)
        #expect(large.singleStateLimit == 4096)
        // Three chunks of 2^20 symbols: eight states each.
        #expect(
            large.overheadByteCount { _, count in [count] } == large.bytes.count + 3 * (12 + 64))
        let plain = try CompressedFileHeader(
            metadata: [], tables: [table], sampleCount: 3 << 20, compact: false)
        #expect(plain.singleStateLimit == 0)
    }

    @Test("one table: version 5 with no extra table, one state for a short chunk")
    func oneTable() throws {
        let symbols = Self.symbols(1000, seed: 5)
        let table = try Self.table()
        let compact = try CompressedFile.encode(
            symbols, tables: [table], segments: [[1000]], compact: true)
        let plain = try CompressedFile.encode(symbols, table: table)
        #expect(compact[8] == 5 && plain[8] == 2)
        // One byte for the table count e = 0; 56 bytes of states fewer, up to 28 in words more.
        let saved = plain.count - compact.count
        #expect(saved >= 28 - 1 && saved <= 56 - 1, "\(saved)")
        let (header, decoded) = try CompressedFile.decode(compact)
        #expect(decoded == symbols && header.tables == [table])
        // The fixed overhead counts one 8-byte state for an empty stream.
        #expect(header.fixedOverheadByteCount == header.bytes.count + 12 + 8)
        // An empty file too.
        let empty = try CompressedFile.encode([], tables: [table], segments: [], compact: true)
        #expect(try CompressedFile.decode(empty).symbols.isEmpty)
    }

    @Test("one-state payloads: any bytes decode or are refused, never a trap")
    func hostilePayloads() throws {
        let codec = RANSCodec(table: try Self.table())
        let symbols = Self.symbols(300, seed: 6)
        var payload = [UInt8](
            repeating: 0, count: RANSCodec.maximumSingleStatePayloadByteCount(symbolCount: 300))
        let start = try #require(
            symbols.withUnsafeBufferPointer { input in
                payload.withUnsafeMutableBytes { codec.encodeSingleState(input, into: $0) }
            })
        let stream = Array(payload[start...])
        func decode(_ bytes: [UInt8], count: Int) -> PayloadDefect? {
            var output = [UInt32](repeating: 0, count: count)
            return bytes.withUnsafeBytes { raw in
                output.withUnsafeMutableBufferPointer {
                    codec.decode(raw, into: $0, singleState: true)
                }
            }
        }
        var output = [UInt32](repeating: 0, count: 300)
        let ok = stream.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer { codec.decode(raw, into: $0, singleState: true) }
        }
        #expect(ok == nil && output == symbols)
        #expect(decode(Array(stream.prefix(7)), count: 300) == .badLength)
        #expect(decode(Array(stream.dropLast(2)), count: 300) == .badLength)
        #expect(decode(Array(stream.dropLast(4)), count: 300) != nil)
        #expect(decode(stream + [0, 0, 0, 0], count: 300) == .wordsLeftOver)
        #expect(decode(stream, count: 299) != nil)
        var low = stream
        for i in 0..<8 { low[i] = 0 }
        #expect(decode(low, count: 300) == .stateOutOfRange)
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var bytes = stream
            bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
            _ = decode(bytes, count: Int(rng.next() % 400))
        }
    }

    @Test("a version 3 header must have two tables at least; version 4 may have one")
    func tableCounts() throws {
        let table = try Self.table()
        let compact = try CompressedFile.encode(
            [0, 1, 2], tables: [table], segments: [[3]], compact: true)
        var forged = compact
        forged[8] = 3
        #expect(throws: EntropyCodingError.self) { try CompressedFile.decode(forged) }
        forged[8] = 6
        #expect(throws: EntropyCodingError.unsupportedVersion(found: 6, supported: 2)) {
            try CompressedFile.decode(forged)
        }
    }
}
