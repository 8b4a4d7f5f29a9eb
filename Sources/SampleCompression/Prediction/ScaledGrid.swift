import EntropyCoding
import RDInterchange

/// Data whose values are whole multiples of `1/q` for an integer `q` that is no power of two:
/// decimal data (a sensor's readings with two decimals, `q` = 100) and normalised images
/// (`k/255` as an image library's floating-point image holds them). No power-of-two grid
/// (``DataGrid``) describes them, so under bounds finer than `1/q` the quantised design spends
/// codewords between values the data never takes; coded as the whole numbers `q·x` on their
/// grid and divided by `q` on decoding, they come back exactly.
///
/// A value `x` is on the grid when `K = round(q·x)` is a whole number of magnitude at most
/// ``largestMultiple`` (2^24 for float32 data) and `K/q`, rounded as an IEEE double (then to a
/// float for float32 data), is `x` itself: the decoder's division gives every value back bit
/// for bit (`−0` as `+0`).
enum ScaledGrid {
    /// The divisors tried first (with the one the values' smallest gap suggests): one to six
    /// decimals, and whole numbers of 2 to 16 bits normalised to 1, `k/(2^b − 1)`.
    static let candidates: [Int] =
        [10, 100, 1_000, 10_000, 100_000, 1_000_000] + (2...16).map { (1 << $0) - 1 }

    /// The smallest divisor tried (``candidates``, and a suggested one is at least 3).
    static let smallestDivisor = 3

    /// The largest divisor the smallest gap may suggest.
    static let largestSuggested = 1 << 20

    /// The largest `|q·x|` for float64 data: multiples this large still differ exactly.
    static let largestMultiple = Double(1 << 53)
    /// The same for float32 data (whose escapes are stored as floats).
    static let largestFloat32Multiple = Double(1 << 24)

    /// The values checked before the whole data is.
    static let probeCount = 4_096

    /// How a grid's multiples give the values back: `K/q` (a library's `k / 255`, decimal
    /// text parsed), or `K·(1/q)` with `1/q` rounded to a double first (`k * (1 / 255)`, as
    /// scikit-image's `img_as_float` computes it), each rounded as an IEEE double.
    enum Division: Int, Sendable {
        case divide = 0
        case multiplyByInverse = 1

        /// The value of multiple `k` on the grid of `1/q`.
        @inline(__always)
        func value(_ k: Double, _ q: Double) -> Double {
            switch self {
            case .divide: k / q
            case .multiplyByInverse: k * (1 / q)
            }
        }
    }

    /// The grid of the smallest divisor `q` (no power of two) every value of `values` lies on
    /// the grid of `1/q` of, by either ``Division``, among ``candidates`` and the one the
    /// smallest gap between the first values suggests; nil when there is none, or when the
    /// values lie on a power-of-two grid at least as coarse (``DataGrid``: whole numbers lie on
    /// every grid of `1/q`).
    static func grid(of values: [Double], float32: Bool) -> (divisor: Int, division: Division)? {
        guard !values.isEmpty else { return nil }
        // A power-of-two grid at least as coarse (whole numbers) is ``DataGrid``'s.
        let binary = values.withUnsafeBufferPointer {
            DataGrid.exponent(of: $0, in: [0..<$0.count])
        }
        let probe = Array(values.prefix(probeCount))
        var tried = candidates
        if let suggested = suggestedDivisor(probe) { tried.append(suggested) }
        for q in Set(tried).sorted() where q.nonzeroBitCount > 1 {
            if let binary, Double(sign: .plus, exponent: binary, significand: 1) * Double(q) >= 1 {
                return nil
            }
            for division in [Division.divide, .multiplyByInverse]
            where isOnGrid(probe, q, division, float32: float32)
                && isOnGrid(values, q, division, float32: float32)
            {
                return (q, division)
            }
        }
        return nil
    }

    /// `1/g` for the smallest positive gap `g` between distinct values of `probe`, when it is a
    /// whole number (to one part in 10^9) between 3 and ``largestSuggested``.
    static func suggestedDivisor(_ probe: [Double]) -> Int? {
        let sorted = Array(Set(probe)).sorted()
        guard sorted.count >= 2 else { return nil }
        var gap = Double.infinity
        for k in 1..<sorted.count { gap = min(gap, sorted[k] - sorted[k - 1]) }
        let inverse = 1 / gap
        guard inverse.isFinite, inverse >= Double(smallestDivisor),
            inverse <= Double(largestSuggested)
        else {
            return nil
        }
        let q = inverse.rounded()
        return abs(inverse - q) <= 1e-9 * q ? Int(q) : nil
    }

    /// Whether every value of `values` lies on the grid of `1/q`, given back by `division`.
    static func isOnGrid(_ values: [Double], _ q: Int, _ division: Division, float32: Bool)
        -> Bool
    {
        let divisor = Double(q)
        let limit = float32 ? largestFloat32Multiple : largestMultiple
        for x in values {
            let k = (x * divisor).rounded()
            guard abs(k) <= limit else { return false }
            let y = division.value(k, divisor)
            guard (float32 ? Double(Float(y)) : y) == x else { return false }
        }
        return true
    }

