/// The predictor's field in the metadata of a `.rdq` file (flag bit 4; docs/formats.md,
/// "Prediction"):
///
/// | bytes | field |
/// | --- | --- |
/// | 1 | the kind: 0 none, 1 previous, 2 Lorenzo order 2, 3 Lorenzo order 3, 4 Lorenzo 2-D, 5 Lorenzo 3-D, 6 linear, 7 linear stencil, 8 interpolation, 9 3-D interpolation, 10 linear interpolation, 11 linear 3-D interpolation |
/// | 8 | the origin, a double |
/// | kind 4, 8 or 10: varint | the row length (1 … 2^31; 1 for interpolation along a signal) |
/// | kind 5, 9 or 11: 2 varints | the rows per plane and the row length (each 1 … 2^31) |
/// | kind 6: varint, 8·p | the order p (1 … 64), then the coefficients `a_1 … a_p` as doubles |
/// | kind 7: varint, q × (varint, 8) | the term count q (1 … 64), then per term its lag (1 … 2^31) and coefficient |
/// | kind byte + 128: varint | last, the zigzag of the grid's exponent `e` (`−1022 ≤ e ≤ 1023`): every prediction is rounded to the multiples of `2^e` (``GridSnappedPrediction``) |
///
/// | kind byte + 128 + 64: varint, varint | last, the zigzag of the grid's exponent, then `2q + m` for the grid's divisor `q` (2 … 2^32): the values are coded multiplied by `q`, and each reconstruction is divided by `q` (`m` = 0) or multiplied by `1/q` rounded to a double (`m` = 1) (``Predictor/gridDivisor``) |
///
/// A reader from before the grid refuses a kind byte of 128 or more as an unknown kind, and
/// one from before the divisor a kind byte with 64 added.
enum PredictionField {
    /// Added to the kind byte when a grid exponent ends the field.
    static let gridMarker: UInt8 = 128
    /// Added to the kind byte (with ``gridMarker``) when a grid divisor follows the exponent.
    static let divisorMarker: UInt8 = 64
    /// The divisors a file may name.
    static let divisors = 2...(1 << 32)

    /// The largest extent stored.
    static let maximumExtent = 1 << 31

    /// Appends the field's bytes.
    static func append(_ predictor: Predictor, to bytes: inout [UInt8]) {
        let grid = predictor.gridExponent == nil ? 0 : gridMarker
        let divisor = predictor.gridExponent != nil && predictor.gridDivisor != nil
        bytes.append(predictor.kind.rawValue + grid + (divisor ? divisorMarker : 0))
        bytes.appendDoubles([predictor.origin])
        switch predictor.kind {
        case .lorenzo2D, .lorenzo3D, .interpolation, .interpolation3D, .linearInterpolation,
            .linearInterpolation3D:
            for extent in predictor.extents { bytes.appendVarint(extent) }
        case .linear:
            bytes.appendVarint(predictor.coefficients.count)
            bytes.appendDoubles(predictor.coefficients)
        case .linearStencil:
            bytes.appendVarint(predictor.lags.count)
            for (lag, a) in zip(predictor.lags, predictor.coefficients) {
                bytes.appendVarint(lag)
                bytes.appendDoubles([a])
            }
        default: break
        }
        if let exponent = predictor.gridExponent {
            bytes.appendVarint(Int(ResidualEscapes.zigzag(Int64(exponent))))
            if let gridDivisor = predictor.gridDivisor {
                bytes.appendVarint(2 * gridDivisor + predictor.gridDivision.rawValue)
            }
        }
    }

    /// Reads and checks the field.
    static func read(from parser: inout MetadataParser) throws(MetadataParser.Failure) -> Predictor
    {
        let byte = try parser.byte("predictor kind")
        let hasDivisor = byte & gridMarker != 0 && byte & divisorMarker != 0
        let code = byte & ~gridMarker & (hasDivisor ? ~divisorMarker : 0xFF)
        guard let kind = Predictor.Kind(rawValue: code) else {
            throw MetadataParser.Failure(reason: "unknown predictor kind \(code)")
        }
        let origin = try parser.doubles(1, "predictor origin")[0]
        guard origin.isFinite else {
            throw MetadataParser.Failure(reason: "the predictor's origin is \(origin)")
        }
        var predictor = Predictor(kind: kind, origin: origin)
        switch kind {
        case .lorenzo2D, .lorenzo3D, .interpolation, .interpolation3D, .linearInterpolation,
            .linearInterpolation3D:
            for _ in 0..<(kind == .lorenzo3D || kind.interpolatesFields ? 2 : 1) {
                let extent = try parser.varint("predictor extent", maximum: maximumExtent)
                guard extent >= 1 else {
                    throw MetadataParser.Failure(reason: "a predictor extent is 0")
                }
                predictor.extents.append(extent)
            }
        case .linear:
            let order = try parser.varint("predictor order", maximum: Predictor.maximumLinearOrder)
            guard order >= 1 else {
                throw MetadataParser.Failure(reason: "the predictor order is 0")
            }
            predictor.coefficients = try parser.doubles(order, "predictor coefficients")
            for (k, a) in predictor.coefficients.enumerated() where !a.isFinite {
                throw MetadataParser.Failure(reason: "predictor coefficient \(k + 1) is \(a)")
            }
        case .linearStencil:
            try readStencil(into: &predictor, from: &parser)
        default: break
        }
        if byte & gridMarker != 0 {
            let exponent = ResidualEscapes.unzigzag(
                UInt64(try parser.varint("grid exponent code", maximum: 1 << 20)))
            guard DataGrid.exponents.contains(Int(exponent)) else {
                throw MetadataParser.Failure(
                    reason:
                        "the grid exponent \(exponent) is outside \(DataGrid.exponents.lowerBound) … \(DataGrid.exponents.upperBound)"
                )
            }
            predictor.gridExponent = Int(exponent)
            if hasDivisor {
                let code = try parser.varint("grid divisor", maximum: 2 * divisors.upperBound + 1)
                guard divisors.contains(code / 2) else {
                    throw MetadataParser.Failure(reason: "the grid divisor \(code / 2) is below 2")
                }
                predictor.gridDivisor = code / 2
                predictor.gridDivision = ScaledGrid.Division(rawValue: code % 2) ?? .divide
            }
        }
        return predictor
    }

    /// A stencil's terms: count, then lag and coefficient of each.
    private static func readStencil(
        into predictor: inout Predictor, from parser: inout MetadataParser
    )
        throws(MetadataParser.Failure)
    {
        let count = try parser.varint("stencil size", maximum: Predictor.maximumLinearOrder)
        guard count >= 1 else { throw MetadataParser.Failure(reason: "the stencil is empty") }
        for term in 1...count {
            let lag = try parser.varint("stencil lag", maximum: maximumExtent)
            guard lag >= 1 else { throw MetadataParser.Failure(reason: "stencil lag \(term) is 0") }
            let a = try parser.doubles(1, "stencil coefficient")[0]
            guard a.isFinite else {
                throw MetadataParser.Failure(reason: "stencil coefficient \(term) is \(a)")
            }
            predictor.lags.append(lag)
            predictor.coefficients.append(a)
        }
    }
}
