/// Compensated summation (Neumaier's variant of Kahan's algorithm): the error is about
/// `2ε · Σ|terms|`, independent of the number of terms. Used for every sum that enters
/// the certified bound.
struct NeumaierSum {
    private(set) var sum = 0.0
    private var compensation = 0.0
    /// `Σ |terms|`, for the rounding allowance.
    private(set) var magnitude = 0.0

    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
        magnitude += abs(value)
    }

    var value: Double { sum + compensation }
}
