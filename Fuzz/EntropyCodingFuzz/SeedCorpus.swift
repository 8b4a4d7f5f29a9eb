// Writes a few small valid .rdq files into the folder given as the first argument: the seed
// corpus for the decoder fuzz target (built by Scripts/fuzz/run-decoder-fuzz.sh together
// with the EntropyCoding sources; not part of the package build).

import Foundation

@main
struct SeedCorpus {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            print("usage: seed-corpus FOLDER")
            return
        }
        let folder = arguments[1]
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        // (name, alphabet size, symbol count, chunk size, metadata)
        let shapes: [(String, Int, Int, Int, String)] = [
            ("empty", 3, 0, 16, ""),
            ("one-sample", 4, 1, 16, "{\"dimension\":1}"),
            ("single-symbol", 1, 50, 16, ""),
            ("binary", 2, 100, 32, "{}"),
            ("skewed", 8, 300, 64, "{\"codebook\":[-1,0,1]}"),
            ("sparse", 300, 200, 128, ""),
            ("precision-20", 40, 150, 50, ""),
        ]
        for (name, alphabet, count, chunkSize, metadata) in shapes {
            // Geometric-looking symbols: the number of trailing zero bits of a random word.
            let symbols: [UInt32] = (0..<count).map { _ in
                let raw = UInt32(min(alphabet - 1, (next() | 1 << 31).trailingZeroBitCount))
                return name == "sparse" ? raw * 37 % UInt32(alphabet) : raw
            }
            let counts = try FrequencyTable.histogram(of: symbols, alphabetSize: alphabet)
            let table = try FrequencyTable(
                counts: counts, precisionBits: name == "precision-20" ? 20 : nil)
            try CompressedFile.write(
                symbols, table: table, metadata: Array(metadata.utf8),
                toPath: "\(folder)/\(name).rdq",
                chunkSize: chunkSize)
        }
        // Version 3: chunks in three segments, each with its own table.
        let symbols: [UInt32] = (0..<240).map { i in UInt32(i % 80 < 10 ? next() % 6 : next() % 2) }
        let segments = [[10, 20, 50], [10, 30, 40], [5, 5, 70]]
        var tables: [FrequencyTable] = []
        for part in 0..<3 {
            var counts = [UInt64](repeating: 0, count: 6)
            for (k, chunk) in segments.enumerated() {
                let start = 80 * k + chunk[..<part].reduce(0, +)
                for s in symbols[start..<(start + chunk[part])] { counts[Int(s)] += 1 }
            }
            tables.append(try FrequencyTable(counts: counts))
        }
        let bytes = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, metadata: [], chunkSize: 80)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/segmented.rdq"))
        // Version 4: the same segments with one-state streams; version 5: in one stream per
        // chunk; and one table with one stream.
        let separate = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, chunkSize: 80, version: 4)
        try Data(separate).write(to: URL(fileURLWithPath: "\(folder)/compact-v4.rdq"))
        let compact = try CompressedFile.encode(
            symbols, tables: tables, segments: segments, metadata: [], chunkSize: 80,
            compact: true)
        try Data(compact).write(to: URL(fileURLWithPath: "\(folder)/compact.rdq"))
        let pooled = try FrequencyTable(
            counts: FrequencyTable.histogram(of: symbols, alphabetSize: 6))
        // Version 5 with twelve tables: deflated in the header.
        let many = try CompressedFile.encode(
            symbols, tables: [FrequencyTable](repeating: pooled, count: 12),
            segments: [[Int]](
                repeating: [20, 20, 20] + [Int](repeating: 0, count: 8) + [20], count: 3),
            metadata: [], chunkSize: 80, compact: true)
        try Data(many).write(to: URL(fileURLWithPath: "\(folder)/compact-deflated-tables.rdq"))
        let single = try CompressedFile.encode(
            symbols, tables: [pooled], segments: [], metadata: [], chunkSize: 80, compact: true)
        try Data(single).write(to: URL(fileURLWithPath: "\(folder)/compact-one-table.rdq"))
        // Version 4 with a binned table: 400 symbols in bins of 8 (the last one short).
        let wide: [UInt32] = (0..<600).map { _ in UInt32((next() % 200 + next() % 200) % 397) }
        let binned = try FrequencyTable(
            binning: FrequencyTable.histogram(of: wide, alphabetSize: 397), binWidth: 8,
            precisionBits: 14)
        let binnedFile = try CompressedFile.encode(
            wide, tables: [binned], segments: [], metadata: [], chunkSize: 256, compact: true)
        try Data(binnedFile).write(to: URL(fileURLWithPath: "\(folder)/compact-binned.rdq"))
    }
}
