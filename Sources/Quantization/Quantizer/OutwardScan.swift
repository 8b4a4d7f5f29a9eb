/// The running choice of an encoder's search: the lexicographic minimum of `(cost, d, j)` over
/// the codewords seen (``QuantizerEncoder``'s tie rule).
struct BestCodeword {
    /// The codeword index, or −1 before any codeword was accepted.
    var index = -1
    var cost = Double.infinity
    var distortion = Double.infinity

    /// Keeps codeword `j` if it beats the current choice.
    @inline(__always)
    mutating func consider(cost: Double, distortion d: Double, index j: Int) {
        if QuantizerEncoder.isBetter(cost, d, j, than: self.cost, distortion, index) {
            index = j
            self.cost = cost
            distortion = d
        }
    }
}

/// The outward walk both exact searches make over codewords sorted along one axis: from the
/// first sorted position at or above the sample, alternately one step right and one step
/// left, until `visit` has closed both sides.
/// - Parameters:
///   - start: the first position of the right side (the left side begins at `start − 1`).
///   - count: the number of sorted positions.
///   - visit: scores a position (`isRight` tells the side) and returns whether its side stays
///     open, i.e. whether positions further out on that side could still win.
@inline(__always)
func scanOutward(from start: Int, count: Int, _ visit: (_ position: Int, _ isRight: Bool) -> Bool) {
    var right = start
    var left = start &- 1
    var rightOpen = right < count
    var leftOpen = left >= 0
    while rightOpen || leftOpen {
        if rightOpen {
            rightOpen = visit(right, true)
            right &+= 1
            rightOpen = rightOpen && right < count
        }
        if leftOpen {
            leftOpen = visit(left, false)
            left &-= 1
            leftOpen = leftOpen && left >= 0
        }
    }
}

/// The first position of the ascending `values` holding a value at or above `x`
/// (`values.count` when there is none).
@inline(__always)
func firstPosition(atLeast x: Double, in values: UnsafeBufferPointer<Double>) -> Int {
    var low = 0
    var high = values.count
    while low < high {
        let mid = (low + high) &>> 1
        if values[mid] < x { low = mid &+ 1 } else { high = mid }
    }
    return low
}
