/// Work that runs with the concrete inner loop of a ``Predictor`` (so the loop is specialised
/// for it instead of switching on the kind at every sample).
protocol PredictionVisitor {
    associatedtype Result
    func visit<P: NeighbourPrediction>(_ prediction: P) -> Result
}

extension Predictor {
    /// Runs `visitor` with this predictor's inner loop (its predictions rounded to the grid,
    /// when it has one); with `activity`, a sequential predictor's inner loop reports each
    /// value's activity too (``SequentialActivityPrediction``; interpolation's always does).
    func accept<V: PredictionVisitor>(_ visitor: V, activity: Bool = false) -> V.Result {
        if activity, !kind.interpolates {
            return acceptSnapped(SequentialActivityTracking(inner: visitor, row: activityRow))
        }
        return acceptSnapped(visitor)
    }

    private func acceptSnapped<V: PredictionVisitor>(_ visitor: V) -> V.Result {
        guard let gridExponent else { return acceptPlain(visitor) }
        return acceptPlain(GridSnapping(inner: visitor, exponent: gridExponent))
    }

    private func acceptPlain<V: PredictionVisitor>(_ visitor: V) -> V.Result {
        switch kind {
        case .none: visitor.visit(LorenzoPrediction1D(order: 0, origin: origin))
        case .previous: visitor.visit(LorenzoPrediction1D(order: 1, origin: origin))
        case .lorenzo2: visitor.visit(LorenzoPrediction1D(order: 2, origin: origin))
        case .lorenzo3: visitor.visit(LorenzoPrediction1D(order: 3, origin: origin))
        case .lorenzo2D:
            visitor.visit(LorenzoPrediction2D(rowLength: extents[0], origin: origin))
        case .lorenzo3D:
            visitor.visit(
                LorenzoPrediction3D(rows: extents[0], rowLength: extents[1], origin: origin))
        case .interpolation, .linearInterpolation:
            visitor.visit(
                InterpolationPrediction(
                    rowLength: extents[0], origin: origin, levelScales: levelScales,
                    linear: kind.interpolatesLinearly))
        case .interpolation3D, .linearInterpolation3D:
            visitor.visit(
                InterpolationPrediction(
                    rowLength: extents[1], planeRows: extents[0], origin: origin,
                    levelScales: levelScales, linear: kind.interpolatesLinearly))
        case .linear, .linearStencil:
            coefficients.withUnsafeBufferPointer { a in
                termLags.withUnsafeBufferPointer { lags in
                    visitor.visit(
                        LinearPrediction(
                            coefficients: a, lags: lags, reach: lags.max() ?? 0, origin: origin))
                }
            }
        }
    }
}

/// A visitor that hands its inner visitor the prediction rounded to a grid.
private struct GridSnapping<Inner: PredictionVisitor>: PredictionVisitor {
    let inner: Inner
    let exponent: Int

    func visit<P: NeighbourPrediction>(_ prediction: P) -> Inner.Result {
        inner.visit(GridSnappedPrediction(prediction, exponent: exponent))
    }
}
