/// The predictors `rdopt compress` tries on data of a given layout.
enum PredictorCandidates {
    /// The orders of linear prediction tried on 1-D signals.
    static let linearOrders = [2, 4, 8, 16]

    /// The median of the values in `blocks` (the upper one of an even count), or 0 for none:
    /// the origin of no prediction. Its residuals are the values about it, and a uniform probe
    /// centred on the mean split skewed data's bulk between two cells: a sparse train of
    /// decaying spikes at var/100 probed at 1.72 bits (its design takes 0.12), the bulk at 0.6
    /// of a step below the mean.
    /// Where the values' distances from the median overflow (values near ±1.8e308 on both
    /// sides), `fallback` instead.
    /// Blocks of more than ``medianSamples`` values give the median of every k-th of them
    /// (sorting 2^17 values took 2 % of compressing 10^7).
    static func median(
        _ values: UnsafeBufferPointer<Double>, blocks: [Range<Int>], fallback: Double = 0
    ) -> Double {
        let count = blocks.reduce(0) { $0 + $1.count }
        guard count > 0 else { return 0 }
        let stride = max(1, count / medianSamples)
        var held: [Double] = []
        held.reserveCapacity(count / stride + blocks.count)
        var low = Double.infinity
        var high = -Double.infinity
        var position = 0
        for block in blocks {
            for i in block {
                let value = values[i]
                low = min(low, value)
                high = max(high, value)
                if position % stride == 0 { held.append(value) }
                position += 1
            }
        }
        held.sort()
        let median = held[held.count / 2]
        let reach = max(median - low, high - median)
        return reach.isFinite ? median : fallback
    }

    /// The most values ``median(_:blocks:fallback:)`` sorts (about).
    static let medianSamples = 1 << 13

    /// The candidates: for a 1-D signal none, previous, Lorenzo 2 and 3, linear prediction of
    /// several orders and interpolation (cubic and linear); for rows of a 2-D array none,
    /// previous, Lorenzo 2-D, linear of order 8 along the rows, a least-squares stencil of west,
    /// west-west, north-east, north, north-west and north-north, and 2-D interpolation (cubic and
    /// linear); for a field of rank 3 or more the same with Lorenzo 3-D and 3-D interpolation
    /// (cubic and linear) added and the stencil
    /// given the value above (one plane back); only the requested kind when one is given.
    ///
    /// - Parameters:
    ///   - requested: The kind asked for, or `nil` for all.
    ///   - rowLength: Values per row (1 for a 1-D signal).
    ///   - planeRows: Rows per plane of a field of rank 3 or more, else nil.
    ///   - values: The data.
    ///   - blocks: The design blocks (for fitting linear predictors).
    ///   - origin: The value of unavailable neighbours (the data's mean); no prediction's is the
    ///     blocks' median instead (``median(_:blocks:)``).
    static func candidates(
        requested: Predictor.Kind?, rowLength: Int, planeRows: Int? = nil,
        values: UnsafeBufferPointer<Double>, blocks: [Range<Int>], origin: Double
    ) -> [Predictor] {
        let kinds: [Predictor.Kind] =
            planeRows != nil
            ? [
                .none, .previous, .lorenzo2D, .lorenzo3D, .linear, .linearStencil, .interpolation,
                .linearInterpolation, .interpolation3D, .linearInterpolation3D,
            ]
            : rowLength > 1
                ? [
                    .none, .previous, .lorenzo2D, .linear, .linearStencil, .interpolation,
                    .linearInterpolation,
                ]
                : [
                    .none, .previous, .lorenzo2, .lorenzo3, .linear, .interpolation,
                    .linearInterpolation,
                ]
        var result: [Predictor] = []
        for kind in kinds where requested == nil || requested == kind {
            switch kind {
            case .lorenzo2D, .interpolation, .linearInterpolation:
                result.append(Predictor(kind: kind, origin: origin, extents: [rowLength]))
            case .lorenzo3D, .interpolation3D, .linearInterpolation3D:
                guard let planeRows, planeRows <= PredictionField.maximumExtent else { continue }
                result.append(
                    Predictor(kind: kind, origin: origin, extents: [planeRows, rowLength]))
            case .linear:
                let orders = rowLength > 1 ? [8] : linearOrders
                for order in orders {
                    guard
                        let a = LinearPredictorFit.coefficients(
                            order: order, blocks: blocks, values: values, mean: origin)
                    else { continue }
                    result.append(Predictor(kind: kind, origin: origin, coefficients: a))
                }
            case .linearStencil:
                guard rowLength >= 2 else { continue }
                var lags = [1, 2, rowLength - 1, rowLength, rowLength + 1, 2 * rowLength]
                if let planeRows,
                    case (let plane, false) = planeRows.multipliedReportingOverflow(
                        by: rowLength), plane > 2 * rowLength,
                    plane + rowLength + 1 <= PredictionField.maximumExtent
                {
                    // The plane before's terms of the 3-D Lorenzo stencil too: on an RGB
                    // image (rows of 3 channels) they are the previous channel's pixel and
                    // neighbours, and the stencil predicts a channel from the one before.
                    lags += [plane, plane + 1, plane + rowLength, plane + rowLength + 1]
                }
                lags = Array(Set(lags)).sorted()
                guard
                    let a = LeastSquaresFit.coefficients(
                        lags: lags, blocks: blocks, targets: values, neighbours: values,
                        blockStarts: blocks.map(\.lowerBound), origin: origin)
                else { continue }
                result.append(
                    Predictor(kind: kind, origin: origin, coefficients: a, lags: lags))
            case .none:
                result.append(
                    Predictor(
                        kind: kind, origin: median(values, blocks: blocks, fallback: origin)))
            default: result.append(Predictor(kind: kind, origin: origin))
            }
        }
        // The sequential activity's row: the same as the decoder takes from the file's shape.
        let row = ActivityContexts.row(
            extents: planeRows.map { [$0, rowLength] } ?? (rowLength > 1 ? [rowLength] : []))
        return result.map { predictor in
            var predictor = predictor
            predictor.activityRow = row
            return predictor
        }
    }
}
