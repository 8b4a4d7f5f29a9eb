import Foundation
import Testing
import _TestSupport

/// `rdopt compress` and `rdopt decompress`, run as the built executable.
@Suite("rdopt compress and decompress")
struct CompressCLITests {
    /// A folder of its own for each test, removed when the test ends.
    let scratch: ScratchFolder
    var folder: URL { scratch.url }

    init() throws {
        scratch = try ScratchFolder("rdopt-cli")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs rdopt with `arguments`, killing it after 60 s (a hang fails the test).
    func run(_ arguments: [String]) throws -> Outcome {
        let executable = try #require(
            Rdopt.executable, "rdopt not found; looked at: \(Rdopt.candidates.map(\.path))")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = DispatchTime.now() + .seconds(60)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        #expect(
            process.terminationReason == .exit,
            "rdopt \(arguments) did not exit normally (crash or hang)")
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// Writes Gaussian samples as .f64 and a uniform quantiser (step √(12·0.1), slope 1/(2·0.1))
    /// with the rule `abs>2.5` and tolerance 0.3.
    func writeInputs(count: Int, tolerance: Double = 0.3) throws -> [Double] {
        var rng = SplitMix64(seed: 7)
        let values = (0..<count).map { _ in rng.nextGaussian() }
        var bytes: [UInt8] = []
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        try Data(bytes).write(to: folder.appendingPathComponent("x.f64"))
        let step = (12 * 0.1).squareRoot()
        let codebook = (-6...6).map { Double($0) * step }
        let probabilities = codebook.map { exp(-$0 * $0 / 2) }
        let json = """
            {"format": "rdopt-quantizer", "version": 1, "dimension": 1, "distortion": "squared-error",
             "codebook": \(codebook), "probabilities": \(probabilities), "slope": 5.0,
             "important": {"rule": "abs>2.5", "tolerance": \(tolerance)}}
            """
        try Data(json.utf8).write(to: folder.appendingPathComponent("q.json"))
        return values
    }

