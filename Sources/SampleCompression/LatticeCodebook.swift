import EntropyCoding

/// The codebook field of a predicted file in format versions 4 and 5 (docs/formats.md, "Codebook on a
/// lattice"): the residual codewords as whole multiples of a unit, stored as varints of their
/// second differences, instead of 8 bytes each.
///
/// The residual quantisers rdopt designs put their codewords on a lattice of a power of two
/// about 1/1024 of their half width (``ResidualQuantizer``), so the differences take about two
/// bytes; the codewords that fill a gap or extend the range are evenly spaced, and their second
/// differences take one (so do a uniform codebook's). The field is exact for any codebook: the
/// writer finds the largest power of two that divides every codeword and falls back to plain
/// doubles when that is not shorter.
///
/// | bytes | field |
/// | --- | --- |
/// | varint | `a`: 0, or the zigzag of the unit's exponent `b` plus one (the unit is `u = 2^b`, `−1074 ≤ b ≤ 1023`) |
/// | a = 0: 8·K | the K codewords as doubles |
/// | 1 ≤ a ≤ 2149: K varints | zigzag of `m_0`, of `d_1 = m_1 − m_0`, then of `d_j − d_(j−1)` with `d_j = m_j − m_(j−1)`; codeword `j` is `Double(m_j) · u`, with `|m_j| ≤ 2^53` |
/// | a > 2149: varint `v`, varint `z`, z bytes | the same K varints (`v` bytes) as a zlib stream of `z < v` bytes, the unit's code being `a − 2149` |
///
/// The zlib form serves long codebooks whose second differences repeat: a fine uniform
/// quantiser's thousands of codewords (at high rates) take a byte each as varints, and a few
/// dozen bytes deflated.
enum LatticeCodebook {
    /// The largest multiplier a codeword may have (every integer up to it is a double).
    static let maximumMultiplier: Int64 = 1 << 53

    /// Appends the field for `codewords`.
    static func append(_ codewords: [Double], to bytes: inout [UInt8]) {
        guard let (unit, multipliers) = lattice(of: codewords) else {
            appendPlain(codewords, to: &bytes)
            return
        }
        var field: [UInt8] = []
        field.appendVarint(Int(ResidualEscapes.zigzag(Int64(unit.exponent))) + 1)
        var (previous, step): (Int64, Int64) = (0, 0)
        for (j, m) in multipliers.enumerated() {
            // The first value itself, then the first difference, then second differences.
            let next = j == 0 ? m : m - previous
            field.appendVarint(Int(ResidualEscapes.zigzag(j < 2 ? next : next - step)))
            if j > 0 { step = next }
            previous = m
        }
        guard field.count < 1 + 8 * codewords.count else {
            appendPlain(codewords, to: &bytes)
            return
        }
        // The varints after the unit's code, deflated when that is shorter.
        let unitCode = Int(ResidualEscapes.zigzag(Int64(unit.exponent))) + 1
        let list = Array(field[varintLength(unitCode)...])
        if let deflated = Deflate.compress(list),
            varintLength(list.count) + varintLength(deflated.count) + deflated.count < list.count
        {
            bytes.appendVarint(unitCode + largestUnitCode)
            bytes.appendVarint(list.count)
            bytes.appendVarint(deflated.count)
            bytes += deflated
            return
        }
        bytes += field
    }

    /// The largest code of a unit (`−1074 ≤ b ≤ 1023`); codes above it mark the zlib form.
    static let largestUnitCode = 2 * 1074 + 1

    /// The bytes of `value` as a varint.
    private static func varintLength(_ value: Int) -> Int {
        var bytes: [UInt8] = []
        bytes.appendVarint(value)
        return bytes.count
    }

    /// The field with the codewords as plain doubles.
    private static func appendPlain(_ codewords: [Double], to bytes: inout [UInt8]) {
        bytes.appendVarint(0)
        bytes.appendDoubles(codewords)
    }

