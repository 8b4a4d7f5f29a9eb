import Foundation
import Quantization
import RDInterchange

/// What `rdopt compress` stores in the metadata blob of a `.rdq` header: the quantiser and the
/// blocking of the original signal.
///
/// The blob is UTF-8 text in two lines, each one JSON document:
///
///     {"format":"rdopt-compressed","version":2,"block_length":4,"original_length":1001}
///     {"format":"rdopt-quantizer","version":1,"dimension":4, … }
///
/// The first line says how the samples were made: `block_length` is `null` unless `--block k`
/// grouped a 1-D signal of `original_length` values into k-vectors (the padding of the last
/// block is dropped on decompression). The second line is the quantizer file of docs/formats.md,
/// compact; its codebook is the reconstruction, bit for bit: numbers are written in their
/// shortest round-trip form and read back with a correctly rounded parser (``JSONParser``), and
/// the encoder checks that the codebook survives before it writes the file.
///
/// Version 1 of the first line also carried `codebook_bits`, the codebook's IEEE 754 bit
/// patterns (16 hex digits per coordinate), from when the decimal numbers were read with
/// Foundation's parser, which could be an ulp or two off. Version 2 drops it (about 16 bytes per
/// coordinate of header); version 1 files are still read, their reconstruction taken from
/// `codebook_bits` as before (it must agree with the decimal codebook to 1e-12 relative). Nothing
/// is trusted before ``init(parsing:file:alphabetSize:sampleCount:)`` has checked it against
/// the container.
struct CompressionMetadata: Sendable {
    /// The quantiser the samples were coded with.
    var document: QuantizerDocument
    /// `k` of `--block k`, or `nil` when the samples were not made by blocking.
    var blockLength: Int?
    /// The length of the 1-D signal before blocking (`nil` without blocking).
    var originalLength: Int?

    /// The version of the first line this type writes; it reads 1 and 2.
    static let version = 2

    /// The blob's bytes.
    func bytes() -> [UInt8] {
        let first = JSONValue.object([
            ("format", .string("rdopt-compressed")), ("version", .integer(Self.version)),
            ("block_length", blockLength.map { .integer($0) } ?? .null),
            ("original_length", originalLength.map { .integer($0) } ?? .null),
        ])
        return Array(
            (first.serialized(pretty: false) + "\n" + document.json.serialized(pretty: false)).utf8)
    }

    /// Parses and validates a blob read from a file whose header CRC already matched.
    ///
    /// - Parameters:
    ///   - bytes: The metadata blob.
    ///   - file: The compressed file's name, for messages.
    ///   - alphabetSize: The frequency table's alphabet, which must equal the codebook size.
    ///   - sampleCount: The container's sample count, which must agree with the blocking.
    /// - Throws: ``CompressionError/invalidMetadata(file:reason:)``.
    /// - Complexity: O(a) for a blob of a bytes.
    init(parsing bytes: [UInt8], file: String, alphabetSize: Int, sampleCount: UInt64)
        throws(CompressionError)
    {
        func fail(_ reason: String) -> CompressionError {
            .invalidMetadata(file: file, reason: reason)
        }
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw fail("no container line") }
        let document: QuantizerDocument
        let blockLength: Int?
        let originalLength: Int?
        do {
            let root = try JSONReader.parse(Data(bytes[..<newline]), file: file).object(allowed: [
                "format", "version", "block_length", "original_length", "codebook_bits",
            ])
            guard let format = root["format"], try format.string() == "rdopt-compressed" else {
                throw fail("format must be \"rdopt-compressed\"")
            }
            let version = try root["version"]?.integer()
            guard let version, (1...Self.version).contains(version) else {
                throw fail("only versions 1 and 2 are known")
            }
            func optionalInteger(_ key: String) throws(DocumentError) -> Int? {
                guard let value = root[key], !value.isNull else { return nil }
                return try value.integer()
            }
            blockLength = try optionalInteger("block_length")
            originalLength = try optionalInteger("original_length")
            var parsed = try QuantizerDocument.parse(Data(bytes[(newline + 1)...]), file: file)
            if let bitsText = root["codebook_bits"] {
                let decimal = parsed.quantizer
                guard let exact = Self.values(fromHex: try bitsText.string()),
                    exact.count == decimal.codebook.count
                else {
                    throw fail(
                        "codebook_bits must hold 16 hex digits for each of the \(decimal.codebook.count) coordinates"
                    )
                }
                for (a, b) in zip(exact, decimal.codebook)
                where !(abs(a - b) <= 1e-12 * max(1, abs(b))) {
                    throw fail("codebook_bits (\(a)) disagrees with the codebook (\(b))")
                }
                do {
                    parsed.quantizer = try Quantizer(
                        dimension: decimal.dimension, codebook: exact,
                        probabilities: decimal.probabilities,
                        slope: decimal.slope, importantTolerance: decimal.importantTolerance)
                } catch {
                    throw fail("codebook_bits: \(error)")
                }
            } else if version < 2 {
                throw fail("codebook_bits is missing (version 1 requires it)")
            }
            document = parsed
        } catch let error as CompressionError {
            throw error
        } catch let error as DocumentError {
            throw fail("\(error)")
        } catch {
            throw fail("\(error)")
        }
        let quantizer = document.quantizer
        guard quantizer.count == alphabetSize else {
            throw fail(
                "the codebook has \(quantizer.count) codewords but the frequency table \(alphabetSize) symbols"
            )
        }
        guard (blockLength == nil) == (originalLength == nil) else {
            throw fail("block_length and original_length must be given together")
        }
        if let blockLength, let originalLength {
            guard blockLength == quantizer.dimension else {
                throw fail(
                    "block_length \(blockLength) differs from the quantizer's dimension \(quantizer.dimension)"
                )
            }
            let (full, overflow) = sampleCount.multipliedReportingOverflow(by: UInt64(blockLength))
            guard originalLength >= 0, !overflow, UInt64(originalLength) <= full,
                UInt64(originalLength) + UInt64(blockLength) > full
            else {
                throw fail(
                    "original_length \(originalLength) does not fit \(sampleCount) blocks of \(blockLength)"
                )
            }
        }
        self.document = document
        self.blockLength = blockLength
        self.originalLength = originalLength
    }

    /// 16 lowercase hex digits per value, the big-endian bit pattern.
    static func hex(_ values: [Double]) -> String {
        var text = ""
        text.reserveCapacity(values.count * 16)
        for value in values {
            let digits = String(value.bitPattern, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }

    /// The values of ``hex(_:)``, or `nil` if the text is not of that form.
    static func values(fromHex text: String) -> [Double]? {
        let digits = Array(text.utf8)
        guard digits.count % 16 == 0 else { return nil }
        var values: [Double] = []
        values.reserveCapacity(digits.count / 16)
        for start in stride(from: 0, to: digits.count, by: 16) {
            guard
                let bits = UInt64(
                    String(decoding: digits[start..<start + 16], as: UTF8.self), radix: 16),
                digits[start..<start + 16].allSatisfy({
                    $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-")
                })
            else { return nil }
            values.append(Double(bitPattern: bits))
        }
        return values
    }

    init(document: QuantizerDocument, blockLength: Int?, originalLength: Int?) {
        self.document = document
        self.blockLength = blockLength
        self.originalLength = originalLength
    }
}