    func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(
        "compress --json reports the size within the bound; decompress gives one codeword per sample"
    )
    func roundTrip() throws {
        let values = try writeInputs(count: 20_000)
        let compressed = try run([
            "compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq", "--json",
        ])
        #expect(compressed.status == 0, "\(compressed.stderr)")
        let report = try jsonObject(compressed.stdout)
        let samples = try #require(report["samples"] as? Int)
        let bytes = try #require(report["bytes"] as? Int)
        let bits = try #require(report["bits_per_sample"] as? Double)
        let entropy = try #require(report["entropy_bits"] as? Double)
        let overhead = try #require(report["overhead_bytes"] as? Int)
        #expect(samples == values.count)
        #expect(
            bytes
                == (try FileManager.default.attributesOfItem(atPath: path("x.rdq"))[.size] as? Int))
        #expect(bits <= entropy * 1.002 + Double(overhead) * 8 / Double(samples))
        let decompressed = try run(["decompress", "x.rdq", "--output", "y.csv", "--json"])
        #expect(decompressed.status == 0, "\(decompressed.stderr)")
        #expect(try jsonObject(decompressed.stdout)["samples"] as? Int == values.count)
        let rows = try String(contentsOfFile: path("y.csv"), encoding: .utf8).split(separator: "\n")
            .compactMap { Double($0) }
        #expect(rows.count == values.count)
        let step = (12 * 0.1).squareRoot()
        // The codewords as written; JSONSerialization may read them back 1–2 ulps off (known issue
        // of JSONReader), so compare to 1e-14 relative.
        let codewords = (-6...6).map { Double($0) * step }
        #expect(
            rows.allSatisfy { y in
                codewords.contains { isClose($0, y, absolute: 1e-300, relative: 1e-14) }
            })
        let distortion =
            zip(rows, values).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            / Double(values.count)
        #expect(isClose(distortion, try #require(report["distortion"] as? Double), relative: 1e-12))
        for (y, x) in zip(rows, values) where abs(x) > 2.5 { #expect((y - x) * (y - x) <= 0.3) }
    }

    @Test("--block groups the signal and decompression drops the padding")
    func blocked() throws {
        let values = try writeInputs(count: 1_001)
        var text = try String(contentsOfFile: path("q.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"dimension\": 1", with: "\"dimension\": 2")
        let step = (12 * 0.1).squareRoot()
        let pairs = (-3...3).flatMap { a in
            (-3...3).map { b in "[\(Double(a) * step), \(Double(b) * step)]" }
        }
        let codebookStart = try #require(text.range(of: "\"codebook\": ["))
        let codebookEnd = try #require(
            text.range(of: "]", range: codebookStart.upperBound..<text.endIndex))
        text.replaceSubrange(
            codebookStart.lowerBound..<codebookEnd.upperBound,
            with: "\"codebook\": [\(pairs.joined(separator: ", "))]")
        let probabilitiesStart = try #require(text.range(of: "\"probabilities\": ["))
        let probabilitiesEnd = try #require(
            text.range(of: "]", range: probabilitiesStart.upperBound..<text.endIndex))
        text.replaceSubrange(
            probabilitiesStart.lowerBound..<probabilitiesEnd.upperBound,
            with: "\"probabilities\": \([Double](repeating: 1, count: 49))")
        try Data(text.utf8).write(to: folder.appendingPathComponent("q2.json"))
        let compressed = try run([
            "compress", "x.f64", "--quantizer", "q2.json", "--block", "2", "--output", "x.rdq",
            "--json",
        ])
        #expect(compressed.status == 0, "\(compressed.stderr)")
        #expect(try jsonObject(compressed.stdout)["samples"] as? Int == 501)
        let decompressed = try run(["decompress", "x.rdq", "--output", "y.f64"])
        #expect(decompressed.status == 0, "\(decompressed.stderr)")
        let data = try Data(contentsOf: folder.appendingPathComponent("y.f64"))
        #expect(data.count == values.count * 8)
    }

    @Test(
        "with --no-escapes, important samples beyond the tolerance fail with exit 2, named, and nothing is written"
    )
    func toleranceUnreachable() throws {
        let values = try writeInputs(count: 500, tolerance: 0.001)
        let outcome = try run([
            "compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq", "--no-escapes",
        ])
        #expect(outcome.status == 2)
        let step = (12 * 0.1).squareRoot()
        let unserved = values.indices.filter {
            let x = values[$0]
            let y = (x / step).rounded() * step
            return abs(x) > 2.5 && (x - y) * (x - y) > 0.001
        }
        let listed = unserved.prefix(10).map(String.init).joined(separator: ", ")
        #expect(
            outcome.stderr.hasPrefix("error: x.f64: \(unserved.count) samples (\(listed)"),
            "\(outcome.stderr)")
        #expect(try files() == ["q.json", "x.f64"])
    }

    @Test(
        "by default, important samples beyond the tolerance are escaped: stored exactly, their cost reported"
    )
    func escapes() throws {
        let values = try writeInputs(count: 2_000, tolerance: 0.001)
        let outcome = try run([
            "compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try jsonObject(outcome.stdout)
        let escaped = try #require(report["escaped_samples"] as? Int)
        let escapeBits = try #require(report["escape_bits"] as? Double)
        #expect(escaped > 0)
        // At least the exact values (64 bits each) and at most that plus 12 bits per symbol.
        #expect(escapeBits >= Double(64 * escaped) && escapeBits <= Double(76 * escaped))
        #expect(try run(["decompress", "x.rdq", "--output", "y.f64"]).status == 0)
        let data = [UInt8](try Data(contentsOf: folder.appendingPathComponent("y.f64")))
        var exact = 0
        for (i, x) in values.enumerated() where abs(x) > 2.5 {
            let bits = (0..<8).reduce(UInt64(0)) { $0 | UInt64(data[8 * i + $1]) << (8 * $1) }
            let y = Double(bitPattern: bits)
            #expect((y - x) * (y - x) <= 0.001, "sample \(i)")
            if y == x { exact += 1 }
        }
        #expect(exact == escaped)
    }

    @Test("an empty data file compresses to 0 samples and decompresses to an empty file")
    func empty() throws {
        _ = try writeInputs(count: 1)
        try Data().write(to: folder.appendingPathComponent("e.f64"))
        let compressed = try run([
            "compress", "e.f64", "--quantizer", "q.json", "--output", "e.rdq", "--json",
        ])
        #expect(compressed.status == 0, "\(compressed.stderr)")
        #expect(try jsonObject(compressed.stdout)["samples"] as? Int == 0)
        #expect(try run(["decompress", "e.rdq", "--output", "e2.f64"]).status == 0)
        #expect(try Data(contentsOf: folder.appendingPathComponent("e2.f64")).isEmpty)
    }

    @Test("flipped bits and truncations: error, exit 2, no output file (a sample via the CLI)")
    func corruptFiles() throws {
        _ = try writeInputs(count: 300)
        #expect(
            try run(["compress", "x.f64", "--quantizer", "q.json", "--output", "x.rdq"]).status == 0
        )
        let original = [UInt8](try Data(contentsOf: folder.appendingPathComponent("x.rdq")))
        var cases: [(String, [UInt8])] = []
        for bit in stride(from: 3, to: original.count * 8, by: max(1, original.count * 8 / 24)) {
            var damaged = original
            damaged[bit / 8] ^= UInt8(1 << (bit % 8))
            cases.append(("bit \(bit)", damaged))
        }
        for length in [0, 1, 8, 20, original.count / 2, original.count - 5, original.count - 1] {
            cases.append(("length \(length)", Array(original.prefix(length))))
        }
        for (name, bytes) in cases {
            try Data(bytes).write(to: folder.appendingPathComponent("bad.rdq"))
            let outcome = try run(["decompress", "bad.rdq", "--output", "out.f64"])
            #expect(outcome.status == 2, "\(name): exit \(outcome.status)")
            #expect(outcome.stderr.hasPrefix("error: "), "\(name): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(name): \(outcome.stderr)")
            #expect(
                !FileManager.default.fileExists(atPath: path("out.f64")),
                "\(name) left an output file")
        }
        #expect(try files() == ["bad.rdq", "q.json", "x.f64", "x.rdq"])
    }
}