    /// The largest power of two `u` dividing every codeword, and the multipliers `c / u`; nil
    /// when some codeword is not finite or is `−0` (which the field cannot tell from `+0`), all
    /// are 0, or a multiplier would exceed ``maximumMultiplier``.
    static func lattice(of codewords: [Double]) -> (unit: Double, multipliers: [Int64])? {
        guard codewords.allSatisfy({ $0.isFinite && !($0 == 0 && $0.sign == .minus) }) else {
            return nil
        }
        guard let unit = codewords.filter({ $0 != 0 }).map(lowestBit).min() else { return nil }
        var multipliers: [Int64] = []
        for c in codewords {
            let m = c / unit
            guard abs(m) <= Double(maximumMultiplier), m == m.rounded() else { return nil }
            multipliers.append(Int64(m))
        }
        return (unit, multipliers)
    }

    /// The value of the lowest set bit of a finite, non-zero double (a power of two).
    static func lowestBit(_ c: Double) -> Double {
        let bits = c.significandBitPattern
        let zeros = bits == 0 ? Double.significandBitCount : bits.trailingZeroBitCount
        return c.ulp * Double(sign: .plus, exponent: zeros, significand: 1)
    }

    /// Reads the field of `count` codewords.
    static func read(count: Int, from parser: inout MetadataParser) throws(MetadataParser.Failure)
        -> [Double]
    {
        let marker = try parser.varint("codebook unit", maximum: 2 * largestUnitCode)
        if marker == 0 { return try parser.doubles(count, "codebook") }
        guard marker > largestUnitCode else {
            return try read(count: count, unitCode: marker, from: &parser)
        }
        // The varints deflated: each takes a byte at least and at most ten.
        let length = try parser.varint(
            "codebook length", maximum: CompressedFileFormat.maximumMetadataByteCount)
        guard length >= count, length <= 10 * count else {
            throw MetadataParser.Failure(
                reason: "\(length) bytes of differences cannot hold \(count) codewords")
        }
        let storedLength = try parser.varint("codebook stored length", maximum: length - 1)
        let stored = try parser.bytes(storedLength, "codebook stream")
        guard let list = Deflate.decompress(stored, byteCount: length) else {
            throw MetadataParser.Failure(reason: "the codebook's zlib stream is damaged")
        }
        var inner = MetadataParser(list)
        let codewords = try read(count: count, unitCode: marker - largestUnitCode, from: &inner)
        guard inner.remaining == 0 else {
            throw MetadataParser.Failure(reason: "bytes follow the codebook's last difference")
        }
        return codewords
    }

    /// Reads `count` codewords' varints on the lattice of the unit of code `unitCode`.
    private static func read(count: Int, unitCode code: Int, from parser: inout MetadataParser)
        throws(MetadataParser.Failure) -> [Double]
    {
        let exponent = ResidualEscapes.unzigzag(UInt64(code - 1))
        guard (-1074...1023).contains(exponent) else {
            throw MetadataParser.Failure(reason: "the codebook unit is 2^\(exponent)")
        }
        let unit = Double(sign: .plus, exponent: Int(exponent), significand: 1)
        // Every varint takes a byte at least, so a forged count runs out of bytes first.
        guard count <= parser.remaining else {
            throw MetadataParser.Failure(reason: "it ends in the codebook")
        }
        var codewords: [Double] = []
        codewords.reserveCapacity(count)
        var (m, step): (Int64, Int64) = (0, 0)
        for j in 0..<count {
            let code = ResidualEscapes.unzigzag(
                UInt64(try parser.varint("codebook difference", maximum: Int.max)))
            // The first value, then the first difference, then second differences.
            var next = m
            if j == 0 {
                next = code
            } else {
                let (difference, late) = j == 1 ? (code, false) : step.addingReportingOverflow(code)
                let (value, over) = m.addingReportingOverflow(difference)
                guard !late, !over else {
                    throw MetadataParser.Failure(reason: "a codeword's multiplier exceeds 2^53")
                }
                (step, next) = (difference, value)
            }
            guard next.magnitude <= maximumMultiplier.magnitude else {
                throw MetadataParser.Failure(reason: "a codeword's multiplier exceeds 2^53")
            }
            m = next
            codewords.append(Double(m) * unit)
        }
        return codewords
    }
}
