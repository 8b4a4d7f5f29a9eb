import EntropyCoding

/// The escaped samples of a predicted file (docs/formats.md, "Escapes on a grid"): a sample
/// that no residual codeword serves within its bounds is its prediction plus a whole multiple
/// `k` of ``step``, a fine grid as wide as twice the tightest bound, so a few bits instead of
/// an exact value; only where rounding keeps that from meeting the sample's bounds (or `k` is
/// beyond 2^53) is the exact value stored.
struct ResidualEscapes: Sendable, Equatable {
    /// The grid's step δ (0: every escape is stored exactly).
    var step: Double
    /// Per escaped sample, in order: its multiple of ``step``, or ``exact``.
    var multiples: [Int64] = []
    /// The exact values of the escapes marked ``exact``, in order.
    var exactValues: [Double] = []

    /// The multiple that marks an escape stored exactly.
    static let exact = Int64.min
    /// The largest |k| stored (every such integer is a double).
    static let largestMultiple: Int64 = 1 << 53

    /// The number of escaped samples.
    var count: Int { multiples.count }

    /// The reconstruction of an escape of multiple `k` predicted as `p`, as the decoder
    /// computes it.
    @inline(__always)
    static func reconstruction(_ p: Double, multiple k: Int64, step: Double, float32: Bool)
        -> Double
    {
        ClosedLoopEncoder.reconstruction(p, Double(k) * step, float32: float32)
    }

    /// The step for samples bounded by `maximumError` (absolute) and, if important, by
    /// `importantTolerance` (squared): a hair under twice the tighter, so that the nearest
    /// grid point is within it before rounding; 0 when there is no finite positive bound.
    static func step(maximumError: Double, importantTolerance: Double) -> Double {
        let bound = min(maximumError, importantTolerance.squareRoot())
        guard bound.isFinite, bound > 0 else { return 0 }
        return 2 * bound * (1 - 1e-9)
    }

    /// Appends another chunk's escapes.
    mutating func append(_ other: ResidualEscapes) {
        multiples += other.multiples
        exactValues += other.exactValues
    }

    static func == (a: Self, b: Self) -> Bool {
        a.step.bitPattern == b.step.bitPattern && a.multiples == b.multiples
            && a.exactValues.map(\.bitPattern) == b.exactValues.map(\.bitPattern)
    }
}

/// Where a chunk's escapes begin: in the escapes, and in their exact values.
struct EscapePosition: Equatable {
    var escape = 0
    var exact = 0
}

extension ResidualEscapes {
    /// The value of the escape at `position`, predicted as `p` (advancing `position`), or nil
    /// when none is left.
    @inline(__always)
    func value(at position: inout EscapePosition, prediction p: Double, float32: Bool) -> Double? {
        guard position.escape < multiples.count else { return nil }
        let k = multiples[position.escape]
        position.escape += 1
        guard k != Self.exact else {
            guard position.exact < exactValues.count else { return nil }
            defer { position.exact += 1 }
            return exactValues[position.exact]
        }
        return Self.reconstruction(p, multiple: k, step: step, float32: float32)
    }

    /// The position after `count` more escapes from `position` (nil: fewer are left).
    func advancing(_ position: EscapePosition, by count: Int) -> EscapePosition? {
        guard count <= multiples.count - position.escape else { return nil }
        var next = position
        for e in position.escape..<position.escape + count where multiples[e] == Self.exact {
            next.exact += 1
        }
        next.escape += count
        return next
    }
}

extension ResidualEscapes {
    /// The field's bytes: the step as a double; the codes — one varint per escape, 0 for an
    /// exact one, else the zigzag of `k` plus one — as their length `u` and stored length `z`
    /// (varints) and `z` bytes, a zlib stream when that is shorter (`z < u`), else the varints
    /// themselves (`z = u`); then the exact values (floats for float32 data).
    func append(to bytes: inout [UInt8], float32: Bool) {
        bytes.appendDoubles([step])
        let codes = codeBytes()
        let stored = Deflate.compress(codes).flatMap { $0.count < codes.count ? $0 : nil } ?? codes
        bytes.appendVarint(codes.count)
        bytes.appendVarint(stored.count)
        bytes += stored
        if float32 { bytes.appendFloats(exactValues) } else { bytes.appendDoubles(exactValues) }
    }

