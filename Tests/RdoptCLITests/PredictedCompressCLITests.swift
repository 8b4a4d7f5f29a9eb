import Foundation
import Testing
import _TestSupport

/// `rdopt compress DATA --target-distortion D / --max-error E …` (design and compress in one
/// go), run as the built executable.
@Suite("rdopt compress with prediction")
struct PredictedCompressCLITests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    /// A random walk of Gaussian steps (strongly correlated neighbours).
    static func walk(_ n: Int) -> [Double] {
        var sum = 0.0
        return DataFiles.gaussian(count: n, seed: 5).map {
            sum += $0
            return sum
        }
    }

    @Test("--max-error: decoded values within E, the predictor and gain reported in JSON")
    func maximumError() throws {
        let x = Self.walk(20_000)
        try folder.write("walk.f64", data: DataFiles.float64(x))
        let run = try Rdopt.run(
            ["compress", "walk.f64", "--max-error", "0.05", "--output", "w.rdq", "--json"],
            in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let report = try Rdopt.jsonObject(run.standardOutput)
        #expect((report["prediction_gain_bits"] as? Double ?? 0) > 2)
        #expect(report["residual_lower_bound_model"] as? String == "memoryless")
        #expect(report["predictor"] as? String != "none")
        let back = try Rdopt.run(["decompress", "w.rdq", "--output", "back.f64"], in: folder)
        #expect(back.status == 0, "\(back.standardError)")
        let y = DataFiles.readFloat64(
            try Data(contentsOf: folder.url.appendingPathComponent("back.f64")))
        #expect(y.count == x.count)
        for i in x.indices { #expect(abs(x[i] - y[i]) <= 0.05, "sample \(i)") }
    }

    @Test("a 3-D .npy field: predicted along its three axes, its shape back, every value within E")
    func field() throws {
        let (planes, rows, w) = (12, 16, 20)
        var x: [Double] = []
        for z in 0..<planes {
            for r in 0..<rows {
                for c in 0..<w {
                    x.append(sin(0.3 * Double(r) + 0.2 * Double(z)) * cos(0.25 * Double(c)) * 5)
                }
            }
        }
        let header =
            "{'descr': '<f8', 'fortran_order': False, 'shape': (\(planes), \(rows), \(w)), }"
        try folder.write(
            "field.npy", data: Data(npyBytes(header: header, payload: float64Bytes(x))))
        let run = try Rdopt.run(
            ["compress", "field.npy", "--max-error", "0.01", "--output", "f.rdq", "--json"],
            in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let report = try Rdopt.jsonObject(run.standardOutput)
        let candidates = "\(report["candidates"] ?? "")"
        #expect(candidates.contains("lorenzo-3d") && candidates.contains("3-D"), "\(candidates)")
        let back = try Rdopt.run(["decompress", "f.rdq", "--output", "back.npy"], in: folder)
        #expect(back.status == 0, "\(back.standardError)")
        let bytes = [UInt8](try Data(contentsOf: folder.url.appendingPathComponent("back.npy")))
        let text = String(decoding: bytes[10..<128], as: UTF8.self)
        #expect(text.contains("'shape': (12, 16, 20)"), "\(text)")
        let y = DataFiles.readFloat64(Data(bytes[128...]))
        #expect(y.count == x.count)
        for i in x.indices { #expect(abs(x[i] - y[i]) <= 0.01, "value \(i)") }
    }

    @Test("--important on a 2-D .npy array marks values, not rows")
    func importantValuesOfAnArray() throws {
        // One bright value per row of a smooth 40 × 30 array.
        let (rows, w) = (40, 30)
        var x: [Double] = []
        for r in 0..<rows {
            for c in 0..<w { x.append(c == (r * 11) % w ? 40 : sin(Double(r + c) / 6)) }
        }
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows), \(w)), }"
        try folder.write(
            "bright.npy", data: Data(npyBytes(header: header, payload: float64Bytes(x))))
        let run = try Rdopt.run(
            [
                "compress", "bright.npy", "--target-distortion", "0.01", "--important", "abs>20",
                "--tolerance", "1e-6", "--output", "b.rdq", "--json",
            ], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let report = try Rdopt.jsonObject(run.standardOutput)
        #expect(report["important_count"] as? Int == rows)
        #expect((report["important_max_distortion"] as? Double ?? 1) <= 1e-6)
    }

    @Test(
        "bad combinations and bounds are refused with exit 2",
        arguments: [
            ["--quantizer", "q.json", "--target-distortion", "0.1"],
            [],
            ["--max-error", "-1"],
            ["--relative-error", "0"],
            ["--target-distortion", "nan"],
            ["--max-error", "0.1", "--block", "2"],
            ["--max-error", "0.1", "--predictor", "sideways"],
        ])
    func refused(arguments: [String]) throws {
        try folder.write("walk.f64", data: DataFiles.float64(Self.walk(100)))
        let run = try Rdopt.run(
            ["compress", "walk.f64", "--output", "w.rdq"] + arguments, in: folder)
        #expect(run.status == 2, "\(arguments): \(run.standardError)")
        #expect(run.standardError.hasPrefix("error:"), "\(run.standardError)")
        #expect(
            !FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("w.rdq").path)
        )
        if arguments.contains("--predictor") {
            // The valid values are listed by name, not by their byte in the file.
            #expect(run.standardError.contains("- lorenzo-2d"), "\(run.standardError)")
            #expect(!run.standardError.contains("- 4\n"), "\(run.standardError)")
        }
    }
}
