import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

/// A short deterministic fuzz run of every reader: valid inputs mutated thousands of times
/// (bytes replaced, inserted, deleted, slices repeated, truncation). A reader may accept or
/// reject a mutant, never trap; what it accepts is consistent. (The `.rdq` decoder has its own
/// libFuzzer run, `Scripts/fuzz/run-decoder-fuzz.sh`, in CI.)
@Suite("reader mutations")
struct ReaderMutationTests {
    static let mutantsPerSeed = 1_500

    /// Bytes that matter to the formats' grammars, beside random ones.
    static let special: [UInt8] = Array("\0\r\n,;\"{}[]:.-+eE9\u{7F}".utf8) + [0x93, 0xFF, 0x80]

    /// `seed` with one to three random edits.
    static func mutate(_ seed: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            let byte =
                Bool.random(using: &generator)
                ? special.randomElement(using: &generator) ?? 0
                : UInt8.random(in: 0...255, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &generator))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    /// A little-endian float64 `.npy` file of shape (5, 2).
    static var npySeed: [UInt8] {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 2), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for value in [1.5, -2, 0.25, 3e-3, 4, 5, -6.5, 7, 8e10, 9] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
        }
        return bytes
    }

    static let csvSeed = Array("x,y,flag\n1.5,2,0\n-3,4e-2,1\n\n5,6,0\n7e1,-0.5,1\n".utf8)

    static let problemSeed = Array(
        """
        { "source": { "points": [-1.0, 0.0, 1.0], "probabilities": [0.25, 0.5, 0.25] },
          "codebook": [-1.0, 0.0, 1.0], "distortion": "squared-error", "target_distortion": 0.1,
          "fidelity": [ { "name": "tail", "members": [0, 2], "tolerance": 0.02 } ] }
        """.utf8)

    static let sourceSeed = Array(
        #"{"source": {"points": [[0, 1], [2.5, -1e-3], [4, 4]], "probabilities": [0.5, 0.25, 0.25]}, "important": [2]}"#
            .utf8)

    /// Runs `read` on every mutant of `seed`; `read` returns whether its result was consistent.
    static func mutants(of seed: [UInt8], seed value: UInt64, _ read: ([UInt8]) -> Bool) {
        var generator = SplitMix64(seed: value)
        var inconsistent = 0
        for _ in 0..<mutantsPerSeed where !read(mutate(seed, &generator)) { inconsistent += 1 }
        #expect(inconsistent == 0)
    }

    static func consistent(_ samples: SampleSet) -> Bool {
        samples.dimension >= 1 && samples.values.count % samples.dimension == 0
            && (samples.isImportant.map { $0.count == samples.count } ?? true)
    }

    @Test("mutated .npy files are read or rejected, never a trap")
    func npy() {
        #expect((try? NPYReader.read(Self.npySeed, file: "seed.npy")) != nil)
        Self.mutants(of: Self.npySeed, seed: 1) { bytes in
            guard let samples = try? NPYReader.read(bytes, file: "m.npy") else { return true }
            return Self.consistent(samples)
        }
    }

    @Test("mutated CSV files are read or rejected, never a trap", arguments: [nil, "flag"])
    func csv(importantColumn: String?) {
        Self.mutants(of: Self.csvSeed, seed: importantColumn == nil ? 2 : 3) { bytes in
            guard
                let samples = try? CSVReader.read(
                    bytes, file: "m.csv", importantColumn: importantColumn)
            else { return true }
            return Self.consistent(samples) && samples.values.allSatisfy(\.isFinite)
        }
    }

    @Test("mutated problem and source documents are parsed or rejected, never a trap")
    func documents() {
        #expect((try? ProblemDocument.parse(Data(Self.problemSeed), file: "p.json")) != nil)
        #expect((try? SourceDocument.parse(Data(Self.sourceSeed), file: "s.json")) != nil)
        Self.mutants(of: Self.problemSeed, seed: 4) { bytes in
            _ = try? ProblemDocument.parse(Data(bytes), file: "m.json")
            return true
        }
        Self.mutants(of: Self.sourceSeed, seed: 5) { bytes in
            _ = try? SourceDocument.parse(Data(bytes), file: "m.json")
            return true
        }
    }
}