    /// One varint per escape.
    private func codeBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(multiples.count)
        for k in multiples {
            bytes.appendVarint(k == Self.exact ? 0 : Int(Self.zigzag(k) + 1))
        }
        return bytes
    }

    /// Reads `count` escapes written by ``append(to:float32:)``.
    static func read(count: Int, from parser: inout MetadataParser, float32: Bool)
        throws(MetadataParser.Failure) -> ResidualEscapes
    {
        let step = try parser.doubles(1, "escape step")[0]
        guard step.isFinite, step > 0 else {
            throw MetadataParser.Failure(reason: "the escape step is \(step)")
        }
        // A code takes 1 to 8 bytes (|k| ≤ 2^53), and the stored form at most that.
        let length = try parser.varint(
            "escape codes' length", maximum: CompressedFileFormat.maximumMetadataByteCount)
        guard length >= count, length / 8 <= count else {
            throw MetadataParser.Failure(
                reason: "\(length) bytes of codes cannot hold \(count) escapes")
        }
        let storedLength = try parser.varint("escape codes' stored length", maximum: length)
        let stored = try parser.bytes(storedLength, "escape codes")
        guard
            let codes = storedLength == length
                ? stored : Deflate.decompress(stored, byteCount: length)
        else { throw MetadataParser.Failure(reason: "the escape codes' zlib stream is damaged") }
        var escapes = ResidualEscapes(step: step)
        escapes.multiples.reserveCapacity(count)
        var codeParser = MetadataParser(codes)
        var exactCount = 0
        for _ in 0..<count {
            let code = try codeParser.varint("escape", maximum: Int(2 * largestMultiple + 1))
            if code == 0 {
                escapes.multiples.append(exact)
                exactCount += 1
            } else {
                escapes.multiples.append(unzigzag(UInt64(code - 1)))
            }
        }
        guard codeParser.remaining == 0 else {
            throw MetadataParser.Failure(reason: "bytes follow the last escape code")
        }
        escapes.exactValues =
            float32
            ? try parser.floats(exactCount, "escaped values")
            : try parser.doubles(exactCount, "escaped values")
        for (index, value) in escapes.exactValues.enumerated() where !value.isFinite {
            throw MetadataParser.Failure(reason: "escaped value \(index) is \(value)")
        }
        return escapes
    }

    /// Escapes stored exactly, as version-2 files without a grid hold them.
    init(exactValues: [Double]) {
        step = 0
        multiples = [Int64](repeating: Self.exact, count: exactValues.count)
        self.exactValues = exactValues
    }

    /// The field's length in bytes.
    func byteCount(float32: Bool) -> Int {
        var bytes: [UInt8] = []
        append(to: &bytes, float32: float32)
        return bytes.count
    }

    /// The bytes the escapes' codes (as plain varints) and exact values take: what the design
    /// counts (the stored field is smaller where zlib shortens the codes).
    func escapeByteCount(float32: Bool) -> Int {
        var count = exactValues.count * (float32 ? 4 : 8)
        for k in multiples {
            // A varint holds 7 bits a byte.
            let code = k == Self.exact ? 0 : Self.zigzag(k) + 1
            count += max(1, (64 - code.leadingZeroBitCount + 6) / 7)
        }
        return count
    }

    /// 0, −1, 1, −2, … ↦ 0, 1, 2, 3, ….
    static func zigzag(_ k: Int64) -> UInt64 {
        UInt64(bitPattern: (k << 1) ^ (k >> 63))
    }

    static func unzigzag(_ v: UInt64) -> Int64 {
        Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
