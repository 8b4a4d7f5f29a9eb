/// The errors the `Quantization` module reports for bad input.
///
/// Every case names the value at fault so that a caller (the CLI) can turn it into a
/// one-line message without further context. Errors are for what a user's data or options
/// can cause; a caller's programming error is a `precondition` instead.
public enum QuantizationError: Error, Equatable, Sendable {
    /// No samples were given.
    case emptyData
    /// The dimension is not a positive integer.
    case invalidDimension(Int)
    /// The number of values is not a multiple of the dimension.
    case raggedValues(valueCount: Int, dimension: Int)
    /// A value is NaN or infinite. `sample` is the row, `coordinate` the column.
    case nonFiniteValue(sample: Int, coordinate: Int, value: Double)
    /// A value's magnitude exceeds ``TrainingSamples/largestMagnitude``, so that squared
    /// errors could overflow.
    case valueOutOfRange(sample: Int, coordinate: Int, value: Double)
    /// The importance flags do not have one entry per sample.
    case importanceCountMismatch(expected: Int, actual: Int)
    /// The weights do not have one entry per sample.
    case weightCountMismatch(expected: Int, actual: Int)
    /// A weight is not a positive finite number.
    case invalidWeight(sample: Int, value: Double)
    /// A target distortion is NaN, infinite or negative.
    case invalidTargetDistortion(Double)
    /// A numeric option is outside its valid range; `name` is the option's name.
    case invalidParameter(name: String, value: Double)
    /// A given initial codebook's dimension differs from the samples'.
    case initialCodebookDimension(expected: Int, actual: Int)
    /// No quantiser the method can build meets the target distortion.
    ///
    /// `bestDistortion` is the smallest distortion the method reached.
    case targetNotReached(target: Double, bestDistortion: Double)
    /// The rate–distortion program behind a bound could not be set up or solved (an infeasible
    /// tolerance, a certificate that does not apply); `reason` says which.
    case programFailed(reason: String)
}

extension QuantizationError: CustomStringConvertible {
    /// A one-line, human-readable description naming the value at fault.
    public var description: String {
        switch self {
        case .emptyData:
            return "no samples"
        case .invalidDimension(let k):
            return "dimension must be a positive integer, got \(k)"
        case .raggedValues(let count, let k):
            return "\(count) values do not form rows of dimension \(k)"
        case .nonFiniteValue(let sample, let coordinate, let value):
            return "sample \(sample), coordinate \(coordinate) is not finite (\(value))"
        case .valueOutOfRange(let sample, let coordinate, let value):
            return "sample \(sample), coordinate \(coordinate) is too large in magnitude (\(value))"
        case .importanceCountMismatch(let expected, let actual):
            return "expected \(expected) importance flags (one per sample), got \(actual)"
        case .weightCountMismatch(let expected, let actual):
            return "expected \(expected) weights (one per sample), got \(actual)"
        case .invalidWeight(let sample, let value):
            return "the weight of sample \(sample) must be positive and finite, got \(value)"
        case .invalidTargetDistortion(let d):
            return "target distortion must be finite and non-negative, got \(d)"
        case .invalidParameter(let name, let value):
            return "invalid value \(value) for \(name)"
        case .initialCodebookDimension(let expected, let actual):
            return "the initial codebook has dimension \(actual), the samples \(expected)"
        case .targetNotReached(let target, let best):
            return "target distortion \(target) not reached (best found \(best))"
        case .programFailed(let reason):
            return reason
        }
    }
}
