import Foundation
import _TestSupport

/// Sample data for the `design` and `baseline` tests, written in every input format.
enum DataFiles {
    /// `count` standard normal samples from a fixed seed, rounded to a multiple of `resolution`
    /// (like a sensor's readings) unless it is nil.
    static func gaussian(count: Int, seed: UInt64 = 11, resolution: Double? = nil) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let x = rng.nextGaussian()
            return resolution.map { ($0 * (x / $0).rounded()) } ?? x
        }
    }

    /// One value per line (full precision), under a header `x` unless `header` is nil.
    /// A quantizer document of 13 codewords spaced √1.2 apart (a uniform quantiser for
    /// D = 0.1 on standard Gaussian data) with Gaussian weights and slope 5, and `important`
    /// (a JSON object) when given.
    static func gaussianQuantizerJSON(important: String? = nil) -> String {
        let step = (12 * 0.1).squareRoot()
        let codebook = (-6...6).map { Double($0) * step }
        let probabilities = codebook.map { exp(-$0 * $0 / 2) }
        let total = probabilities.reduce(0, +)
        return """
            {"format": "rdopt-quantizer", "version": 1, "dimension": 1, "distortion": "squared-error",
             "codebook": \(codebook), "probabilities": \(probabilities.map { $0 / total }), "slope": 5.0\(important.map { ",\n \"important\": \($0)" } ?? "")}
            """
    }

    static func csv(_ values: [Double], header: String? = "x") -> Data {
        let lines = (header.map { [$0] } ?? []) + values.map { "\($0)" }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Raw little-endian float64.
    static func float64(_ values: [Double]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 8)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }

    /// A 1-D `.npy` array of little-endian float64 (format version 1.0; the header padded with
    /// spaces so that the data starts at a multiple of 64 bytes, as numpy writes it).
    static func npy(_ values: [Double]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(values.count),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        return Data(bytes) + float64(values)
    }

    /// Reads raw little-endian float64 written by `rdopt decompress`.
    static func readFloat64(_ data: Data) -> [Double] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 7, by: 8).map { start in
            var bits: UInt64 = 0
            for b in 0..<8 { bits |= UInt64(bytes[start + b]) << (8 * UInt64(b)) }
            return Double(bitPattern: bits)
        }
    }
}

extension ScratchFolder {
    /// Writes `data` to a file named `name`.
    func write(_ name: String, data: Data) throws {
        try data.write(to: url.appendingPathComponent(name))
    }
}