    /// The whole numbers `round(q·x)` of values on the grid of `1/q`.
    static func multiples(_ values: [Double], _ q: Int) -> [Double] {
        let divisor = Double(q)
        return values.map { ($0 * divisor).rounded() + 0 }
    }

    /// Whether bounds this fine make the grid of `1/q` worth coding without loss: a maximum
    /// error below a grid step, or a mean squared error below that of cells three grid
    /// points wide (`(3² − 1)/12` steps squared).
    static func boundsCallForLossless(_ settings: PredictiveSettings, _ q: Int) -> Bool {
        let step = 1 / Double(q)
        if let e = settings.maximumError, e < step { return true }
        guard let d = settings.targetDistortion else { return false }
        return d < 8.0 / 12 * step * step
    }

    /// `settings` in units of the grid: every bound scaled by `q` (squared errors by `q²`).
    static func scaled(_ settings: PredictiveSettings, by q: Int) -> PredictiveSettings {
        let factor = Double(q)
        var scaled = settings
        scaled.targetDistortion = settings.targetDistortion.map { $0 * factor * factor }
        scaled.maximumError = settings.maximumError.map { $0 * factor }
        scaled.importantTolerance = settings.importantTolerance.map { $0 * factor * factor }
        return scaled
    }
}

extension PredictivePlan {
    /// The plan of fewer bytes of `samples`: the ordinary one, and the one on a scaled grid
    /// when there is one (``onScaledGrid(_:settings:file:valueImportance:)``); the latter alone
    /// when its step is at least ``PredictiveDesign/gridOnlyRatio`` times the design's probe
    /// step, as for a power-of-two grid.
    static func smallest(
        _ samples: SampleSet, settings: PredictiveSettings, file: String,
        valueImportance: [Bool]?
    ) throws(CompressionError) -> PredictivePlan {
        // A grid plan that cannot be made leaves the ordinary one.
        let scaled = try? onScaledGrid(
            samples, settings: settings, file: file, valueImportance: valueImportance)
        if let scaled, let unit = scaled.summary.design.predictor.gridUnit {
            let probe = min(
                settings.targetDistortion.map { (12 * $0).squareRoot() } ?? .infinity,
                settings.maximumError.map { 2 * $0 } ?? .infinity)
            if unit >= PredictiveDesign.gridOnlyRatio * probe { return scaled }
        }
        let plan = try PredictivePlan(
            samples, settings: settings, file: file, valueImportance: valueImportance)
        guard let scaled else { return plan }
        return try scaled.byteCount(file: file) < plan.byteCount(file: file) ? scaled : plan
    }

    /// The plan of `samples` on a scaled grid (``ScaledGrid``) when they lie on one, the
    /// bounds call for coding them without loss, and that coding is without loss: the whole
    /// numbers `q·x` planned as data of their own (float64, the same shape), their header
    /// then naming the divisor and the data's own layout. Nil otherwise.
    static func onScaledGrid(
        _ samples: SampleSet, settings: PredictiveSettings, file: String,
        valueImportance: [Bool]?
    ) throws(CompressionError) -> PredictivePlan? {
        let layout = samples.layout
        // The bounds ask less of finer grids: when the coarsest grid tried is not worth coding
        // without loss, none is, and the values need not be scanned (a pass over all of them).
        guard ScaledGrid.boundsCallForLossless(settings, ScaledGrid.smallestDivisor),
            let (q, division) = ScaledGrid.grid(
                of: samples.values, float32: layout.valueType == .float32),
            ScaledGrid.boundsCallForLossless(settings, q)
        else { return nil }
        // The rule (or the samples' flags) marks the same values as before the scaling.
        let flags = valueImportance ?? Self.importance(of: samples, rule: settings.importanceRule)
        var multiples = SampleSet(
            dimension: samples.dimension, values: ScaledGrid.multiples(samples.values, q))
        multiples.fileLayout = SampleLayout(valueType: .float64, shape: layout.shape)
        var scaled = ScaledGrid.scaled(settings, by: q)
        scaled.importanceRule = nil
        var plan = try PredictivePlan(
            multiples, settings: scaled, file: file, valueImportance: flags)
        guard plan.summary.design.isLossless else { return nil }
        plan.summary.design.predictor.gridDivisor = q
        plan.summary.design.predictor.gridDivision = division
        try plan.rename(layout: layout, divisor: q, division: division, file: file)
        return plan
    }

    /// The header rewritten with the data's own layout and the grid's divisor.
    private mutating func rename(
        layout: SampleLayout, divisor: Int, division: ScaledGrid.Division, file: String
    ) throws(CompressionError) {
        var metadata = try CompressionMetadata(
            parsing: header.metadata, file: file, alphabetSize: header.table.alphabetSize,
            sampleCount: header.sampleCount, version: header.version)
        metadata.layout = layout
        metadata.predictor?.gridDivisor = divisor
        metadata.predictor?.gridDivision = division
        do {
            header = try CompressedFileHeader(
                metadata: metadata.bytes(), tables: header.tables,
                sampleCount: header.sampleCount, chunkSize: header.chunkSize, compact: true)
        } catch {
            throw .container(file: file, error)
        }
        try SampleCompression.checkRoundTrip(of: metadata, in: header, file: file)
    }
}
